// Owner: helper D.
import type { RunRequest } from './api.js';

/** Runs the playbooks; resolves to the process exit code. */
export async function runPlaybooks(_req: RunRequest): Promise<number> {
  throw new Error('runPlaybooks: not implemented yet');
}
