import { pyJson } from '../../util/python-json.js';
import { typeName } from '../../template/python.js';

/** The Python class of a value loaded from a YAML file, as Ansible's loader makes it. */
function loadedTypeName(v: unknown): string {
  if (typeof v === 'string') return 'AnsibleUnicode';
  if (Array.isArray(v)) return 'AnsibleSequence';
  const t = typeName(v);
  return t === 'dict' ? 'AnsibleMapping' : t;
}

/**
 * Ansible's words when include_vars' hash_behaviour cannot combine a name's current value with
 * the file's (either is no mapping, or the name has none). The current value's class is named as
 * Python names plain values (Ansible's may be its own, AnsibleUnicode for text from YAML).
 */
export function combineFailure(current: unknown, loaded: unknown): string {
  const dump = (v: unknown): string => pyJson(v);
  return (
    `failed to combine variables, expected dicts but got a '${typeName(current)}' and a ` +
    `'${loadedTypeName(loaded)}': \n${dump(current)}\n${dump(loaded)}`
  );
}
