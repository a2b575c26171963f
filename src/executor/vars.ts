import { LOCALHOST, groupNamesOf, groupsMap, hostVars, implicitLocalhost } from '../inventory/index.js';
import type { Inventory } from '../inventory/types.js';
import { composeVars, type Vars } from '../vars/precedence.js';
import { buildMagicVars, makeHostvars } from '../vars/magic.js';
import type { Keywords, Play } from '../playbook/types.js';
import { roleChain } from './roles.js';
import type { HostState, PlayState, RunState } from './state.js';
import { hostState, inPlayHosts, livenessVersion } from './state.js';
import type { Scope } from './scope.js';
import { playRoles, roleDefaults, roleParams, roleVars } from './role-vars.js';
import { hostVarsFiles } from './vars-files.js';

/**
 * A host's variables for a task, from the executor's state, through the one precedence order in
 * src/vars/precedence.ts and the special variables of src/vars/magic.ts.
 */

const invCache = new WeakMap<RunState, Map<string, Vars>>();
const groupsCache = new WeakMap<RunState, Record<string, string[]>>();
const hostvarsCache = new WeakMap<PlayState, Vars>();

export function inventoryVars(run: RunState, host: string): Vars {
  let m = invCache.get(run);
  if (!m) invCache.set(run, (m = new Map()));
  let v = m.get(host);
  if (!v) {
    v = run.req.inventory.hosts.has(host) ? hostVars(run.req.inventory, host) : {};
    m.set(host, v);
  }
  return v;
}

/** After add_host/group_by: host vars, `groups` and `hostvars` are read from the inventory again. */
export function forgetInventoryViews(ps: PlayState): void {
  invCache.delete(ps.run);
  groupsCache.delete(ps.run);
  hostvarsCache.delete(ps);
  liveHostsCache.delete(ps);
}

function groups(run: RunState): Record<string, string[]> {
  let g = groupsCache.get(run);
  if (!g) groupsCache.set(run, (g = groupsMap(run.req.inventory)));
  return g;
}

/** `hostvars`: one lazy view per play; each host's play-level vars are composed when read. */
function hostvars(ps: PlayState): Vars {
  let view = hostvarsCache.get(ps);
  if (!view) {
    // Ansible's inventory has its implicit localhost from the start: hostvars.localhost is there
    // (delegate_to: localhost with delegate_facts keeps facts on it) when no host is localhost-like
    const inv = ps.run.req.inventory;
    if (!LOCALHOST.some((n) => inv.hosts.has(n))) implicitLocalhost(inv, 'localhost');
    // the implicit localhost comes last, as Ansible's HostVars lists it after the inventory's hosts
    const implicit = (h: string) => (inv.hosts.get(h)?.implicit ? 1 : 0);
    const names = [...new Set([...inv.hosts.keys(), ...ps.allHosts])].sort(
      (a, b) => implicit(a) - implicit(b),
    );
    view = makeHostvars(
      names,
      (h) => hostvarsView(ps, h),
      (h) => ps.run.hosts.get(h)?.varsVersion ?? 0,
      localhostAliases(inv),
    );
    hostvarsCache.set(ps, view);
  }
  return view;
}

/**
 * The localhost names no inventory host has, and the host Ansible finds by them: the first
 * localhost-like host of the inventory, else its implicit localhost (InventoryData.get_host).
 */
function localhostAliases(inv: Inventory): Map<string, { host: string; listed: boolean }> {
  const local = [...inv.hosts.values()].filter((h) => LOCALHOST.includes(h.name));
  const target = local.find((h) => !h.implicit) ?? local[0];
  if (!target) return new Map();
  const names = LOCALHOST.filter((n) => !inv.hosts.has(n));
  return new Map(names.map((n) => [n, { host: target.name, listed: n === 'localhost' }]));
}

const liveHostsCache = new WeakMap<
  PlayState,
  { version: number; batch: string[]; live: readonly string[]; liveBatch: readonly string[] }
>();

/** The play's hosts still in it, and those of the current batch: shared by all its hosts and tasks. */
function liveHosts(ps: PlayState): { live: readonly string[]; liveBatch: readonly string[] } {
  const version = livenessVersion(ps.run);
  const hit = liveHostsCache.get(ps);
  if (hit && hit.version === version && hit.batch === ps.batch) return hit;
  const live = Object.freeze(
    ps.allHosts.filter((h) => {
      const s = ps.run.hosts.get(h);
      return !s || inPlayHosts(s);
    }),
  );
  const inBatch = new Set(ps.batch);
  const entry = {
    version,
    batch: ps.batch,
    live,
    liveBatch: Object.freeze(live.filter((h) => inBatch.has(h))),
  };
  liveHostsCache.set(ps, entry);
  return entry;
}

