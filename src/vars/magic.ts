import { OMIT } from '../template/omit.js';
import type { Vars } from './precedence.js';
import { controllerPython } from '../util/controller-python.js';

export { OMIT };
export { makeHostvars, lazyVarsView } from './hostvars.js';

/** The version fabplay reports as `ansible_version` (the Ansible release it follows). */
export const ANSIBLE_VERSION = { full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' };

export interface MagicInput {
  inventoryHostname: string;
  /** the `groups` variable: group name -> host names (inventory.groupsMap()) */
  groups: Record<string, string[]>;
  /** the host's groups, without 'all' (inventory.groupNamesOf()) */
  groupNames: readonly string[];
  /** from makeHostvars() */
  hostvars: Vars;
  /** hosts of the play still running (not failed or unreachable) */
  playHosts: readonly string[];
  /** every host the play's pattern matched */
  playHostsAll?: string[];
  /** the hosts of the current serial batch */
  playBatch?: readonly string[];
  check: boolean;
  diff: boolean;
  playbookDir: string;
  playName?: string;
  /** set while a role's task runs */
  role?: { name: string; path: string };
  /** names of the play's roles (roles: and import_role) and of their dependencies */
  roleNames?: { play: string[]; dependent: string[] };
  inventoryDir?: string;
  inventoryFile?: string;
  runTags?: string[];
  skipTags?: string[];
  limit?: string;
  inventorySources?: string[];
  verbosity?: number;
  forks?: number;
}

/** Ansible's special variables for one host at one task. */
export function buildMagicVars(m: MagicInput): Vars {
  const out: Vars = {
    inventory_hostname: m.inventoryHostname,
    inventory_hostname_short: m.inventoryHostname.split('.')[0],
    groups: m.groups,
    group_names: [...m.groupNames].filter((g) => g !== 'all').sort(),
    hostvars: m.hostvars,
    play_hosts: m.playHosts,
    ansible_play_hosts: m.playHosts,
    ansible_play_hosts_all: m.playHostsAll ?? m.playHosts,
    ansible_play_batch: m.playBatch ?? m.playHosts,
    ansible_check_mode: m.check,
    ansible_diff_mode: m.diff,
    playbook_dir: m.playbookDir,
    ansible_version: ANSIBLE_VERSION,
    ansible_playbook_python: controllerPython(),
    ansible_run_tags: m.runTags?.length ? m.runTags : ['all'],
    ansible_skip_tags: m.skipTags ?? [],
    ansible_verbosity: m.verbosity ?? 0,
    ansible_forks: m.forks ?? 5,
    omit: OMIT,
  };
  if (m.playName !== undefined) out.ansible_play_name = m.playName;
  if (m.roleNames) {
    out.ansible_play_role_names = m.roleNames.play;
    out.role_names = m.roleNames.play;
    out.ansible_dependent_role_names = m.roleNames.dependent;
    out.ansible_role_names = [...new Set([...m.roleNames.dependent, ...m.roleNames.play])];
  }
  if (m.role) {
    out.role_name = m.role.name;
    out.role_path = m.role.path;
    out.ansible_role_name = m.role.name;
  }
  if (m.inventoryDir !== undefined) out.inventory_dir = m.inventoryDir;
  if (m.inventoryFile !== undefined) out.inventory_file = m.inventoryFile;
  if (m.limit !== undefined) out.ansible_limit = m.limit;
  if (m.inventorySources !== undefined) out.ansible_inventory_sources = m.inventorySources;
  return out;
}
