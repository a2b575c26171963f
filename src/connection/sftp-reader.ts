import type { Ssh2Sftp } from './ssh2-lib.js';
import type { FileAttrs, FileReader, PrefetchPlan } from './types.js';
import type { Request } from './end-race.js';

/** SFTP status code for a path that does not exist. */
const NO_SUCH_FILE = 2;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
/**
 * Files a prefetch holds open at once: the server's descriptors are shared with the tasks' own
 * (OpenSSH's sftp-server allows its RLIMIT_NOFILE less 5), and each open beyond it costs a round
 * trip more.
 */
const PREFETCH_OPEN = 64;
/** Bytes a prefetch holds at most: a loop over many files reads the rest when it gets there. */
const PREFETCH_BYTES = 8 * 1024 * 1024;
/** Bytes held for later tasks, per look-ahead: held per host until something is written. */
const LOOK_AHEAD_BYTES = 256 * 1024;
/** A file this small is read with one request, whatever the server's limit on one read (64 KiB at least). */
const ONE_READ = 32 * 1024;

/** What a prefetch asked of one path, and the write generation it was asked in. */
interface Prefetched {
  gen: number;
  attrs: Promise<FileAttrs | undefined>;
  /** the bytes of a regular file within the limit; undefined for anything else */
  data?: Promise<Buffer | undefined>;
}

/**
 * Reads metadata and bytes of remote files over the connection's SFTP session: sshd answers
 * in-process (internal-sftp), so a check costs no process on the host, where a `stat` command
 * costs several. Runs with the login user's rights only.
 *
 * Every request costs a round trip, so a read whose size an lstat just told skips the fstat and
 * does not wait for the close, and a loop's probes can be asked all at once beforehand
 * (prefetch). A prefetched answer is used only while nothing has been written on the host over
 * this connection since it was asked: the connection calls changed() before and after every
 * command and write, and any doubt (an error, a size that no longer fits) asks the server again.
 *
 * lookAhead() asks the same for later tasks in the same batch of requests, but its answers serve
 * no one until the task they were asked for claims its paths with prefetch() when it starts: a
 * module that polls a path (wait_for) never sees them, and a path claimed by no task costs a
 * request, never an answer.
 */
export class SftpReader implements FileReader {
  private gen = 0;
  /** answers the running tasks claimed (prefetch) */
  private readonly prefetched = new Map<string, Prefetched>();
  /** answers asked for later tasks (lookAhead), serving no one until claimed */
  private readonly ahead = new Map<string, Prefetched>();
  /** the next task's checks, asked behind each write of the running task (behindWrite) */
  private behind?: () => PrefetchPlan | undefined;

  constructor(
    readonly user: string,
    private readonly session: () => Promise<Ssh2Sftp>,
    /** sends one request (raced against the connection's end: EndRace.request) */
    private readonly request: Request,
    /** the connection's own SFTP read (Connection.get) */
    private readonly readWhole: (path: string) => Promise<Buffer>,
  ) {}

  /** How many times changed() was called: what was asked at one generation is gone at the next. */
  get generation(): number {
    return this.gen;
  }

  /** Something on the host may have changed: no prefetched answer holds any more. */
  changed(): void {
    this.gen++;
    this.prefetched.clear();
    this.ahead.clear();
  }

  async lstat(path: string): Promise<FileAttrs | undefined> {
    const p = this.valid(path);
    if (p) {
      const a = await p.attrs.catch(() => null);
      if (a !== null && this.valid(path) === p) return a;
    }
    return this.lstatLive(path);
  }

  async read(path: string, size?: number): Promise<Buffer> {
    const p = this.valid(path);
    if (p?.data) {
      const d = await p.data.catch(() => undefined);
      if (d && this.valid(path) === p && (size === undefined || size === d.length)) return d;
    }
    return size ? this.readSized(path, size) : this.readWhole(path);
  }

  prefetch(plan: PrefetchPlan): { release(): void; readonly early: number } {
    const mine: [string, Prefetched][] = [];
    const ask = this.asker(plan, PREFETCH_BYTES);
    let claimed = 0;
    for (const path of pathsOf(plan)) {
      if (this.prefetched.has(path)) continue;
      // asked ahead for this task (or another one): claimed as it is, not asked again
      const early = this.ahead.get(path);
      const use = early && early.gen === this.gen && (early.data || !ask.wants(path));
      if (use) claimed++;
      const p = use ? early : ask(path);
      this.prefetched.set(path, p);
      mine.push([path, p]);
    }
    return {
      early: claimed,
      release: () => {
        for (const [path, p] of mine) if (this.prefetched.get(path) === p) this.prefetched.delete(path);
      },
    };
  }

  askBehindWrites(plan: (() => PrefetchPlan | undefined) | undefined): void {
    this.behind = plan;
  }

  /**
   * Called by the writer right after it sent the last request of a write (a rename, a setstat)
   * on `sftp`: asks the next task's checks (askBehindWrites) on the same session, in the same
   * packet. The server answers in order, so the answers see the write. The function returned is
   * called once that request succeeded: the answers then wait for the next task as lookAhead's
   * do, unless anything else changed meanwhile (a command, another write, in which case they
   * serve no one). On a first run, where every task writes, this spares each task the round trip
   * of its own checks.
   */
  behindWrite(sftp: Ssh2Sftp): (() => void) | undefined {
    const plan = this.behind?.();
    if (!plan) return undefined;
    // sent before the write's end counts as a change: of the generation after it, so any other
    // change meanwhile (a command, another write) leaves them claimed by no one
    const sent = this.gen;
    const ask = this.asker(plan, LOOK_AHEAD_BYTES, {
      gen: sent + 1,
      session: () => Promise.resolve(sftp),
      fresh: () => this.gen === sent || this.gen === sent + 1,
    });
    const asked = [...pathsOf(plan)].map((path) => [path, ask(path)] as const);
    return () => {
      for (const [path, p] of asked) this.ahead.set(path, p);
    };
  }

