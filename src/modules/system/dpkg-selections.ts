import { defineModule, ModuleFailure } from '../lib/args.js';
import { pySplit } from '../../util/py-text.js';

/** ansible.builtin.dpkg_selections: a package's dpkg selection, read with --get-selections, set with --set-selections. */
export const dpkgSelections = defineModule({
  name: 'dpkg_selections',
  args: {
    name: { type: 'string' },
    selection: { type: 'string', enum: ['install', 'hold', 'deinstall', 'purge'] },
  },
  required: ['name', 'selection'],
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const got = await ctx.probe(['dpkg', '--get-selections', a.name], { allowFail: true });
    if (got.rc === 127) throw new ModuleFailure(`Failed to find required executable "dpkg" on ${ctx.host}`);
    // run_command's check_rc: the command, its codes and output with the failure
    const failure = (r: { rc: number; stdout: string; stderr: string }, argv: string[]): ModuleFailure =>
      new ModuleFailure((r.stderr || r.stdout).trimEnd(), {
        cmd: argv.join(' '),
        rc: r.rc,
        stdout: r.stdout,
        stderr: r.stderr,
      });
    if (got.rc !== 0) throw failure(got, ['dpkg', '--get-selections', a.name]);
    // `NAME<tabs>SELECTION`; no line for a package dpkg does not know
    const current = got.stdout ? (pySplit(got.stdout)[1] ?? 'not present') : 'not present';
    const changed = current !== a.selection;
    if (changed) {
      const set = await ctx.change(['dpkg', '--set-selections'], {
        stdin: `${a.name} ${a.selection}`,
        allowFail: true,
      });
      if (set && set.rc !== 0) throw failure(set, ['dpkg', '--set-selections']);
    }
    return { changed, before: current, after: a.selection };
  },
});
