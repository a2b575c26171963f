import { argError, guardArgs, stdinArgs } from './args.js';
import { stdinText } from './command.js';
import { chdirFailure, guard, runTimed } from './run-common.js';
import { defineModule, type ArgsOf, type ArgTable } from '../lib/args.js';

/** ansible.builtin.shell: runs text through a shell (/bin/sh, or `executable`). */
const args = {
  cmd: { type: 'string' },
  ...guardArgs,
  executable: { type: 'string' },
  ...stdinArgs,
} as const satisfies ArgTable;
export type ShellArgs = Pick<ArgsOf<typeof args>, 'cmd' | 'executable'>;

/** What runs: the text itself for /bin/sh, or [executable, -c, text] (pure). */
export function shellInvocation(args: ShellArgs): readonly string[] | { shell: string } {
  if (args.cmd === undefined || args.cmd.trim() === '')
    throw argError('shell', 'no command given', 'write `shell: echo hi | tr a-z A-Z`');
  return args.executable ? [args.executable, '-c', args.cmd] : { shell: args.cmd };
}

export const shell = defineModule({
  name: 'shell',
  args,
  supportsCheck: true,
  supportsDiff: false,
  freeForm: 'cmd',
  async run(ctx, args) {
    const what = shellInvocation(args);
    const early = (await chdirFailure(ctx, args.chdir, args.cmd!)) ?? (await guard(ctx, args));
    if (early) return { ...early, cmd: args.cmd };
    return runTimed(ctx, what, args.cmd!, {
      cwd: args.chdir,
      stdin: stdinText(args),
      stripEmptyEnds: args.strip_empty_ends,
      guard: args,
    });
  },
});
