// The file names and directory layout of real EL install DVDs, for the tests to build small
// stand-in trees with (test/helpers/pxe-fixtures.ts buildIsoTree). Nothing is downloaded: each
// file is a few bytes naming itself, except the files the roles read (initrd, install.img).
//
// Where each layout comes from, and how sure it is:
// - RHEL/Rocky/Alma 8 and 9 DVDs are made by lorax (share/templates.d/99-generic/x86.tmpl and
//   efi.tmpl of lorax 28.x / 34.x) and pungi: isolinux/ holds isolinux.bin, vesamenu.c32,
//   ldlinux.c32, libcom32.c32, libutil.c32, isolinux.cfg, boot.msg, grub.conf, splash.png,
//   memtest, vmlinuz, initrd.img and boot.cat; EFI/BOOT holds shim as BOOTX64.EFI and
//   BOOTIA32.EFI with grubx64.efi, grubia32.efi, mmx64.efi, mmia32.efi, grub.cfg and
//   fonts/unicode.pf2; images/ holds efiboot.img, install.img and pxeboot/{vmlinuz,initrd.img};
//   BaseOS/ and AppStream/ are repositories (Packages/, repodata/repomd.xml); .treeinfo is
//   productmd 1.2 with [checksums] [general] [header] [images-x86_64] [images-xen] [release]
//   [stage2] [tree] [variant-*]; .discinfo is timestamp, release, arch. Checked against the
//   mirror directory listings of Rocky 9 and Alma 8 (repo.almalinux.org/.../isos, dl.rockylinux.org)
//   and productmd .treeinfo files as memory holds them: sure of the EFI/BOOT and images/ names
//   (Secure Boot docs of Red Hat name BOOTX64.EFI as shim on the media), fairly sure of isolinux/,
//   less sure of the top-level legal files (EULA, GPL, LICENSE, RPM-GPG-KEY-*), which differ by
//   vendor and which no role reads.
// - EL 10 (Alma 10 here) comes from lorax 40.x, which boots BIOS machines with GRUB 2 instead of
//   isolinux (Fedora 37 and later): boot/grub2/grub.cfg, boot/grub2/i386-pc/ and
//   images/eltorito.img, no isolinux/. Fairly sure; the ia32 UEFI files are kept as on EL 9,
//   which is the least sure part of this layout.
// - Debian/Ubuntu netboot trees are not built: no role claims one (the bootloader role serves
//   EL trees, from a Debian or an EL server).

export type TreeLayoutName = 'rhel8' | 'rhel9' | 'rocky9' | 'alma10';

export interface TreeLayout {
  /** .treeinfo [release] name, short and version; [general] family. */
  family: string;
  short: string;
  version: string;
  /** The installer kernel, as lib/modules/<kver> in images/pxeboot/initrd.img names it. */
  kver: string;
  /** Plain files of the DVD (relative paths) besides the ones the roles read, listed below. */
  files: string[];
  /** BIOS boot by isolinux (EL 8, 9) or by GRUB 2 (EL 10). */
  bios: 'isolinux' | 'grub2';
}

/** Files every EL 8/9/10 x86_64 DVD has and the roles read or serve. */
export const EL_BOOT_FILES = [
  'EFI/BOOT/BOOTX64.EFI',
  'EFI/BOOT/grubx64.efi',
  'EFI/BOOT/mmx64.efi',
  'EFI/BOOT/BOOTIA32.EFI',
  'EFI/BOOT/grubia32.efi',
  'EFI/BOOT/mmia32.efi',
  'EFI/BOOT/grub.cfg',
  'EFI/BOOT/fonts/unicode.pf2',
  'images/efiboot.img',
] as const;

const ISOLINUX = [
  'isolinux/boot.cat',
  'isolinux/boot.msg',
  'isolinux/grub.conf',
  'isolinux/isolinux.bin',
  'isolinux/isolinux.cfg',
  'isolinux/ldlinux.c32',
  'isolinux/libcom32.c32',
  'isolinux/libutil.c32',
  'isolinux/memtest',
  'isolinux/splash.png',
  'isolinux/vesamenu.c32',
  'isolinux/vmlinuz',
  'isolinux/initrd.img',
];

