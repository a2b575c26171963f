import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';

const args = {
  state: { type: 'string', enum: ['file', 'directory'], default: 'file' },
  path: { type: 'string', remotePath: true },
  prefix: { type: 'string', default: 'ansible.' },
  suffix: { type: 'string', default: '' },
} as const satisfies ArgTable;

/** tempfile: a new temporary file or directory (mktemp); always changed, like Ansible's. */
export const tempfile = defineModule({
  name: 'tempfile',
  args,
  supportsCheck: false,
  supportsDiff: false,
  async run(ctx, a) {
    if (a.prefix.includes('/') || a.suffix.includes('/'))
      throw new ModuleFailure('prefix and suffix may not contain /');
    const argv = ['mktemp', ...(a.state === 'directory' ? ['-d'] : [])];
    argv.push('-p', a.path ?? '/tmp', ...(a.suffix ? [`--suffix=${a.suffix}`] : []), `${a.prefix}XXXXXXXX`);
    const r = await ctx.run(argv, { allowFail: true });
    if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim() || `mktemp failed (rc=${r.rc})`);
    return { changed: true, path: r.stdout.trim() };
  },
});
