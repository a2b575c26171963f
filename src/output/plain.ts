import { chalk } from './paint.js';
import { basename, resolve } from 'node:path';
import { standardError, standardOutput, type TextSink } from './stdio.js';
import type { Masker } from './masking.js';
import type { AsyncStatusEvent, HostResultEvent, Output, RunEvent } from './events.js';
import { pyStr, truthy as pyTruthy } from '../template/python.js';
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
import { DEFAULT_CALLBACK_OPTIONS, timerLine, type CallbackOptions } from './callback-options.js';
import { isLoopSummary } from './loop-summary.js';

/**
 * Plain lines, as Ansible's default callback prints them (for CI and pipes; colored on a terminal),
 * with its options (display_ok_hosts ...).
 */
export class PlainOutput implements Output {
  private lastTask?: string;
  /** the current task's banner, until it is shown: at once, or before its first line shown */
  private pending?: { title: string; path?: string };
  /** the current task's absolute file:line (show_task_path_on_failure) */
  private taskPath?: string;
  /** the current task is a handler (show_per_host_start names it `HANDLER: ...`) */
  private handler = false;
  private warnings = new WarningLines();
  /** the include_tasks results of one task, held until its last host so each file is one line */
  private included: HostResultEvent[] = [];

  constructor(
    private masker: Masker,
    private opts: {
      verbosity: number;
      color: boolean;
      diff: boolean;
      /** --check: the DRY RUN banners of check_mode_markers */
      check?: boolean;
      /** absent: Ansible's defaults */
      callback?: CallbackOptions;
      out?: TextSink;
      err?: TextSink;
      /** warnings the CLI printed before the run, not to be repeated */
      warningsShown?: readonly string[];
    },
  ) {
    this.warnings.markShown(opts.warningsShown ?? []);
  }

  private write(text: string): void {
    (this.opts.out ?? standardOutput).write(this.masker.text(text) + '\n');
  }

  /** A line on stderr (warnings, errors), masked as every other. */
  private writeError(text: string): void {
    (this.opts.err ?? standardError).write(this.masker.text(text) + '\n');
  }

  /** A failed or unreachable host's lines: on stderr with display_failed_stderr. */
  private writeFailure(text: string): void {
    if (!this.cb.displayFailedStderr) return this.write(text);
    this.writeError(text);
  }

  private get cb(): CallbackOptions {
    return this.opts.callback ?? DEFAULT_CALLBACK_OPTIONS;
  }

  /** ` [CHECK MODE]` after a banner's title, with check_mode_markers */
  private marker(check: boolean | undefined): string {
    return check && this.cb.checkModeMarkers ? ' [CHECK MODE]' : '';
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
        if (this.opts.check && this.cb.checkModeMarkers) this.write(`\n${banner('DRY RUN')}`);
        return;
      case 'play_start':
        this.writeWarnings({ warnings: ev.warnings });
        this.write(`\n${banner(`PLAY [${ev.name}]${this.marker(ev.check_mode)}`)}`);
        if (ev.hosts.length === 0) this.write('skipping: no hosts matched');
        this.lastTask = undefined;
        this.pending = undefined;
        return;
      case 'task_start':
        for (const w of this.warnings.eventLines(ev.warnings, this.opts.color)) this.writeError(w);
        this.lastTask = ev.task;
        // Ansible names the task's file by its absolute path
        this.taskPath = ev.path && resolve(ev.path);
        this.handler = ev.handler;
        this.pending = {
          // Ansible's callback strips the name (a template that gave blanks at its end)
          title: `${ev.handler ? 'RUNNING HANDLER' : 'TASK'} [${ev.task.trim()}${ev.args ?? ''}]${this.marker(ev.check_mode)}`,
          path: this.taskPath,
        };
        // Ansible's callback holds the banner back when it may hide the task's every line
        if (this.cb.displayOkHosts && this.cb.displaySkippedHosts) this.showPending();
        return;
      case 'host_start':
        if (this.cb.showPerHostStart)
          this.write(
            paintOk(
              ` [started ${this.handler ? 'HANDLER' : 'TASK'}: ${ev.written ?? ev.task} on ${ev.host}]`,
              this.opts.color,
            ),
          );
        return;
      case 'host_result':
        return this.hostResult(ev);
      case 'log':
        if (ev.level > this.opts.verbosity) return;
        if (ev.level === 0) this.writeError(ev.msg);
        else this.write(ev.msg);
        return;
      case 'retry':
        this.write(retryLine(ev, this.opts.verbosity, this.opts.color));
        return;
      case 'async_status':
        this.write(paintDebug(asyncLine(ev), this.opts.color));
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
        for (const l of recapLines(ev.stats, this.opts.color, ev)) this.write(l);
        if (this.opts.check && this.cb.checkModeMarkers) this.write(`\n${banner('DRY RUN')}`);
        // an aggregate callback's line comes after the stdout callback's
        if (this.cb.timer) this.write(timerLine(ev.duration_ms));
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
    // another host starting it: Ansible's ` [started ...]` lines come before the included lines
    if (ev.event === 'host_start') return ev.task === held.task;
    return ev.event === 'host_result' && ev.task === held.task && ev.handler === held.handler;
  }

  private flushIncluded(): void {
    this.taskHeader(this.included[0]!);
    for (const l of includedLines(this.included, this.opts.color)) this.write(l);
    this.included = [];
  }

