import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { unarchive } from '../../../src/modules/files/unarchive.js';
import { encryptVault } from '../../../src/vault/secrets.js';
import { setVaultSecrets } from '../../../src/vault/keyring.js';
import { makeContext } from '../../helpers/module-context.js';
import { modeOf, rmTree, tempDir, treeHash } from './tree.js';

/**
 * unarchive through a local connection (this machine's tar, unzip and curl): check mode, the
 * re-run, the guards and errors of Ansible's action plugin, a vaulted archive and a URL. The
 * comparison with ansible-playbook itself is unarchive.lab.test.ts.
 */

/** Scratch directories unarchive left in /tmp (it removes its own when the task ends). */
const scratch = () => readdirSync('/tmp').filter((n) => n.startsWith('.fabplay-scratch.'));

describe('unarchive module (local connection)', () => {
  let dir: string;
  let files: string;
  let dest: string;
  beforeEach(() => {
    dir = tempDir();
    files = join(dir, 'files');
    dest = join(dir, 'dest');
    mkdirSync(join(dir, 'src', 'd'), { recursive: true });
    mkdirSync(files);
    mkdirSync(dest);
    writeFileSync(join(dir, 'src', 'd', 'a.txt'), 'alpha\n');
    writeFileSync(join(dir, 'src', 'd', 'x.sh'), '#!/bin/sh\n', { mode: 0o750 });
    execFileSync('tar', ['-czf', join(files, 'a.tgz'), 'd'], { cwd: join(dir, 'src') });
    execFileSync('zip', ['-qr', join(files, 'a.zip'), 'd'], { cwd: join(dir, 'src') });
  });
  afterEach(() => rmTree(dir));
  const ctx = (o: { check?: boolean } = {}) => makeContext({ ...o, filesDir: files });

  for (const src of ['a.tgz', 'a.zip'])
    it(`${src}: check mode says it would change and changes nothing; the run unpacks, the re-run changes nothing`, async () => {
      const before = treeHash(dest);
      const leftover = scratch();
      const c = await unarchive.run(ctx({ check: true }), { src, dest });
      assert.equal(c.changed, true, String(c.msg));
      assert.equal(treeHash(dest), before);
      const r1 = await unarchive.run(ctx(), { src, dest, list_files: true });
      assert.equal(r1.changed, true, String(r1.msg));
      assert.deepEqual([...(r1.files as string[])].sort(), ['d/', 'd/a.txt', 'd/x.sh']);
      assert.equal(readFileSync(join(dest, 'd', 'a.txt'), 'utf8'), 'alpha\n');
      assert.equal(modeOf(join(dest, 'd', 'x.sh')), 0o750);
      assert.equal((await unarchive.run(ctx(), { src, dest })).changed, false);
      assert.equal((await unarchive.run(ctx({ check: true }), { src, dest })).changed, false);
      assert.deepEqual(scratch(), leftover);
    });

  it('check mode compares mode: too, on a tree tar --diff calls unpacked', async () => {
    await unarchive.run(ctx(), { src: 'a.tgz', dest });
    const c = await unarchive.run(ctx({ check: true }), { src: 'a.tgz', dest, mode: '0700' });
    assert.equal(c.changed, true);
    assert.equal(modeOf(join(dest, 'd', 'a.txt')), 0o644);
    const r = await unarchive.run(ctx(), { src: 'a.tgz', dest, mode: '0700' });
    assert.equal(r.changed, true);
    assert.equal(modeOf(join(dest, 'd', 'a.txt')), 0o700);
    assert.equal(modeOf(join(dest, 'd')), 0o700);
    assert.equal((await unarchive.run(ctx(), { src: 'a.tgz', dest, mode: '0700' })).changed, false);
  });

  it("fails with the action plugin's and the module's words", async () => {
    const fail = async (a: Record<string, unknown>) => {
      const r = await unarchive.run(ctx(), a);
      assert.equal(r.failed, true, JSON.stringify(r));
      return String(r.msg);
    };
    assert.equal(
      await fail({ src: 'a.tgz', dest: join(dir, 'nope') }),
      `dest '${join(dir, 'nope')}' must be an existing dir`,
    );
    assert.match(await fail({ src: 'missing.tgz', dest }), /Could not find or access 'missing.tgz'/);
    assert.match(await fail({ src: 'a.tgz', dest, copy: true, remote_src: false }), /mutually exclusive/);
    assert.match(await fail({ src: 'a.tgz', dest, include: ['a'], exclude: ['b'] }), /mutually exclusive/);
    assert.equal(
      await fail({ src: join(dir, 'nope.tgz'), dest, remote_src: true }),
      `Source '${join(dir, 'nope.tgz')}' does not exist`,
    );
    assert.match(
      await fail({ src: 'a.tgz', dest, mode: 'preserve' }),
      /mode must be in octal or symbolic form/,
    );
    writeFileSync(join(dir, 'empty'), '');
    assert.equal(
      await fail({ src: join(dir, 'empty'), dest, remote_src: true }),
      `Invalid archive '${join(dir, 'empty')}', the file is 0 bytes`,
    );
    writeFileSync(join(dir, 'text'), 'not an archive\n');
    assert.match(
      await fail({ src: join(dir, 'text'), dest, remote_src: true }),
      /^Failed to find handler for ".*text"\. Make sure/,
    );
  });

  it('creates: an existing path skips the task; copy: no is remote_src', async () => {
    const r = await unarchive.run(ctx(), { src: 'a.tgz', dest, creates: files });
    assert.deepEqual(r, { changed: false, skipped: true, msg: `skipped, since ${files} exists` });
    const remote = await unarchive.run(ctx(), { src: join(files, 'a.zip'), dest, copy: false });
    assert.equal(remote.changed, true);
    assert.equal(remote.src, join(files, 'a.zip'));
  });

  it('a vaulted archive is opened on the controller; decrypt: false sends it as it is', async () => {
    const secret = { id: 'ua', password: Buffer.from('pw') };
    setVaultSecrets([secret]);
    try {
      writeFileSync(join(files, 'v.tgz'), encryptVault(readFileSync(join(files, 'a.tgz')), secret));
      const r = await unarchive.run(ctx(), { src: 'v.tgz', dest });
      assert.equal(r.changed, true, String(r.msg));
      assert.equal(readFileSync(join(dest, 'd', 'a.txt'), 'utf8'), 'alpha\n');
      const raw = await unarchive.run(ctx(), { src: 'v.tgz', dest, decrypt: false });
      assert.match(String(raw.msg), /^Failed to find handler/);
    } finally {
      setVaultSecrets([]);
    }
  });

  it('remote_src with a URL: the host downloads it', async () => {
    const server: Server = createServer((req, res) => {
      if (req.url !== '/pkg/a.tgz') return void res.writeHead(404).end();
      res.end(readFileSync(join(files, 'a.tgz')));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pkg/a.tgz`;
      const r = await unarchive.run(ctx(), { src: url, dest, remote_src: true });
      assert.equal(r.changed, true, String(r.msg));
      assert.match(String(r.src), /\/a\.tgz$/);
      assert.equal(readFileSync(join(dest, 'd', 'a.txt'), 'utf8'), 'alpha\n');
      const missing = await unarchive.run(ctx(), { src: url + '.nope', dest, remote_src: true });
      assert.match(String(missing.msg), /HTTP Error 404/);
    } finally {
      server.close();
    }
  });
});
