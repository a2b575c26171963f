// Where a play's vars_files entry is looked for, as Ansible's path_dwim_relative_stack(play's
// search path, 'vars', name) looks: a relative name first under the play's directory's vars/
// (unless it already starts with vars/), then in the directory itself.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The paths tried for `name`, in order. */
export function varsFileCandidates(dir: string, name: string): string[] {
  if (name === '~' || name.startsWith('~/')) return [join(homedir(), name.slice(1))];
  if (isAbsolute(name)) return [name];
  const inVars = name.split('/')[0] === 'vars' ? [] : [resolve(dir, 'vars', name)];
  return [...inVars, resolve(dir, name)];
}

/** The first candidate that exists; else the last one (the path a "not found" message names). */
export function varsFilePath(dir: string, name: string): string {
  const candidates = varsFileCandidates(dir, name);
  return candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1]!;
}
