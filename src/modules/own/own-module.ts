import { quote } from '../../util/shell.js';
import type { CommandPlan, ModuleContext, ModuleDef, ModuleResult } from '../types.js';
import { againIfTextBusy } from '../lib/text-busy.js';
import { withDiscovery } from './module-interpreter.js';
import { moduleResult } from './module-output.js';
import { commandLine, uploaded } from './module-upload.js';

/**
 * A module of the user's own (a role's `library/`, the playbook's, -M), run as Ansible's
 * ActionBase runs one that is not built on its module_utils: the file and its arguments put in a
 * private directory on the host, run under the interpreter its `#!` line names (or the
 * `ansible_<name>_interpreter` the inventory sets), its JSON output read as the result, the
 * directory removed. In check mode it runs too, told so by `_ansible_check_mode`, as in Ansible:
 * honouring it is the module's part.
 */

export interface OwnCall {
  /** the name the task gave it */
  name: string;
  file: string;
  noLog: boolean;
  /** the custom module_utils directories of the roles and playbooks in use */
  moduleUtilsDirs: readonly string[];
}

export function ownModule(call: OwnCall): ModuleDef {
  return {
    name: call.name,
    schema: { type: 'object' },
    unchecked: true,
    supportsCheck: true,
    supportsDiff: true,
    acceptsKeyValue: true,
    run: (ctx, args) => runOwn(ctx, call, args),
    asyncPlan: (ctx, args) => asyncOwn(ctx, call, args),
  };
}

async function runOwn(
  ctx: ModuleContext,
  call: OwnCall,
  args: Record<string, unknown>,
): Promise<ModuleResult> {
  const up = await uploaded(ctx, call, args);
  if ('refused' in up) return up.refused;
  try {
    const run = await runUploaded(ctx, commandLine(up.command), up.style === 'binary');
    const { result, warnings } = moduleResult(run, up.interp?.path);
    for (const w of warnings) ctx.warn(w);
    return withDiscovery(result, up.interp?.discovered);
  } finally {
    await up.scratch.cleanup();
  }
}

/**
 * `async:`: the uploaded module run in the background as a job (executor/async-task.ts), as
 * Ansible's async_wrapper runs it; the job removes the module's directory when the module ends.
 */
async function asyncOwn(
  ctx: ModuleContext,
  call: OwnCall,
  args: Record<string, unknown>,
): Promise<CommandPlan | ModuleResult> {
  const up = await uploaded(ctx, call, args);
  if ('refused' in up) return up.refused;
  return {
    what: { shell: `${commandLine(up.command)}; rc=$?; rm -rf ${quote(up.scratch.dir)}; exit $rc` },
    // async_wrapper's `cmd`: the files it ran, without the interpreter
    cmdShown: up.command.files,
    logAs: up.command.files,
    moduleOutput: true,
  };
}

/** Runs the uploaded module; a binary one is exec'd, which can meet ETXTBSY */
async function runUploaded(
  ctx: ModuleContext,
  command: string,
  executed: boolean,
): Promise<{ rc: number; stdout: string; stderr: string }> {
  const run = () => ctx.probeBytes({ shell: command }, { allowFail: true });
  const r = await (executed ? againIfTextBusy(run) : run());
  return { rc: r.rc, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}
