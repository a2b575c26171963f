import { defineModule, ModuleFailure } from '../lib/args.js';
import { atomicWrite } from '../lib/atomic-write.js';
import { backupOf, installTable, readCronFile, readUserTable } from './cron-io.js';
import { planCron, type CronWanted } from './cron-plan.js';
import { envNames, jobNames, render } from './cron-table.js';
import type { FileDiff } from '../types.js';

/**
 * ansible.builtin.cron: a job under its `#Ansible: NAME` line, or a `NAME="value"` variable, in a
 * user's crontab (`crontab -l`, installed again with `crontab FILE`) or in a cron file of its own
 * (/etc/cron.d). The edits are cron-plan.ts's, the reads and writes cron-io.ts's.
 */

export const cron = defineModule({
  name: 'cron',
  args: {
    name: { type: 'string' },
    user: { type: 'string' },
    job: { type: 'string', aliases: ['value'] },
    cron_file: { type: 'string', remotePath: true },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
    backup: { type: 'boolean', default: false },
    minute: { type: 'string', default: '*' },
    hour: { type: 'string', default: '*' },
    day: { type: 'string', default: '*', aliases: ['dom'] },
    month: { type: 'string', default: '*' },
    weekday: { type: 'string', default: '*', aliases: ['dow'] },
    special_time: {
      type: 'string',
      enum: ['reboot', 'yearly', 'annually', 'monthly', 'weekly', 'daily', 'hourly'],
    },
    disabled: { type: 'boolean', default: false },
    env: { type: 'boolean', default: false },
    insertafter: { type: 'string' },
    insertbefore: { type: 'string' },
  },
  required: ['name'],
  rules: { mutuallyExclusive: [['insertafter', 'insertbefore']] },
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (a.cron_file === '/etc/crontab')
      throw new ModuleFailure('Will not manage /etc/crontab via cron_file, see documentation.');
    const w: CronWanted = {
      ...a,
      present: a.state === 'present',
      special: a.special_time,
      cronFile: a.cron_file,
    };
    const path = a.cron_file && (a.cron_file.startsWith('/') ? a.cron_file : `/etc/cron.d/${a.cron_file}`);
    const table = path ? await readCronFile(ctx, path) : await readUserTable(ctx, a.user);
    const plan = planCron(w, [...table.lines], table.existing);
    if (plan.kind === 'fail') throw new ModuleFailure(plan.msg);
    if (plan.kind === 'remove-file') {
      if (a.backup) await backupOf(ctx, table.lines);
      await ctx.change(['rm', '-f', '--', path!]);
      // Ansible's early return: no jobs or warnings, and an empty diff outside diff mode
      const diff = ctx.diff ? { ...fileDiff(path!, table.existing, ''), after_header: '/dev/null' } : {};
      const removed: Record<string, unknown> = {
        changed: true,
        cron_file: a.cron_file,
        state: a.state,
        diff,
      };
      return removed as { changed: boolean };
    }
    const result: Record<string, unknown> = {
      changed: plan.changed,
      jobs: jobNames(plan.lines),
      envs: envNames(plan.lines),
    };
    if (plan.changed) {
      const after = render(plan.lines);
      const backupFile = a.backup ? await backupOf(ctx, table.lines) : undefined;
      if (backupFile !== undefined) result.backup_file = backupFile;
      // a new cron file gets 0644 (Ansible writes it under umask 022); an old one keeps its mode
      if (path)
        await atomicWrite(
          ctx,
          table.target ?? path,
          { data: Buffer.from(after) },
          table.exists ? {} : { mode: 0o644 },
        );
      else await installTable(ctx, table.crontab!, after);
      const header = path ?? (a.user ? `crontab for user "${a.user}"` : 'crontab');
      if (ctx.diff) result.diff = fileDiff(header, table.existing, after);
    }
    if (a.cron_file !== undefined) result.cron_file = a.cron_file;
    // Ansible gives its warnings on success only (a failed install shows none)
    for (const warning of plan.warnings) ctx.warn(warning);
    return result as { changed: boolean };
  },
});

function fileDiff(header: string, before: string, after: string): FileDiff {
  return { before, after, before_header: header, after_header: header };
}
