import { chalk } from './paint.js';
import type { HostStats } from '../executor/state.js';
import type { HostResultEvent, RecapEvent, RetryEvent, RolloutStop } from './events.js';
import { customStatsLines } from './custom-stats.js';
import { pyStr } from '../template/python.js';
import { stringifyFloats } from '../util/py-float.js';
import { dumpResult, type ResultFormat } from './result-format.js';

/** Texts shared by the plain and live views, in the shape of Ansible's default callback. */

export function banner(title: string, width = 80): string {
  return `${title} ${'*'.repeat(Math.max(3, width - title.length - 1))}`;
}

// warnings show as [WARNING] lines of their own (Ansible's callback takes them out of the result)
const HIDDEN = new Set([
  '_ansible_item_label',
  '_ansible_verbose_always',
  'diff',
  'invocation',
  'warnings',
  'deprecations',
  // Ansible's callback never dumps it; exceptionLine says it
  'exception',
]);

/**
 * Ansible's line before a failure whose result carries a traceback: its last line, or at -vvv
 * the whole of it (the callback's _handle_exception); undefined for a result without one.
 */
export function exceptionLine(
  result: Record<string, unknown>,
  verbosity: number,
  color: boolean,
): string | undefined {
  if (!('exception' in result)) return undefined;
  const text = String(result.exception);
  const line =
    verbosity < 3
      ? `An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ${text.trim().split('\n').at(-1)}`
      : `The full traceback is:\n${text}`;
  // Ansible's display ends a message with a newline unless it has one
  const shown = line.endsWith('\n') ? line.slice(0, -1) : line;
  return color ? chalk().red(shown) : shown;
}

/**
 * setup's and gather_facts' results that ran: Ansible marks them `_ansible_verbose_override` (all
 * those facts at -v), and its callback shows their line without the result at any verbosity.
 */
const factsHidden = (ev: HostResultEvent): boolean =>
  (ev.status === 'ok' || ev.status === 'changed') && FACT_ACTIONS.has(ev.module ?? ev.action);

const FACT_ACTIONS = new Set(['setup', 'gather_facts']);

/**
 * A result shown even without -v: one its module marks so (debug's, assert's unless quiet), as in
 * Ansible; a skipped one too (`debug: var: skipped` of a truthy value prints `skipping: [h] => {}`).
 */
export const alwaysShown = (ev: HostResultEvent): boolean => ev.result._ansible_verbose_always === true;

/** Keys in Python's sorted order at every depth, as Ansible's callback dumps results (sort_keys). */
function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort(byCodePoint)) out[k] = sortedDeep((v as Record<string, unknown>)[k]);
  return out;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compact(result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Ansible's callback gets a clean copy: the status flags failed and skipped are taken out
  for (const [k, v] of Object.entries(result))
    if (!HIDDEN.has(k) && k !== 'failed' && k !== 'skipped') out[k] = v;
  return sortedDeep(out) as Record<string, unknown>;
}

/** The item (or label) as Ansible's callback prints it: Python's str(), `{'a': 1}`, `[1, True, None]`. */
function itemText(ev: HostResultEvent): string {
  return pyStr(ev.label ?? ev.item);
}

/** ` => (item=x)` after a loop item's host (` (item=x)` for a failed one), as Ansible's callback writes it; '' for no item. */
function itemSuffix(ev: HostResultEvent): string {
  if (ev.item === undefined) return '';
  return `${ev.status === 'failed' ? '' : ' =>'} (item=${itemText(ev)})`;
}

/**
 * Ansible's lines for the files an include_tasks included: one per file and loop item, naming
 * every host that included it, in the order the first of them came.
 */
export function includedLines(evs: readonly HostResultEvent[], color: boolean): string[] {
  const hosts = new Map<string, string[]>();
  for (const ev of evs) {
    const key = `${String(ev.result.include)} for \0${itemSuffix(ev)}`;
    const list = hosts.get(key);
    if (list) list.push(ev.host);
    else hosts.set(key, [ev.host]);
  }
  return [...hosts].map(([key, names]) => {
    const text = `included: ${key.replace('\0', names.join(', '))}`;
    return color ? chalk().cyan(text) : text;
  });
}

/** Ansible's line after a failure that ignore_errors lets pass (in its skip color). */
export const ignoringLine = (color: boolean): string => (color ? chalk().cyan('...ignoring') : '...ignoring');

/** `ok: [host] => (item=x) => {...}` — the result shown when verbose, when failed, and for debug. */
/** Ansible's host_label: `host -> delegate` when the task is delegated to another host. */
function hostLabel(ev: { host: string; delegated_to?: string }): string {
  return ev.delegated_to && ev.delegated_to !== ev.host ? `${ev.host} -> ${ev.delegated_to}` : ev.host;
}

