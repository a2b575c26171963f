import { readFileSync } from 'node:fs';
import { ActionRaised } from '../../errors.js';
import { basename } from 'node:path';
import { pyRepr } from '../../template/python.js';
import { quote } from '../../util/shell.js';
import { shlexSplit } from '../../util/shlex.js';
import type { CommandPlan, ModuleContext, ModuleDef, ModuleResult, ScratchDir } from '../types.js';
import { jsonArgs, keyValueArgs, withInternalArgs } from './module-args-file.js';
import { moduleResult } from './module-output.js';
import { COMMON_MARK, JSON_ARGS_MARK, moduleStyle, type ModuleStyle } from './module-style.js';
import { pythonFor, type Discovered } from './python-discovery.js';
import { ansibleModuleUtilsDir, NEW_STYLE_WRAPPER, payloadZip } from './module-utils.js';
import { MissingModuleUtils } from './module-utils-deps.js';
import { againIfTextBusy } from '../lib/text-busy.js';
import { forgetAfterRun } from '../../util/run-scope.js';

/**
 * A module of the user's own (a role's `library/`, the playbook's, -M), run as Ansible's
 * ActionBase runs one that is not built on its module_utils: the file and its arguments put in a
 * private directory on the host, run under the interpreter its `#!` line names (or the
 * `ansible_<name>_interpreter` the inventory sets), its JSON output read as the result, the
 * directory removed. In check mode it runs too, told so by `_ansible_check_mode`, as in Ansible:
 * honouring it is the module's part.
 */

/**
 * A module that imports module_utils of a collection. Relative ones (`from ..module_utils`) are
 * Ansible's, as for Ansible: the module runs as ansible.modules.<name>.
 */
const COLLECTION_UTILS = /(?:from|import) +ansible_collections\./;

/**
 * Why a module of this style cannot run here. One built on Ansible's module_utils runs with those
 * of the controller's Ansible (module-utils.ts); a collection's module_utils are not sent.
 */
function unrunnableReason(style: ModuleStyle, data: Buffer): string | undefined {
  if (style === 'new-powershell') return 'it is a PowerShell module, for Windows hosts';
  if (style !== 'new-python') return undefined;
  if (COLLECTION_UTILS.test(data.toString('latin1')))
    return "it imports a collection's module_utils, which fabplay does not send (only ansible.module_utils)";
  const ansible = ansibleModuleUtilsDir();
  return ansible instanceof Error ? ansible.message : undefined;
}

/** Why fabplay cannot run this module file; undefined when it can (each file read once per process) */
export function whyNotRunnable(file: string): string | undefined {
  if (!reasons.has(file)) {
    let why: string | undefined;
    try {
      const data = readFileSync(file);
      why = unrunnableReason(moduleStyle(data), data);
    } catch (e) {
      why = `it cannot be read (${(e as Error).message})`;
    }
    reasons.set(file, why);
  }
  return reasons.get(file);
}

const reasons = forgetAfterRun(new Map<string, string | undefined>());

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

interface Interpreter {
  /** the `#!` line the module runs under, as Ansible writes it back into the file */
  line: string;
  /** the interpreter's path or name (for the "set the interpreter" hint) */
  path: string;
  discovered?: Discovered;
}

/** A module put on the host, ready to run */
interface Uploaded {
  command: ModuleCommand;
  style: ModuleStyle;
  interp: Interpreter | undefined;
  scratch: ScratchDir;
}

/** The module and its arguments put in a private directory on the host; a result where it cannot run */
async function uploaded(
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

function firstLine(data: Buffer): string {
  const nl = data.indexOf(0x0a);
  return data.subarray(0, nl < 0 ? data.length : nl).toString('utf8');
}

/**
 * What runs an uploaded module: the interpreter (as Ansible's build_module_command, the
 * interpreter line as written: it may hold words) and the files it is given.
 */
interface ModuleCommand {
  interpreter?: string;
  files: string;
}

function commandLine(c: ModuleCommand): string {
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

/** Ansible writes the interpreter it chose into the `#!` line, and a coding line after it for Python. */
function withShebang(data: Buffer, interp: Interpreter): Buffer {
  const nl = data.indexOf(0x0a);
  const head = [interp.line];
  if (basename(shlexSplit(firstLine(data).slice(2))[0] ?? '').startsWith('python'))
    head.push('# -*- coding: utf-8 -*-');
  if (nl < 0) return Buffer.from(head.join('\n'));
  return Buffer.concat([Buffer.from(head.join('\n') + '\n'), data.subarray(nl + 1)]);
}

/** The places Ansible fills in a jsonargs module (its module replacer) */
function withJsonArgs(data: Buffer, all: Record<string, unknown>, facility: string): Buffer {
  const json = jsonArgs(all);
  const text = data
    .toString('latin1')
    .replaceAll('"<<ANSIBLE_VERSION>>"', pyRepr(String(all._ansible_version)))
    .replaceAll('"<<INCLUDE_ANSIBLE_MODULE_COMPLEX_ARGS>>"', latin1(pyRepr(json)))
    .replaceAll('<<SELINUX_SPECIAL_FILESYSTEMS>>', (all._ansible_selinux_special_fs as string[]).join(','))
    .replaceAll(JSON_ARGS_MARK, latin1(json))
    .replaceAll('syslog.LOG_USER', `syslog.${facility}`);
  return Buffer.from(text, 'latin1');
}

/** UTF-8 text as latin1 characters, to be written back byte for byte */
function latin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/**
 * The interpreter for a `#!` line, as Ansible's _get_shebang picks it: for `python`, the
 * ansible_python_interpreter the host has (or discovery, for `auto`); for another name,
 * `ansible_<name>_interpreter` when set; else the line's own.
 */
async function interpreterOf(ctx: ModuleContext, shebang: string): Promise<Interpreter> {
  const words = shlexSplit(shebang.slice(2).trim());
  const given = words[0] ?? '';
  const name = basename(given).trim();
  const extra = words.slice(1);
  const line = (path: string) => `#!${[path, ...extra].join(' ')}`;
  if (name === 'python') {
    const py = await pythonFor(ctx);
    return { line: line(py.path), path: py.path, discovered: py.discovered };
  }
  const setting = ctx.vars[`ansible_${name}_interpreter`];
  const chosen = typeof setting === 'string' ? ctx.render(setting).trim() : '';
  return chosen ? { line: line(chosen), path: chosen } : { line: shebang.trim(), path: given };
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

/** Discovery's interpreter becomes a fact of the host, its warnings the result's, as in Ansible. */
function withDiscovery(result: ModuleResult, found: Interpreter['discovered']): ModuleResult {
  if (!found) return result;
  const facts = (result.ansible_facts ?? {}) as Record<string, unknown>;
  const warnings = Array.isArray(result.warnings) ? result.warnings : [];
  return {
    ...result,
    ansible_facts: { ...facts, discovered_interpreter_python: found.interpreter },
    ...(found.warnings.length ? { warnings: [...warnings, ...found.warnings] } : {}),
  };
}
