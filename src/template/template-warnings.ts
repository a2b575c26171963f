import { onRunEnd } from '../util/run-scope.js';
/**
 * Warnings a template's lookups give (Ansible's display.warning inside a plugin: a file not in the
 * search path, a failure that `errors='warn'` passes by). Rendering is synchronous, so the
 * executor takes them right after the render that gave them and shows them with that host's result.
 */
let pending: string[] = [];
onRunEnd(() => (pending = []));

export function warnFromTemplate(msg: string): void {
  pending.push(msg);
}

/** The warnings given since the last call, in order. */
export function takeTemplateWarnings(): string[] {
  const out = pending;
  pending = [];
  return out;
}
