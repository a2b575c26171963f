import { loadModules, loadedModule, moduleName } from '../modules/catalog.js';
import { CHECKSUM_READ_LIMIT, NAME_FILES, namesKnown, readerIsExact } from '../modules/lib/fast-stat.js';
import type { FileReader, PrefetchPlan } from '../connection/types.js';
import type { Task } from '../playbook/types.js';
import { Templar } from '../template/index.js';
import { searchPathsOf, type ActionInput } from './action.js';
import { templateArgs } from './task-args.js';
import { resolveBecome } from './become.js';
import { LazyConnection } from './connections.js';
import { loopControl, loopItems, loopKeyword, loopVars } from './loops.js';
import { keyword, whenConditions, type Scope } from './scope.js';
import type { PlayState } from './state.js';
import { taskVars } from './vars.js';
import type { Vars } from '../vars/precedence.js';

/** Later tasks looked at from one task, and paths asked for them at most. */
export const LOOK_AHEAD_TASKS = 16;
const WINDOW_PATHS = 256;

/** The tasks after a task in its list, as they will run on the same host (same scope). */
export interface Following {
  ps: PlayState;
  scope: Scope;
  tasks: FollowingTasks;
}

/** The tasks after a task (at most LOOK_AHEAD_TASKS), those `skip` tells left out before anything else is asked of them. */
export type FollowingTasks = (skip: (t: Task) => boolean) => readonly Task[];

/** Paths a task's checks look at (all items of a loop): lstat'ed, and read when regular files. */
export interface Paths {
  stat: string[];
  read: string[];
}

/**
 * Per connection: the write generation the last task started in, and the tasks asked ahead for
 * since, with the paths guessed for them (undefined: none could be told).
 */
interface ReaderState {
  gen?: number;
  covered: Map<Task, Paths | undefined>;
  /** the task whose checks were asked behind the last write, with them (askBehindWrites) */
  behind?: { task: Task; paths: Paths | undefined };
}
const states = new WeakMap<FileReader, ReaderState>();

/**
 * Before a task runs on a host, in one batch of SFTP requests: the paths of its own checks
 * (as guessed by an earlier task's look-ahead, else `own`: with the variables it runs with), and
 * those of the next tasks of its list (guessed now with no lookups, as loop-prefetch.ts guesses
 * items). The task answers its checks
 * from what is fetched for it only (SftpReader.prefetch claims its paths; lookAhead's answers
 * serve no one until a later task claims them), and only while nothing has been written on the
 * host over the connection since the request: any command or write drops them all. A wrong
 * guess costs a request, never a wrong answer.
 *
 * Later tasks are asked for at the first task, and after a task that wrote nothing (a first run
 * writes at every task: asking ahead there would be thrown away each time). Where a task writes,
 * the next task's checks go out right behind each of its writes instead (nextChecks). Not for
 * `until` or async tasks, delegated ones, `with_<lookup>` loops, nor where SFTP's answers are not
 * exact (fast-stat.ts). `always`: the task's own paths are asked even when no one asked ahead (a
 * loop, whose items share the batch). Connects only for a task with checks to ask (it would
 * connect itself).
 */
