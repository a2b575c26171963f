import { posix } from 'node:path';
import { ModuleFailure } from '../lib/args.js';
import { output, type GitRunner } from './git-runner.js';

/**
 * The git module's submodules (recursive): whether they need an update (a new one not checked
 * out, or one not at the commit the superproject records, or with track_submodules, behind its
 * remote's master, as Ansible compares), and the update itself.
 */

async function gitmodules(g: GitRunner, dest: string): Promise<string | undefined> {
  const r = await g.ctx.probe(['cat', '--', posix.join(dest, '.gitmodules')], { allowFail: true });
  return r.rc === 0 ? r.stdout : undefined;
}

/** submodule path -> the commit `version` is at in it */
async function versions(g: GitRunner, dest: string, version: string): Promise<Map<string, string>> {
  const r = await g.read(['submodule', 'foreach', g.git, 'rev-parse', version], dest);
  if (r.rc !== 0)
    throw new ModuleFailure('Unable to determine hashes of submodules', {
      ...output(r),
    });
  const out = new Map<string, string>();
  let name: string | undefined;
  for (const line of r.stdout.split('\n').filter((l) => l !== '')) {
    if (line.startsWith("Entering '")) name = line.slice(10, -1);
    else if (line.trim().length === 40 && name !== undefined) {
      out.set(name, line.trim());
      name = undefined;
    } else throw new ModuleFailure(`Unable to parse submodule hash line: ${line.trim()}`);
  }
  if (name !== undefined) throw new ModuleFailure(`Unable to find hash for submodule: ${name}`);
  return out;
}

function sameMaps(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** Whether the submodules need an update; fetches each existing one (run mode only reaches here) */
export async function submodulesFetch(
  g: GitRunner,
  dest: string,
  remote: string,
  track: boolean,
): Promise<boolean> {
  const text = await gitmodules(g, dest);
  if (text === undefined) return false;
  for (const line of text.split('\n'))
    if (line.trim().startsWith('path')) {
      const path = line.split('=').slice(1).join('=').trim();
      if (!(await g.pathExists(posix.join(dest, path, '.git')))) return true;
    }
  const begin = await versions(g, dest, 'HEAD');
  await g.writeOk(['submodule', 'foreach', g.git, 'fetch'], dest);
  // Ansible compares with the remote's master, whatever .gitmodules names
  if (track) return !sameMaps(begin, await versions(g, dest, `${remote}/master`));
  const status = await g.readOk(['submodule', 'status'], dest);
  return status.split('\n').some((l) => l !== '' && l[0] !== ' ');
}

export async function submoduleUpdate(
  g: GitRunner,
  dest: string,
  track: boolean,
  force: boolean,
): Promise<void> {
  if ((await gitmodules(g, dest)) === undefined) return;
  await g.writeOk(['submodule', 'sync'], dest);
  const args = ['submodule', 'update', '--init', '--recursive', ...(track ? ['--remote'] : [])];
  if (force) args.push('--force');
  const r = await g.write([g.git, ...args], dest);
  if (r && r.rc !== 0) throw new ModuleFailure(`Failed to init/update submodules: ${r.stdout}${r.stderr}`);
}
