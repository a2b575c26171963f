import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { onRunEnd } from './run-scope.js';

let found: string | undefined;
onRunEnd(() => (found = undefined));

/**
 * The controller's Python, standing in for Ansible's own sys.executable: the implicit localhost's
 * interpreter and `ansible_playbook_python`. The system's python3, where distribution packages such
 * as Jinja2 live; looked up once.
 */
export function controllerPython(): string {
  if (found !== undefined) return found;
  if (existsSync('/usr/bin/python3')) return (found = '/usr/bin/python3');
  const dirs = (process.env.PATH ?? '').split(':').filter(Boolean);
  return (found = dirs.map((d) => join(d, 'python3')).find((p) => existsSync(p)) ?? 'python3');
}
