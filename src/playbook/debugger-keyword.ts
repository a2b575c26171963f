/**
 * The debugger keyword's values, as Ansible checks them. fabplay runs unattended: no value starts
 * a debugger (the preflight says so), but a value Ansible refuses fails the task as there.
 */
export const DEBUGGER_VALUES = ['on_failed', 'on_skipped', 'always', 'on_unreachable', 'never'];

export function checkDebugger(v: unknown): void {
  if (v === undefined || v === null || DEBUGGER_VALUES.includes(v as string)) return;
  throw new Error(
    `'${String(v)}' is not a valid value for debugger. Must be one of ${DEBUGGER_VALUES.join(', ')}`,
  );
}
