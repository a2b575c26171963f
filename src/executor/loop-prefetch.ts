import type { Templar } from '../template/index.js';
import { searchPathsOf, type ActionInput } from './action.js';
import { beforeTask, itemPaths, type Following, type Paths } from './look-ahead.js';
import { loadModules, loadedModule } from '../modules/catalog.js';

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
 * ones, in the same batch as the checks of the tasks after the loop (look-ahead.ts, which also
 * tells when it connects). Not for loops that wait for the host to change (until,
 * loop_control.pause) or run as async jobs, nor where SFTP's answers are not exact (fast-stat.ts:
 * a root login, become root or none). After an item that changed something, the rest go item by
 * item.
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
    private readonly following?: Following,
  ) {
    const t = a.task;
    this.done = items.length < 2 || t.kw.until !== undefined || !!a.async || Number(lc.pause ?? 0) > 0;
  }

  /** Before item `from` runs: fetches the checks of it and the later items, once. */
  async before(from: number): Promise<void> {
    if (this.done || from >= this.items.length - 1) return;
    this.done = true;
    const own = () => this.paths(from);
    this.ahead = await beforeTask(this.a, own, this.following, true).catch(() => undefined);
  }

  /** An item changed something, or the loop ended: no more answers from ahead. */
  release(): void {
    this.done = true;
    this.ahead?.release();
    this.ahead = undefined;
  }

  /** The paths of the items from `from` on, as their arguments render now (skipped items: none). */
  private async paths(from: number): Promise<Paths | undefined> {
    const { a, items, lc } = this;
    const { task } = a;
    await loadModules([task.action]);
    const mod = loadedModule(task.action);
    if (!mod?.probes) return undefined;
    const searchPaths = searchPathsOf({ role: a.role, playbookDir: a.playbookDir, file: task.pos.file });
    return itemPaths(task, mod, a.vars, items, lc, from, searchPaths, this.skips);
  }
}
