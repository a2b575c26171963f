import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';
import { ansibleFileFacts, statPath } from '../lib/remote-stat.js';
import { sent } from '../lib/context.js';

const args = {
  state: { type: 'string', enum: ['file', 'directory'], default: 'file' },
  path: { type: 'string', remotePath: true },
  prefix: { type: 'string', default: 'ansible.' },
  suffix: { type: 'string', default: '' },
} as const satisfies ArgTable;

/**
 * tempfile: a new temporary file (0600) or directory (0700) made by mktemp; always changed, and
 * skipped in check mode, like Ansible's. Without `path`, the host's $TMPDIR or /tmp, as Python's
 * tempfile module chooses. The result carries the new path's owner, mode and size, as Ansible's.
 */
export const tempfile = defineModule({
  name: 'tempfile',
  args,
  supportsCheck: false,
  supportsDiff: false,
  async run(ctx, a) {
    if (a.prefix.includes('/') || a.suffix.includes('/'))
      throw new ModuleFailure('prefix and suffix may not contain /');
    const argv = ['mktemp', ...(a.state === 'directory' ? ['-d'] : [])];
    argv.push(a.path === undefined ? '--tmpdir' : `--tmpdir=${a.path}`);
    if (a.suffix) argv.push(`--suffix=${a.suffix}`);
    argv.push('--', `${a.prefix}XXXXXXXX`);
    // no check mode: the change is always sent
    const r = sent(await ctx.change(argv, { allowFail: true }), ctx.host, argv.join(' '));
    if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim() || `mktemp failed (rc=${r.rc})`);
    const path = r.stdout.trim();
    return { changed: true, path, ...ansibleFileFacts(await statPath(ctx, path)) };
  },
});
