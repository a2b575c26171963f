import { defineModule, ModuleFailure } from '../lib/args.js';
import { atomicWrite } from '../lib/atomic-write.js';
import { scriptText } from '../lib/context.js';
import { statAndRead } from '../lib/remote-stat.js';
import { planCron, type CronWanted } from './cron-plan.js';
import { envNames, jobNames, readTable, render } from './cron-table.js';
import type { FileDiff, ModuleContext } from '../types.js';

/**
 * ansible.builtin.cron: a job under its `#Ansible: NAME` line, or a `NAME="value"` variable, in a
 * user's crontab (`crontab -l`, installed again with `crontab FILE`) or in a cron file of its own
 * (/etc/cron.d). The edits are cron-plan.ts's; here the table is read and written.
 */

// the login name (first line), then the table; -u only for another user (without privileges
// crontab refuses -u, even for oneself); exit 1 is also "no crontab for USER"
const READ = [
  'me=$(id -un) || exit 2',
  'printf "%s\\n" "$me"',
  'if [ -n "$1" ] && [ "$1" != "$me" ]; then crontab -u "$1" -l; else crontab -l; fi',
].join('\n');

// installs the table from stdin through a temporary file, as Ansible does (crontab names it in
// its errors); $1: the user for -u, or empty
const WRITE = [
  't=$(mktemp "${TMPDIR:-/tmp}/crontabXXXXXXXX") || exit 1',
  'cat > "$t" && chmod 644 "$t" || { rm -f "$t"; exit 1; }',
  'if [ -n "$1" ]; then crontab -u "$1" "$t"; else crontab "$t"; fi',
  'rc=$?; rm -f "$t"; exit $rc',
].join('\n');

// backup=true: the table before the change, in a new private file whose path is printed
const BACKUP = 't=$(mktemp "${TMPDIR:-/tmp}/crontabXXXXXXXX") && cat > "$t" && printf %s "$t"';

interface Table {
  lines: string[];
  /** the text the diff's before shows */
  existing: string;
  /** crontab's -u user for the write (another user than the login), or '' */
  otherUser: string;
  /** whether the cron file exists (a user's table: true) */
  exists: boolean;
  /** a cron file that is a symlink: its target, which Ansible writes through the link */
  target?: string;
}

async function readUserTable(ctx: ModuleContext, user: string | undefined): Promise<Table> {
  const r = await ctx.probe({ shell: scriptText(READ, [user ?? '']) }, { inline: true, allowFail: true });
  const nl = r.stdout.indexOf('\n');
  if (nl < 0 || (r.rc !== 0 && r.rc !== 1))
    throw new ModuleFailure(`Unable to read crontab: ${(r.stderr || r.stdout).trim()}`);
  const me = r.stdout.slice(0, nl);
  return {
    ...readTable(r.stdout.slice(nl + 1), true),
    otherUser: user && user !== me ? user : '',
    exists: true,
  };
}

async function readCronFile(ctx: ModuleContext, path: string): Promise<Table> {
  const { st, content } = await statAndRead(ctx, path);
  // a file that cannot be read counts as empty (Ansible's IOError)
  const text = content?.toString('utf8') ?? '';
  return { ...readTable(text, false), otherUser: '', exists: st.exists, target: st.realPath };
}

async function backupOf(ctx: ModuleContext, lines: readonly string[]): Promise<string | undefined> {
  const r = await ctx.changes('back up the table to ${TMPDIR:-/tmp}/crontabXXXXXXXX', () =>
    ctx.change({ shell: BACKUP }, { inline: true, stdin: render(lines) }),
  );
  return r?.stdout;
}

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
      else await installTable(ctx, table.otherUser, after);
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

async function installTable(ctx: ModuleContext, otherUser: string, text: string): Promise<void> {
  // -v in check mode names what would run, not the script
  const what = `crontab ${otherUser ? `-u ${otherUser} ` : ''}<a table of ${Buffer.byteLength(text)} bytes>`;
  const r = await ctx.changes(what, () =>
    ctx.change({ shell: scriptText(WRITE, [otherUser]) }, { inline: true, stdin: text, allowFail: true }),
  );
  if (r && r.rc !== 0) throw new ModuleFailure(r.stderr);
}
