import { strict as assert } from 'node:assert';
import { openConnection } from '../../../src/connection/index.js';
import { statAndRead, statPaths, type RemoteStat } from '../../../src/modules/lib/remote-stat.js';
import type { Connection } from '../../../src/connection/types.js';
import { makeContext } from '../../helpers/module-context.js';
import { LAB_USER, LAB_USER_PASSWORD, useLab } from '../../helpers/lab.js';

/** The fields the SFTP answer gives, which must equal the `stat` command's. */
const FIELDS = [
  'path',
  'exists',
  'type',
  'mode',
  'uid',
  'gid',
  'owner',
  'group',
  'size',
  'mtime',
  'atime',
  'readable',
  'writeable',
  'executable',
  'checksum',
] as const;

/** SFTP carries whole seconds; the command's times have nanoseconds */
const pick = (st: RemoteStat) =>
  Object.fromEntries(
    FIELDS.map((f) => [f, f === 'mtime' || f === 'atime' ? Math.floor(st[f] ?? NaN) : st[f]]),
  );

/** Counts the commands a connection runs: SFTP answers count none. */
function counting(conn: Connection): { conn: Connection; calls: () => number } {
  let n = 0;
  const c: Connection = Object.create(conn, {
    exec: { value: (cmd: string, o?: object) => (n++, conn.exec(cmd, o)) },
  });
  return { conn: c, calls: () => n };
}

describe('stat over SFTP (no process on the host) @lab', function () {
  this.timeout(120_000);
  const lab = useLab({ hosts: 1 });
  let root: Connection;
  const sh = async (command: string) => {
    const r = await lab.exec('h1', command);
    assert.equal(r.rc, 0, `${command}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    root = await openConnection(lab.spec('h1'));
    await sh(
      [
        'mkdir -p /srv/fs/d && chmod 0750 /srv/fs/d && chown fpl:fpl /srv/fs/d',
        "printf 'data\\n' > /srv/fs/f && chmod 0640 /srv/fs/f",
        'printf x > /srv/fs/none && chmod 0000 /srv/fs/none',
        'printf "#!/bin/sh\\n" > /srv/fs/suid && chmod 04755 /srv/fs/suid',
        'printf y > /srv/fs/x && chmod 0701 /srv/fs/x',
        'ln -sf f /srv/fs/link',
        'printf z > /srv/fs/orphan && chown 54321:54321 /srv/fs/orphan',
        // reading a file for its checksum moves an atime older than its mtime (relatime):
        // one later than both stays, so the two stats see the same atime
        'touch -a -t 203001010000 /srv/fs/f /srv/fs/d /srv/fs/none /srv/fs/suid /srv/fs/x',
      ].join(' && '),
    );
  });
  after(async () => {
    await root?.close();
  });

  it('gives what the stat command gives, field for field, with no command', async () => {
    const paths = ['/srv/fs/f', '/srv/fs/d', '/srv/fs/none', '/srv/fs/suid', '/srv/fs/x', '/srv/fs/missing'];
    const c = counting(root);
    const fast = await statPaths(makeContext({ conn: c.conn }), paths, { checksum: 'sha1', follow: true });
    assert.equal(c.calls(), 0, 'no command ran');
    const slow = await statPaths(makeContext({ conn: root }), paths, {
      checksum: 'sha1',
      follow: true,
      full: true,
    });
    assert.deepEqual(fast.map(pick), slow.map(pick));
    assert.equal(fast[1]!.owner, 'fpl');
    assert.equal(fast[3]!.mode, 0o4755);
    assert.equal(fast[2]!.readable, true, 'root reads a mode 0000 file');
    assert.equal(fast[5]!.exists, false);
  });

  it('reads a file with its stat, and falls back to the command for links and unknown owners', async () => {
    const c = counting(root);
    const ctx = makeContext({ conn: c.conn });
    const { st, content } = await statAndRead(ctx, '/srv/fs/f');
    assert.equal(c.calls(), 0);
    assert.equal(content?.toString(), 'data\n');
    assert.equal(st.size, 5);
    const [link] = await statPaths(ctx, ['/srv/fs/link'], { follow: true });
    assert.equal(c.calls(), 1, 'a symlink is left to readlink -f in the command');
    assert.equal(link!.linkTarget, 'f');
    assert.equal(link!.realPath, '/srv/fs/f');
    const [orphan] = await statPaths(ctx, ['/srv/fs/orphan']);
    assert.equal(c.calls(), 2, 'uid 54321 has no name in /etc/passwd: the command asks NSS');
    assert.equal(orphan!.uid, 54321);
  });

  it('a user added during the run is found: the names are read again', async () => {
    const c = counting(root);
    const ctx = makeContext({ conn: c.conn });
    await statPaths(ctx, ['/srv/fs/f']);
    await sh('useradd -u 54400 latecomer && printf l > /srv/fs/late && chown latecomer /srv/fs/late');
    const [late] = await statPaths(ctx, ['/srv/fs/late']);
    assert.equal(late!.owner, 'latecomer');
    assert.equal(c.calls(), 0);
  });

  it('another login user, or become to one, runs the command (SFTP has only the login user rights)', async () => {
    const user = await openConnection(lab.spec('h1', { user: LAB_USER, password: LAB_USER_PASSWORD }));
    try {
      const c = counting(user);
      const [st] = await statPaths(makeContext({ conn: c.conn }), ['/srv/fs/f']);
      assert.equal(c.calls(), 1);
      assert.equal(st!.readable, false, 'fpl cannot read a 0640 root file');
    } finally {
      await user.close();
    }
    const c = counting(root);
    const ctx = makeContext({ conn: c.conn, become: { method: 'su', user: LAB_USER } });
    const [st] = await statPaths(ctx, ['/srv/fs/f']);
    assert.equal(c.calls(), 1);
    assert.equal(st!.readable, false);
  });
});
