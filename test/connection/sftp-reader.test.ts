import { strict as assert } from 'node:assert';
import { SftpReader } from '../../src/connection/sftp-reader.js';
import type { Ssh2Sftp } from '../../src/connection/ssh2-lib.js';
import type { Request, RequestStart } from '../../src/connection/end-race.js';

/** A request settled by its own answer alone: no connection to race (a unit test of the reader). */
const plainRequest: Request = <T>(start: RequestStart<T>) =>
  new Promise<T>((resolve, reject) => start((e, v) => (e ? reject(e) : resolve(v as T))));

/** An SFTP server in memory that logs every request (a unit test of the reader alone). */
function fakeSftp(files: Map<string, Buffer>) {
  const log: string[] = [];
  const handles = { open: 0, most: 0 };
  const later = (f: () => void) => setImmediate(f);
  const noEntry = () => Object.assign(new Error('No such file'), { code: 2 });
  const sftp = {
    lstat(path: string, cb: (e: Error | undefined, st?: unknown) => void) {
      log.push(`lstat ${path}`);
      const f = files.get(path);
      later(() =>
        f
          ? cb(undefined, { mode: 0o100644, uid: 0, gid: 0, size: f.length, atime: 1, mtime: 2 })
          : cb(noEntry()),
      );
    },
    open(path: string, _flags: string, _attrs: unknown, cb: (e: Error | undefined, h?: Buffer) => void) {
      log.push(`open ${path}`);
      if (files.has(path)) handles.most = Math.max(handles.most, ++handles.open);
      later(() => (files.has(path) ? cb(undefined, Buffer.from(path)) : cb(noEntry())));
    },
    read(
      h: Buffer,
      buf: Buffer,
      off: number,
      len: number,
      pos: number,
      cb: (e: undefined, n: number) => void,
    ) {
      log.push(`read ${h.toString()}`);
      const data = files.get(h.toString()) ?? Buffer.alloc(0);
      const n = data.copy(buf, off, pos, Math.min(data.length, pos + len));
      later(() => cb(undefined, n));
    },
    close(h: Buffer, cb: () => void) {
      log.push(`close ${h.toString()}`);
      handles.open--;
      later(cb);
    },
  };
  return { sftp: sftp as unknown as Ssh2Sftp, log, handles };
}

function reader(files: Map<string, Buffer>) {
  const { sftp, log, handles } = fakeSftp(files);
  const whole = (path: string) => {
    log.push(`readFile ${path}`);
    return Promise.resolve(files.get(path)!);
  };
  return {
    r: new SftpReader('root', async () => sftp, plainRequest, whole),
    log,
    handles,
    sftp,
  };
}

/** Lets the fake server answer everything asked so far (it answers on setImmediate). */
const settle = async () => {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
};

