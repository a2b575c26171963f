import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openConnection } from '../../../src/connection/index.js';
import { copy } from '../../../src/modules/files/copy.js';
import { file } from '../../../src/modules/files/file.js';
import { lineinfile } from '../../../src/modules/files/lineinfile.js';
import { template } from '../../../src/modules/files/template.js';
import type { Connection } from '../../../src/connection/types.js';
import type { ModuleDef } from '../../../src/modules/types.js';
import { makeContext } from '../../helpers/module-context.js';
import { LAB_USER, LAB_USER_PASSWORD, useLab } from '../../helpers/lab.js';
import { rmTree, tempDir, treeHash } from './tree.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('files modules over SSH @lab', function () {
  this.timeout(120_000);
  const lab = useLab({ hosts: 1 });
  let conn: Connection;
  let local: string;
  const sh = async (command: string) => {
    const r = await lab.exec('h1', command);
    assert.equal(r.rc, 0, `${command}: ${r.stderr}`);
    return r.stdout;
  };
  /** the lab host's writes land in its overlay upper dir: hash it to prove check mode wrote nothing */
  const upper = (path: string) => join(lab.upperDir('h1'), path);

  before(async () => {
    conn = await openConnection(lab.spec('h1'));
    local = tempDir();
    await sh('mkdir -p /srv/ft && echo old > /srv/ft/keep');
  });
  after(async () => {
    await conn?.close();
    rmTree(local);
  });

  it('copy, template, file and lineinfile converge, re-run unchanged, and check mode writes nothing', async () => {
    mkdirSync(join(local, 'tpl'));
    writeFileSync(join(local, 'tpl', 'x.conf.j2'), 'server {{ ip }}\n');
    const ctx = (o: { check?: boolean } = {}) =>
      makeContext({ conn, ...o, filesDir: join(local, 'tpl'), vars: { ip: '10.1.1.1' } });
    const steps: [ModuleDef<any>, Record<string, unknown>][] = [
      [file, { path: '/srv/ft/conf.d', state: 'directory', mode: '0750' }],
      [copy, { content: 'a=1\n', dest: '/srv/ft/conf.d/a.conf', mode: '0640', owner: 'nobody' }],
      [template, { src: 'x.conf.j2', dest: '/srv/ft/conf.d/x.conf' }],
      [lineinfile, { path: '/srv/ft/conf.d/a.conf', regexp: '^a=', line: 'a=2' }],
    ];
    // check mode on the fresh host: the directory, then (once it exists) the files
    let before = treeHash(upper('/srv/ft'));
    assert.equal((await file.run(ctx({ check: true }), steps[0]![1])).changed, true);
    assert.equal(treeHash(upper('/srv/ft')), before);
    assert.equal((await file.run(ctx(), steps[0]![1])).changed, true);
    before = treeHash(upper('/srv/ft'));
    for (const [m, args] of steps.slice(1, 3))
      assert.equal((await m.run(ctx({ check: true }), args)).changed, true, `${m.name} check`);
    assert.equal(treeHash(upper('/srv/ft')), before);
    for (const [m, args] of steps.slice(1)) assert.equal((await m.run(ctx(), args)).changed, true, m.name);
    assert.equal(await sh('cat /srv/ft/conf.d/a.conf /srv/ft/conf.d/x.conf'), 'a=2\nserver 10.1.1.1\n');
    assert.equal(await sh('stat -c %a:%U /srv/ft/conf.d/a.conf /srv/ft/conf.d'), '640:nobody\n750:root\n');
    steps[1]![1].content = 'a=2\n';
    const converged = treeHash(upper('/srv/ft'));
    for (const [m, args] of steps) {
      assert.equal((await m.run(ctx(), args)).changed, false, `${m.name} again`);
      assert.equal((await m.run(ctx({ check: true }), args)).changed, false, `${m.name} check again`);
    }
    assert.equal(treeHash(upper('/srv/ft')), converged);
  });

  it('writes as root through sudo with a password, small and streamed files alike', async () => {
    const user = await openConnection({
      ...lab.spec('h1'),
      user: LAB_USER,
      privateKeyFile: undefined,
      password: LAB_USER_PASSWORD,
    });
    try {
      const ctx = makeContext({
        conn: user,
        filesDir: local,
        become: { method: 'sudo', user: 'root', password: LAB_USER_PASSWORD },
      });
      await sh('mkdir -p /srv/root-only && chmod 700 /srv/root-only');
      const small = await copy.run(ctx, { content: 'secret\n', dest: '/srv/root-only/s', mode: '0600' });
      assert.equal(small.changed, true, String(small.msg));
      const big = randomBytes(5 * 1024 * 1024);
      writeFileSync(join(local, 'big.bin'), big);
      const r = await copy.run(ctx, { src: 'big.bin', dest: '/srv/root-only/big.bin' });
      assert.equal(r.changed, true, String(r.msg));
      assert.equal(
        await sh('stat -c %U:%G:%a /srv/root-only/s /srv/root-only/big.bin'),
        'root:root:600\nroot:root:644\n',
      );
      assert.equal(
        await sh('sha1sum < /srv/root-only/big.bin'),
        `${createHash('sha1').update(big).digest('hex')}  -\n`,
      );
      assert.equal((await copy.run(ctx, { src: 'big.bin', dest: '/srv/root-only/big.bin' })).changed, false);
      assert.equal(await sh('ls -a /srv/root-only /tmp | grep -c fabplay || true'), '0\n');
    } finally {
      await user.close();
    }
  });

  it('writes small files and directories over SFTP with no command: mode, owner and group exact, an old file keeps its own', async () => {
    let calls = 0;
    const counting: Connection = Object.create(conn, {
      exec: { value: (c: string, o?: object) => (calls++, conn.exec(c, o)) },
    });
    const ctx = makeContext({ conn: counting });
    await sh(
      'mkdir -p /srv/sw && printf old > /srv/sw/old && chown nobody:nogroup /srv/sw/old && chmod 0604 /srv/sw/old',
    );
    const inode = await sh('stat -c %i /srv/sw/old');
    const made = await copy.run(ctx, {
      content: 'new\n',
      dest: '/srv/sw/new',
      mode: '0751',
      owner: 'nobody',
      group: 'nogroup',
    });
    assert.equal(made.changed, true, String(made.msg));
    assert.deepEqual([made.mode, made.owner, made.group, made.size], ['0751', 'nobody', 'nogroup', 4]);
    // replaced without mode or owner: the old file's stay; renamed over it (a new inode)
    assert.equal((await copy.run(ctx, { content: 'replaced\n', dest: '/srv/sw/old' })).changed, true);
    // bits a umask would drop are set all the same
    assert.equal((await copy.run(ctx, { content: 'x', dest: '/srv/sw/all', mode: '0777' })).changed, true);
    // directories too, each missing one with the mode and owner asked
    const dirs = await file.run(ctx, {
      path: '/srv/sw/d1/d2',
      state: 'directory',
      mode: '0750',
      owner: 'nobody',
    });
    assert.equal(dirs.changed, true, String(dirs.msg));
    assert.equal(await sh('stat -c %a:%U:%G /srv/sw/d1 /srv/sw/d1/d2'), '750:nobody:root\n750:nobody:root\n');
    assert.equal(calls, 0, 'no command on the host');
    assert.equal(
      await sh('cd /srv/sw && stat -c %n:%a:%U:%G new old all && cat new old'),
      'new:751:nobody:nogroup\nold:604:nobody:nogroup\nall:777:root:root\nnew\nreplaced\n',
    );
    assert.notEqual(await sh('stat -c %i /srv/sw/old'), inode);
    assert.equal(await sh('ls -a /srv/sw | grep -c fabplay || true'), '0\n', 'no temporary file left');
    // where only the shell knows the answer, the command writes: a setgid directory, a new
    // file without a mode (the shell's umask), an owner not in /etc/passwd
    await sh('mkdir -p /srv/sgid && chgrp nogroup /srv/sgid && chmod 2775 /srv/sgid');
    for (const args of [
      { content: 'g\n', dest: '/srv/sgid/f', mode: '0644' },
      { content: 'u\n', dest: '/srv/sw/nomode' },
    ]) {
      calls = 0;
      assert.equal((await copy.run(ctx, args)).changed, true);
      assert.equal(calls, 1, `${args.dest}: the command writes it`);
    }
    for (const args of [
      { path: '/srv/sgid/d', state: 'directory', mode: '0755' },
      { path: '/srv/sw/d3', state: 'directory' },
    ]) {
      calls = 0;
      assert.equal((await file.run(ctx, args)).changed, true);
      assert.equal(calls, 1, `${args.path}: mkdir makes it`);
    }
    // chmod 0755 keeps the setgid bit a directory got from its parent, as the command does
    assert.equal(await sh('stat -c %a:%G /srv/sgid/d'), '2755:nogroup\n');
    calls = 0;
    const unknown = await copy.run(ctx, {
      content: 'o\n',
      dest: '/srv/sw/o',
      mode: '0644',
      owner: 'no-such-user',
    });
    assert.equal(unknown.failed, true);
    assert.equal(calls, 1, 'chown decides about an unknown owner');
    assert.equal(
      await sh('stat -c %U:%G /srv/sgid/f; ls -a /srv/sw /srv/sgid | grep -c fabplay || true'),
      'root:root\n0\n',
    );
  });

  it('copies binary files of every size binary-safe (stdin path up to 4 MiB, streamed above)', async () => {
    for (const size of [0, 1, 65536 + 7, 3 * 1024 * 1024, 4 * 1024 * 1024 + 1]) {
      const bytes = randomBytes(size);
      if (size > 10) bytes.fill(0, 3, 9);
      writeFileSync(join(local, `b${size}`), bytes);
      const r = await copy.run(makeContext({ conn, filesDir: local }), {
        src: `b${size}`,
        dest: `/srv/ft/b${size}`,
      });
      assert.equal(r.changed, true, `${size}: ${String(r.msg)}`);
      const sum = createHash('sha1').update(bytes).digest('hex');
      assert.equal(r.checksum, sum);
      assert.equal(await sh(`sha1sum < /srv/ft/b${size}`), `${sum}  -\n`, `size ${size}`);
    }
  });

  // Over a root login SFTP answers a small file's check with no process on the host (fast-stat.ts);
  // a large file is hashed on the host, the file module asks for the link count (one command each).
  it('a converged file costs one command per task at most, none for small files and directories (nothing uploaded)', async () => {
    let calls = 0;
    const counting: Connection = Object.create(conn, {
      exec: { value: (c: string, o?: object) => (calls++, conn.exec(c, o)) },
      put: { value: () => assert.fail('nothing may be uploaded') },
      putFile: { value: () => assert.fail('nothing may be uploaded') },
    });
    writeFileSync(join(local, 'same.bin'), randomBytes(6 * 1024 * 1024));
    const ctx = makeContext({ conn: counting, filesDir: local });
    const tasks: [ModuleDef<any>, Record<string, unknown>, number][] = [
      [copy, { src: 'same.bin', dest: '/srv/ft/same.bin' }, 1],
      [copy, { content: 'x\n', dest: '/srv/ft/x', mode: '0600', owner: 'root' }, 0],
      [file, { path: '/srv/ft', state: 'directory' }, 0],
      // a regular file: its link count (a hard link or not) comes from the stat command only
      [file, { path: '/srv/ft/x', state: 'file' }, 1],
      [lineinfile, { path: '/srv/ft/x', line: 'x' }, 0],
    ];
    await copy.run(makeContext({ conn, filesDir: local }), tasks[0]![1]);
    await copy.run(makeContext({ conn }), tasks[1]![1]);
    for (const [m, args, commands] of tasks) {
      calls = 0;
      assert.equal((await m.run(ctx, args)).changed, false, m.name);
      assert.equal(calls, commands, `${m.name} ${JSON.stringify(args)}: ${calls} commands`);
    }
  });

  /**
   * Starts a copy of `size` random bytes over a fresh connection and destroys its TCP connection once
   * `threshold` bytes of the temporary file matching `pattern` arrived. The host writes into its
   * overlay upper dir on this machine, so the upload is watched there, every millisecond.
   */
  async function copyAndCut(
    size: number,
    threshold: number,
    pattern: RegExp,
    opts: { mayFinish?: boolean } = {},
  ) {
    const srcPath = join(local, `cut-${size}.img`);
    writeFileSync(srcPath, randomBytes(size));
    await sh('head -c 1000 /dev/urandom > /srv/ft/disk.img');
    const oldSum = await sh('sha1sum < /srv/ft/disk.img');
    const victim = await openConnection(lab.spec('h1'));
    const dirOnController = upper('/srv/ft');
    let uploaded = 0;
    const cut = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        for (const name of readdirSync(dirOnController).filter((n) => pattern.test(n))) {
          uploaded = statSync(join(dirOnController, name), { throwIfNoEntry: false })?.size ?? 0;
          if (uploaded >= threshold) {
            clearInterval(timer);
            (victim as unknown as { client: { destroy(): void } }).client.destroy();
            resolve();
          }
        }
      }, 1);
      setTimeout(() => (clearInterval(timer), resolve()), 60_000);
    });
    const outcome = copy.run(makeContext({ conn: victim }), { src: srcPath, dest: '/srv/ft/disk.img' }).then(
      (r) => r,
      (e: Error) => e,
    );
    await cut;
    // on a loaded machine the watcher may first see a small file whole: the link then drops while
    // the host finishes the write, which mayFinish allows
    assert.ok(uploaded >= threshold && (uploaded < size || opts.mayFinish), `cut after ${uploaded} bytes`);
    const result = await outcome;
    assert.ok(result instanceof Error || result.failed, 'the copy must not succeed');
    // The host may already hold the whole stream when the link drops; then the write finishes
    // there (its sha1 is checked before the rename). Never is the file partly written.
    const now = await sh('sha1sum < /srv/ft/disk.img');
    const whole = createHash('sha1').update(readFileSync(srcPath)).digest('hex');
    if (opts.mayFinish && now !== oldSum) assert.equal(now.split(' ')[0], whole, 'the whole new file');
    else assert.equal(now, oldSum, 'the old file is intact');
    const leftAtCut = await sh('ls -a /srv/ft | grep fabplay || true');
    let left = leftAtCut;
    for (let i = 0; i < 40 && left; i++) {
      await sleep(250);
      left = await sh('ls -a /srv/ft | grep fabplay || true');
    }
    assert.equal(left, '', 'no temporary file is left');
    await victim.close().catch(() => undefined);
    return leftAtCut;
  }

  it('a connection cut in the middle of a large copy leaves the old file intact and no temporary file', async () => {
    const leftAtCut = await copyAndCut(50 * 1024 * 1024, 1024 * 1024, /fabplay-.*\.up$/);
    // the half-written upload was there right after the cut: the host-side watcher removed it
    assert.match(leftAtCut, /fabplay-.*\.up/);
  });

  it('a cut while a smaller file streams on stdin leaves the old file or the whole new one, never a partial file, and no temporary file', async () => {
    await copyAndCut(4 * 1024 * 1024, 64 * 1024, /fabplay-.*\.tmp$/, { mayFinish: true });
  });
});
