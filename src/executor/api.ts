import type { Inventory } from '../inventory/types.js';
import type { Playbook } from '../playbook/types.js';

/** Everything `fabplay run` hands the executor (the CLI has parsed and loaded it all). */
export interface RunRequest {
  playbooks: Playbook[];
  inventory: Inventory;
  check: boolean;
  diff: boolean;
  /** --limit pattern */
  limit?: string;
  tags: string[];
  skipTags: string[];
  /** -e values, merged in order */
  extraVars: Record<string, unknown>;
  forks: number;
  remoteUser?: string;
  become: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  becomePassword?: string;
  connectionPassword?: string;
  privateKeyFile?: string;
  hostKeyChecking: 'strict' | 'accept-new' | 'off';
  knownHostsFile?: string;
  connectTimeoutMs: number;
  json: boolean;
  verbosity: number;
  startAtTask?: string;
  forceHandlers: boolean;
  /** with --check: exit 8 when something would change and nothing failed */
  detailedExitCode: boolean;
}
