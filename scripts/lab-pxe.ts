/**
 * A lab made into a boot-over-fabric site: every lab host with a fabric segment becomes a PXE
 * server (its ISO tree, replacement modules and syslinux files are built here, never downloaded),
 * the first host without one becomes a PXE client, and `bootChain` walks a real client through
 * DHCP, TFTP and HTTP exactly as the answers and grub.cfg direct it.
 * Used by the README's main job (scripts/main-job.ts) and by `npm run bench` (workload b).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { addClient, execInHost, execInNetns, type LabState } from '../src/lab/index.js';
import { buildIsoTree, buildReplacementModules, buildSyslinuxDir } from '../test/helpers/pxe-fixtures.js';
import { tarOf } from '../test/helpers/tar.js';
import { pxeLease, type PxeLease } from '../test/helpers/pxe-client.js';

export const FIXTURE = '/srv/fabplay-fixture';
/** The reserved IPoIB client identifier (hardware-type form 20:<port GUID>, as in the procedure's log line). */
export const RESERVED_CLIENT_ID = '20:d0:06:6a:02:01:00:00:30';

/** The role variables of one lab PXE server: its fabric interface, its subnet, the fixture paths. */
export function serverVars(fabricAddr: string): Record<string, unknown> {
  const net = fabricAddr.replace(/\.\d+$/, '');
  return {
    dhcp_server_interfaces: ['fab0'],
    dhcp_server_subnets: [
      {
        network: `${net}.0`,
        prefix: 24,
        range_start: `${net}.100`,
        range_end: `${net}.150`,
        next_server: fabricAddr,
      },
    ],
    dhcp_server_hosts: [{ name: 'reserved1', ip: `${net}.50`, client_id: RESERVED_CLIENT_ID }],
    http_server_interface: 'fab0',
    http_server_verify_tree: 'ISO/RHEL95',
    bootloader_tree_source: `${FIXTURE}/tree`,
    bootloader_pxelinux_files: [`${FIXTURE}/syslinux/pxelinux.0`, `${FIXTURE}/syslinux/ldlinux.c32`],
    initrd_patch_module_dir: `${FIXTURE}/opxs`,
  };
}

const yamlOf = (v: Record<string, unknown>): string => `---\n${JSON.stringify(v, null, 2)}\n`;

/**
 * Puts the fixture on each PXE server and writes, beside the lab's inventory, host_vars/ for the
 * servers and pxe_clients.yml naming the client (or all of it in `invDir`, with a copy of the
 * lab's inventory). Returns the inventory directory to pass to -i: it must hold nothing else.
 */
export async function preparePxeLab(state: LabState, invDir = dirname(state.inventoryFile)): Promise<string> {
  mkdirSync(invDir, { recursive: true });
  if (dirname(state.inventoryFile) !== invDir) copyFileSync(state.inventoryFile, join(invDir, 'hosts.yml'));
  const work = mkdtempSync(join(tmpdir(), 'fabplay-pxe-fixture-'));
  try {
    buildIsoTree(join(work, 'tree'));
    buildReplacementModules(join(work, 'opxs'));
    buildSyslinuxDir(join(work, 'syslinux'));
    const tar = tarOf(work);
    mkdirSync(join(invDir, 'host_vars'), { recursive: true });
    for (const h of state.hosts.filter((x) => x.fabricAddr)) {
      const r = await execInHost(h.pid, `mkdir -p ${FIXTURE} && tar -xf - -C ${FIXTURE}`, tar);
      if (r.rc !== 0) throw new Error(`${h.name}: cannot unpack the fixture: ${r.stderr}`);
      writeFileSync(join(invDir, 'host_vars', `${h.name}.yml`), yamlOf(serverVars(h.fabricAddr!)));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const client = state.hosts.find((h) => !h.fabricAddr && h.gateFor === undefined);
  const clients = client
    ? `pxe_clients:\n  hosts:\n    ${client.name}:\n      client_nm_interface: ib0\n      client_nm_connection_id: ib0\n`
    : 'pxe_clients:\n  hosts: {}\n';
  writeFileSync(
    join(invDir, 'pxe_clients.yml'),
    `---\n# Written by scripts/lab-pxe.ts: the lab host that plays a compute node.\n${clients}`,
  );
  return invDir;
}

export interface BootStep {
  step: string;
  ok: boolean;
  detail: string;
}

/**
 * A PXE client on `segment` boots as far as a namespace can: DHCP (vendor class PXEClient,
 * option 93 = 7), then over TFTP the boot file DHCP named, the grub.cfg beside it, the kernel and
 * initrd grub.cfg names, then the installation tree's .treeinfo at the inst.repo grub.cfg names.
 */
export async function bootChain(state: LabState, segment: number): Promise<BootStep[]> {
  const steps: BootStep[] = [];
  const netns = await addClient(state.name, segment);
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-boot-'));
  const sh = (cmd: string) => execInNetns(netns, cmd);
  try {
    let lease: PxeLease;
    try {
      lease = await pxeLease(sh);
    } catch (e) {
      steps.push({ step: 'DHCP lease', ok: false, detail: (e as Error).message });
      return steps;
    }
    const { ip, mask, siaddr: server, bootFile } = lease;
    steps.push({
      step: 'DHCP lease',
      ok: !!bootFile,
      detail: `ip=${ip} mask=${mask} siaddr=${server} boot_file=${bootFile}`,
    });
    if (!bootFile) return steps;
    await sh(`ip addr add ${ip}/${mask} dev eth0`);
    const fetch = async (path: string, what: string): Promise<boolean> => {
      const local = join(dir, path.replace(/\//g, '_'));
      const r = await sh(`tftp ${server} -m binary -c get ${path} ${local} && stat -c %s ${local}`);
      const ok = r.rc === 0 && /^\d+$/m.test(r.stdout);
      steps.push({
        step: `TFTP ${what}`,
        ok,
        detail: ok ? `${server}:${path} (${r.stdout.trim()} bytes)` : `${r.stdout}${r.stderr}`.trim(),
      });
      return ok;
    };
    if (!(await fetch(bootFile, 'boot file'))) return steps;
    const cfgPath = `${dirname(bootFile)}/grub.cfg`;
    if (!(await fetch(cfgPath, 'grub.cfg'))) return steps;
    const cfg = readFileSync(join(dir, cfgPath.replace(/\//g, '_')), 'utf8');
    const kernel = /^\s*linux(?:efi)?\s+(\S+)(.*)$/m.exec(cfg);
    const initrd = /^\s*initrd(?:efi)?\s+(\S+)/m.exec(cfg);
    if (kernel) await fetch(kernel[1]!, 'kernel');
    if (initrd) await fetch(initrd[1]!, 'initrd');
    const repo = kernel ? /inst\.repo=(\S+)/.exec(kernel[2]!)?.[1] : undefined;
    const http = await sh(`curl -s -o /dev/null -w '%{http_code}' ${repo}/.treeinfo`);
    steps.push({
      step: 'HTTP .treeinfo',
      ok: http.stdout.trim() === '200',
      detail: `${repo}/.treeinfo -> ${http.stdout.trim()}`,
    });
    return steps;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