export async function beforeTask(
  a: ActionInput,
  own: () => Promise<Paths | undefined>,
  following: Following | undefined,
  always: boolean,
): Promise<{ release(): void } | undefined> {
  if (a.async || a.task.kw.until !== undefined) return undefined;
  let mine: Paths | undefined;
  if (a.conn instanceof LazyConnection && !a.conn.opened) {
    if (!always && !following) return undefined;
    mine = await own();
    if (!mine || mine.stat.length + mine.read.length === 0) return undefined;
  }
  const reader = await a.conn.fileReader?.();
  if (!reader?.prefetch || !readerIsExact(reader, a.become)) return undefined;
  let st = states.get(reader);
  if (!st) states.set(reader, (st = { covered: new Map() }));
  const first = st.gen === undefined;
  const quiet = st.gen === reader.generation;
  if (!quiet) st.covered.clear();
  st.gen = reader.generation;
  const looking = following !== undefined && reader.lookAhead !== undefined && (first || quiet);
  const behind = st.behind?.task === a.task ? st.behind : undefined;
  st.behind = undefined;
  let claimed: { release(): void; early: number } | undefined;
  // what was guessed ahead for it is what it claims: a path it then asks and that was not
  // guessed is asked of the server, and one guessed but not asked answers no one. A task no one
  // asked ahead for (after a write) asks its own checks in one batch too: a file's stat and its
  // directory's, which a write then asks again, are one round trip instead of three
  mine ??= st.covered.get(a.task) ?? behind?.paths ?? (await own());
  if (mine && mine.stat.length + mine.read.length > 0) {
    if (always)
      a.log(
        `<${a.host}> SFTP prefetch of ${new Set([...mine.stat, ...mine.read]).size} path(s) for the loop`,
        4,
      );
    // the owner and group names a stat reports are read once per connection: with the first checks
    const names = namesKnown(reader) ? [] : NAME_FILES;
    claimed = reader.prefetch({
      stat: mine.stat,
      read: [...mine.read, ...names],
      readLimit: CHECKSUM_READ_LIMIT,
    });
    if (claimed.early)
      a.log(
        `<${a.host}> SFTP checks: ${claimed.early} path(s) answered ${behind ? 'behind the last write' : 'ahead'}`,
        4,
      );
  }
  if (looking) await lookAheadFrom(a, reader, st, following);
  if (!following || !reader.askBehindWrites) return claimed;
  reader.askBehindWrites(nextChecks(a, reader, st, following));
  return {
    release() {
      claimed?.release();
      reader.askBehindWrites!(undefined);
    },
  };
}

/**
 * The checks of the task after this one, for the reader to ask behind this task's writes: told
 * at its first write (a run that writes nothing never tells them), with the variables of then.
 */
function nextChecks(
  a: ActionInput,
  reader: FileReader,
  st: ReaderState,
  f: Following,
): () => PrefetchPlan | undefined {
  let told = false;
  let plan: PrefetchPlan | undefined;
  return () => {
    if (told) return plan;
    told = true;
    let seen = false;
    const next = f.tasks(() => seen || !(seen = true))[0];
    if (!next) return undefined;
    // the same scope's variables, neither task having vars of its own: this task's, composed
    // already (composing them was a third of guessing; what this task registers comes later)
    const varsOf = () =>
      next.kw.vars === undefined && a.task.kw.vars === undefined
        ? a.vars
        : taskVars(f.ps, a.host, f.scope, next.kw);
    const paths = pathsAhead(f, varsOf, next, reader);
    st.behind = { task: next, paths };
    plan = paths && { stat: paths.stat, read: paths.read, readLimit: CHECKSUM_READ_LIMIT };
    return plan;
  };
}

/** Modules that run a command on the host's shell whatever their arguments. */
const COMMANDS = new Set(['command', 'shell']);

/** The paths of `task`'s checks with these variables: undefined when they cannot be told. */
export async function ownPaths(
  task: Task,
  vars: Record<string, unknown>,
  a: ActionInput,
): Promise<Paths | undefined> {
  await loadModules([task.action]);
  const mod = loadedModule(task.action);
  if (!mod?.probes) return undefined;
  const templar = new Templar(vars, {
    searchPaths: searchPathsOf(placeOf(a.role, a.playbookDir, task)),
    noLookups: true,
  });
  return guess(task, templar, mod);
}

