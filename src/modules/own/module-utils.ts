import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';

/**
 * Ansible's module_utils for a module of the user's own built on them: taken from the Ansible
 * installed on the controller (fabplay holds no copy) and sent to the host as one zip, as
 * Ansible's AnsiballZ sends them, with the `module_utils/` directories of the roles and playbooks
 * in use (Ansible's custom module_utils: `from ansible.module_utils.mine import x`).
 */

/** Builds the zip on the controller: `import ansible` finds the installation, the rest is file copying. */
const ZIP_SCRIPT = String.raw`
import io, os, sys, zipfile
import ansible
base = os.path.dirname(ansible.__file__)
files = {}
def add(top, prefix):
    for root, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != '__pycache__')
        for n in sorted(names):
            if n.endswith('.py'):
                p = os.path.join(root, n)
                files[prefix + os.path.relpath(p, top).replace(os.sep, '/')] = p
add(os.path.join(base, 'module_utils'), 'ansible/module_utils/')
for extra in sys.argv[1:]:
    add(extra, 'ansible/module_utils/')
out = io.BytesIO()
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('ansible/__init__.py', 'from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\n')
    for name in sorted(files):
        z.write(files[name], name)
sys.stdout.buffer.write(out.getvalue())
`;

/**
 * The Python that runs Ansible on the controller, with its options: the #! line of the first
 * `ansible-playbook` on PATH that names a Python (a virtualenv's Ansible too), else python3.
 */
function controllerPython(): string[] {
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

const zips = new Map<string, Buffer | Error>();

/**
 * The zip of module_utils (and the given custom module_utils directories), built once per run;
 * an Error saying what to do when the controller has no Ansible.
 */
export function moduleUtilsZip(customDirs: readonly string[]): Buffer | Error {
  const key = customDirs.join('\0');
  let zip = zips.get(key);
  if (!zip) {
    const [python, ...options] = controllerPython();
    try {
      zip = execFileSync(python!, [...options, '-c', ZIP_SCRIPT, ...customDirs], {
        maxBuffer: 64 << 20,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const stderr =
        String((e as { stderr?: Buffer }).stderr ?? '')
          .trim()
          .split('\n')
          .at(-1) ?? '';
      zip = new Error(
        `fabplay sends Ansible's module_utils from the controller's Ansible, and ${python} has none ` +
          `(${stderr || (e as Error).message}): install ansible-core on the controller (Debian: apt install ansible-core)`,
      );
    }
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
