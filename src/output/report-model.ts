import type { HostStats } from '../executor/state.js';
import type { HostResultEvent, HostStatus, RolloutStop, RunEvent } from './events.js';
import { renderDiff } from './diff.js';
import { isLoopSummary } from './loop-summary.js';

/**
 * What a run report shows, read from the events `--json` writes (the same stream, live or
 * saved): a hosts x tasks grid, each host's task durations in order, the failures, the diffs, the
 * batches of a rollout. Pure data: report-html.ts renders it.
 */

export interface ReportTask {
  /** column index */
  id: number;
  play: string;
  name: string;
  handler: boolean;
  action: string;
  /** file:line of the task */
  path?: string;
}

export interface ReportCell {
  status: HostStatus;
  ignored: boolean;
  rescued: boolean;
  durationMs: number;
}

export interface ReportFailure {
  host: string;
  task: string;
  path?: string;
  status: 'failed' | 'unreachable';
  item?: string;
  ignored: boolean;
  rescued: boolean;
  msg: string;
}

export interface ReportDiff {
  host: string;
  task: string;
  item?: string;
  /** unified diff text */
  text: string;
}

export interface ReportBatch {
  play: string;
  batch: number;
  batches: number;
  hosts: string[];
  /** this batch's failures stopped the rollout */
  stopped: boolean;
}

export interface ReportModel {
  playbooks: string[];
  hosts: string[];
  tasks: ReportTask[];
  /** cells[host][task id] */
  cells: Record<string, Record<number, ReportCell>>;
  /** each host's tasks in the order they ran */
  timeline: Record<string, { task: number; durationMs: number; status: HostStatus }[]>;
  failures: ReportFailure[];
  diffs: ReportDiff[];
  batches: ReportBatch[];
  rolloutStopped?: RolloutStop;
  stats?: Record<string, HostStats>;
  durationMs?: number;
}

/** A message longer than this is cut (a report of 50 hosts stays small); the note says so. */
const MAX_TEXT = 4000;

