import { UnsafeText } from '../template/unsafe.js';
import { isTemplate } from '../template/native.js';

/**
 * Python's class of a text, which Ansible's argument checks name in a type error: YAML text of a
 * playbook or role is AnsibleUnicode, host data AnsibleUnsafeText, and a text a template built
 * (or `-e` gave) plain str. A template that is a variable's name alone gives that variable's own
 * value, so its class. fabplay's texts are JS strings, so the class is told from the value as
 * written, before templating.
 */
export const YAML_TEXT = 'ansible.parsing.yaml.objects.AnsibleUnicode';
export const UNSAFE_TEXT = 'ansible.utils.unsafe_proxy.AnsibleUnsafeText';

/**
 * The class of what `raw` (an argument as written) templates to, when it is a text; undefined for
 * plain str. `plain`: variables whose texts are no YAML text (-e values). A stored text (a loop
 * item, set_fact's) counts as YAML text when it holds no template, which is what it was unless a
 * template built it.
 */
export function textClassOf(
  raw: unknown,
  vars: Record<string, unknown>,
  plain: ReadonlySet<string>,
  depth = 0,
): string | undefined {
  if (raw instanceof UnsafeText) return UNSAFE_TEXT;
  if (typeof raw !== 'string') return undefined;
  if (!isTemplate(raw)) return YAML_TEXT;
  const bare = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}$/.exec(raw)?.[1];
  if (bare === undefined || plain.has(bare) || !(bare in vars) || depth > 20) return undefined;
  return textClassOf(vars[bare], vars, plain, depth + 1);
}

/** The variables whose texts are plain str: the extra vars (-e). */
export function plainTextVars(extra: Record<string, unknown> = {}): Set<string> {
  return new Set(Object.keys(extra));
}
