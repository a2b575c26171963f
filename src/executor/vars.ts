import { OMIT } from '../template/index.js';
import { groupNamesOf, groupsMap, hostVars } from '../inventory/index.js';
import type { Keywords } from '../playbook/types.js';
import type { PlayState, RunState } from './state.js';
import { hostState } from './state.js';
import type { Scope } from './scope.js';

/**
 * Variables of a host for a task, by Ansible's precedence (lowest first): role defaults,
 * inventory group/host vars, facts, play vars, vars_files, role vars, block vars, task vars,
 * include_vars/set_fact/register, role params, include params, extra vars; then magic vars.
 */

const invCache = new WeakMap<RunState, Map<string, Record<string, unknown>>>();
const groupsCache = new WeakMap<RunState, Record<string, string[]>>();

export function inventoryVars(run: RunState, host: string): Record<string, unknown> {
  let m = invCache.get(run);
  if (!m) invCache.set(run, (m = new Map()));
  let v = m.get(host);
  if (!v) {
    v = run.req.inventory.hosts.has(host) ? hostVars(run.req.inventory, host) : {};
    m.set(host, v);
  }
  return v;
}

function groups(run: RunState): Record<string, string[]> {
  let g = groupsCache.get(run);
  if (!g) groupsCache.set(run, (g = groupsMap(run.req.inventory)));
  return g;
}

/** Facts as Ansible injects them: `ansible_facts` and each fact as `ansible_<name>`. */
function factVars(facts: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!facts) return {};
  const out: Record<string, unknown> = { ansible_facts: facts };
  for (const [k, v] of Object.entries(facts)) out[k.startsWith('ansible_') ? k : `ansible_${k}`] = v;
  return out;
}

function magicVars(ps: PlayState, host: string): Record<string, unknown> {
  const run = ps.run;
  const inv = run.req.inventory;
  const live = ps.allHosts.filter((h) => {
    const s = run.hosts.get(h);
    return !s || (!s.failed && !s.unreachable);
  });
  return {
    inventory_hostname: host,
    inventory_hostname_short: host.split('.')[0],
    groups: groups(run),
    group_names: inv.hosts.has(host) ? groupNamesOf(inv, host) : [],
    hostvars: hostvarsView(ps),
    play_hosts: live.filter((h) => ps.batch.includes(h)),
    ansible_play_batch: live.filter((h) => ps.batch.includes(h)),
    ansible_play_hosts: live,
    ansible_play_hosts_all: ps.allHosts,
    ansible_play_name: ps.play.name,
    playbook_dir: ps.play.playbookDir,
    ansible_check_mode: run.req.check,
    ansible_diff_mode: run.req.diff,
    ansible_run_tags: run.req.tags.length ? run.req.tags : ['all'],
    ansible_skip_tags: run.req.skipTags,
    ansible_verbosity: run.req.verbosity,
    ansible_version: { full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' },
    omit: OMIT,
  };
}

/** The placeholder `omit` renders to (the templar's); arguments equal to it are dropped. */
export { OMIT };

/** Play-level vars of a host (no role, block or task layer): what `hostvars[host]` shows. */
export function playLevelVars(ps: PlayState, host: string): Record<string, unknown> {
  const run = ps.run;
  const hs = hostState(run, host);
  return Object.assign(
    {},
    inventoryVars(run, host),
    factVars(hs.facts),
    ps.vars,
    ps.varsFiles,
    hs.hostFacts,
    run.req.extraVars,
    magicVars(ps, host),
  );
}

const views = new WeakMap<PlayState, Record<string, unknown>>();

/** `hostvars`: one lazy view per play (each host's vars are computed when read). */
function hostvarsView(ps: PlayState): Record<string, unknown> {
  const cached = views.get(ps);
  if (cached) return cached;
  const view: Record<string, unknown> = {};
  views.set(ps, view);
  const names = new Set([...ps.run.req.inventory.hosts.keys(), ...ps.allHosts]);
  for (const h of names) {
    Object.defineProperty(view, h, {
      enumerable: true,
      get: () => {
        const v = playLevelVars(ps, h);
        delete v.hostvars;
        return v;
      },
    });
  }
  return view;
}

export function taskVars(ps: PlayState, host: string, scope: Scope, kw: Keywords): Record<string, unknown> {
  const run = ps.run;
  const hs = hostState(run, host);
  const role = scope.role;
  const v = Object.assign(
    {},
    role?.defaults,
    inventoryVars(run, host),
    factVars(hs.facts),
    ps.vars,
    ps.varsFiles,
    role?.vars,
    scope.blockVars,
    kw.vars as Record<string, unknown> | undefined,
    hs.hostFacts,
    role?.params,
    scope.includeVars,
    run.req.extraVars,
    magicVars(ps, host),
    scope.failedInfo,
  );
  if (role) {
    v.role_name = role.name;
    v.role_path = role.path;
    v.ansible_role_name = role.name;
  }
  return v;
}
