// What the boot test's virtual machine boots, made at test time (nothing downloaded here, nothing
// committed): an installation tree with the real EL layout (pxe-fixtures.ts buildIsoTree) whose
// pxeboot kernel is a real Debian kernel, whose initrd is a small busybox initrd carrying the
// kernel's virtio modules, and whose EFI/BOOT/grubx64.efi is a network GRUB image made by
// grub-mkimage. scripts/setup.sh unpacks the kernel and a static busybox from their Debian
// packages (apt-get download + dpkg -x, not installed) into the cache read here.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './cli.js';
import {
  buildIsoTree,
  buildReplacementModules,
  buildSyslinuxDir,
  makeSigningKey,
  type TreeLayout,
} from './pxe-fixtures.js';

/** Where scripts/setup.sh unpacks the kernel and busybox-static packages. */
export const BOOT_CACHE = process.env.FABPLAY_BOOT_CACHE ?? '/var/cache/fabplay-boot';

/** Debian's kernel keeps virtio_net as a module: these load before udhcpc, in this order. */
export const VIRTIO_MODULES = [
  'virtio_ring',
  'virtio',
  'virtio_pci_legacy_dev',
  'virtio_pci_modern_dev',
  'virtio_pci',
  'failover',
  'net_failover',
  'virtio_net',
];

/** GRUB modules of the network image; linuxefi too, since the roles' grub.cfg use linuxefi. */
const GRUB_MODULES = [
  'efinet',
  'tftp',
  'http',
  'net',
  'normal',
  'linux',
  'linuxefi',
  'configfile',
  // exit: node_boot's `local` entry hands the machine back to the firmware with it
  'minicmd',
  'echo',
  'test',
  'ls',
  'cat',
  'all_video',
  'efi_gop',
  'gzio',
  'sleep',
  'reboot',
  'halt',
];

export interface BootCache {
  /** the unpacked linux-image package: boot/vmlinuz-<kver>, lib/modules/<kver>/ */
  kernelRoot: string;
  kver: string;
  vmlinuz: string;
  busybox: string;
  /** Secure Boot: shim (signed by Microsoft's UEFI CA), MokManager, Debian's signed network GRUB */
  shim: string;
  mokManager: string;
  signedGrub: string;
}

/** The unpacked packages, or an error saying to run scripts/setup.sh. */
export function bootCache(): BootCache {
  const kernelRoot = join(BOOT_CACHE, 'kernel');
  const busybox = join(BOOT_CACHE, 'busybox-static/bin/busybox');
  const modules = join(kernelRoot, 'lib/modules');
  const shim = join(BOOT_CACHE, 'shim-signed/usr/lib/shim/shimx64.efi.signed');
  const mokManager = join(BOOT_CACHE, 'shim-helpers/usr/lib/shim/mmx64.efi.signed');
  const signedGrub = join(BOOT_CACHE, 'grub-signed/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed');
  const missing = [modules, busybox, shim, mokManager, signedGrub].filter((f) => !existsSync(f));
  if (missing.length > 0)
    throw new Error(`${BOOT_CACHE} lacks ${missing.join(', ')}: run ./scripts/setup.sh as root`);
  const kver = readdirSync(modules)[0]!;
  const vmlinuz = join(kernelRoot, 'boot', `vmlinuz-${kver}`);
  return { kernelRoot, kver, vmlinuz, busybox, shim, mokManager, signedGrub };
}