describe('SftpReader: reads with a known size, and answers fetched ahead', () => {
  it('a read of a known size is open, read and an unawaited close: no fstat', async () => {
    const { r, log } = reader(new Map([['/f', Buffer.from('abc\n')]]));
    assert.equal((await r.read('/f', 4)).toString(), 'abc\n');
    await settle();
    assert.deepEqual(log, ['open /f', 'read /f', 'close /f']);
    // no size: the connection's whole-file read (fstat first), as before
    await r.read('/f');
    assert.equal(log.at(-1), 'readFile /f');
  });

  it("a small file's one read and its close are asked together, before the read is answered", async () => {
    const { sftp, log } = fakeSftp(new Map([['/f', Buffer.from('abc\n')]]));
    const read = sftp.read.bind(sftp);
    sftp.read = (h, buf, off, len, pos, cb) =>
      read(h, buf, off, len, pos, (e, n) => {
        log.push('read answered');
        cb(e, n);
      });
    const r = new SftpReader(
      'root',
      async () => sftp,
      plainRequest,
      () => Promise.reject(new Error('unused')),
    );
    assert.equal((await r.read('/f', 4)).toString(), 'abc\n');
    assert.deepEqual(log, ['open /f', 'read /f', 'close /f', 'read answered']);
  });

  it('answers lstat and read from the prefetch with no request, until the host changes', async () => {
    const files = new Map([
      ['/d/a', Buffer.from('one\n')],
      ['/d', Buffer.alloc(0)],
    ]);
    const { r, log } = reader(files);
    r.prefetch({ stat: ['/d/a', '/d', '/d/missing'], read: ['/d/a', '/d/missing'], readLimit: 100 });
    await settle();
    const asked = log.length;
    assert.equal((await r.lstat('/d/a'))!.size, 4);
    assert.equal(await r.lstat('/d/missing'), undefined);
    assert.equal((await r.read('/d/a', 4)).toString(), 'one\n');
    assert.equal(log.length, asked, 'no request: all answered from the prefetch');

    files.set('/d/a', Buffer.from('two!!\n'));
    r.changed();
    assert.equal((await r.lstat('/d/a'))!.size, 6);
    assert.equal((await r.read('/d/a', 6)).toString(), 'two!!\n');
    assert.deepEqual(log.slice(asked), ['lstat /d/a', 'open /d/a', 'read /d/a', 'close /d/a']);
  });

  it('a change while the prefetch is in flight: its answers are never used', async () => {
    const files = new Map([['/a', Buffer.from('old\n')]]);
    const { r, log } = reader(files);
    r.prefetch({ stat: ['/a'], read: ['/a'], readLimit: 100 });
    r.changed(); // e.g. another host's command on this connection, started meanwhile
    files.set('/a', Buffer.from('new\n'));
    await settle();
    assert.ok(!log.includes('open /a'), 'no read started after the change');
    const n = log.length;
    assert.equal((await r.read('/a', 4)).toString(), 'new\n');
    assert.deepEqual(log.slice(n), ['open /a', 'read /a', 'close /a'], 'asked again');
  });

  it('no bytes ahead for a file over the limit or of another size, nothing after release', async () => {
    const files = new Map([
      ['/big', Buffer.alloc(200, 1)],
      ['/a', Buffer.from('abc')],
    ]);
    const { r, log } = reader(files);
    const ahead = r.prefetch({ stat: [], read: ['/big', '/a'], readLimit: 100 });
    await settle();
    assert.ok(!log.includes('open /big'));
    const n = log.length;
    await r.read('/big', 200);
    assert.deepEqual(log.slice(n), ['open /big', 'read /big', 'close /big'], 'read from the server');
    // a size other than the prefetched bytes' (the caller's lstat saw another file): asked again;
    // the file is shorter than that: its one read comes back short, so it is read again the long
    // way, and gives what there is, as readFile does
    assert.equal((await r.read('/a', 5)).toString(), 'abc');
    assert.deepEqual(log.slice(n + 3), [
      'open /a',
      'read /a',
      'close /a',
      'open /a',
      'read /a',
      'read /a',
      'close /a',
    ]);
    ahead.release();
    await r.lstat('/a');
    assert.equal(log.at(-1), 'lstat /a');
  });

  it('holds 64 files open at most and 8 MiB in all: the rest is read when an item asks', async () => {
    const mib = 1024 * 1024;
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 100; i++) files.set(`/f${i}`, Buffer.alloc(i < 90 ? 10 : mib, i));
    const { r, log, handles } = reader(files);
    const paths = [...files.keys()];
    r.prefetch({ stat: paths, read: paths, readLimit: mib });
    await settle();
    await settle();
    assert.ok(handles.most <= 64, `${handles.most} open at once`);
    assert.equal(handles.open, 0, 'every handle closed');
    const opened = log.filter((l) => l.startsWith('open ')).length;
    // 90 small files, then 7 of 1 MiB fit the budget: the others are read when asked
    assert.equal(opened, 97);
    for (const [p, data] of files) assert.ok((await r.read(p, data.length)).equals(data), p);
  });
});