  /** Warnings not shown yet, on stderr as Ansible's. */
  private writeWarnings(result: Record<string, unknown>): void {
    for (const w of this.warnings.linesFor(result, this.opts.color)) this.writeError(w);
  }

  /** The held banner of the current task, with its path from -vv, as Ansible's _print_task_banner. */
  private showPending(): void {
    if (!this.pending) return;
    this.write(`\n${banner(this.pending.title)}`);
    if (this.opts.verbosity >= 2 && this.pending.path) this.write(`task path: ${this.pending.path}`);
    this.pending = undefined;
  }

  /** Hosts inside blocks or includes may interleave: the header is repeated when the task changes. */
  private taskHeader(ev: HostResultEvent): void {
    if (ev.task !== this.lastTask) {
      this.lastTask = ev.task;
      this.pending = { title: `${ev.handler ? 'RUNNING HANDLER' : 'TASK'} [${ev.task.trim()}]` };
    }
    this.showPending();
  }

  /**
   * What display_ok_hosts and display_skipped_hosts hide: an include's line shows always, and an
   * include_role's banner (Ansible's callback prints it for any include's result).
   */
  private hidden(ev: HostResultEvent): boolean {
    if (ev.status === 'skipped') return !this.cb.displaySkippedHosts;
    const include = this.isIncluded(ev) || ev.action === 'include_role';
    return ev.status === 'ok' && !this.cb.displayOkHosts && !include;
  }

  private hostResult(ev: HostResultEvent): void {
    const loopSummary = isLoopSummary(ev);
    if (this.hidden(ev)) {
      // the warnings still show, as Ansible's worker prints a template's own; an ignored failure
      // never reaches here (failed)
      for (const w of this.warnings.eventLines(ev.warnings, this.opts.color)) this.writeError(w);
      return;
    }
    this.taskHeader(ev);
    // before the host's line, on stderr, as Ansible's callback; a loop's items showed theirs
    for (const w of this.warnings.eventLines(ev.warnings, this.opts.color)) this.writeError(w);
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
    // Ansible's callback shows the diff of a changed result only (a loop's: of each changed
    // item), changed as Python reads it (a module's `"changed": "yes"` too)
    if ((ev.diff ?? this.opts.diff) && ev.result.diff && pyTruthy(ev.result.changed)) {
      const d = renderDiff(ev.result.diff, this.opts.color);
      if (d) this.write(d);
    }
    const failure = ev.status === 'failed' || ev.status === 'unreachable';
    const exception =
      ev.status === 'failed' && exceptionLine(ev.result, this.opts.verbosity, this.opts.color);
    if (exception) this.writeFailure(exception);
    // the module's own warnings after its diff, as Ansible's callback prints them with the host line
    if (!loopSummary) this.writeWarnings(ev.result);
    // a loop's items show no path; a debug loop's cleaned summary does, as a task's failure
    if (
      ev.status === 'failed' &&
      ev.item === undefined &&
      this.cb.showTaskPathOnFailure &&
      this.opts.verbosity < 2
    )
      this.write(`task path: ${this.taskPath ?? ''}`);
    // the items showed theirs: Ansible's callback takes a loop's results out (_process_items)
    const shown = loopSummary ? { ...ev, result: withoutResults(ev.result) } : ev;
    const line = hostLine(shown, this.opts.verbosity, this.opts.color, {
      format: this.cb.resultFormat,
      pretty: this.cb.prettyResults,
    });
    if (!failure) return this.write(line);
    // `...ignoring` stays on stdout
    const [head, ignoring] = ev.ignored && ev.item === undefined ? splitIgnoring(line) : [line, undefined];
    this.writeFailure(head);
    if (ignoring !== undefined) this.write(ignoring);
  }

  async close(): Promise<void> {
    if (this.included.length) this.flushIncluded();
  }

  /** Held lines out, and written through before a question shows on the terminal. */
  async settle(): Promise<void> {
    if (this.included.length) this.flushIncluded();
    const out = this.opts.out ?? standardOutput;
    await new Promise<void>((r) => out.write('', () => r()));
  }
}

function withoutResults(result: Record<string, unknown>): Record<string, unknown> {
  const { results: _, ...rest } = result;
  return rest;
}

/** A host line that ends with Ansible's `...ignoring`: the line, and that word's line apart. */
function splitIgnoring(line: string): [string, string] {
  const at = line.lastIndexOf('\n');
  return [line.slice(0, at), line.slice(at + 1)];
}

/** Ansible's callback's lines for an async task it waits for. */
function asyncLine(ev: AsyncStatusEvent): string {
  if (ev.state === 'poll')
    return `ASYNC POLL on ${ev.host}: jid=${ev.jid} started=${pyStr(ev.started ?? null)} finished=${pyStr(ev.finished ?? null)}`;
  return `ASYNC ${ev.state === 'ok' ? 'OK' : 'FAILED'} on ${ev.host}: jid=${ev.jid}`;
}

/** Ansible's COLOR_DEBUG (dark gray) on a terminal. */
const paintDebug = (text: string, color: boolean): string => (color ? chalk().gray(text) : text);

/** Ansible's COLOR_OK (green) on a terminal. */
const paintOk = (text: string, color: boolean): string => (color ? chalk().green(text) : text);

/** A debug result with a msg: Ansible's callback (_clean_results) shows that alone. */
function debugMsg(ev: HostResultEvent): boolean {
  return (ev.module ?? ev.action) === 'debug' && 'msg' in ev.result;
}
