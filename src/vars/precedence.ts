import { markUnsafe, seal } from '../template/unsafe.js';
import { combineInto, hashBehaviour } from './hash-behaviour.js';
import { factVarName, storedFacts, storedVarName } from '../facts/names.js';
import { isRestrictedFact } from '../facts/restricted-facts.js';

/**
 * Ansible's variable precedence, lowest first. Each layer replaces whole top-level values of the
 * layers below it (hash_behaviour=replace) or merges mappings into theirs (hash_behaviour=merge,
 * see hash-behaviour.ts); values stay raw here, the Templar templates them lazily.
 *
 * role defaults < inventory (group vars all -> by depth and name, then host vars, merged by the
 * inventory) < facts < play vars < vars_files < role vars < block vars (outer -> inner) < task vars
 * < include_vars < registered vars and set_fact < role params < include params < extra vars,
 * and the magic variables (inventory_hostname, groups, hostvars ...) on top, as Ansible cannot
 * override them.
 */

export type Vars = Record<string, unknown>;
type Layer = Vars | readonly Vars[] | undefined;

export interface VarLayers {
  /** defaults/main.yml of the roles in scope (a dependency's before its dependant) */
  roleDefaults?: Layer;
  /** the host's inventory variables as inventory.hostVars() merged them */
  inventory?: Layer;
  /** gathered facts, keys without the ansible_ prefix: become `ansible_facts` and `ansible_<name>` */
  facts?: Vars;
  playVars?: Layer;
  /** each vars_files file, in order */
  varsFiles?: Layer;
  roleVars?: Layer;
  /** block vars, outermost block first */
  blockVars?: Layer;
  taskVars?: Layer;
  /** include_vars results of this host */
  includeVars?: Layer;
  /** register: and set_fact: results of this host */
  hostRegistered?: Layer;
  /** parameters given where a role is used (`roles: [{role: x, a: 1}]`, include_role vars) */
  roleParams?: Layer;
  /** include_tasks/import_tasks vars */
  includeParams?: Layer;
  /** -e values */
  extraVars?: Layer;
  /** inventory_hostname, groups, group_names, hostvars, play_hosts ... (see magic.ts) */
  magic?: Vars;
}

const factLayers = new WeakMap<Vars, Vars>();
const NO_FACTS: Vars = Object.freeze({});

/**
 * The facts layer: every fact by its name as stored (`ansible_<name>`, a bare one as given: facts/names.ts), and the whole dict as `ansible_facts`. Facts
 * come from the host, so each is stored unsafe (template/unsafe.ts). Built once per facts dict.
 */
export function factVars(facts: Vars): Vars {
  let out = factLayers.get(facts);
  if (out) return out;
  out = {};
  const asStored = storedFacts(facts);
  for (const [k, v] of Object.entries(asStored ?? facts)) {
    const name = asStored ? storedVarName(k) : factVarName(k);
    if (name !== undefined && !isRestrictedFact(name)) out[name] = seal(v);
  }
  out.ansible_facts = markUnsafe(facts);
  factLayers.set(facts, out);
  return out;
}

function apply(out: Vars, layer: Layer): void {
  if (!layer) return;
  if (Array.isArray(layer)) for (const l of layer) combineInto(out, l);
  else combineInto(out, layer as Vars);
}

/** A layer's mappings one over the other, replacing (block and task vars, as Ansible's Task.get_vars). */
function replaced(...layers: Layer[]): Vars {
  const out: Vars = {};
  for (const l of layers) if (l) Object.assign(out, ...(Array.isArray(l) ? l : [l]));
  return out;
}

/** One variables object for a host at a task, from its layers, highest precedence winning. */
export function composeVars(layers: VarLayers): Vars {
  const out: Vars = {};
  apply(out, layers.roleDefaults);
  apply(out, layers.inventory);
  // ansible_facts is defined ({}) before any fact is known, as in Ansible
  const facts = factVars(layers.facts ?? NO_FACTS);
  apply(out, facts);
  // ansible_facts replaces what was there under either behaviour (Ansible's namespace_facts)
  out.ansible_facts = facts.ansible_facts;
  apply(out, layers.playVars);
  apply(out, layers.varsFiles);
  apply(out, layers.roleVars);
  if (hashBehaviour() === 'merge') apply(out, replaced(layers.blockVars, layers.taskVars));
  else {
    apply(out, layers.blockVars);
    apply(out, layers.taskVars);
  }
  apply(out, layers.includeVars);
  apply(out, layers.hostRegistered);
  apply(out, layers.roleParams);
  apply(out, layers.includeParams);
  apply(out, layers.extraVars);
  // the special variables are Ansible's to set: they replace (hostvars is a view, never merged)
  Object.assign(out, layers.magic);
  return out;
}

/** The layer names in precedence order, lowest first (for docs and `-vvv` output). */
export const LAYER_ORDER: ReadonlyArray<keyof VarLayers> = [
  'roleDefaults',
  'inventory',
  'facts',
  'playVars',
  'varsFiles',
  'roleVars',
  'blockVars',
  'taskVars',
  'includeVars',
  'hostRegistered',
  'roleParams',
  'includeParams',
  'extraVars',
  'magic',
];