const roleNamesCache = new WeakMap<Play, { play: string[]; dependent: string[] }>();

/** The play's role names (its roles: and import_role'd roles) and their dependencies' names. */
function playRoleNames(play: Play): { play: string[]; dependent: string[] } {
  let names = roleNamesCache.get(play);
  if (!names) {
    const roles = playRoles(play);
    const deps = roles.flatMap((r) => roleChain(r).filter((d) => d !== r));
    names = { play: roles.map((r) => r.name), dependent: [...new Set(deps.map((d) => d.name))] };
    roleNamesCache.set(play, names);
  }
  return names;
}

const groupNamesCache = new WeakMap<Record<string, string[]>, Map<string, readonly string[]>>();

/**
 * A host's group names, kept with the `groups` view they come from (both are read again after
 * add_host/group_by): finding them scans the `all` group's hosts, and doing so at every task made
 * a thousand-host run's cost grow with the square of its hosts.
 */
function hostGroupNames(run: RunState, host: string): readonly string[] {
  const g = groups(run);
  let byHost = groupNamesCache.get(g);
  if (!byHost) groupNamesCache.set(g, (byHost = new Map()));
  let names = byHost.get(host);
  if (!names) {
    const inv = run.req.inventory;
    names = inv.hosts.has(host) ? groupNamesOf(inv, host) : [];
    byHost.set(host, names);
  }
  return names;
}

function magicVars(ps: PlayState, host: string, role?: { name: string; path: string }): Vars {
  const run = ps.run;
  const { live, liveBatch } = liveHosts(ps);
  return buildMagicVars({
    inventoryHostname: host,
    groups: groups(run),
    groupNames: hostGroupNames(run, host),
    hostvars: hostvars(ps),
    playHosts: live,
    playHostsAll: ps.allHosts,
    playBatch: liveBatch,
    check: run.req.check,
    diff: run.req.diff,
    playbookDir: ps.play.playbookDir,
    playName: ps.play.name,
    role,
    roleNames: playRoleNames(ps.play),
    runTags: run.req.tags,
    skipTags: run.req.skipTags,
    limit: run.req.limit,
    inventorySources: run.req.inventorySources,
    verbosity: run.req.verbosity,
    forks: run.req.forks,
  });
}

/**
 * What `hostvars[host]` shows, as Ansible's HostVars (get_vars with a host and neither play nor
 * task): inventory vars, facts, include_vars, set_fact, -e and the special variables that need
 * no play. No play vars, vars_files, role, block or task vars.
 */
export function hostvarsView(ps: PlayState, host: string): Vars {
  const run = ps.run;
  const hs = hostState(run, host);
  const v = composeVars({
    inventory: inventoryVars(run, host),
    facts: hs.facts,
    includeVars: hs.includedVars,
    hostRegistered: hs.hostFacts,
    extraVars: run.req.extraVars,
  });
  const magic = magicVars(ps, host);
  for (const k of PLAY_MAGIC) delete magic[k];
  return Object.assign(v, magic);
}

/** Special variables that belong to a play or a task, missing from a `hostvars` view. */
const PLAY_MAGIC = [
  'hostvars',
  'play_hosts',
  'ansible_play_hosts',
  'ansible_play_hosts_all',
  'ansible_play_batch',
  'ansible_play_name',
  'role_names',
  'ansible_role_names',
  'ansible_play_role_names',
  'ansible_dependent_role_names',
];

/**
 * The variables of the play without a host or task (play vars, vars_files, the play's roles, -e),
 * as Ansible templates tags with before selecting tasks by --tags.
 */
export function playTemplateVars(ps: PlayState): Vars {
  return playLevelVars(ps.play, ps.run.req.extraVars, ps);
}

/** The same before the play has a state (its vars_prompt, templated when it starts). */
export function playLevelVars(
  play: Play,
  extraVars: Vars,
  at: { vars: Vars; varsFiles?: Vars; publicRoles?: PlayState['publicRoles'] },
): Vars {
  const roles = playRoles(play, at.publicRoles);
  return composeVars({
    roleDefaults: roles.map((r) => roleDefaults(r)),
    playVars: at.vars,
    varsFiles: at.varsFiles,
    roleVars: roles.map((r) => roleVars(r)),
    extraVars,
    magic: { playbook_dir: play.playbookDir },
  });
}

