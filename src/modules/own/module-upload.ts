import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ActionRaised } from '../../errors.js';
import { quote } from '../../util/shell.js';
import type { ModuleContext, ModuleResult, ScratchDir } from '../types.js';
import { jsonArgs, keyValueArgs, withInternalArgs } from './module-args-file.js';
import { interpreterOf, type Interpreter } from './module-interpreter.js';
import { firstLine, withJsonArgs, withShebang } from './module-replacer.js';
import { COMMON_MARK, moduleStyle, type ModuleStyle } from './module-style.js';
import { NEW_STYLE_WRAPPER, payloadZip } from './module-utils.js';
import { MissingModuleUtils } from './module-utils-deps.js';
import type { OwnCall } from './own-module.js';
import { unrunnableReason } from './why-not-runnable.js';

/** A module put on the host, ready to run */
interface Uploaded {
  command: ModuleCommand;
  style: ModuleStyle;
  interp: Interpreter | undefined;
  scratch: ScratchDir;
}

/** The module and its arguments put in a private directory on the host; a result where it cannot run */
export async function uploaded(
  ctx: ModuleContext,
  call: OwnCall,
  args: Record<string, unknown>,
): Promise<Uploaded | { refused: ModuleResult }> {
  let data: Buffer;
  try {
    data = readFileSync(call.file);
  } catch (e) {
    return {
      refused: { failed: true, msg: `could not read the module ${call.file}: ${(e as Error).message}` },
    };
  }
  const style = moduleStyle(data);
  const why = unrunnableReason(style, data);
  if (why)
    return {
      refused: {
        failed: true,
        msg: `the module ${call.name} (${call.file}) cannot run under fabplay: ${why}`,
      },
    };
  // Ansible runs one built on module_utils under Python whatever its #! line says
  const shebang =
    style === 'binary' ? undefined : style === 'new-python' ? '#!/usr/bin/python' : firstLine(data);
  if (style !== 'binary' && !shebang?.startsWith('#!'))
    throw new ActionRaised(`module (${call.name}) is missing interpreter line`);
  const interp = shebang ? await interpreterOf(ctx, shebang) : undefined;
  const scratch = await ctx.scratchDir();
  try {
    const all = withInternalArgs(args, {
      // the one module told that the run is in check mode: Ansible leaves that to the module
      check: ctx.wording(true, false),
      noLog: call.noLog,
      diff: ctx.diff,
      verbosity: Number(ctx.vars.ansible_verbosity ?? 0),
      moduleName: call.name,
      vars: ctx.vars,
      tmpdir: scratch.dir,
    });
    return { command: await upload(scratch, call, style, data, interp, all), style, interp, scratch };
  } catch (e) {
    await scratch.cleanup();
    throw e;
  }
}

/**
 * What runs an uploaded module: the interpreter (as Ansible's build_module_command, the
 * interpreter line as written: it may hold words) and the files it is given.
 */
export interface ModuleCommand {
  interpreter?: string;
  files: string;
}

export function commandLine(c: ModuleCommand): string {
  return c.interpreter ? `${c.interpreter} ${c.files}` : c.files;
}

/** The module file as Ansible sends it, and the arguments file its style takes; the command that runs it. */
async function upload(
  scratch: ScratchDir,
  call: OwnCall,
  style: ModuleStyle,
  data: Buffer,
  interp: Interpreter | undefined,
  all: Record<string, unknown>,
): Promise<ModuleCommand> {
  if (style === 'new-python') return uploadNewStyle(scratch, call, data, interp!, all);
  let module = data;
  if (interp) module = withShebang(data, interp);
  if (style === 'jsonargs') module = withJsonArgs(module, all, String(all._ansible_syslog_facility));
  const path = await scratch.put(`AnsiballZ_${basename(call.file)}`, { data: module }, 0o700);
  const argsFile = style === 'old' ? keyValueArgs(all) : style === 'jsonargs' ? undefined : jsonArgs(all);
  const argsPath =
    argsFile === undefined ? undefined : await scratch.put('args', { data: Buffer.from(argsFile) });
  return {
    interpreter: interp?.line.slice(2).trim() || undefined,
    files: [quote(path), argsPath].filter((w) => w !== undefined).join(' '),
  };
}

/** A module built on module_utils: the zip of them, the wrapper that runs it, its arguments as AnsibleModule reads them. */
async function uploadNewStyle(
  scratch: ScratchDir,
  call: OwnCall,
  data: Buffer,
  interp: Interpreter,
  all: Record<string, unknown>,
): Promise<ModuleCommand> {
  // the name it is imported by: the file's, as Ansible names it ansible.modules.<name>
  const name = basename(call.file).replace(/\.py$/, '');
  let zip: Buffer;
  try {
    // Ansible's oldest new-style modules: their mark stands for an import of basic
    const module = Buffer.from(
      data.toString('latin1').replaceAll(COMMON_MARK, 'from ansible.module_utils.basic import *'),
      'latin1',
    );
    zip = payloadZip(module, call.moduleUtilsDirs, name);
  } catch (e) {
    // Ansible's AnsiballZ build fails the task the same way
    if (e instanceof MissingModuleUtils) throw new ActionRaised(e.message);
    throw e;
  }
  const paths = [
    await scratch.put('payload.zip', { data: zip }),
    `ansible.modules.${name}`,
    await scratch.put('args', { data: Buffer.from(jsonArgs({ ANSIBLE_MODULE_ARGS: all })) }),
  ];
  const wrapper = await scratch.put(`AnsiballZ_${basename(call.file)}`, {
    data: Buffer.from(NEW_STYLE_WRAPPER),
  });
  return { interpreter: interp.line.slice(2).trim(), files: [wrapper, ...paths].map(quote).join(' ') };
}
