import type { ConnectionSpec } from '../types.js';
import type { Persistence } from './persist.js';

/** A run asks the keeper, over its IPC channel, to open and keep one connection. */
export interface KeeperRequest {
  id: number;
  spec: ConnectionSpec;
  persistence: Persistence;
}

/** The keeper's answer: the connection is behind its socket, or why it could not be opened. */
export type KeeperReply =
  { id: number; ok: true } | { id: number; error: string; unreachable: boolean; authentication?: boolean };
