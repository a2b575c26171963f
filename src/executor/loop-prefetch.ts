import { loadModules, loadedModule } from '../modules/catalog.js';
import { CHECKSUM_READ_LIMIT, readerIsExact } from '../modules/lib/fast-stat.js';
import { Templar } from '../template/index.js';
import type { Task } from '../playbook/types.js';
import { searchPathsOf, templateArgs, type ActionInput } from './action.js';
import { loopVars } from './loops.js';
import { LazyConnection } from './connections.js';

/**
 * A loop's file checks (copy, template, lineinfile, file ...) cost a few SFTP round trips per
 * item; asked for all items at once, they cost a few per loop. The items then run exactly as
 * without it: each asks its own paths, and the reader answers from what it fetched ahead only
 * while nothing has been written on the host over that connection since (any command or write
 * drops it, sftp-reader.ts), else asks the server again. The paths are guessed by templating each
 * item's arguments (and `when`: a skipped item's files are not read) ahead of time with no
 * lookups (a lookup may have effects): a wrong or failed guess costs a read, never a wrong answer.
 *
 * It starts before the first item that runs (after its `when`), for that item and the later
 * ones, and only on a connection already open: it never connects where the items would not. Not
 * for loops that wait for the host to change (until, loop_control.pause) or run as async jobs,
 * nor where SFTP's answers are not exact (fast-stat.ts: a root login, become root or none). After
 * an item that changed something, the rest go item by item.
 */
export class LoopPrefetch {
  private ahead?: { release(): void };
  private done: boolean;

  constructor(
    private readonly a: ActionInput,
    private readonly items: unknown[],
    private readonly lc: Record<string, unknown>,
    /** whether an item's `when` is false, told ahead of time with its templar (no lookups) */
    private readonly skips: (ahead: Templar) => boolean,
  ) {
    const t = a.task;
    this.done = items.length < 2 || t.kw.until !== undefined || !!a.async || Number(lc.pause ?? 0) > 0;
  }

  /** Before item `from` runs: fetches the checks of it and the later items, once. */
  async before(from: number): Promise<void> {
    if (this.done || from >= this.items.length - 1) return;
    if (this.a.conn instanceof LazyConnection && !this.a.conn.opened) return;
    this.done = true;
    this.ahead = await this.start(from).catch(() => undefined);
  }

  /** An item changed something, or the loop ended: no more answers from ahead. */
  release(): void {
    this.done = true;
    this.ahead?.release();
    this.ahead = undefined;
  }

  private async start(from: number): Promise<{ release(): void } | undefined> {
    const { a, items, lc } = this;
    const { task } = a;
    await loadModules([task.action]);
    const mod = loadedModule(task.action);
    if (!mod?.probes) return undefined;
    const reader = await a.conn.fileReader?.();
    if (!reader?.prefetch || !readerIsExact(reader, a.become)) return undefined;
    const stat: string[] = [];
    const read: string[] = [];
    const searchPaths = searchPathsOf({ role: a.role, playbookDir: a.playbookDir, file: task.pos.file });
    for (let i = from; i < items.length; i++) {
      const vars = { ...a.vars, ...loopVars(task, items, i, lc) };
      const templar = new Templar(vars, { searchPaths, noLookups: true });
      if (this.skips(templar)) continue;
      const probes = guess(task, templar, mod);
      if (!probes) continue;
      stat.push(...probes.stat.filter(isAbsolute));
      read.push(...probes.read.filter(isAbsolute));
    }
    if (stat.length + read.length === 0) return undefined;
    a.log(`<${a.host}> SFTP prefetch of ${new Set([...stat, ...read]).size} path(s) for the loop`, 4);
    return reader.prefetch({ stat, read, readLimit: CHECKSUM_READ_LIMIT });
  }
}

type Probing = NonNullable<ReturnType<typeof loadedModule>>;

function guess(task: Task, templar: Templar, mod: Probing) {
  try {
    return mod.probes!(templateArgs(task, templar, mod.keepsUnsafe));
  } catch {
    return undefined;
  }
}

/** Only absolute paths: `~` and `$HOME` are the host's to expand. */
const isAbsolute = (p: string) => typeof p === 'string' && p.startsWith('/');