  lookAhead(plan: PrefetchPlan): void {
    const ask = this.asker(plan, LOOK_AHEAD_BYTES);
    for (const path of pathsOf(plan)) {
      const early = this.ahead.get(path);
      if (early && early.gen === this.gen && (early.data || !ask.wants(path))) continue;
      // asked for the running task: the same answer kept for the later one, once it claims it
      const now = this.prefetched.get(path);
      const useNow = now && now.gen === this.gen && (now.data || !ask.wants(path));
      this.ahead.set(path, useNow ? now : ask(path));
    }
  }

  /**
   * Asks the lstat of a path, and its bytes when the plan reads it (within the limits): the
   * answers are of generation `gen`, and a read is not sent once `fresh` is false.
   */
  private asker(
    plan: PrefetchPlan,
    bytes: number,
    at?: { gen: number; session: () => Promise<Ssh2Sftp>; fresh: () => boolean },
  ) {
    const gen = at?.gen ?? this.gen;
    const session = at?.session ?? this.session;
    const fresh = at?.fresh ?? (() => this.gen === gen);
    const wanted = new Set(plan.read);
    const slot = slots(PREFETCH_OPEN);
    let budget = bytes;
    const small = (a: FileAttrs | undefined): a is FileAttrs =>
      !!a && (a.mode & S_IFMT) === S_IFREG && a.size > 0 && a.size <= plan.readLimit;
    const ask = (path: string): Prefetched => {
      const attrs = this.lstatLive(path, session);
      const data = wanted.has(path)
        ? attrs.then((a) => {
            if (!small(a) || a.size > budget) return undefined;
            budget -= a.size;
            // a change while it waited for a slot: not read at all
            return slot(async () => (fresh() ? this.readSized(path, a.size, session) : undefined));
          })
        : undefined;
      // a failed prefetch is asked again by whoever needs it: never an unhandled rejection
      attrs.catch(() => {});
      data?.catch(() => {});
      return { gen, attrs, data };
    };
    return Object.assign(ask, { wants: (path: string) => wanted.has(path) });
  }

  private valid(path: string): Prefetched | undefined {
    const p = this.prefetched.get(path);
    return p && p.gen === this.gen ? p : undefined;
  }

  private async lstatLive(path: string, session = this.session): Promise<FileAttrs | undefined> {
    const sftp = await session();
    return this.request<FileAttrs | undefined>((done) =>
      sftp.lstat(path, (err, st) => {
        if (err) return (err as { code?: number }).code === NO_SUCH_FILE ? done(null, undefined) : done(err);
        const s = st as FileAttrs; // ssh2's Stats has these fields and more
        done(null, { mode: s.mode, uid: s.uid, gid: s.gid, size: s.size, atime: s.atime, mtime: s.mtime });
      }),
    );
  }

  /**
   * open, then reads of `size` bytes (what lstat told; a file that shrank since gives what is
   * left, as readFile does): no fstat, and the close is sent without waiting for its answer (the
   * server handles requests in order, so nothing later can overtake it). A small file's one read
   * and the close go out together (one packet: coalesceSftpWrites); should that read come back
   * short, the file is read again the long way.
   */
  private async readSized(path: string, size: number, session = this.session): Promise<Buffer> {
    const sftp = await session();
    const handle = await this.open(sftp, path);
    if (size <= ONE_READ) {
      const buf = Buffer.allocUnsafe(size);
      const first = this.readAt(sftp, handle, buf, 0);
      sftp.close(handle, () => {});
      const nb = await first;
      if (nb === size) return buf;
      return this.readLoop(sftp, await this.open(sftp, path), size);
    }
    return this.readLoop(sftp, handle, size);
  }

  private open(sftp: Ssh2Sftp, path: string): Promise<Buffer> {
    return this.request<Buffer>((done) => sftp.open(path, 'r', {}, done));
  }

  /** One read request filling buf from pos on; the bytes read (0 at the end of the file). */
  private readAt(sftp: Ssh2Sftp, handle: Buffer, buf: Buffer, pos: number): Promise<number> {
    return this.request<number>((done) => sftp.read(handle, buf, pos, buf.length - pos, pos, done));
  }

  /** Reads until `size` bytes or the end of the file, then closes the handle. */
  private async readLoop(sftp: Ssh2Sftp, handle: Buffer, size: number): Promise<Buffer> {
    try {
      const buf = Buffer.allocUnsafe(size);
      let pos = 0;
      while (pos < size) {
        const nb = await this.readAt(sftp, handle, buf, pos);
        if (!nb) break;
        pos += nb;
      }
      return buf.subarray(0, pos);
    } finally {
      sftp.close(handle, () => {});
    }
  }
}

/** Every path a plan asks of, once: lstat'ed, and read too when in `read`. */
function pathsOf(plan: PrefetchPlan): Set<string> {
  return new Set([...plan.stat, ...plan.read]);
}

/** Runs at most `n` of the tasks given at once, the others as those end. */
function slots(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let free = n;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (free > 0) free--;
    else await new Promise<void>((r) => queue.push(r));
    try {
      return await task();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
}
