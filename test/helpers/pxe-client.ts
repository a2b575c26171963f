import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tempDirUntilExit } from './temp-dir.js';
import { fileURLToPath } from 'node:url';

/** Runs a command in a client namespace (TestLab.addClient's exec). */
type ClientExec = (command: string) => Promise<{ rc: number; stdout: string; stderr: string }>;

export interface PxeLease {
  ip: string;
  mask: string;
  /** next-server */
  siaddr: string;
  serverid: string;
  bootFile: string;
}

let hook: string | undefined;
/** udhcpc's script: it prints the lease and leaves the interface alone. */
function leaseHook(): string {
  if (hook) return hook;
  const dir = tempDirUntilExit('fabplay-udhcpc');
  hook = join(dir, 'lease.sh');
  writeFileSync(
    hook,
    '#!/bin/sh\n[ "$1" = bound ] && echo "ip=$ip mask=$mask siaddr=$siaddr serverid=$serverid boot_file=$boot_file"\nexit 0\n',
  );
  chmodSync(hook, 0o755);
  return hook;
}

/**
 * A PXE client's DHCP exchange on the client's eth0 (vendor class PXEClient, option 93 = arch:
 * '0007' x64 UEFI, '0000' BIOS), with busybox udhcpc. `clientId` (hex octets, colons allowed) is
 * sent as option 61 instead of udhcpc's own (01 + MAC), as an IPoIB client's; `vendorClass`
 * replaces PXEClient (HTTPClient for UEFI HTTP boot). Rejects with udhcpc's output when no lease came.
 */
export async function pxeLease(
  exec: ClientExec,
  arch = '0007',
  opts: { clientId?: string; vendorClass?: string } = {},
): Promise<PxeLease> {
  const id = opts.clientId ? ` -x 0x3d:${opts.clientId.replace(/:/g, '')}` : '';
  const r = await exec(
    `busybox udhcpc -i eth0 -f -q -n -t 5 -T 2 -s ${leaseHook()} -V ${opts.vendorClass ?? 'PXEClient'} -x 0x5d:${arch}${id}`,
  );
  return leaseOf(r);
}

function leaseOf(r: { stdout: string; stderr: string }): PxeLease {
  const m = /^ip=(\S+) mask=(\S+) siaddr=(\S+) serverid=(\S+) boot_file=(\S*)$/m.exec(r.stdout);
  if (!m) throw new Error(`no DHCP lease: ${r.stdout}${r.stderr}`);
  return { ip: m[1]!, mask: m[2]!, siaddr: m[3]!, serverid: m[4]!, bootFile: m[5]! };
}

const IPOIB_CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'ipoib-dhcp-client.py');

/**
 * The DHCP exchange of an IPoIB client (RFC 4390: htype 32, no hardware address, the broadcast
 * flag, `clientId` as option 61), as PXE firmware sends it, with option 93 = `arch` and vendor
 * class `vendorClass`: see ipoib-dhcp-client.py.
 */
export async function ipoibLease(
  exec: ClientExec,
  clientId: string,
  arch = '0007',
  vendorClass = 'PXEClient',
): Promise<PxeLease> {
  return leaseOf(await exec(`python3 ${IPOIB_CLIENT} eth0 ${clientId} ${arch} ${vendorClass}`));
}

/** Size in bytes of `path` fetched over TFTP from `server` (the client needs an address). */
export async function tftpSize(exec: ClientExec, server: string, path: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-tftp-'));
  const r = await exec(`tftp ${server} -m binary -c get ${path} ${dir}/got && stat -c %s ${dir}/got`);
  rmSync(dir, { recursive: true, force: true });
  if (r.rc !== 0 || !/^\d+$/m.test(r.stdout))
    throw new Error(`TFTP ${server}:${path}: ${r.stdout}${r.stderr}`);
  return Number(r.stdout.trim());
}
