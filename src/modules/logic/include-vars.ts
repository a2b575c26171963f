import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import { loadYamlFile } from '../../yaml/load.js';
import { combinedMappings, hashBehaviour } from '../../vars/hash-behaviour.js';
import { combineFailure } from './include-vars-combine.js';
import { pyRegex } from '../lib/py-regex.js';
import { defineModule, ModuleFailure, type ArgsOf, type ArgTable } from '../lib/args.js';
import type { ModuleContext } from '../types.js';

const args = {
  file: { type: 'string' },
  dir: { type: 'string' },
  name: { type: 'string' },
  files_matching: { type: 'string' },
  depth: { type: 'integer', pythonInt: true },
  // a list, or text split on blanks (Ansible's action plugin splits it so)
  ignore_files: { type: 'any' },
  extensions: { type: 'array', items: { type: 'string' } },
  ignore_unknown_extensions: { type: 'boolean' },
  hash_behaviour: { type: 'string', enum: ['replace', 'merge'] },
} as const satisfies ArgTable;
type IncludeVarsArgs = ArgsOf<typeof args>;

const DIR_ONLY = [
  'dir',
  'depth',
  'files_matching',
  'ignore_files',
  'extensions',
  'ignore_unknown_extensions',
];

class VarsFailure extends Error {}

/** Ansible's include_vars dir: inside a role from its vars/ (or role dir for `vars/...`), else beside the task's file. */
function rootDir(ctx: ModuleContext, dir: string): string {
  if (isAbsolute(dir)) return dir;
  if (ctx.rolePath) {
    const p = dir.split('/')[0] === 'vars' ? join(ctx.rolePath, dir) : join(ctx.rolePath, 'vars', dir);
    if (existsSync(p)) return p;
  }
  return join(ctx.taskDir ?? '.', dir);
}

/** os.walk's directories sorted by path; `depth` counts them in that order, as Ansible does (0: all). */
function walkDirs(root: string): string[] {
  const out = [root];
  for (const e of readdirSync(root, { withFileTypes: true }))
    if (e.isDirectory()) out.push(...walkDirs(join(root, e.name)));
  return out.sort();
}

function loadMapping(file: string): Record<string, unknown> {
  const v = loadYamlFile(file);
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw new VarsFailure(`${file} must be stored as a dictionary/hash`);
  return v as Record<string, unknown>;
}

function filesOfDir(ctx: ModuleContext, a: IncludeVarsArgs, root: string): string[] {
  const exts = (a.extensions as string[] | undefined) ?? ['yaml', 'yml', 'json'];
  const given = a.ignore_files ?? [];
  if (typeof given !== 'string' && !(Array.isArray(given) && given.every((x) => typeof x === 'string')))
    throw new ModuleFailure('ignore_files must be a list of names or text');
  const ignore = typeof given === 'string' ? given.split(/\s+/) : (given as string[]);
  const matcher = a.files_matching ? pyRegex(a.files_matching) : undefined;
  const validExt = (f: string): boolean => exts.includes(extname(f).slice(1));
  const files: string[] = [];
  const dirs = walkDirs(root);
  for (const [i, d] of dirs.entries()) {
    if (a.depth && i >= a.depth) break;
    const names = readdirSync(d)
      .filter((f) => statSync(join(d, f)).isFile())
      .sort();
    for (const f of names) {
      const p = join(d, f);
      // a role's vars/main.yml is already loaded with the role
      if (ctx.rolePath && p === join(ctx.rolePath, 'vars', 'main.yml')) continue;
      if (matcher && !matcher.exec(f)) continue;
      if (ignore.some((x) => pyRegex(`${x}$`).exec(f))) continue;
      if (a.ignore_unknown_extensions && !validExt(f)) continue;
      if (!validExt(f)) throw new VarsFailure(`${p} does not have a valid extension: ${exts.join(', ')}`);
      files.push(p);
    }
  }
  return files;
}

function findVarsFile(ctx: ModuleContext, file: string): string {
  // no name (None, as `lookup('first_found', ..., errors='ignore')` gives, or ''): Ansible's words
  if (!file) {
    ctx.displayWarning('Invalid request to find a file that matches a "null" value');
    throw new VarsFailure(
      'Could not find file on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option',
    );
  }
  try {
    return ctx.findFile('vars', file);
  } catch {
    throw new VarsFailure(`Could not find or access '${file}': Could not find file`);
  }
}

/** Loads YAML vars files from the controller as host variables (above play and role vars). */
export const includeVars = defineModule({
  name: 'include_vars',
  args,
  supportsCheck: true,
  supportsDiff: false,
  freeForm: 'file',
  async run(ctx, args) {
    if (args.file !== undefined && DIR_ONLY.some((k) => k in args))
      return {
        changed: false,
        failed: true,
        msg: 'You are mixing file only and dir only arguments, these are incompatible',
      };
    const data: Record<string, unknown> = {};
    const files: string[] = [];
    try {
      if (args.dir !== undefined) {
        const root = rootDir(ctx, args.dir);
        if (!existsSync(root)) throw new VarsFailure(`${root} directory does not exist`);
        if (!statSync(root).isDirectory()) throw new VarsFailure(`${root} is not a directory`);
        files.push(...filesOfDir(ctx, args, root));
      } else if (args.file !== undefined) files.push(findVarsFile(ctx, args.file));
      else return { changed: false, failed: true, msg: 'include_vars needs file or dir' };
      for (const f of files) Object.assign(data, loadMapping(f));
    } catch (e) {
      if (!(e instanceof VarsFailure)) throw e;
      // Ansible reports these under `message`, with the facts it loaded (none: they are not set)
      return {
        changed: false,
        failed: true,
        message: e.message,
        ansible_included_var_files: files,
        ansible_facts: args.name ? { [args.name]: {} } : {},
      };
    }
    const loaded: Record<string, unknown> = args.name ? { [args.name]: data } : data;
    const facts: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(loaded)) {
      // Ansible applies the argument only where it differs from the run's hash_behaviour: each
      // value combines with the name's current one (in a loop, what the earlier items loaded)
      const b = args.hash_behaviour;
      const combined = b === undefined || b === hashBehaviour() ? v : combinedMappings(ctx.vars[k], v, b);
      if (combined === undefined)
        return { changed: false, failed: true, msg: combineFailure(ctx.vars[k], v) };
      facts[k] = combined;
    }
    return { changed: false, ansible_facts: facts, ansible_included_var_files: files };
  },
});
