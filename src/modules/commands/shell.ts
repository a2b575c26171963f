import { argError, guardProps, stdinProps, toBool } from './args.js';
import { stdinText } from './command.js';
import { chdirFailure, runTimed, skipOrCheck } from './run-common.js';
import type { ModuleDef } from '../types.js';

/** ansible.builtin.shell: runs text through a shell (/bin/sh, or `executable`). */
export interface ShellArgs {
  cmd?: string;
  chdir?: string;
  creates?: string;
  removes?: string;
  executable?: string;
  stdin?: string;
  stdin_add_newline?: boolean | string;
  strip_empty_ends?: boolean | string;
}

/** What runs: the text itself for /bin/sh, or [executable, -c, text] (pure). */
export function shellInvocation(args: ShellArgs): readonly string[] | { shell: string } {
  if (args.cmd === undefined || args.cmd.trim() === '')
    throw argError('shell', 'no command given', 'write `shell: echo hi | tr a-z A-Z`');
  return args.executable ? [args.executable, '-c', args.cmd] : { shell: args.cmd };
}

export const shell: ModuleDef<ShellArgs> = {
  name: 'shell',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      cmd: { type: 'string' },
      ...guardProps,
      executable: { type: 'string' },
      ...stdinProps,
    },
  },
  supportsCheck: true,
  supportsDiff: false,
  freeForm: 'cmd',
  acceptsKeyValue: true,
  async run(ctx, args) {
    const what = shellInvocation(args);
    const early = (await chdirFailure(ctx, args.chdir, args.cmd!)) ?? (await skipOrCheck(ctx, args));
    if (early) return { ...early, cmd: args.cmd };
    return runTimed(ctx, what, args.cmd!, {
      cwd: args.chdir,
      stdin: stdinText(args),
      stripEmptyEnds: toBool(args.strip_empty_ends, true),
    });
  },
};
