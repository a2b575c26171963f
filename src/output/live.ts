import chalk from 'chalk';
import { Listr } from 'listr2';
import type { Masker } from './masking.js';
import type { HostResultEvent, Output, RunEvent } from './events.js';
import { alwaysShown, banner, batchLine, hostLine, recapLines, retryLine, rolloutLines } from './format.js';
import { renderDiff } from './diff.js';
import { WarningLines } from './warnings.js';
import { isLoopSummary } from './loop-summary.js';

/** A diff longer than this is cut on screen (the plain view, --json and --report keep it whole). */
const MAX_DIFF_LINES = 200;

function capLines(text: string, max: number): string {
  const lines = text.split('\n');
  if (lines.length <= max) return text;
  return [
    ...lines.slice(0, max),
    `... ${lines.length - max} more lines of diff (see --report or the plain view)`,
  ].join('\n');
}

const STATE_ORDER = ['changed', 'failed', 'unreachable', 'ignored', 'rescued', 'ok', 'skipped', 'running'];
const STATE_COLOR: Record<string, (s: string) => string> = {
  ok: chalk.green,
  changed: chalk.yellow,
  failed: chalk.red,
  unreachable: chalk.red,
  ignored: chalk.gray,
  rescued: chalk.magenta,
  skipped: chalk.cyan,
  running: (s) => s,
};
/** Hosts named per outcome; past this, a count and the first few names. */
const NAMED_HOSTS = 5;

/** `h1 h2`, or past NAMED_HOSTS `12 hosts (h4 h5 h6 ...)` */
const namesOf = (names: string[]): string =>
  names.length <= NAMED_HOSTS
    ? names.join(' ')
    : `${names.length} hosts (${names.slice(0, 3).join(' ')} ...)`;

/** `changed: h1 h2  ok: h3  failed: 12 hosts (h4 h5 h6 ...)` */
export function outcomeLine(hosts: Map<string, { state: string }>): string {
  const by = new Map<string, string[]>();
  for (const [h, s] of hosts) by.set(s.state, [...(by.get(s.state) ?? []), h]);
  return STATE_ORDER.filter((st) => by.has(st))
    .map((st) => STATE_COLOR[st]!(`${st}: ${namesOf(by.get(st)!)}`))
    .join('  ');
}

/** Where a rollout stands when a batch starts: `done: h1  failed: h2  pending: h4 h5` */
export function rolloutProgress(done: string[], failed: string[], pending: string[]): string {
  const part = (what: string, names: string[], color: (s: string) => string) =>
    color(`${what}: ${names.length ? namesOf(names) : '-'}`);
  return [
    part('done', done, chalk.green),
    part('failed', failed, failed.length ? chalk.red : (x) => x),
    part('pending', pending, (x) => x),
  ].join('  ');
}

/**
 * Many hosts: a bar of the hosts done out of all, and the slowest hosts still running, instead of
 * a line per host (50 lines would not fit a terminal and would flicker).
 */
export function progressLines(
  hosts: Map<string, { state: string; started: number; ms?: number }>,
  total: number,
  now = Date.now(),
): string[] {
  const all = Math.max(total, hosts.size);
  const done = [...hosts.values()].filter((s) => s.ms !== undefined).length;
  const width = Math.max(10, Math.min(40, (process.stdout.columns ?? 80) - 40));
  const filled = all ? Math.round((done / all) * width) : 0;
  const lines = [`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${all} hosts done`];
  const running = [...hosts]
    .filter(([, s]) => s.ms === undefined)
    .sort(([, a], [, b]) => a.started - b.started)
    .slice(0, 3)
    .map(([h, s]) => `${h} ${((now - s.started) / 1000).toFixed(1)}s`);
  if (running.length) lines.push(`slowest: ${running.join(', ')}`);
  return lines;
}

interface LiveTask {
  title: string;
  hosts: Map<string, { state: string; started: number; ms?: number }>;
  details: string[];
  done: () => void;
  update?: () => void;
}

/**
 * The terminal view: one listr2 task per playbook task, showing each host's state and time
 * while it runs; results worth reading (debug, failures, diffs) stay under the task.
 */
export class LiveOutput implements Output {
  private current?: LiveTask;
  /** hosts of the play (or of its batch): a task's progress bar counts up to it */
  private hostCount = 0;
  private chain: Promise<void> = Promise.resolve();
  private warnings = new WarningLines();
  /** the play's hosts, those its earlier batches took, and those that failed (not ignored) */
  private play = { hosts: [] as string[], reached: new Set<string>(), failed: new Set<string>() };

  constructor(
    private masker: Masker,
    private opts: { diff: boolean; verbosity: number; warningsShown?: readonly string[] },
  ) {
    this.warnings.markShown(opts.warningsShown ?? []);
  }

  private print(text: string): void {
    this.chain = this.chain.then(() => {
      process.stdout.write(this.masker.text(text) + '\n');
    });
  }

  private finish(): void {
    this.current?.done();
    this.current = undefined;
  }

