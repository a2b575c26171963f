import { statSync } from 'node:fs';
import type { Play, Playbook, RoleInstance, TaskNode } from '../playbook/types.js';
import { findFile } from './module-context.js';
import { isVaultFile, openVaultedFile } from '../vault/controller-file.js';
import { VaultError } from '../vault/secrets.js';

/**
 * Before any connection: open every vaulted file a copy or template task names as a literal src
 * (not templated), so a wrong password fails the run before any host is touched, as the vaults
 * in vars files do when they are loaded.
 */

const KIND = { copy: 'files', template: 'templates' } as const;

function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(yes|true|on|1)$/i.test(v));
}

function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && /^(no|false|off|0)$/i.test(v));
}

function checkTask(node: TaskNode, play: Play): void {
  if (node.type === 'block') {
    for (const n of [...node.block, ...node.rescue, ...node.always]) checkTask(n, play);
    return;
  }
  if (node.type !== 'task' || (node.action !== 'copy' && node.action !== 'template')) return;
  const src = node.args.src;
  if (typeof src !== 'string' || src.includes('{{') || src.includes('{%')) return;
  if (node.action === 'copy' && (isTrue(node.args.remote_src) || isFalse(node.args.decrypt))) return;
  let path: string;
  try {
    path = findFile(KIND[node.action], src, node.role, play.playbookDir);
    if (!statSync(path).isFile() || !isVaultFile(path)) return;
  } catch {
    return; // a missing src is the module's to report, as it does today
  }
  try {
    openVaultedFile(path, src);
  } catch (e) {
    if (e instanceof VaultError)
      throw new VaultError(`${e.message} (the src of this ${node.action} task)`, node.pos, e.hint);
    throw e;
  }
}

function checkRole(role: RoleInstance, play: Play, seen: Set<RoleInstance>): void {
  if (seen.has(role)) return;
  seen.add(role);
  for (const d of role.dependencies) checkRole(d, play, seen);
  for (const n of [...role.tasks, ...role.handlers]) checkTask(n, play);
}

export function openVaultedSources(playbooks: Playbook[]): void {
  for (const play of playbooks.flatMap((pb) => pb.plays)) {
    const seen = new Set<RoleInstance>();
    for (const r of [...play.roles, ...(play.importedRoles ?? [])]) checkRole(r, play, seen);
    for (const n of [...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers])
      checkTask(n, play);
  }
}