/**
 * What a vars_files name is rendered with for a host, as Ansible's get_vars has it when it reaches
 * the play's vars_files: its roles' defaults, the host's inventory vars and facts, the play's vars,
 * -e and the special variables (no include_vars, set_fact, role, block or task vars).
 */
export function varsFilesNameVars(ps: PlayState, host: string): Vars {
  const run = ps.run;
  return composeVars({
    roleDefaults: playRoles(ps.play, ps.publicRoles).map((r) => roleDefaults(r)),
    inventory: { ansible_host: host, ...inventoryVars(run, host) },
    facts: hostState(run, host).facts,
    playVars: ps.vars,
    extraVars: run.req.extraVars,
    magic: magicVars(ps, host),
  });
}

export function taskVars(ps: PlayState, host: string, scope: Scope, kw: Keywords): Vars {
  const v = hostTaskVars(ps, host, scope, kw, hostState(ps.run, host), hostVarsFiles(ps, host));
  if (scope.failedInfo) Object.assign(v, scope.failedInfo);
  return v;
}

/**
 * The variables a delegated task's connection to `delegated` is made with, as Ansible's variable
 * manager gives them for that host and the task: that host's inventory vars and facts, with the
 * play's, roles', block's and task's vars and -e over them. A host the run has no state for (one
 * outside the inventory too) gets none made: it has no facts.
 */
export function delegatedTaskVars(ps: PlayState, delegated: string, scope: Scope, kw: Keywords): Vars {
  return hostTaskVars(ps, delegated, scope, kw, ps.run.hosts.get(delegated), ps.varsFiles);
}

function hostTaskVars(
  ps: PlayState,
  host: string,
  scope: Scope,
  kw: Keywords,
  hs: Pick<HostState, 'facts' | 'includedVars' | 'hostFacts'> | undefined,
  varsFiles: Vars,
): Vars {
  const run = ps.run;
  const role = scope.role;
  return composeVars({
    roleDefaults: [
      ...playRoles(ps.play, ps.publicRoles).map((r) => roleDefaults(r)),
      ...(role ? [roleDefaults(role, scope.roleParents)] : []),
    ],
    // a task's own host has ansible_host (its name unless set), as Ansible's executor gives it;
    // other hosts' hostvars show only what was set
    inventory: { ansible_host: host, ...inventoryVars(run, host) },
    facts: hs?.facts,
    playVars: ps.vars,
    varsFiles,
    roleVars: [
      ...playRoles(ps.play, ps.publicRoles).map((r) => roleVars(r)),
      ...(role ? [roleVars(role, scope.roleParents)] : []),
    ],
    blockVars: scope.blockVars,
    taskVars: kw.vars as Vars | undefined,
    includeVars: hs?.includedVars,
    hostRegistered: hs?.hostFacts,
    roleParams: role && roleParams(role, scope.roleParents),
    includeParams: scope.includeVars,
    extraVars: run.req.extraVars,
    magic: magicVars(ps, host, role && { name: role.name, path: role.path }),
  });
}

/**
 * A delegated task sees `ansible_delegated_vars`: the delegated host's variables under its name,
 * as Ansible's variable manager gives them (a looped task's are added per item by the loop).
 */
export function addDelegatedVars(
  run: RunState,
  vars: Vars,
  delegateTo: unknown,
  render: (v: unknown) => unknown,
): void {
  const delegated = delegatedVarsFor(run, delegateTo, [render]);
  if (delegated) vars.ansible_delegated_vars = delegated;
}

/**
 * `ansible_delegated_vars` for the hosts `delegate_to` names, rendered by each of `renders` (a
 * loop's: one per item); undefined when it names none. A name that cannot be rendered is left
 * out: its task (or item) fails when it runs.
 */
export function delegatedVarsFor(
  run: RunState,
  delegateTo: unknown,
  renders: ((v: unknown) => unknown)[],
): Record<string, unknown> | undefined {
  if (delegateTo === undefined) return undefined;
  const names = new Set<string>();
  for (const render of renders) {
    try {
      const name = render(delegateTo);
      if (typeof name === 'string') names.add(name);
    } catch {
      // left out (see above)
    }
  }
  if (!names.size) return undefined;
  return Object.fromEntries([...names].map((n) => [n, { ansible_host: n, ...inventoryVars(run, n) }]));
}