async function lookAheadFrom(
  a: ActionInput,
  reader: FileReader,
  st: ReaderState,
  f: Following,
): Promise<void> {
  const tasks = f.tasks((t) => st.covered.has(t));
  if (!tasks.length) return;
  // a command later on: its shell opens now, beside the SFTP batch
  const commands = (t: Task) =>
    COMMANDS.has(moduleName(t.action) ?? '') && keyword(f.scope, t, 'delegate_to') === undefined;
  if (tasks.some(commands)) a.conn.prepareCommands?.();
  await loadModules([...new Set(tasks.map((t) => t.action))]).catch(() => undefined);
  const stat: string[] = [];
  const read: string[] = [];
  let n = 0;
  // the tasks of one scope without vars of their own have the same variables: composed once
  // (composing them is most of what guessing a task's paths allocates)
  let shared: Vars | undefined;
  const varsOf = (t: Task) =>
    t.kw.vars === undefined
      ? (shared ??= taskVars(f.ps, a.host, f.scope, t.kw))
      : taskVars(f.ps, a.host, f.scope, t.kw);
  for (const t of tasks) {
    if (stat.length + read.length >= WINDOW_PATHS) break;
    const p = pathsAhead(f, varsOf, t, reader);
    st.covered.set(t, p);
    if (!p) continue;
    n++;
    stat.push(...p.stat);
    read.push(...p.read);
  }
  if (stat.length + read.length === 0) return;
  a.log(
    `<${a.host}> SFTP look-ahead of ${new Set([...stat, ...read]).size} path(s) for ${n} later task(s)`,
    4,
  );
  reader.lookAhead!({ stat, read, readLimit: CHECKSUM_READ_LIMIT });
}

/** A later task's paths, guessed with the variables it would have now; undefined when unknown. */
function pathsAhead(f: Following, varsOf: (t: Task) => Vars, t: Task, reader: FileReader): Paths | undefined {
  const mod = loadedModule(t.action);
  if (!mod?.probes || t.kw.until !== undefined || t.kw.async !== undefined) return undefined;
  if (keyword(f.scope, t, 'delegate_to') !== undefined) return undefined;
  const lk = loopKeyword(t);
  if (lk !== undefined && lk !== 'loop') return undefined; // a with_<lookup> is a lookup
  try {
    const vars = varsOf(t);
    const opts = {
      searchPaths: searchPathsOf(placeOf(f.scope.role, f.ps.play.playbookDir, t)),
      noLookups: true,
    };
    const templar = new Templar(vars, opts);
    if (!readerIsExact(reader, resolveBecome(f.ps.run.req, f.scope, t, vars, templar, undefined)))
      return undefined;
    const conds = whenConditions(f.scope, t);
    const runs = (tt: Templar) => conds.every((c) => tt.isTrue(c, t.pos));
    if (lk === undefined) return runs(templar) ? guess(t, templar, mod) : undefined;
    const items = loopItems(t, lk, templar);
    const lc = loopControl(t, templar);
    if (Number(lc.pause ?? 0) > 0) return undefined;
    return itemPaths(t, mod, vars, items, lc, 0, opts.searchPaths, (tt) => !runs(tt));
  } catch {
    return undefined; // a variable an earlier task sets, a lookup: the task asks for itself
  }
}

const placeOf = (role: Scope['role'], playbookDir: string, t: Task) => ({
  role,
  playbookDir,
  file: t.pos.file,
});

type Probing = NonNullable<ReturnType<typeof loadedModule>>;

/**
 * The paths of a loop's items from `from` on, each item's arguments templated with no lookups
 * (items whose `when` is false by `skips`: none).
 */
export function itemPaths(
  task: Task,
  mod: Probing,
  vars: Record<string, unknown>,
  items: unknown[],
  lc: Record<string, unknown>,
  from: number,
  searchPaths: readonly string[],
  skips: (item: Templar) => boolean,
): Paths {
  const out: Paths = { stat: [], read: [] };
  for (let i = from; i < items.length; i++) {
    const templar = new Templar(
      { ...vars, ...loopVars(task, items, i, lc) },
      { searchPaths, noLookups: true },
    );
    const p = skips(templar) ? undefined : guess(task, templar, mod);
    out.stat.push(...(p?.stat ?? []));
    out.read.push(...(p?.read ?? []));
  }
  return out;
}

/** The module's probes for a task's arguments as this templar renders them; only absolute paths. */
export function guess(task: Task, templar: Templar, mod: Probing): Paths | undefined {
  try {
    const p = mod.probes!(templateArgs(task, templar, mod.keepsUnsafe));
    return p && { stat: p.stat.filter(isAbsolute), read: p.read.filter(isAbsolute) };
  } catch {
    return undefined;
  }
}

/** Only absolute paths: `~` and `$HOME` are the host's to expand. */
const isAbsolute = (p: string) => typeof p === 'string' && p.startsWith('/');
