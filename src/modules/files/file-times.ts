import { ModuleFailure } from '../lib/args.js';
import type { RemoteStat } from '../lib/remote-stat.js';
import { cmd } from '../../util/shell.js';
import type { ModuleContext } from '../types.js';

/**
 * The file module's modification_time and access_time (Ansible's update_timestamp_for_file):
 * which `touch` commands set them, and the before/after times its diff reports.
 */

export interface TimeArgs {
  path: string;
  modification_time?: string;
  modification_time_format: string;
  access_time?: string;
  access_time_format: string;
}

const STRPTIME: Record<string, string> = {
  Y: '(\\d{4})',
  m: '(\\d{1,2})',
  d: '(\\d{1,2})',
  H: '(\\d{1,2})',
  M: '(\\d{1,2})',
  S: '(\\d{1,2})',
  y: '(\\d{2})',
};

/** A time written in a Python strptime format, as `touch -d` text (local time, like Ansible's). */
export function touchDate(value: string, format: string, what: string): string {
  const order: string[] = [];
  let re = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const d = format[++i] ?? '';
    if (d === '%') re += '%';
    else if (STRPTIME[d]) {
      re += STRPTIME[d];
      order.push(d);
    } else
      throw new ModuleFailure(
        `${what}_format: the directive %${d} is not supported (use %Y %y %m %d %H %M %S)`,
      );
  }
  const m = new RegExp(`^${re}$`).exec(value);
  if (!m) throw new ModuleFailure(`Error while obtaining timestamp for time ${value} using format ${format}`);
  const f: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0 };
  order.forEach((d, i) => {
    const n = Number(m[i + 1]);
    if (d === 'y') f.Y = n < 69 ? 2000 + n : 1900 + n;
    else f[d] = n;
  });
  const p = (n: number) => String(n).padStart(2, '0');
  return `${f.Y}-${p(f.m!)}-${p(f.d!)} ${p(f.H!)}:${p(f.M!)}:${p(f.S!)}`;
}

/** `touch` steps for the times wanted ('now', 'preserve' or a time in its format). */
function touchSteps(path: string, m: string, t: string, a: TimeArgs): string[][] {
  if (m === 'now' && t === 'now') return [['touch', '--', path]];
  const at = (v: string, format: string, what: string) =>
    v === 'now' ? [] : ['-d', touchDate(v, format, what)];
  const steps: string[][] = [];
  if (m !== 'preserve')
    steps.push(['touch', '-m', ...at(m, a.modification_time_format, 'modification_time'), '--', path]);
  if (t !== 'preserve')
    steps.push(['touch', '-a', ...at(t, a.access_time_format, 'access_time'), '--', path]);
  return steps;
}

export interface TimeChanges {
  steps: string[][];
  before: Record<string, number>;
  after: Record<string, number>;
}

/**
 * What setting the times changes on an existing path. `byDefault` is what an absent argument
 * means: 'now' for state=touch, 'preserve' for file and directory. A given time is read in the
 * host's time zone (one probe, as `touch -d` reads it there too).
 */
export async function timeChanges(
  ctx: ModuleContext,
  a: TimeArgs,
  st: RemoteStat,
  byDefault: 'now' | 'preserve',
): Promise<TimeChanges> {
  const m = a.modification_time ?? byDefault;
  const t = a.access_time ?? byDefault;
  const none: TimeChanges = { steps: [], before: {}, after: {} };
  if (m === 'preserve' && t === 'preserve') return none;
  const isTime = (v: string) => v !== 'now' && v !== 'preserve';
  const asked: Array<[string, string, string]> = [];
  if (isTime(m)) asked.push([m, a.modification_time_format, 'modification_time']);
  if (isTime(t)) asked.push([t, a.access_time_format, 'access_time']);
  const epochs = asked.length
    ? (
        await ctx.probe({
          shell: asked.map(([v, f, what]) => cmd(['date', '-d', touchDate(v, f, what), '+%s'])).join('; '),
        })
      ).stdout
        .trim()
        .split('\n')
        .map(Number)
    : [];
  const now = Date.now() / 1000;
  const wanted = (v: string, prev: number | undefined) =>
    v === 'now' ? now : v === 'preserve' ? prev : epochs[asked.findIndex(([x]) => x === v)];
  const wantM = wanted(m, st.mtime);
  const wantA = wanted(t, st.atime);
  // 'now' for both always changes: Ansible sets the times without comparing
  if (!(m === 'now' && t === 'now') && wantM === st.mtime && wantA === st.atime) return none;
  const out: TimeChanges = { steps: touchSteps(a.path, m, t, a), before: {}, after: {} };
  if (wantM !== st.mtime) {
    out.before.mtime = st.mtime!;
    out.after.mtime = wantM!;
  }
  if (wantA !== st.atime) {
    out.before.atime = st.atime!;
    out.after.atime = wantA!;
  }
  return out;
}

/** `touch` steps that give a new file the times wanted (after `touch` made it). */
export function newFileTimeSteps(a: TimeArgs): string[][] {
  if (a.modification_time === undefined && a.access_time === undefined) return [];
  return touchSteps(a.path, a.modification_time ?? 'now', a.access_time ?? 'now', a);
}