const GRUB2_BIOS = ['boot/grub2/grub.cfg', 'boot/grub2/i386-pc/boot_hybrid.img', 'images/eltorito.img'];

const REPOS = [
  'BaseOS/repodata/repomd.xml',
  'BaseOS/Packages/b/bash-0.rpm',
  'AppStream/repodata/repomd.xml',
  'AppStream/Packages/h/httpd-0.rpm',
  'media.repo',
];

/** A RHEL DVD: isolinux, Red Hat's legal files and keys. */
function rhelDvd(version: string, kver: string): TreeLayout {
  const legal = ['EULA', 'GPL', 'RPM-GPG-KEY-redhat-beta', 'RPM-GPG-KEY-redhat-release', 'extra_files.json'];
  return {
    family: 'Red Hat Enterprise Linux',
    short: 'RHEL',
    version,
    kver,
    files: [...ISOLINUX, ...REPOS, ...legal],
    bios: 'isolinux',
  };
}

export const TREE_LAYOUTS: Record<TreeLayoutName, TreeLayout> = {
  rhel8: rhelDvd('8.10', '4.18.0-553.el8_10.x86_64'),
  rhel9: rhelDvd('9.5', '5.14.0-503.11.1.el9_5.x86_64'),
  rocky9: {
    family: 'Rocky Linux',
    short: 'Rocky',
    version: '9.5',
    kver: '5.14.0-503.14.1.el9_5.x86_64',
    files: [...ISOLINUX, ...REPOS, 'LICENSE'],
    bios: 'isolinux',
  },
  alma10: {
    family: 'AlmaLinux',
    short: 'AlmaLinux',
    version: '10.0',
    kver: '6.12.0-55.9.1.el10_0.x86_64',
    files: [...GRUB2_BIOS, ...REPOS, 'EULA', 'LICENSE', 'RPM-GPG-KEY-AlmaLinux-10'],
    bios: 'grub2',
  },
};

/** A productmd 1.2 .treeinfo as pungi writes it for a DVD (checksums left out: no role reads them). */
export function treeinfo(l: TreeLayout): string {
  return [
    '[general]',
    '; WARNING.0 = This section provides compatibility with pre-productmd treeinfos.',
    '; WARNING.1 = Read productmd documentation for details about new format.',
    'arch = x86_64',
    `family = ${l.family}`,
    `name = ${l.family} ${l.version}`,
    'packagedir = AppStream/Packages',
    'platforms = x86_64,xen',
    'repository = AppStream',
    'timestamp = 1730000000',
    'variant = AppStream',
    'variants = AppStream,BaseOS',
    `version = ${l.version}`,
    '',
    '[header]',
    'type = productmd.treeinfo',
    'version = 1.2',
    '',
    '[images-x86_64]',
    'efiboot.img = images/efiboot.img',
    'initrd = images/pxeboot/initrd.img',
    'kernel = images/pxeboot/vmlinuz',
    '',
    '[images-xen]',
    'initrd = images/pxeboot/initrd.img',
    'kernel = images/pxeboot/vmlinuz',
    '',
    '[release]',
    `name = ${l.family}`,
    `short = ${l.short}`,
    `version = ${l.version}`,
    '',
    '[stage2]',
    'mainimage = images/install.img',
    '',
    '[tree]',
    'arch = x86_64',
    'build_timestamp = 1730000000',
    'platforms = x86_64,xen',
    'variants = AppStream,BaseOS',
    '',
    ...['AppStream', 'BaseOS'].flatMap((v) => [
      `[variant-${v}]`,
      `id = ${v}`,
      `name = ${v}`,
      `packages = ${v}/Packages`,
      `repository = ${v}`,
      'type = variant',
      `uid = ${v}`,
      '',
    ]),
  ].join('\n');
}

/** .discinfo: timestamp, release, architecture. */
export function discinfo(l: TreeLayout): string {
  return `1730000000.000000\n${l.version}\nx86_64\n`;
}
