// Test data for the PXE roles, made on the spot (never downloaded): a small installation tree
// like an ISO's, an installer initrd with the RHEL module layout, and kernel modules that carry
// a real .modinfo section (so `modinfo -F vermagic` reads them) built with cc + objcopy.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, chmodSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';

export const FIXTURE_KVER = '5.14.0-503.11.1.el9_5.x86_64';
export const OTHER_KVER = '5.14.0-427.13.1.el9_4.x86_64';
/** install.img size: not a multiple of any block size, so a wrong Content-Length shows. */
export const INSTALL_IMG_SIZE = 1_048_576 + 4321;

export type InitrdFormat = 'xz' | 'gzip' | 'zstd' | 'lz4' | 'none';

function sh(script: string, cwd?: string): string {
  return execFileSync('sh', ['-eu', '-c', script], { cwd, encoding: 'utf8' });
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** A temporary directory the caller removes with cleanup(). */
export function makeTempDir(prefix = 'fabplay-pxe-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A kernel module stand-in: an ELF relocatable object (cc -c) with a .modinfo section holding
 * vermagic, name and license, as modinfo and depmod read them.
 */
export function buildModule(outPath: string, name: string, kver: string): string {
  mkdirSync(dirname(outPath), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'fabplay-mod-'));
  try {
    writeFileSync(join(work, 'm.c'), `int ${name.replace(/-/g, '_')}_marker = 1;\n`);
    const info = [`vermagic=${kver} SMP preempt mod_unload modversions`, 'license=GPL', `name=${name}`];
    writeFileSync(join(work, 'modinfo.bin'), Buffer.from(info.map((s) => `${s}\0`).join('')));
    sh(
      `cc -c -o m.o m.c && objcopy --add-section .modinfo=modinfo.bin ` +
        `--set-section-flags .modinfo=alloc,readonly m.o ${q(outPath)}`,
      work,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return outPath;
}

const MODULES = [
  ['hw/hfi1', 'hfi1'],
  ['sw/rdmavt', 'rdmavt'],
  ['ulp/ipoib', 'ib_ipoib'],
  ['core', 'ib_core'],
] as const;

/**
 * Builds an installer initrd like lorax's: usr/lib/modules/<kver>/kernel/drivers/infiniband/...
 * with .ko.xz modules and modules.dep, `lib` a relative symlink to usr/lib, packed as newc and
 * compressed with `format`. With `early`, an uncompressed early-microcode cpio goes in front.
 */
export function buildInitrd(
  outPath: string,
  opts: { format: InitrdFormat; kver?: string; early?: boolean },
): string {
  const kver = opts.kver ?? FIXTURE_KVER;
  const work = mkdtempSync(join(tmpdir(), 'fabplay-initrd-'));
  try {
    const root = join(work, 'root');
    const kdir = join(root, 'usr/lib/modules', kver);
    for (const [sub, name] of MODULES) {
      const ko = buildModule(join(kdir, 'kernel/drivers/infiniband', sub, `${name}.ko`), name, kver);
      sh(`xz --check=crc32 --lzma2=dict=1MiB ${q(ko)}`);
    }
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/initrd-release'), 'NAME="Red Hat Enterprise Linux"\n');
    writeFileSync(join(root, 'init'), '#!/bin/sh\nexec /usr/lib/systemd/systemd\n');
    chmodSync(join(root, 'init'), 0o755);
    symlinkSync('usr/lib', join(root, 'lib'));
    for (const f of ['modules.order', 'modules.builtin', 'modules.builtin.modinfo'])
      writeFileSync(join(kdir, f), '');
    sh(`depmod -b ${q(root)} ${q(kver)}`);
    // Owned by a non-root user on purpose: the patched image must come out owned by root.
    sh(`find . | sort | cpio -o -H newc -R 1000:1000 --quiet > ../main.cpio`, root);
    const compress: Record<InitrdFormat, string> = {
      xz: 'xz --check=crc32 --lzma2=dict=1MiB -c',
      gzip: 'gzip -9 -n -c',
      zstd: 'zstd -q -c',
      lz4: 'lz4 -q -l -c',
      none: 'cat',
    };
    sh(`${compress[opts.format]} < main.cpio > main.img`, work);
    if (opts.early) {
      const early = join(work, 'early');
      mkdirSync(join(early, 'kernel/x86/microcode'), { recursive: true });
      writeFileSync(join(early, 'kernel/x86/microcode/GenuineIntel.bin'), Buffer.alloc(3000, 0xa5));
      writeFileSync(join(early, 'early_cpio'), '1\n');
      sh(`find . | sort | cpio -o -H newc -R 0:0 --quiet > ../early.cpio`, early);
      sh(`cat early.cpio main.img > ${q(outPath)}`, work);
    } else {
      sh(`cp main.img ${q(outPath)}`, work);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return outPath;
}

/** Replacement modules as opxs-kernel-updates ships them: plain .ko files in one directory. */
export function buildReplacementModules(dir: string, kver = FIXTURE_KVER): { hfi1: string; rdmavt: string } {
  return {
    hfi1: buildModule(join(dir, 'hfi1.ko'), 'hfi1', kver),
    rdmavt: buildModule(join(dir, 'rdmavt.ko'), 'rdmavt', kver),
  };
}

/**
 * A small installation tree as on a RHEL DVD: .treeinfo, images/install.img of a known size,
 * images/pxeboot/{vmlinuz,initrd.img}, EFI/BOOT/{grubx64.efi,shimx64.efi} (mode 0700, as the
 * ISO copies come out).
 */
export function buildIsoTree(dir: string, opts: { initrdFormat?: InitrdFormat } = {}): string {
  mkdirSync(join(dir, 'images/pxeboot'), { recursive: true });
  mkdirSync(join(dir, 'EFI/BOOT'), { recursive: true });
  writeFileSync(
    join(dir, '.treeinfo'),
    '[general]\nfamily = Red Hat Enterprise Linux\nversion = 9.5\narch = x86_64\n' +
      '[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n',
  );
  const img = Buffer.alloc(INSTALL_IMG_SIZE);
  for (let i = 0; i < img.length; i += 4096) img[i] = i % 251;
  writeFileSync(join(dir, 'images/install.img'), img);
  writeFileSync(join(dir, 'images/pxeboot/vmlinuz'), Buffer.alloc(8192, 0x4d));
  buildInitrd(join(dir, 'images/pxeboot/initrd.img'), { format: opts.initrdFormat ?? 'xz' });
  for (const f of ['grubx64.efi', 'shimx64.efi']) {
    writeFileSync(join(dir, 'EFI/BOOT', f), Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2046, 1)]));
    chmodSync(join(dir, 'EFI/BOOT', f), 0o700);
  }
  return dir;
}

/** What a syslinux package provides for BIOS PXE: pxelinux.0 and ldlinux.c32 in one directory. */
export function buildSyslinuxDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of ['pxelinux.0', 'ldlinux.c32']) writeFileSync(join(dir, f), Buffer.alloc(512, 7));
  return dir;
}
