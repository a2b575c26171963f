// A QEMU x86_64 virtual machine with OVMF UEFI firmware and no disk, network-booted on a lab
// fabric segment through a tap device on the segment's bridge. It runs under TCG (KVM does not
// work on these machines), with a hard limit on its time; its serial console is read as it
// comes, and each step of the boot chain is recognised by the line the firmware, GRUB, the
// kernel or the test initrd (test/fixtures/boot-vm/init.sh) prints for it.
import { spawn } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun } from '../../src/lab/run.js';
import type { LabState } from '../../src/lab/state.js';

/** OVMF without and with Secure Boot (the .ms variables: Microsoft's keys enrolled, Secure Boot on). */
const OVMF = {
  plain: { code: '/usr/share/OVMF/OVMF_CODE_4M.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.fd' },
  secure: { code: '/usr/share/OVMF/OVMF_CODE_4M.secboot.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.ms.fd' },
};
/** No boot may take longer than this, whatever a caller asks. */
export const HARD_LIMIT_S = 300;

export interface BootStepDef {
  step: string;
  line: RegExp;
}

/** The boot chain, in order, each with the serial-console line that proves it was reached. */
export const BOOT_STEPS: BootStepDef[] = [
  { step: 'firmware started PXE over IPv4', line: />>Start PXE over IPv4/ },
  { step: 'DHCP offer taken by the firmware', line: /Station IP address is \S+/ },
  { step: 'GRUB loaded over TFTP (boot file of the UEFI x64 class)', line: /Welcome to GRUB!/ },
  { step: 'grub.cfg read over TFTP, menu entry booting', line: /Booting `[^']*'/ },
  { step: 'kernel started', line: /Linux version \S+/ },
  { step: "initrd_patch's initrd running", line: /fabplay-initrd: patched by initrd_patch: .*/ },
  { step: 'DHCP lease in the initrd', line: /fabplay-initrd: DHCP lease in the initrd: .*/ },
  { step: '.treeinfo fetched from inst.repo', line: /fabplay-initrd: fetched .*/ },
  { step: 'marker printed', line: /FABPLAY-BOOT-OK .*/ },
];

/** Lines after which nothing good can come: the VM is stopped a few seconds later. */
const FATAL = [/^error: .*/m, /Kernel panic.*/, /FABPLAY-BOOT-FAIL.*/];

export interface ReachedStep {
  step: string;
  line: string;
  /** seconds from QEMU's start to the line on the console */
  at: number;
}

export interface VmBoot {
  /** the serial console, escape sequences and carriage returns removed */
  serial: string;
  /** the steps of BOOT_STEPS reached in order, each with its line */
  reached: ReachedStep[];
  /** the step after the last one reached, if any */
  missing?: string;
  /** the marker line, when the chain ran to its end */
  marker?: string;
  /** the first fatal line seen (a GRUB error, a panic, the initrd's failure) */
  fatal?: string;
  /**
   * how QEMU ended: the guest powered off, QEMU exited otherwise, the caller's stop condition,
   * a fatal line, the limit
   */
  end: 'poweroff' | 'exited' | 'stopped' | 'fatal' | 'limit';
  exitCode: number | null;
  seconds: number;
  /** QEMU's PID and the tap it used, both gone when bootVm returns */
  pid: number;
  tap: string;
}

export function cleanSerial(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\x1b\[[0-9;=?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** The prefix of BOOT_STEPS whose lines appear in `serial`; `seen` has when each step was first seen. */
export function stepsReached(
  serial: string,
  seen: Map<string, number> = new Map(),
): { reached: ReachedStep[]; missing?: string } {
  const reached: ReachedStep[] = [];
  for (const s of BOOT_STEPS) {
    const m = s.line.exec(serial);
    if (!m) return { reached, missing: s.step };
    reached.push({ step: s.step, line: m[0].trim(), at: seen.get(s.step) ?? NaN });
  }
  return { reached };
}

function firstFatal(serial: string): string | undefined {
  for (const f of FATAL) {
    const m = f.exec(serial);
    // a line still coming in is taken once its end has come
    if (m && serial.length > m.index + m[0].length) return m[0].trim();
  }
  return undefined;
}

let taps = 0;

/**
 * Boots a VM with `mac` on `segment` of the lab and returns what its serial console showed.
 * It ends when the guest powers off, when `stopWhen(serial)` holds, a few seconds after a fatal
 * line, or at `limitS` (at most HARD_LIMIT_S); QEMU is killed by its PID and the tap removed.
 */
export async function bootVm(opts: {
  state: LabState;
  segment: number;
  mac: string;
  workDir: string;
  /** the serial log is written to <workDir>/<name>.serial.log (default: the tap's name) */
  name?: string;
  limitS?: number;
  /** Secure Boot on: OVMF's secboot build (it needs SMM) with Microsoft's keys enrolled */
  secureBoot?: boolean;
  stopWhen?: (serial: string) => boolean;
}): Promise<VmBoot> {
  const limitS = Math.min(opts.limitS ?? HARD_LIMIT_S, HARD_LIMIT_S);
  const ns = opts.state.mgmtNetns;
  const tap = `vmtap${process.pid % 1000}x${taps++}`;
  const vars = join(opts.workDir, `${tap}-vars.fd`);
  const ovmf = opts.secureBoot ? OVMF.secure : OVMF.plain;
  copyFileSync(ovmf.vars, vars);
  await mustRun(['ip', '-n', ns, 'tuntap', 'add', 'dev', tap, 'mode', 'tap']);
  try {
    await mustRun(['ip', '-n', ns, 'link', 'set', tap, 'master', `seg${opts.segment}`, 'up']);
    // romfile= (empty): OVMF's own PXE driver, not QEMU's iPXE ROM (about 20 s slower)
    const qemu = spawn(
      'ip',
      [
        // setpriv: QEMU is killed with this process, should the test die before its cleanup
        ...['netns', 'exec', ns, 'setpriv', '--pdeathsig', 'KILL'],
        ...['qemu-system-x86_64', '-machine', opts.secureBoot ? 'q35,smm=on' : 'q35', '-accel', 'tcg'],
        ...(opts.secureBoot ? ['-global', 'driver=cfi.pflash01,property=secure,value=on'] : []),
        ...['-m', '1024', '-smp', '1', '-nodefaults', '-display', 'none', '-monitor', 'none'],
        ...['-serial', 'stdio', '-no-reboot'],
        ...['-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${ovmf.code}`],
        ...['-drive', `if=pflash,format=raw,unit=1,file=${vars}`],
        ...['-netdev', `tap,id=n0,ifname=${tap},script=no,downscript=no`],
        ...['-device', `virtio-net-pci,netdev=n0,mac=${opts.mac},romfile=`],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const started = Date.now();
    let raw = '';
    const seen = new Map<string, number>();
    let end: VmBoot['end'] | undefined;
    const stop = (why: VmBoot['end']): void => {
      if (end) return;
      end = why;
      // ip netns exec and setpriv exec QEMU in place: this PID is QEMU's
      if (qemu.exitCode === null) qemu.kill('SIGKILL');
    };
    const exited = new Promise<number | null>((res) => qemu.on('close', (c) => res(c)));
    const limit = setTimeout(() => stop('limit'), limitS * 1000);
    let fatalTimer: NodeJS.Timeout | undefined;
    // the console is read again at most every 200 ms: QEMU writes it a few bytes at a time
    let pending: NodeJS.Timeout | undefined;
    const look = (): void => {
      pending = undefined;
      const serial = cleanSerial(raw);
      for (const { step } of stepsReached(serial).reached)
        if (!seen.has(step)) seen.set(step, (Date.now() - started) / 1000);
      // a few seconds more after a fatal line, so the log shows what followed
      if (!fatalTimer && firstFatal(serial)) fatalTimer = setTimeout(() => stop('fatal'), 4000);
      if (opts.stopWhen?.(serial)) stop('stopped');
    };
    const onData = (chunk: Buffer): void => {
      raw += chunk.toString('latin1');
      pending ??= setTimeout(look, 200);
    };
    qemu.stdout.on('data', onData);
    qemu.stderr.on('data', onData);
    const code = await exited;
    clearTimeout(limit);
    clearTimeout(fatalTimer);
    clearTimeout(pending);
    const seconds = (Date.now() - started) / 1000;
    const serial = cleanSerial(raw);
    writeFileSync(join(opts.workDir, `${opts.name ?? tap}.serial.log`), serial);
    // lines that came in the last 200 ms before QEMU ended are timed at its end
    for (const { step } of stepsReached(serial).reached) if (!seen.has(step)) seen.set(step, seconds);
    const { reached, missing } = stepsReached(serial, seen);
    const fatal = firstFatal(serial);
    const marker = reached.length === BOOT_STEPS.length ? reached.at(-1)!.line : undefined;
    // QEMU ending by itself: the guest powered off, or QEMU stopped (no start, a reset under -no-reboot)
    end ??= /reboot: Power down/.test(serial) ? 'poweroff' : 'exited';
    return { serial, reached, missing, marker, fatal, end, seconds, exitCode: code, pid: qemu.pid!, tap };
  } finally {
    rmSync(vars, { force: true });
    await mustRun(['ip', '-n', ns, 'link', 'del', tap]).catch(() => undefined);
  }
}

/**
 * Why a boot failed, for an assertion message: the last step reached and the one missing, the
 * fatal line if any, how QEMU ended, the serial log and the PXE server's log (its dhcpd lines, and
 * in.tftpd's when it runs with --verbose).
 */
export function bootReport(b: VmBoot, serverLog: string): string {
  const last = b.reached.at(-1)?.step ?? 'none (QEMU printed nothing the chain knows)';
  return [
    `last step reached: ${last}`,
    `next step, not reached: ${b.missing ?? '-'}`,
    ...(b.fatal ? [`fatal line: ${b.fatal}`] : []),
    `QEMU ended: ${b.end} after ${b.seconds.toFixed(1)} s (exit code ${b.exitCode})`,
    `steps (seconds from QEMU's start): ${b.reached.map((s) => `${s.at.toFixed(1)} ${s.step}`).join('; ')}`,
    '--- serial console ---',
    b.serial.trim(),
    "--- the PXE server's log (dhcpd, in.tftpd) ---",
    serverLog.trim(),
  ].join('\n');
}