/** `fmt`: callback_result_format and callback_format_pretty (json, as asked, by default). */
export function hostLine(
  ev: HostResultEvent,
  verbosity: number,
  color: boolean,
  fmt: ResultFormat = { format: 'json' },
): string {
  const paint = (s: string): string => {
    if (!color) return s;
    switch (ev.status) {
      case 'ok':
        return chalk().green(s);
      case 'changed':
        return chalk().yellow(s);
      case 'skipped':
        return chalk().cyan(s);
      default:
        return chalk().red(s);
    }
  };
  const host = hostLabel(ev);
  const item = itemSuffix(ev);
  let head: string;
  if (ev.status === 'failed') head = item ? `failed: [${host}]${item}` : `fatal: [${host}]: FAILED!`;
  else if (ev.status === 'unreachable') head = `fatal: [${host}]: UNREACHABLE!`;
  // Ansible's callback ends a skipped item's line with a space (before ` => {...}` when verbose)
  else if (ev.status === 'skipped') head = item ? `skipping: [${host}]${item} ` : `skipping: [${host}]`;
  else head = `${ev.status}: [${host}]${item}`;
  const showResult =
    (verbosity > 0 || ev.status === 'failed' || ev.status === 'unreachable' || alwaysShown(ev)) &&
    !factsHidden(ev);
  let text = head;
  if (showResult) {
    // Ansible's callback cleans a debug result at every verbosity, and indents a result only at
    // -vvv or when its module marks it so (_dump_results)
    const r = (ev.module ?? ev.action) === 'debug' ? debugView(ev.result) : compact(ev.result);
    text += ` => ${dumpResult(r, verbosity > 2 || alwaysShown(ev), fmt)}`;
  }
  text = paint(text);
  // once, after the task's result (a loop's items print none)
  if (ev.ignored && ev.item === undefined) text += `\n${ignoringLine(color)}`;
  return text;
}

/**
 * Ansible's retry line, `FAILED - RETRYING: [host]: name (N retries left).`, in its debug colour;
 * the try's result follows from -vvv, or at once for a module that asks to be shown (debug).
 */
export function retryLine(ev: RetryEvent, verbosity: number, color: boolean): string {
  const host = hostLabel(ev);
  let text = `FAILED - RETRYING: [${host}]: ${ev.task} (${ev.retries_left} retries left).`;
  if (verbosity > 2 || ev.result._ansible_verbose_always === true)
    text += `Result was: ${stringifyFloats(compact(ev.result), 4)}`;
  return color ? chalk().gray(text) : text;
}

/**
 * What Ansible's default callback shows of a debug result: with msg, only msg (and warnings ...);
 * with var, everything but the status keys (so a loop's `item` shows, as Ansible prints it).
 */
function debugView(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const withMsg = 'msg' in r;
  for (const [k, v] of Object.entries(r)) {
    // only Ansible's internal keys: a variable named `_x` shows by `var: _x`, as in Ansible
    if (k.startsWith('_ansible_')) continue;
    if (withMsg ? ['msg', 'warnings', 'deprecations'].includes(k) : !DEBUG_HIDDEN.has(k) && k !== 'exception')
      out[k] = v;
  }
  return sortedDeep(out) as Record<string, unknown>;
}

const DEBUG_HIDDEN = new Set(['changed', 'failed', 'skipped', 'invocation', 'skip_reason']);

type RecapColor = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'gray';

/** The recap: a line per host, then set_stats' values when the run shows them. */
export function recapLines(
  stats: Record<string, HostStats>,
  color: boolean,
  custom: Pick<RecapEvent, 'custom_stats' | 'global_custom_stats'> = {},
): string[] {
  const lines = [banner('PLAY RECAP')];
  for (const [host, s] of Object.entries(stats)) {
    const cell = (k: string, n: number, c: RecapColor): string => {
      const t = `${k}=${n}`.padEnd(k.length + 5);
      return color && n > 0 ? chalk()[c](t) : t;
    };
    const name = host.padEnd(26);
    const bad = s.failed > 0 || s.unreachable > 0;
    lines.push(
      `${color ? (bad ? chalk().red(name) : s.changed ? chalk().yellow(name) : chalk().green(name)) : name} : ` +
        [
          cell('ok', s.ok, 'green'),
          cell('changed', s.changed, 'yellow'),
          cell('unreachable', s.unreachable, 'red'),
          cell('failed', s.failed, 'red'),
          cell('skipped', s.skipped, 'cyan'),
          cell('rescued', s.rescued, 'magenta'),
          cell('ignored', s.ignored, 'gray'),
        ].join(' '),
    );
  }
  const customLines = customStatsLines(custom);
  // Ansible's custom stats end with a blank line already
  lines.push(...(customLines.length ? customLines : ['']));
  return lines;
}

/** `BATCH 2 of 4 [play]: h2` */
export function batchLine(play: string, batch: number, batches: number, hosts: string[]): string {
  return banner(`BATCH ${batch} of ${batches} [${play}]: ${hosts.join(' ')}`);
}

/** Where a rollout stopped, who failed what, who was never reached. */
export function rolloutLines(s: RolloutStop, color: boolean): string[] {
  const red = (x: string) => (color ? chalk().red(x) : x);
  const lines = [
    red(`ROLLOUT STOPPED [${s.play}] after batch ${s.batch} of ${s.batches}: ${s.hosts.join(' ')}`),
  ];
  for (const f of s.failed) {
    const what = f.status === 'unreachable' ? 'unreachable in' : 'failed';
    // one line per host here; --json and the task's own output keep the whole message
    const short = oneLine(f.msg);
    lines.push(red(`  ${f.host} ${what} [${f.task}]${short ? `: ${short}` : ''}`));
  }
  lines.push(
    `  not reached: ${s.not_reached.length ? s.not_reached.join(' ') : '(none: it was the last batch)'}`,
  );
  return lines;
}

/**
 * A message in one line of at most 300 characters: its first line, and the first later line
 * that points at a line of a file (`... line 13: 300 exceeds max`), where checkers say what is wrong.
 */
export function oneLine(msg: string): string {
  const lines = msg.split('\n').map((l) => l.trim());
  const where = lines.slice(1).find((l) => /\bline \d+\b/.test(l));
  const text = [lines[0], where].filter(Boolean).join(' ... ').replace(/\s+/g, ' ');
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
