// How a fact is named outside fabplay's facts dict (which holds them without the `ansible_` prefix):
// in a setup result, the fact cache and as a variable, as Ansible names them.

/**
 * Set in a host's facts by gather_facts (the play's gathering, or the module), not by setup:
 * `gathering = smart` skips hosts whose facts (cached by an earlier run too) hold it, as Ansible does.
 */
export const FACTS_GATHERED = '_ansible_facts_gathered';

/** What Ansible's setup returns without the `ansible_` prefix: the gathering's own metadata. */
const UNPREFIXED = new Set(['gather_subset', 'module_setup']);

/**
 * A gathered fact's name in a setup result and in the cache: `ansible_<name>`, except the ones
 * above. (Other modules' facts keep the names they are given: isBareResultKey.)
 */
export function factResultName(key: string): string {
  return key.startsWith('ansible_') || key.startsWith('_ansible_') || UNPREFIXED.has(key)
    ? key
    : `ansible_${key}`;
}

/** The variable a fact is also seen as; Ansible's internal `_ansible_` keys are none. */
export function factVarName(key: string): string | undefined {
  return key.startsWith('_ansible_') ? undefined : factResultName(key);
}

/**
 * A key of a module's `ansible_facts` given without the `ansible_` prefix (service_facts'
 * `services`, a cacheable set_fact's names): Ansible injects such a fact as a variable under that
 * bare name, not as `ansible_<name>`.
 */
export function isBareResultKey(key: string): boolean {
  return !key.startsWith('ansible_') && !key.startsWith('_ansible_') && !UNPREFIXED.has(key);
}

const stored = new WeakMap<object, Record<string, unknown>>();

/**
 * The facts as Ansible's cache holds them, which a fabplay facts dict (Ansible's `ansible_facts`
 * view) was made from: gathered ones as `ansible_<name>`, a cacheable set_fact's by the name
 * it was given, in the order first set. A bare `pkg_mgr` and the gathered `ansible_pkg_mgr` are
 * two facts there, and two variables. Undefined for a dict made otherwise (all gathered).
 */
export function storedFacts(facts: object): Record<string, unknown> | undefined {
  return stored.get(facts);
}

export function setStoredFacts(facts: object, asStored: Record<string, unknown>): void {
  stored.set(facts, asStored);
}

/** A stored fact's variable: its own name; Ansible's internal `_ansible_` keys are none. */
export function storedVarName(key: string): string | undefined {
  return key.startsWith('_ansible_') ? undefined : key;
}