describe('SftpReader: answers asked ahead for later tasks', () => {
  it('answer no one until a task claims them; the claim asks nothing more', async () => {
    const files = new Map([['/a', Buffer.from('one\n')]]);
    const { r, log } = reader(files);
    r.lookAhead({ stat: ['/a'], read: ['/a'], readLimit: 100 });
    await settle();
    assert.deepEqual(log, ['lstat /a', 'open /a', 'read /a', 'close /a']);
    // a module that did not claim it (wait_for polling a path): the server is asked
    files.set('/a', Buffer.from('later\n'));
    assert.equal((await r.lstat('/a'))!.size, 6);
    assert.equal(log.at(-1), 'lstat /a');
    const n = log.length;
    const claim = r.prefetch({ stat: ['/a'], read: ['/a'], readLimit: 100 });
    assert.equal((await r.lstat('/a'))!.size, 4, 'the claimed answer: nothing was written since');
    assert.equal((await r.read('/a', 4)).toString(), 'one\n');
    assert.equal(log.length, n, 'no request for the claim');
    claim.release();
    // another task claims the same path later: still the answer asked ahead, while nothing was written
    r.prefetch({ stat: ['/a'], read: [], readLimit: 100 });
    await r.lstat('/a');
    assert.equal(log.length, n);
  });

  it('a write between the look-ahead and the claim: the claim asks the server again', async () => {
    const files = new Map([['/a', Buffer.from('old\n')]]);
    const { r, log } = reader(files);
    r.lookAhead({ stat: ['/a'], read: ['/a'], readLimit: 100 });
    await settle();
    files.set('/a', Buffer.from('newer\n'));
    r.changed(); // the task before wrote on the host
    const n = log.length;
    r.prefetch({ stat: ['/a'], read: ['/a'], readLimit: 100 });
    assert.equal((await r.lstat('/a'))!.size, 6);
    assert.equal((await r.read('/a', 6)).toString(), 'newer\n');
    assert.deepEqual(log.slice(n), ['lstat /a', 'open /a', 'read /a', 'close /a']);
  });

  it('a path the running task claimed is asked once, and kept for the later task that needs it', async () => {
    const files = new Map([['/d', Buffer.alloc(0)]]);
    const { r, log } = reader(files);
    const now = r.prefetch({ stat: ['/d'], read: [], readLimit: 100 });
    r.lookAhead({ stat: ['/d'], read: [], readLimit: 100 });
    await settle();
    now.release();
    r.prefetch({ stat: ['/d'], read: [], readLimit: 100 });
    assert.ok(await r.lstat('/d'));
    assert.deepEqual(log, ['lstat /d']);
  });

  describe('checks asked behind a write, for the next task', () => {
    const plan = { stat: ['/b'], read: ['/b'], readLimit: 100 };
    /** A write as the connection does it: a change at its start, its last request, a change at its end. */
    const write = (r: SftpReader, sftp: Ssh2Sftp, files: Map<string, Buffer>, between?: () => void) => {
      r.changed();
      files.set('/b', Buffer.from('written\n')); // the server renames before it answers what follows
      const done = r.behindWrite(sftp);
      between?.();
      r.changed();
      return done;
    };

    it('asked in the same turn as the write, they answer the next task with no request', async () => {
      const files = new Map<string, Buffer>();
      const { r, log, sftp } = reader(files);
      r.askBehindWrites(() => plan);
      const done = write(r, sftp, files);
      // in the same turn of the event loop (microtasks only): the packet of the write's last request
      for (let i = 0; i < 5; i++) await Promise.resolve();
      assert.deepEqual(log, ['lstat /b'], 'sent right behind the write, not after its answer');
      done!();
      await settle();
      const n = log.length;
      r.prefetch(plan);
      assert.equal((await r.lstat('/b'))!.size, 8);
      assert.equal((await r.read('/b', 8)).toString(), 'written\n');
      assert.equal(log.length, n, 'no request for the claim');
    });

    it('another change between the write and its end: they serve no one', async () => {
      const files = new Map<string, Buffer>();
      const { r, log, sftp } = reader(files);
      r.askBehindWrites(() => plan);
      const done = write(r, sftp, files, () => r.changed());
      done!();
      await settle();
      files.set('/b', Buffer.from('a command wrote\n'));
      const n = log.length;
      r.prefetch(plan);
      assert.equal((await r.read('/b', 16)).toString(), 'a command wrote\n');
      assert.deepEqual(log.slice(n), ['lstat /b', 'open /b', 'read /b', 'close /b']);
    });

    it('a write that failed (never marked done), or one with nothing to ask: the server is asked', async () => {
      const files = new Map<string, Buffer>();
      const { r, log, sftp } = reader(files);
      assert.equal(r.behindWrite(sftp), undefined, 'nothing asked before askBehindWrites');
      r.askBehindWrites(() => plan);
      write(r, sftp, files);
      await settle();
      const n = log.length;
      r.prefetch(plan);
      await r.lstat('/b');
      await settle();
      assert.deepEqual(log.slice(n), ['lstat /b', 'open /b', 'read /b', 'close /b']);
      r.askBehindWrites(undefined);
      assert.equal(write(r, sftp, files), undefined);
    });
  });
});
