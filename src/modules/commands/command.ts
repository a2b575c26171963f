import { InputError } from '../../errors.js';
import { argError, guardArgs, stdinArgs } from './args.js';
import { chdirFailure, guard, runTimed } from './run-common.js';
import { shlexSplit } from '../../util/shlex.js';
import { programScript } from './expand-args.js';
import { cmd } from '../../util/shell.js';
import { defineModule, type ArgsOf, type ArgTable } from '../lib/args.js';
import { isCommandPlan, type CommandPlan, type ModuleContext, type ModuleResult } from '../types.js';

/** ansible.builtin.command: runs a program with its arguments, no shell (pipes, globs stay literal). */
const args = {
  cmd: { type: 'string' },
  argv: { type: 'array', items: { type: ['string', 'number'] } },
  ...guardArgs,
  ...stdinArgs,
  /** accepted and not used, with Ansible's warning (a shell is the shell module's job) */
  executable: { type: 'string' },
} as const satisfies ArgTable;

/** The argument vector the module runs (pure: tested as data). */
export function commandArgv(name: string, args: { cmd?: string; argv?: unknown[] }): string[] {
  if (args.cmd !== undefined && args.argv !== undefined)
    throw new InputError(
      'only command or argv can be given, not both',
      undefined,
      `${name}: give cmd or argv`,
    );
  if (args.argv?.length) return args.argv.map(String);
  if (args.cmd === undefined || args.cmd.trim() === '')
    // Ansible's exact message (playbooks test for it)
    throw new InputError(
      'no command given',
      undefined,
      'write `command: ls -l /tmp` or give `argv: [ls, -l, /tmp]`',
    );
  try {
    return shlexSplit(args.cmd);
  } catch (e) {
    throw argError(name, `cannot split the command line: ${(e as Error).message}`);
  }
}

/** stdin with Ansible's trailing newline (stdin_add_newline defaults to true). */
export function stdinText(args: { stdin?: string; stdin_add_newline: boolean }): string | undefined {
  if (args.stdin === undefined) return undefined;
  return args.stdin_add_newline ? `${args.stdin}\n` : args.stdin;
}

/** Ansible's result for a command it could not start (playbooks test its rc). */
function notRun(msg: string): ModuleResult {
  return {
    changed: false,
    failed: true,
    msg,
    rc: 256,
    cmd: null,
    stdout: '',
    stderr: '',
    stdout_lines: [],
    stderr_lines: [],
  };
}

/** What the command module runs, or the result that stops it early (bad arguments, chdir, creates/removes). */
async function plan(ctx: ModuleContext, a: ArgsOf<typeof args>): Promise<CommandPlan | ModuleResult> {
  if (!a.argv?.length && !a.cmd?.trim()) return notRun('no command given');
  if (a.argv !== undefined && a.cmd !== undefined)
    return notRun('only command or argv can be given, not both');
  const argv = commandArgv('command', a);
  if (a.executable !== undefined)
    ctx.warn(
      `As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${a.executable}'.`,
    );
  const early = (await chdirFailure(ctx, a.chdir, argv)) ?? (await guard(ctx, a));
  if (early) return { ...early, cmd: argv };
  return {
    // `~` and `$NAME` expanded on the host and the program run by exec, as Ansible's command
    // module does; -v shows the argument vector
    what: { shell: programScript(argv) },
    inline: true,
    logAs: cmd(argv),
    program: argv[0],
    cmdShown: argv,
    cwd: a.chdir,
    stdin: stdinText(a),
    stripEmptyEnds: a.strip_empty_ends,
    guard: a,
  };
}

export const command = defineModule({
  name: 'command',
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
