import { InputError } from '../../errors.js';
import { argError, guardProps, stdinProps, toBool } from './args.js';
import { chdirFailure, runTimed, skipOrCheck } from './run-common.js';
import { shlexSplit } from '../../util/shlex.js';
import type { ModuleDef, ModuleResult } from '../types.js';

/** ansible.builtin.command: runs a program with its arguments, no shell (pipes, globs stay literal). */
export interface CommandArgs {
  cmd?: string;
  argv?: string[];
  chdir?: string;
  creates?: string;
  removes?: string;
  stdin?: string;
  stdin_add_newline?: boolean | string;
  strip_empty_ends?: boolean | string;
  /** accepted and not used, with Ansible's warning (a shell is the shell module's job) */
  executable?: string;
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cmd: { type: 'string' },
    argv: { type: 'array', items: { type: ['string', 'number'] }, minItems: 1 },
    ...guardProps,
    ...stdinProps,
    executable: { type: 'string' },
  },
};

/** The argument vector the module runs (pure: tested as data). */
export function commandArgv(name: string, args: { cmd?: string; argv?: unknown[] }): string[] {
  if (args.cmd !== undefined && args.argv !== undefined)
    throw new InputError(
      'only command or argv can be given, not both',
      undefined,
      `${name}: give cmd or argv`,
    );
  if (args.argv) return args.argv.map(String);
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
export function stdinText(args: { stdin?: string; stdin_add_newline?: unknown }): string | undefined {
  if (args.stdin === undefined) return undefined;
  return toBool(args.stdin_add_newline, true) ? `${args.stdin}\n` : args.stdin;
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

export const command: ModuleDef<CommandArgs> = {
  name: 'command',
  schema,
  supportsCheck: true,
  supportsDiff: false,
  freeForm: 'cmd',
  acceptsKeyValue: true,
  async run(ctx, args) {
    if (args.argv === undefined && !args.cmd?.trim()) return notRun('no command given');
    if (args.argv !== undefined && args.cmd !== undefined)
      return notRun('only command or argv can be given, not both');
    const argv = commandArgv('command', args);
    const warnings =
      args.executable === undefined
        ? []
        : [
            `As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${args.executable}'.`,
          ];
    const early = (await chdirFailure(ctx, args.chdir, argv)) ?? (await skipOrCheck(ctx, args));
    const res = early
      ? { ...early, cmd: argv }
      : await runTimed(ctx, argv, argv, {
          cwd: args.chdir,
          stdin: stdinText(args),
          stripEmptyEnds: toBool(args.strip_empty_ends, true),
        });
    return warnings.length ? { ...res, warnings } : res;
  },
};
