import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import type { Masker } from './masking.js';
import type { HostResultEvent, Output, RunEvent } from './events.js';
import {
  banner,
  batchLine,
  exceptionLine,
  hostLine,
  ignoringLine,
  includedLines,
  recapLines,
  retryLine,
  rolloutLines,
} from './format.js';
import { renderDiff } from './diff.js';
import { WarningLines } from './warnings.js';

/** Plain lines, as Ansible's default callback prints them (for CI and pipes; colored on a terminal). */
export class PlainOutput implements Output {
  private header?: string;
  private lastTask?: string;
  private warnings = new WarningLines();
  /** the include_tasks results of one task, held until its last host so each file is one line */
  private included: HostResultEvent[] = [];

  constructor(
    private masker: Masker,
    private opts: { verbosity: number; color: boolean; diff: boolean; out?: Writable; err?: Writable },
  ) {}

  private write(text: string): void {
    (this.opts.out ?? process.stdout).write(this.masker.text(text) + '\n');
  }

  emit(ev: RunEvent): void {
    if (this.included.length && !this.sameInclude(ev)) this.flushIncluded();
    switch (ev.event) {
      case 'playbook_start':
        // Ansible's callback names the playbook's file from -vv on
        if (this.opts.verbosity > 1) this.write(`\n${banner(`PLAYBOOK: ${basename(ev.playbook)}`)}`);
        // Ansible's -vv line, which some tests count on
        if (this.opts.verbosity > 1 && ev.plays !== undefined)
          this.write(`${ev.plays} plays in ${ev.playbook}`);
        return;
      case 'play_start':
        this.writeWarnings({ warnings: ev.warnings });
        this.write(`\n${banner(`PLAY [${ev.name}]`)}`);
        if (ev.hosts.length === 0) this.write('skipping: no hosts matched');
        this.lastTask = undefined;
        return;
      case 'task_start':
        this.header = `${ev.handler ? 'RUNNING HANDLER' : 'TASK'} [${ev.task}]`;
        this.lastTask = ev.task;
        this.write(`\n${banner(this.header)}`);
        if (this.opts.verbosity >= 2 && ev.path) this.write(`task path: ${ev.path}`);
        return;
      case 'host_result':
        return this.hostResult(ev);
      case 'log':
        if (ev.level <= this.opts.verbosity)
          (ev.level === 0 ? (this.opts.err ?? process.stderr) : (this.opts.out ?? process.stdout)).write(
            this.masker.text(ev.msg) + '\n',
          );
        return;
      case 'retry':
        this.write(retryLine(ev, this.opts.verbosity, this.opts.color));
        return;
      case 'no_hosts_left':
        this.write(`\n${banner('NO MORE HOSTS LEFT')}`);
        return;
      case 'batch_start':
        this.write(`\n${batchLine(ev.play, ev.batch, ev.batches, ev.hosts)}`);
        return;
      case 'rollout_stopped':
        this.write('');
        for (const l of rolloutLines(ev, this.opts.color)) this.write(l);
        return;
      case 'recap':
        this.write('');
        for (const l of recapLines(ev.stats, ev.duration_ms, this.opts.color, ev)) this.write(l);
        if (ev.rollout_stopped) {
          this.write('');
          for (const l of rolloutLines(ev.rollout_stopped, this.opts.color)) this.write(l);
        }
        return;
      default:
        return;
    }
  }

  private isIncluded(ev: HostResultEvent): boolean {
    return ev.status === 'ok' && ev.action === 'include_tasks' && typeof ev.result.include === 'string';
  }

  /** Another host's result of the include task being held (the include is every host's barrier). */
  private sameInclude(ev: RunEvent): boolean {
    const held = this.included[0]!;
    return ev.event === 'host_result' && ev.task === held.task && ev.handler === held.handler;
  }

  private flushIncluded(): void {
    this.taskHeader(this.included[0]!);
    for (const l of includedLines(this.included, this.opts.color)) this.write(l);
    this.included = [];
  }

  /** Warnings not shown yet, on stderr as Ansible's. */
  private writeWarnings(result: Record<string, unknown>): void {
    for (const w of this.warnings.linesFor(result, this.opts.color))
      (this.opts.err ?? process.stderr).write(this.masker.text(w) + '\n');
  }

  /** Hosts inside blocks or includes may interleave: the header is repeated when the task changes. */
  private taskHeader(ev: HostResultEvent): void {
    if (ev.task === this.lastTask) return;
    this.lastTask = ev.task;
    this.write(`\n${banner(`${ev.handler ? 'RUNNING HANDLER' : 'TASK'} [${ev.task}]`)}`);
  }

  private hostResult(ev: HostResultEvent): void {
    this.taskHeader(ev);
    const loopSummary = ev.item === undefined && Array.isArray(ev.result.results);
    // before the host's line, on stderr, as Ansible's callback; a loop's items showed theirs
    for (const w of this.warnings.eventLines(ev.warnings, this.opts.color))
      (this.opts.err ?? process.stderr).write(this.masker.text(w) + '\n');
    if (loopSummary && ev.status !== 'failed' && !(ev.status === 'skipped' && ev.result.results)) return;
    // Ansible's callback shows a failed loop through its items only, except debug's: its cleaned
    // result keeps only the msg (`One or more items failed`), and that shows
    if (loopSummary && ev.status === 'failed' && !debugMsg(ev)) {
      if (ev.ignored) this.write(ignoringLine(this.opts.color));
      return;
    }
    // Ansible's callback: an included file is announced once all hosts ran the include, an
    // included role is not
    if (this.isIncluded(ev)) {
      if (!loopSummary) this.writeWarnings(ev.result);
      this.included.push(ev);
      return;
    }
    if (ev.status === 'ok' && ev.action === 'include_role') {
      this.writeWarnings(ev.result);
      return;
    }
    if ((ev.diff ?? this.opts.diff) && ev.result.diff && ev.item === undefined) {
      const d = renderDiff(ev.result.diff, this.opts.color);
      if (d) this.write(d);
    }
    if ((ev.diff ?? this.opts.diff) && ev.item !== undefined && ev.result.diff) {
      const d = renderDiff(ev.result.diff, this.opts.color);
      if (d) this.write(d);
    }
    const exception =
      ev.status === 'failed' && exceptionLine(ev.result, this.opts.verbosity, this.opts.color);
    if (exception) this.write(exception);
    // the module's own warnings after its diff, as Ansible's callback prints them with the host line
    if (!loopSummary) this.writeWarnings(ev.result);
    this.write(hostLine(ev, this.opts.verbosity, this.opts.color));
  }

  async close(): Promise<void> {
    if (this.included.length) this.flushIncluded();
  }

  /** Held lines out, and written through before a question shows on the terminal. */
  async settle(): Promise<void> {
    if (this.included.length) this.flushIncluded();
    const out = this.opts.out ?? process.stdout;
    await new Promise<void>((r) => out.write('', () => r()));
  }
}

/** A debug result with a msg: Ansible's callback (_clean_results) shows that alone. */
function debugMsg(ev: HostResultEvent): boolean {
  return (ev.module ?? ev.action) === 'debug' && 'msg' in ev.result;
}
