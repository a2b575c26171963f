import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
onRunEnd(() => (ansibleDir = undefined));

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

/**
 * Payloads by module bytes and module_utils directories: the tasks of one module send the same
 * bytes, found and built once per run (the module_utils files do not change during a run)
 */
const zips = forgetAfterRun(new Map<string, Buffer>());

/**
 * AnsiballZ's payload: the module as `ansible.modules.<name>` and the module_utils it imports
 * (moduleUtilsFiles), from the custom module_utils directories given and the controller's
 * Ansible. Throws MissingModuleUtils for an import none has.
 */
export function payloadZip(module: Buffer, customDirs: readonly string[], moduleName: string): Buffer {
  const key = [createHash('sha256').update(module).digest('hex'), moduleName, ...customDirs].join('\0');
  let zip = zips.get(key);
  if (!zip) {
    zip = buildPayload(module, customDirs, moduleName);
    zips.set(key, zip);
  }
  return zip;
}

function buildPayload(module: Buffer, customDirs: readonly string[], moduleName: string): Buffer {
  const ansible = ansibleModuleUtilsDir();
  if (ansible instanceof Error) throw ansible;
  const fqn = `ansible.modules.${moduleName}`;
  const files = moduleUtilsFiles(module.toString('utf8'), [...customDirs, ansible], fqn);
  const own: Record<string, Buffer> = {
    ...Object.fromEntries(Object.entries(PACKAGE_STUBS).map(([n, text]) => [n, Buffer.from(text)])),
    'ansible/modules/__init__.py': Buffer.alloc(0),
    [`ansible/modules/${moduleName}.py`]: module,
  };
  const names = [...Object.keys(own), ...files.keys()].sort();
  return zipArchive(names.map((name) => ({ name, data: own[name] ?? readFileSync(files.get(name)!) })));
}

/**
 * What runs such a module on the host, in place of AnsiballZ's wrapper: the payload zip first on
 * the path, the arguments where AnsibleModule reads them first (basic._ANSIBLE_ARGS), then the
 * module as `__main__`, with the globals AnsiballZ gives it (respawn_module reads them). Its
 * arguments: the zip, the module's dotted name, the arguments file.
 */
export const NEW_STYLE_WRAPPER = String.raw`import runpy
import sys

zip_path, module_fqn, args_path = sys.argv[1:4]
# in place of this script's directory, where a file named as a module of the standard library
# would hide it
sys.path[0] = zip_path
import ansible.module_utils.basic as basic

with open(args_path, 'rb') as f:
    basic._ANSIBLE_ARGS = f.read()
runpy.run_module(module_fqn, init_globals=dict(_module_fqn=module_fqn, _modlib_path=zip_path),
                 run_name='__main__', alter_sys=True)
print('{"msg": "New-style module did not handle its own exit", "failed": true}')
sys.exit(1)
`;
import { forgetAfterRun, onRunEnd } from '../../util/run-scope.js';
