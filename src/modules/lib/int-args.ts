import type { ArgSpec, ArgTable } from './args.js';
import { argEntries } from './arg-rules.js';
import { isFloat } from '../../util/py-float.js';

/**
 * A module's int argument as Ansible's argument spec checks it (check_type_int): an int, or text
 * Python's int() reads ('12', ' 3 ', '1_000'). A float is refused even when whole (`timeout: 2.0`,
 * `{{ 4 / 2 }}`, which renders '2.0'), and so is text such as '2.0' or '1e3'. An action plugin's
 * argument (`pythonInt`: debug's verbosity, reboot's timeouts) is read with int() instead, which
 * takes a whole float.
 */

/** text Python's int() reads */
export const PY_INT_TEXT = /^\s*[-+]?\d+(?:_\d+)*\s*$/;

/** True for a float that `spec`, an int argument, refuses (check_type_int). */
export function refusesFloat(spec: ArgSpec, v: unknown): boolean {
  return spec.type === 'integer' && !spec.pythonInt && isFloat(v);
}

function pyClass(v: unknown): string {
  if (typeof v === 'string') return 'str';
  if (isFloat(v)) return 'float';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' && v !== null ? 'dict' : 'int';
}

/** Ansible's message for each int argument among `args` that check_type_int refuses. */
export function intArgProblems(table: ArgTable | undefined, args: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, spec] of argEntries(table ?? {})) {
    if (spec.type !== 'integer') continue;
    for (const key of [name, ...(spec.aliases ?? [])]) {
      const v = args[key];
      const bad = refusesFloat(spec, v) || (typeof v === 'string' && !PY_INT_TEXT.test(v));
      if (!bad) continue;
      const cls = `<class '${pyClass(v)}'>`;
      out.push(
        `argument '${key}' is of type ${cls} and we were unable to convert to int: ${cls} cannot be converted to an int`,
      );
    }
  }
  return out;
}
