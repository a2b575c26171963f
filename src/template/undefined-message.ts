// What Jinja2's Undefined says when it fails (Undefined._undefined_message), from what it held.
import { pyRepr, typeName } from './python.js';
import type { UndefinedOrigin } from './undefined.js';
import { UndefinedVariableError } from './errors.js';

/** Jinja2's object_type_repr: `dict object`, `list object`, `None`. */
function objectTypeRepr(value: unknown): string {
  return value === null || value === undefined ? 'None' : `${typeName(value)} object`;
}

/**
 * Jinja2's words for an undefined: its hint, `'x' is undefined`, `'dict object' has no attribute
 * 'c'` or `list object has no element 0` (a key other than text). A value's class is the one
 * fabplay knows (`str object`, where Ansible may name its `AnsibleUnicode` of a playbook's text).
 */
export function undefinedMessage(origin: UndefinedOrigin): string {
  if (origin.hint !== undefined) return origin.hint;
  if (!origin.obj) return `${pyRepr(origin.name)} is undefined`;
  const type = objectTypeRepr(origin.obj.value);
  if (typeof origin.name !== 'string') return `${type} has no element ${pyRepr(origin.name)}`;
  return `${pyRepr(type)} has no attribute ${pyRepr(origin.name)}`;
}

/**
 * What Ansible's conditional says of an undefined it met (`error while evaluating conditional
 * (COND): MSG. MSG`, its AnsibleUndefinedVariable's text), for an error that came from one.
 */
export function undefinedInConditional(cond: string, e: unknown): string | undefined {
  if (!(e instanceof UndefinedVariableError) || !e.origin) return undefined;
  const said = undefinedMessage(e.origin);
  return `error while evaluating conditional (${cond}): ${said}. ${said}`;
}
