import { argError, guardArgs, stdinArgs } from './args.js';
import { stdinText } from './command.js';
import { chdirFailure, guard, runTimed } from './run-common.js';
import { isCommandPlan, type CommandPlan, type ModuleContext, type ModuleResult } from '../types.js';
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

/** What the shell module runs, or the result that stops it early (chdir, creates/removes). */
async function plan(ctx: ModuleContext, a: ArgsOf<typeof args>): Promise<CommandPlan | ModuleResult> {
  const what = shellInvocation(a);
  const early = (await chdirFailure(ctx, a.chdir, a.cmd!)) ?? (await guard(ctx, a));
  if (early) return { ...early, cmd: a.cmd };
  return {
    what,
    cmdShown: a.cmd!,
    cwd: a.chdir,
    stdin: stdinText(a),
    stripEmptyEnds: a.strip_empty_ends,
    guard: a,
  };
}

export const shell = defineModule({
  name: 'shell',
  args,
  supportsCheck: true,
  supportsDiff: false,
  freeForm: 'cmd',
  async run(ctx, args) {
    const p = await plan(ctx, args);
    return isCommandPlan(p) ? runTimed(ctx, p) : p;
  },
  asyncPlan: plan,
});
