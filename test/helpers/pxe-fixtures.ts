// Test data for the PXE roles, made on the spot (never downloaded): a small installation tree
// like an ISO's, an installer initrd with the RHEL module layout, and kernel modules that carry
// a real .modinfo section (so `modinfo -F vermagic` reads them) built with cc + objcopy.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import {
  EL_BOOT_FILES,
  TREE_LAYOUTS,
  discinfo,
  treeinfo,
  type TreeLayout,
  type TreeLayoutName,
} from './install-trees.js';

export { TREE_LAYOUTS, type TreeLayout, type TreeLayoutName };

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

/** A module signing key and its certificate, made at test time (never committed). */
export interface SigningKey {
  key: string;
  cert: string;
  signer: string;
}

/** A self-signed X.509 key pair as the kernel's certs/signing_key.pem, named `signer` (its CN). */
export function makeSigningKey(dir: string, signer = 'fabplay test module signing key'): SigningKey {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'signing_key.pem');
  const cert = join(dir, 'signing_key.x509.pem');
  sh(
    `openssl req -new -x509 -newkey rsa:2048 -nodes -days 2 -keyout ${q(key)} -out ${q(cert)} ` +
      `-subj ${q(`/CN=${signer}/O=fabplay tests`)} 2>/dev/null`,
  );
  return { key, cert, signer };
}

/**
 * Appends a module signature as the kernel's scripts/sign-file does: a detached PKCS#7 (CMS)
 * signature of the module, then struct module_signature (algo, hash, id_type = 2 (PKCS#7),
 * signer_len, key_id_len, 3 pad bytes, sig_len big-endian) and the magic string. modinfo (kmod
 * with libcrypto) reads the signer from the PKCS#7.
 */
export function signModule(ko: string, k: SigningKey): string {
  const sig = `${ko}.p7s`;
  sh(
    `openssl cms -sign -in ${q(ko)} -signer ${q(k.cert)} -inkey ${q(k.key)} -binary -outform DER ` +
      `-noattr -nocerts -md sha256 -out ${q(sig)}`,
  );
  const p7 = readFileSync(sig);
  rmSync(sig);
  const info = Buffer.alloc(12);
  info[2] = 2;
  info.writeUInt32BE(p7.length, 8);
  appendFileSync(ko, Buffer.concat([p7, info, Buffer.from('~Module signature appended~\n')]));
  return ko;
}

/**
 * Replacement modules as opxs-kernel-updates ships them: plain .ko files in one directory,
 * signed with `signWith` when given.
 */
export function buildReplacementModules(
  dir: string,
  kver = FIXTURE_KVER,
  signWith?: SigningKey,
): { hfi1: string; rdmavt: string } {
  const mods = {
    hfi1: buildModule(join(dir, 'hfi1.ko'), 'hfi1', kver),
    rdmavt: buildModule(join(dir, 'rdmavt.ko'), 'rdmavt', kver),
  };
  if (signWith) for (const m of Object.values(mods)) signModule(m, signWith);
  return mods;
}

/**
 * A small installation tree with the file names and layout of a real EL DVD (see
 * install-trees.ts for where each layout comes from): .treeinfo and .discinfo, images/install.img
 * of a known size, images/pxeboot/{vmlinuz,initrd.img} (the initrd's kernel is the layout's),
 * EFI/BOOT with shim as BOOTX64.EFI, GRUB and MokManager (mode 0700, as the ISO copies come
 * out), isolinux/ or boot/grub2/, and the BaseOS and AppStream repositories. Each small file
 * holds its own path, so a test can tell which file a client got.
 */
export function buildIsoTree(
  dir: string,
  opts: { initrdFormat?: InitrdFormat; layout?: TreeLayoutName } = {},
): TreeLayout {
  const layout = TREE_LAYOUTS[opts.layout ?? 'rhel9'];
  const put = (rel: string, data: string | Buffer, mode = 0o644) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), data);
    chmodSync(join(dir, rel), mode);
  };
  put('.treeinfo', treeinfo(layout));
  put('.discinfo', discinfo(layout));
  const img = Buffer.alloc(INSTALL_IMG_SIZE);
  for (let i = 0; i < img.length; i += 4096) img[i] = i % 251;
  put('images/install.img', img);
  put(
    'images/pxeboot/vmlinuz',
    Buffer.concat([Buffer.from(`vmlinuz ${layout.kver}\n`), Buffer.alloc(8192, 0x4d)]),
  );
  buildInitrd(join(dir, 'images/pxeboot/initrd.img'), {
    format: opts.initrdFormat ?? 'xz',
    kver: layout.kver,
  });
  for (const f of [...EL_BOOT_FILES, ...layout.files]) {
    const efi = /[.]efi$/i.test(f);
    const body = Buffer.from(`${efi ? 'MZ' : ''}${layout.short} ${layout.version} ${f}\n`);
    put(f, body, f.startsWith('EFI/') ? 0o700 : 0o644);
  }
  return layout;
}

/** What a syslinux package provides for BIOS PXE: pxelinux.0 and ldlinux.c32 in one directory. */
export function buildSyslinuxDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const f of ['pxelinux.0', 'ldlinux.c32']) writeFileSync(join(dir, f), Buffer.alloc(512, 7));
  return dir;
}
