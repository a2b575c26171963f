// Owner: helper E.
import type { Connection, ConnectionSpec } from './types.js';

/** The connection variables of a host (ansible_host, ansible_port, ansible_user, ...) with defaults. */
export function connectionSpecFor(
  _host: string,
  _vars: Record<string, unknown>,
  _defaults: Partial<ConnectionSpec>,
): ConnectionSpec {
  throw new Error('connectionSpecFor: not implemented yet');
}

/** Opens a connection (ssh or local); throws UnreachableError when it cannot. */
export async function openConnection(_spec: ConnectionSpec): Promise<Connection> {
  throw new Error('openConnection: not implemented yet');
}
