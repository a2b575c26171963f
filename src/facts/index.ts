// Owner: helper E.
import type { Connection } from '../connection/types.js';

/** Runs one remote script; returns the `ansible_facts` dict (keys without the ansible_ prefix). */
export async function gatherFacts(
  _conn: Connection,
  _opts: { subset?: string[]; filter?: string } = {},
): Promise<Record<string, unknown>> {
  throw new Error('gatherFacts: not implemented yet');
}
