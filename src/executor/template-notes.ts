import { takeTemplateWarnings } from '../template/template-warnings.js';

/**
 * The warnings the lookups of the render just done gave (template/template-warnings.ts), added to
 * the notes a host's result shows (each once); called right after a synchronous render, so they
 * belong to this host's task.
 */
export function noteTemplateWarnings(into: string[] | undefined): void {
  for (const w of takeTemplateWarnings()) addNote(into, w);
}

/** A warning for this host's result, once. */
export function addNote(into: string[] | undefined, msg: string): void {
  if (into && !into.includes(msg)) into.push(msg);
}
