// roles/boot_check/files/boot-check.sh on a TFTP root made here, with a real HTTP server on
// loopback for the tree: each broken link of the chain gives a FAIL line naming it.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './render.js';
import { hasCommand } from './checkers.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

const SCRIPT = join(repoRoot, 'roles/boot_check/files/boot-check.sh');

describe('roles/boot_check script', function () {
  this.timeout(60000);
  let t: ReturnType<typeof makeTempDir>;
  let server: Server;
  let repo = '';
  const root = () => join(t.dir, 'tftp');

  before(async function () {
    if (process.getuid?.() !== 0 || !hasCommand('grub-script-check')) this.skip();
    server = createServer((req, res) => {
      const ok = /\/tree\/(\.treeinfo|images\/install\.img)$/.test(req.url ?? '');
      res.writeHead(ok ? 200 : 404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    repo = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tree`;
  });
  after(() => server?.close());
  beforeEach(() => {
    t = makeTempDir('fabplay-boot-check-');
    chmodSync(t.dir, 0o755); // mkdtemp's 0700 would keep the TFTP user out of everything
    const put = (rel: string, text: string) => {
      mkdirSync(join(root(), rel, '..'), { recursive: true });
      writeFileSync(join(root(), rel), text);
    };
    for (const f of ['shimx64.efi', 'grubx64.efi', 'mmx64.efi', 'vmlinuz', 'initrd.img']) put(`uefi/${f}`, f);
    put(
      'uefi/grub.cfg',
      `set timeout=5\nmenuentry 'EL' {\n\tlinuxefi uefi/vmlinuz ip=ib0:dhcp inst.repo=${repo}\n\tinitrdefi uefi/initrd.img\n}\n`,
    );
    for (const f of ['pxelinux.0', 'ldlinux.c32']) put(`pxelinux/${f}`, f);
    put(
      'pxelinux/pxelinux.cfg/default',
      `LABEL a\n  KERNEL /uefi/vmlinuz\n  APPEND initrd=/uefi/initrd.img inst.repo=${repo}\n`,
    );
  });
  afterEach(() => t.cleanup());

  // asynchronous: the HTTP server answers from this process's event loop
  const run = async () => {
    const args = ['--tftp-root', root(), '--tftp-user', 'nobody'];
    args.push('--boot-file', 'x64 UEFI=uefi/shimx64.efi', '--boot-file', 'x86 BIOS=pxelinux/pxelinux.0');
    try {
      const r = await promisify(execFile)('sh', [SCRIPT, ...args], { encoding: 'utf8' });
      return { rc: 0, out: r.stdout + r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { rc: x.code, out: x.stdout + x.stderr };
    }
  };

  it('passes a whole chain: shim, GRUB, MokManager, grub.cfg and its files, pxelinux, the HTTP tree', async () => {
    const r = await run();
    assert.equal(r.rc, 0, r.out);
    assert.doesNotMatch(r.out, /^FAIL/m);
    for (const line of [
      "ok   x64 UEFI: shim's MokManager: uefi/mmx64.efi is served",
      'ok   x64 UEFI: uefi/grub.cfg parses (grub-script-check)',
      'ok   x64 UEFI: uefi/grub.cfg linuxefi: uefi/vmlinuz is served',
      'ok   x86 BIOS: pxelinux/pxelinux.cfg/default initrd: uefi/initrd.img is served',
      `ok   HTTP: ${repo}/images/install.img answers 200`,
    ])
      assert.ok(r.out.includes(line), `${line}\n---\n${r.out}`);
    assert.match(r.out, /^initrd=uefi\/initrd\.img$/m);
    assert.equal(r.out.match(/^initrd=/gm)?.length, 1, 'each initrd named once');
  });

  it('names each broken link: a missing file, one the TFTP user cannot read, a grub.cfg that does not parse, a tree that is not there', async () => {
    rmSync(join(root(), 'uefi/mmx64.efi'));
    chmodSync(join(root(), 'uefi/vmlinuz'), 0o600);
    writeFileSync(
      join(root(), 'uefi/grub.cfg'),
      `menuentry 'EL' {\n\tlinuxefi uefi/vmlinuz inst.repo=${repo}-gone\n\tinitrdefi uefi/initrd.img\n`,
    );
    const r = await run();
    assert.equal(r.rc, 1, r.out);
    assert.match(
      r.out,
      /^FAIL x64 UEFI: shim's MokManager: uefi\/mmx64\.efi is missing from the TFTP root /m,
    );
    assert.match(
      r.out,
      /^FAIL x64 UEFI: uefi\/grub\.cfg linuxefi: uefi\/vmlinuz is not readable by the TFTP user nobody \(mode 600\)$/m,
    );
    assert.match(r.out, /^FAIL x64 UEFI: uefi\/grub\.cfg does not parse/m);
    assert.match(r.out, new RegExp(`^FAIL HTTP: ${repo}-gone/\\.treeinfo answers 404 \\(not 200\\)$`, 'm'));
  });
});
