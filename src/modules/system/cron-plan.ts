import { findEnv, findJob, isEmpty, jobLine, replaceEnv, replaceJob } from './cron-table.js';

/** cron's thinking, pure: the wanted entry and the table read from the host -> what to do. */

export interface CronWanted {
  name: string;
  job?: string;
  present: boolean;
  minute: string;
  hour: string;
  day: string;
  month: string;
  weekday: string;
  special?: string;
  disabled: boolean;
  env: boolean;
  insertafter?: string;
  insertbefore?: string;
  user?: string;
  /** cron_file as given (relative to /etc/cron.d or absolute) */
  cronFile?: string;
}

export type CronPlan =
  | { kind: 'fail'; msg: string }
  /** state=absent emptied a cron file: the file goes */
  | { kind: 'remove-file' }
  | { kind: 'table'; changed: boolean; lines: string[]; warnings: string[] };

/** Ansible's checks of the arguments that need no table (cron_file's path is checked before reading). */
export function inputProblem(w: CronWanted): string | undefined {
  const timed = [w.minute, w.hour, w.day, w.month, w.weekday].some((x) => x !== '*');
  if (w.special && timed) return 'You must specify time and date fields or special time.';
  if (!w.present) return undefined;
  if (w.cronFile && !w.user) return 'To use cron_file=... parameter you must specify user=... as well';
  if (w.job === undefined) return "You must specify 'job' to install a new cron job or variable";
  if ((w.insertafter || w.insertbefore) && !w.env)
    return 'Insertafter and insertbefore parameters are valid only with env=yes';
  return undefined;
}

/** The warning Ansible gives for a cron file whose name cron may skip. */
export function cronFileWarning(cronFile: string): string | undefined {
  const base = cronFile.slice(cronFile.lastIndexOf('/') + 1);
  return /^[A-Z0-9_-]+$/i.test(base)
    ? undefined
    : `Filename portion of cron_file ("${base}") should consist solely of upper- and lower-case letters, digits, underscores, and hyphens`;
}

function planEnv(w: CronWanted, lines: string[]): CronPlan {
  if (w.name.includes(' ')) return { kind: 'fail', msg: 'Invalid name for environment variable' };
  const decl = `${w.name}="${w.job}"`;
  const old = findEnv(lines, w.name);
  if (!w.present)
    return old.length
      ? { kind: 'table', changed: true, lines: replaceEnv(lines, w.name, undefined), warnings: [] }
      : { kind: 'table', changed: false, lines, warnings: [] };
  if (old.length)
    return old[1] === decl
      ? { kind: 'table', changed: false, lines, warnings: [] }
      : { kind: 'table', changed: true, lines: replaceEnv(lines, w.name, decl), warnings: [] };
  const other = w.insertafter ?? w.insertbefore;
  if (!other) return { kind: 'table', changed: true, lines: [decl, ...lines], warnings: [] };
  const found = findEnv(lines, other);
  if (!found.length) return { kind: 'fail', msg: `Variable named '${other}' not found.` };
  const at = found[0] + (w.insertafter ? 1 : 0);
  return {
    kind: 'table',
    changed: true,
    lines: [...lines.slice(0, at), decl, ...lines.slice(at)],
    warnings: [],
  };
}

function planJob(w: CronWanted, given: readonly string[]): CronPlan {
  const lines = [...given];
  if (!w.present) {
    if (!findJob(lines, w.name).length) return { kind: 'table', changed: false, lines, warnings: [] };
    const after = replaceJob(lines, w.name, undefined);
    if (w.cronFile && isEmpty(after)) return { kind: 'remove-file' };
    return { kind: 'table', changed: true, lines: after, warnings: [] };
  }
  const job = w.job!;
  const warnings = /[\r\n]/.test(job.replace(/^[\r\n]+|[\r\n]+$/g, ''))
    ? ['Job should not contain line breaks']
    : [];
  const line = jobLine({ ...w, job, fileUser: w.cronFile ? w.user : undefined });
  // findJob may mark an unmarked line equal to the job (a change, rewritten below)
  const old = findJob(lines, w.name, line);
  if (!old.length)
    return { kind: 'table', changed: true, lines: [...lines, `#Ansible: ${w.name}`, line], warnings };
  if (old[1] !== line || old.length > 2)
    return { kind: 'table', changed: true, lines: replaceJob(lines, w.name, line), warnings };
  return { kind: 'table', changed: false, lines, warnings };
}

/** What the task does to a table whose text (headers dropped) is `existing`. */
export function planCron(w: CronWanted, lines: string[], existing: string): CronPlan {
  const problem = inputProblem(w);
  if (problem) return { kind: 'fail', msg: problem };
  const plan = w.env ? planEnv(w, lines) : planJob(w, lines);
  if (plan.kind !== 'table') return plan;
  const fileWarning = w.cronFile ? cronFileWarning(w.cronFile) : undefined;
  if (fileWarning) plan.warnings.unshift(fileWarning);
  // an unchanged table without a final line end is rewritten with one
  if (!plan.changed && existing !== '' && !/[\r\n]$/.test(existing)) plan.changed = true;
  return plan;
}
