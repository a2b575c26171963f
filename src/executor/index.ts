// The executor's entry: runs the playbooks of a request and returns the exit code.
import { ExitCode } from '../errors.js';
import type { RunRequest } from './api.js';
import type { RunState } from './state.js';
import { ConnectionPool } from './connections.js';
import { runPlay } from './play-runner.js';
import { Masker, SECRET_VAR_NAMES } from '../output/masking.js';
import { createOutput } from '../output/index.js';
import { onVaultPlaintext } from '../vault/keyring.js';

/** Runs the playbooks; resolves to the process exit code. */
export async function runPlaybooks(req: RunRequest): Promise<number> {
  const masker = new Masker();
  masker.add(req.becomePassword);
  masker.add(req.connectionPassword);
  for (const h of req.inventory.hosts.values()) for (const k of SECRET_VAR_NAMES) masker.add(h.vars[k]);
  for (const g of req.inventory.groups.values()) for (const k of SECRET_VAR_NAMES) masker.add(g.vars[k]);
  // every vault value opened so far (playbooks, inventory) and later (include_vars, copy src)
  const stopMaskingVault = onVaultPlaintext((s) => masker.add(s));
  const out = req.output ?? (await createOutput(req, masker));
  const run: RunState = {
    req,
    out,
    masker,
    conns: new ConnectionPool({
      user: req.remoteUser,
      password: req.connectionPassword,
      privateKeyFile: req.privateKeyFile,
      hostKeyChecking: req.hostKeyChecking,
      knownHostsFile: req.knownHostsFile,
      connectTimeoutMs: req.connectTimeoutMs,
    }),
    stats: new Map(),
    hosts: new Map(),
    anyChanged: false,
    startedAt: Date.now(),
  };
  try {
    for (const pb of req.playbooks) {
      out.emit({ event: 'playbook_start', playbook: pb.file });
      for (const play of pb.plays) await runPlay(run, play);
    }
    out.emit({
      event: 'recap',
      stats: Object.fromEntries([...run.stats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      duration_ms: Date.now() - run.startedAt,
    });
  } finally {
    await run.conns.closeAll();
    await out.close();
    stopMaskingVault();
  }
  return exitCode(run);
}

function exitCode(run: RunState): number {
  const all = [...run.stats.values()];
  if (all.some((s) => s.unreachable > 0)) return ExitCode.UNREACHABLE;
  if (all.some((s) => s.failed > 0)) return ExitCode.TASK_FAILED;
  if (run.req.check && run.req.detailedExitCode && run.anyChanged) return ExitCode.CHECK_WOULD_CHANGE;
  return ExitCode.OK;
}
