/**
 * Ansible's NativeJinjaText: the text a string filter made (`{{ d | to_json }}`, `| string`, ...).
 * Its concat returns such a text as it is when it is a template's only part, where any other text
 * that spells a list, a dict or a boolean is read back as that value. Python keeps the mark on the
 * str object, so it follows the value through set_fact, `vars:` and loop items; a JS string cannot
 * carry a mark, so where such a text is stored (a variable, a loop item) it is held as a NativeText
 * box, and the Templar notes each one it reads. A one-expression template whose result is a text
 * read that way during its own evaluation (`{{ j }}`, `{{ j | default('') }}`, `{{ hostvars.h.j }}`)
 * keeps it as text, as Ansible's does for the same object.
 */
export class NativeText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

let current: Set<string> | undefined;

/** Records that the render in progress read this native text (no-op outside a tracked render). */
export function noteNativeText(text: string): void {
  current?.add(text);
}

/** Runs fn in its own scope; `read`: the native texts it read (the enclosing scope sees them too). */
export function nativeTracked<T>(fn: () => T): { value: T; read: ReadonlySet<string> } {
  const outer = current;
  const scope = new Set<string>();
  current = scope;
  try {
    return { value: fn(), read: scope };
  } finally {
    current = outer;
    if (outer) for (const t of scope) outer.add(t);
  }
}

/** Ansible's STRING_TYPE_FILTERS: what they give is a native text (env.ts notes it as read). */
export const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml']);

/** Filters that hand a value on as it is (Python returns the same object, mark and all). */
export const HANDS_ON = new Set(['default', 'd', 'first', 'last', 'mandatory', 'random', 'min', 'max']);

/** A filter whose result may be the native text it was given, or one it makes (a string filter). */
export function keepsMark(filter: string): boolean {
  return HANDS_ON.has(filter) || STRING_TYPE_FILTERS.has(filter);
}

/**
 * Whether `expr` may give a native text it read as that same text: not when it joins texts (`~`,
 * `+`, `%`) or runs it through a filter that makes a new one (`| trim`): Python's result is then a
 * new str without the mark, though it may equal the old one. String literals are left out first.
 */
export function handsTextOn(expr: string): boolean {
  const code = expr.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  if (/[~+%]/.test(code)) return false;
  for (const m of code.matchAll(/\|\s*(?:ansible\.builtin\.)?(\w+)/g)) if (!keepsMark(m[1]!)) return false;
  return true;
}