function cut(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}\n... (${s.length - MAX_TEXT} more characters)` : s;
}

function itemText(ev: HostResultEvent): string | undefined {
  const v = ev.label ?? ev.item;
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The part of a host's result the report reads (buildReportModel: its cell, a failure's message,
 * a diff, whether it was a loop): what a run keeps of each result until its report is written,
 * rather than every result whole (command output, file contents) of every host and task.
 */
export function reportedPart(ev: HostResultEvent): HostResultEvent {
  const r = ev.result;
  const kept: Record<string, unknown> = {};
  if (Array.isArray(r.results)) kept.results = [];
  if (ev.status === 'failed' || ev.status === 'unreachable') {
    if (r.msg !== undefined) kept.msg = r.msg;
    if (r.stderr !== undefined) kept.stderr = r.stderr;
  }
  if (r.diff !== undefined) kept.diff = r.diff;
  return { ...ev, result: kept };
}

/** A failure's message, with stderr when it says more than msg does. */
function failureMessage(r: Record<string, unknown>): string {
  const msg = typeof r.msg === 'string' ? r.msg : r.msg === undefined ? '' : JSON.stringify(r.msg);
  const stderr = typeof r.stderr === 'string' ? r.stderr.trim() : '';
  const parts = [msg.trim()];
  if (stderr && !msg.includes(stderr)) parts.push(`stderr: ${stderr}`);
  return cut(parts.filter(Boolean).join('\n'));
}

export function buildReportModel(events: RunEvent[]): ReportModel {
  const m: ReportModel = {
    playbooks: [],
    hosts: [],
    tasks: [],
    cells: {},
    timeline: {},
    failures: [],
    diffs: [],
    batches: [],
  };
  let play = '';
  let current: ReportTask | undefined;
  const known = new Set<string>();
  const addHost = (h: string): void => {
    if (known.has(h)) return;
    known.add(h);
    m.hosts.push(h);
    m.cells[h] = {};
    m.timeline[h] = [];
  };
  /**
   * The column of a result: the first task of this play with its name (and the file:line of the
   * task started last, when that is the one) that holds no result of this host yet. A later batch
   * runs the same tasks again and shares their columns; a task run twice for a host (an include
   * in a loop) gets a column per run.
   */
  const columnOf = (ev: HostResultEvent): ReportTask => {
    const path = current?.name === ev.task ? current.path : undefined;
    const fits = (t: ReportTask): boolean =>
      t.play === play &&
      t.name === ev.task &&
      t.handler === ev.handler &&
      (path === undefined || t.path === path) &&
      (ev.item !== undefined || !summaries.has(`${ev.host}\0${t.id}`));
    const found = m.tasks.find(fits);
    if (found) return found;
    const t: ReportTask = {
      id: m.tasks.length,
      play,
      name: ev.task,
      handler: ev.handler,
      action: ev.action,
      ...(path ? { path } : {}),
    };
    m.tasks.push(t);
    return t;
  };
  const summaries = new Set<string>();
  for (const ev of events) {
    switch (ev.event) {
      case 'playbook_start':
        m.playbooks.push(ev.playbook);
        break;
      case 'play_start':
        play = ev.name;
        current = undefined;
        ev.hosts.forEach(addHost);
        break;
      case 'batch_start':
        m.batches.push({
          play: ev.play,
          batch: ev.batch,
          batches: ev.batches,
          hosts: ev.hosts,
          stopped: false,
        });
        break;
      case 'task_start': {
        const same = m.tasks.find(
          (t) => t.play === play && t.name === ev.task && t.handler === ev.handler && t.path === ev.path,
        );
        // a later batch starts the same task again: it is the same column
        current = same ?? {
          id: m.tasks.length,
          play,
          name: ev.task,
          handler: ev.handler,
          action: ev.action,
          ...(ev.path ? { path: ev.path } : {}),
        };
        if (!same) m.tasks.push(current);
        break;
      }
      case 'host_result': {
        addHost(ev.host);
        const col = columnOf(ev);
        if (ev.item === undefined) summaries.add(`${ev.host}\0${col.id}`);
        addResult(m, col, ev);
        break;
      }
      case 'rollout_stopped':
        markStopped(m, ev);
        break;
      case 'recap':
        m.stats = ev.stats;
        m.durationMs = ev.duration_ms;
        Object.keys(ev.stats).forEach(addHost);
        if (ev.rollout_stopped) markStopped(m, ev.rollout_stopped);
        break;
      default:
        break;
    }
  }
  return m;
}

function markStopped(m: ReportModel, s: RolloutStop): void {
  m.rolloutStopped = s;
  for (const b of m.batches) if (b.play === s.play && b.batch === s.batch) b.stopped = true;
}

function addResult(m: ReportModel, col: ReportTask, ev: HostResultEvent): void {
  const r = ev.result;
  const summary = ev.item === undefined;
  const hadItems = isLoopSummary(ev);
  const item = itemText(ev);
  const cells = m.cells[ev.host]!;
  // a loop's items come first, its summary last: the summary's status is the task's
  if (summary || !cells[col.id])
    cells[col.id] = {
      status: ev.status,
      ignored: !!ev.ignored,
      rescued: !!ev.rescued,
      durationMs: ev.duration_ms,
    };
  if (summary) m.timeline[ev.host]!.push({ task: col.id, durationMs: ev.duration_ms, status: ev.status });
  if (ev.status === 'failed' || ev.status === 'unreachable') {
    // a loop's summary repeats what its failed items said
    const itemsSaid = m.failures.some(
      (f) => f.host === ev.host && f.task === col.name && f.item !== undefined,
    );
    if (!(summary && hadItems && itemsSaid))
      m.failures.push({
        host: ev.host,
        task: col.name,
        ...(col.path ? { path: col.path } : {}),
        status: ev.status,
        ...(item !== undefined ? { item } : {}),
        ignored: !!ev.ignored,
        rescued: !!ev.rescued,
        msg: failureMessage(r),
      });
  }
  // a loop's diffs come with its items; the summary holds them again
  if (r.diff !== undefined && !(summary && hadItems)) {
    const text = renderDiff(r.diff, false);
    if (text)
      m.diffs.push({
        host: ev.host,
        task: col.name,
        ...(item !== undefined ? { item } : {}),
        text: cut(text),
      });
  }
}