function sh(script: string, cwd?: string): void {
  execFileSync('sh', ['-eu', '-c', script], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * The test initrd: a static busybox, the virtio modules of `kver` under lib/modules/<kver>/
 * (with modules.dep, so initrd_patch finds exactly one kernel there) and /init
 * (test/fixtures/boot-vm/init.sh), packed as newc and gzipped.
 */
export function buildTestInitrd(out: string, cache: BootCache): void {
  const work = mkdtempSync(join(tmpdir(), 'fabplay-vm-initrd-'));
  try {
    const root = join(work, 'root');
    for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'proc', 'sys', 'dev', 'tmp', 'etc'])
      mkdirSync(join(root, d), { recursive: true });
    copyFileSync(cache.busybox, join(root, 'bin/busybox'));
    chmodSync(join(root, 'bin/busybox'), 0o755);
    copyFileSync(join(repoRoot, 'test/fixtures/boot-vm/init.sh'), join(root, 'init'));
    chmodSync(join(root, 'init'), 0o755);
    const src = join(cache.kernelRoot, 'lib/modules', cache.kver);
    const dst = join(root, 'lib/modules', cache.kver);
    for (const name of VIRTIO_MODULES) {
      const rel = execFileSync('find', ['.', '-name', `${name}.ko*`], { cwd: src, encoding: 'utf8' })
        .split('\n')[0]!
        .trim();
      if (!rel) throw new Error(`no ${name}.ko in ${src}`);
      mkdirSync(dirname(join(dst, rel)), { recursive: true });
      copyFileSync(join(src, rel), join(dst, rel));
    }
    for (const f of ['modules.order', 'modules.builtin', 'modules.builtin.modinfo'])
      if (existsSync(join(src, f))) copyFileSync(join(src, f), join(dst, f));
    sh(`depmod -b "${root}" "${cache.kver}"`);
    sh(`find . | sort | cpio -o -H newc -R 0:0 --quiet | gzip -6 -n > "${out}"`, root);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A network GRUB for x64 UEFI: its prefix is (tftp)/uefi, so it reads uefi/grub.cfg-01-<mac>,
 * then uefi/grub.cfg-<IP in hex> (shortened a digit at a time), then uefi/grub.cfg from the
 * server that DHCP named. (Debian's ready-made grubnetx64.efi looks under /grub/ instead.)
 */
export function buildNetGrub(out: string): void {
  execFileSync('grub-mkimage', ['-O', 'x86_64-efi', '-o', out, '-p', '(tftp)/uefi', ...GRUB_MODULES], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * The fixture a lab PXE server converges from: tree/ (the EL layout, with the real kernel, the
 * busybox initrd and the network GRUB), opxs/ (replacement modules built for the real kernel, so
 * initrd_patch accepts them) and syslinux/.
 */
export function buildBootFixture(dir: string, cache: BootCache): TreeLayout {
  const tree = join(dir, 'tree');
  const layout = buildIsoTree(tree);
  copyFileSync(cache.vmlinuz, join(tree, 'images/pxeboot/vmlinuz'));
  buildTestInitrd(join(tree, 'images/pxeboot/initrd.img'), cache);
  buildNetGrub(join(tree, 'EFI/BOOT/grubx64.efi'));
  buildReplacementModules(join(dir, 'opxs'), cache.kver);
  buildSyslinuxDir(join(dir, 'syslinux'));
  return layout;
}

/**
 * For Secure Boot, beside buildBootFixture's: tree-sb/, the same tree with Debian's signed
 * binaries where an EL DVD has its own (shim as EFI/BOOT/BOOTX64.EFI, GRUB as grubx64.efi,
 * MokManager as mmx64.efi), and opxs-signed/, the replacement modules signed with a key made here
 * (initrd_patch refuses unsigned ones under Secure Boot; they are never loaded by the VM).
 */
export function addSecureBootFixture(dir: string, cache: BootCache): void {
  const tree = join(dir, 'tree-sb');
  cpSync(join(dir, 'tree'), tree, { recursive: true });
  copyFileSync(cache.shim, join(tree, 'EFI/BOOT/BOOTX64.EFI'));
  copyFileSync(cache.signedGrub, join(tree, 'EFI/BOOT/grubx64.efi'));
  copyFileSync(cache.mokManager, join(tree, 'EFI/BOOT/mmx64.efi'));
  const key = makeSigningKey(mkdtempSync(join(tmpdir(), 'fabplay-vm-key-')), 'fabplay boot test key');
  try {
    buildReplacementModules(join(dir, 'opxs-signed'), cache.kver, key);
  } finally {
    rmSync(dirname(key.key), { recursive: true, force: true });
  }
}
