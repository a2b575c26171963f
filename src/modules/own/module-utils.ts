import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { zipArchive } from '../../util/zip-writer.js';
import { moduleUtilsFiles, PACKAGE_STUBS } from './module-utils-deps.js';

/**
 * Ansible's module_utils for a module of the user's own built on them: those it imports, taken
 * from the Ansible installed on the controller (fabplay holds no copy) and from the
 * `module_utils/` directories of the roles and playbooks in use (Ansible's custom module_utils:
 * `from ansible.module_utils.mine import x`), sent to the host as one zip, as AnsiballZ sends them.
 */

/** Where the controller's Ansible is: `import ansible` finds the installation */
const FIND_SCRIPT =
  'import os, ansible; print(os.path.join(os.path.dirname(ansible.__file__), "module_utils"))';

/**
 * The Python that runs Ansible on the controller, with its options: the #! line of the first
 * `ansible-playbook` on PATH that names a Python (a virtualenv's Ansible too), else python3.
 */
export function controllerPython(): string[] {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'ansible-playbook');
    if (!dir || !existsSync(p)) continue;
    const line = readFileSync(p, 'utf8').split('\n', 1)[0]!;
    const words = line.replace(/^#!/, '').trim().split(/\s+/);
    const argv = words[0]?.endsWith('/env') ? words.slice(1) : words;
    // a wrapper script (#!/bin/sh) says nothing about where Ansible is
    if (line.startsWith('#!') && basename(argv[0] ?? '').startsWith('python')) return argv;
  }
  return ['python3'];
}

let ansibleDir: string | Error | undefined;

/**
 * The controller's Ansible's module_utils directory, found once per run; an Error saying what to
 * do when the controller has no Ansible.
 */
export function ansibleModuleUtilsDir(): string | Error {
  if (ansibleDir === undefined) {
    const [python, ...options] = controllerPython();
    try {
      ansibleDir = execFileSync(python!, [...options, '-c', FIND_SCRIPT], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
    } catch (e) {
      const stderr =
        String((e as { stderr?: Buffer }).stderr ?? '')
          .trim()
          .split('\n')
          .at(-1) ?? '';
      ansibleDir = new Error(
        `fabplay sends Ansible's module_utils from the controller's Ansible, and ${python} has none ` +
          `(${stderr || (e as Error).message}): install ansible-core on the controller (Debian: apt install ansible-core)`,
      );
    }
  }
  return ansibleDir;
}

/** Zips by the files in them: the tasks of one module send the same bytes, built once */
const zips = new Map<string, Buffer>();

/**
 * The zip of the module_utils a module imports (moduleUtilsFiles), from the custom module_utils
 * directories given and the controller's Ansible. Throws MissingModuleUtils for an import none has.
 */
export function moduleUtilsZip(
  moduleSource: string,
  customDirs: readonly string[],
  moduleFqn: string,
): Buffer {
  const ansible = ansibleModuleUtilsDir();
  if (ansible instanceof Error) throw ansible;
  const files = moduleUtilsFiles(moduleSource, [...customDirs, ansible], moduleFqn);
  const names = [...Object.keys(PACKAGE_STUBS), ...files.keys()].sort();
  const key = names.map((n) => `${n}=${files.get(n) ?? ''}`).join('\0');
  let zip = zips.get(key);
  if (!zip) {
    zip = zipArchive(
      names.map((name) => ({
        name,
        data:
          PACKAGE_STUBS[name] !== undefined
            ? Buffer.from(PACKAGE_STUBS[name])
            : readFileSync(files.get(name)!),
      })),
    );
    zips.set(key, zip);
  }
  return zip;
}

/**
 * What runs such a module on the host, in place of AnsiballZ's wrapper: module_utils from the zip,
 * the arguments where AnsibleModule reads them first (basic._ANSIBLE_ARGS), then the module as
 * `__main__`. Its arguments: the zip, the module, the arguments file.
 */
export const NEW_STYLE_WRAPPER = String.raw`import runpy
import sys

zip_path, module_path, args_path = sys.argv[1:4]
# in place of this script's directory, where the module's own file (copy.py) would hide the
# standard library's module of that name
sys.path[0] = zip_path
import ansible.module_utils.basic as basic

with open(args_path, 'rb') as f:
    basic._ANSIBLE_ARGS = f.read()
sys.argv = [module_path]
runpy.run_path(module_path, run_name='__main__')
`;