  private start(title: string): void {
    this.finish();
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    title = this.masker.text(title);
    const t: LiveTask = { title, hosts: new Map(), details: [], done };
    this.current = t;
    const listr = new Listr(
      [
        {
          title,
          // the output stays on screen once the task is done (listr2 clears it by default)
          rendererOptions: { persistentOutput: true },
          task: async (_ctx, task) => {
            t.update = () => {
              const lines =
                t.hosts.size <= NAMED_HOSTS
                  ? [...t.hosts].map(
                      ([h, s]) =>
                        `${h.padEnd(20)} ${s.state.padEnd(11)} ${((s.ms ?? Date.now() - s.started) / 1000).toFixed(2)}s`,
                    )
                  : progressLines(t.hosts, this.hostCount);
              task.output = this.masker.text([...lines, ...t.details].join('\n'));
            };
            t.update();
            // the running hosts' timers move between events too
            const tick = setInterval(() => t.update?.(), 500);
            await finished.finally(() => clearInterval(tick));
            // done: the hosts' outcome in one line, then what is worth reading stays
            task.output = this.masker.text([outcomeLine(t.hosts), ...t.details].join('\n'));
            const bad = [...t.hosts].filter(([, s]) => s.state === 'failed' || s.state === 'unreachable');
            // a failed host marks the task failed in the view (the run goes on)
            if (bad.length) throw new Error(`${bad.map(([h, s]) => `${h}: ${s.state}`).join(', ')}`);
          },
        },
      ],
      {
        renderer: 'default',
        // a failed task keeps its title (the failures are in its output)
        rendererOptions: { collapseSubtasks: false, showErrorMessage: false },
        exitOnError: false,
      },
    );
    this.chain = this.chain.then(() =>
      listr.run().then(
        () => undefined,
        () => undefined,
      ),
    );
  }

  emit(ev: RunEvent): void {
    switch (ev.event) {
      case 'playbook_start':
        if (this.opts.verbosity > 0) this.print(`\nPLAYBOOK: ${ev.playbook}`);
        return;
      case 'play_start':
        this.play = { hosts: ev.hosts, reached: new Set(), failed: new Set() };
        this.hostCount = ev.hosts.length;
        this.finish();
        for (const w of this.warnings.linesFor({ warnings: ev.warnings }, true)) this.print(w);
        this.print(`\n${banner(`PLAY [${ev.name}]`)}`);
        return;
      case 'task_start':
        this.start(`${ev.handler ? 'RUNNING HANDLER' : 'TASK'} [${ev.task}]`);
        return;
      case 'host_start':
        this.current?.hosts.set(ev.host, { state: 'running', started: Date.now() });
        this.current?.update?.();
        return;
      case 'host_result':
        return this.result(ev);
      case 'log':
        if (ev.level <= this.opts.verbosity) this.current?.details.push(ev.msg);
        return;
      case 'retry':
        this.current?.details.push(retryLine(ev, this.opts.verbosity, false));
        return;
      case 'batch_start':
        this.hostCount = ev.hosts.length;
        this.finish();
        this.print(`\n${batchLine(ev.play, ev.batch, ev.batches, ev.hosts)}`);
        this.print(this.batchProgress(ev.hosts));
        return;
      case 'rollout_stopped':
        this.finish();
        this.print('');
        for (const l of rolloutLines(ev, true)) this.print(l);
        return;
      case 'recap':
        this.finish();
        this.print('');
        for (const l of recapLines(ev.stats, true, ev)) this.print(l);
        // the live view is fabplay's own (a terminal, not Ansible's callback): it keeps the duration
        this.print(`total time: ${(ev.duration_ms / 1000).toFixed(2)}s`);
        if (ev.rollout_stopped) {
          this.print('');
          for (const l of rolloutLines(ev.rollout_stopped, true)) this.print(l);
        }
        return;
      default:
        return;
    }
  }

  /** The rollout's hosts before this batch: done (taken by earlier batches, not failed), failed, pending. */
  private batchProgress(batch: string[]): string {
    const p = this.play;
    const earlier = p.hosts.filter((h) => p.reached.has(h) && !batch.includes(h));
    const pending = p.hosts.filter((h) => !p.reached.has(h) && !batch.includes(h));
    for (const h of batch) p.reached.add(h);
    return `  ${rolloutProgress(
      earlier.filter((h) => !p.failed.has(h)),
      earlier.filter((h) => p.failed.has(h)),
      pending,
    )}`;
  }

  private result(ev: HostResultEvent): void {
    if (!this.current) this.start(`TASK [${ev.task}]`);
    const t = this.current!;
    const prev = t.hosts.get(ev.host);
    const isSummary = ev.item === undefined;
    if (isSummary && (ev.status === 'failed' || ev.status === 'unreachable') && !ev.ignored && !ev.rescued)
      this.play.failed.add(ev.host);
    if (isSummary)
      t.hosts.set(ev.host, {
        state: ev.ignored ? 'ignored' : ev.rescued ? 'rescued' : ev.status,
        started: prev?.started ?? Date.now(),
        ms: ev.duration_ms,
      });
    // before the host's line, as Ansible's callback; a loop's items showed their warnings
    t.details.push(...this.warnings.eventLines(ev.warnings, true));
    if (!isLoopSummary(ev)) t.details.push(...this.warnings.linesFor(ev.result, true));
    // -v: every result with its details, as the plain view prints them; else what is worth reading
    const shown =
      this.opts.verbosity > 0 || ev.status === 'failed' || ev.status === 'unreachable' || alwaysShown(ev);
    if (shown && !(isLoopSummary(ev) && ev.status !== 'failed'))
      t.details.push(hostLine(ev, this.opts.verbosity, true));
    if ((ev.diff ?? this.opts.diff) && ev.result.diff) {
      const d = renderDiff(ev.result.diff, true);
      if (d) t.details.push(capLines(d, MAX_DIFF_LINES));
    }
    t.update?.();
  }

  async close(): Promise<void> {
    await this.settle();
  }

  /** The current task's view ends (it would redraw over a question) and every line is out. */
  async settle(): Promise<void> {
    this.finish();
    await this.chain;
  }
}
