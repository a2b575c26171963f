// Owner: helper D.
import { ExitCode } from '../errors.js';
import type { RunRequest } from './api.js';
import type { RunState } from './state.js';
import { ConnectionPool } from './connections.js';
import { runPlay } from './play-runner.js';
import { Masker, addSecretVars } from '../output/masking.js';
import { createOutput } from '../output/index.js';

/** Runs the playbooks; resolves to the process exit code. */
export async function runPlaybooks(req: RunRequest): Promise<number> {
  const masker = req.secrets ?? new Masker();
  masker.add(req.becomePassword);
  masker.add(req.connectionPassword);
  for (const h of req.inventory.hosts.values()) addSecretVars(masker, h.vars);
  for (const g of req.inventory.groups.values()) addSecretVars(masker, g.vars);
  addSecretVars(masker, req.extraVars);
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
      onSecret: (v) => masker.add(v),
    }),
    stats: new Map(),
    hosts: new Map(),
    anyChanged: false,
    startedAt: Date.now(),
  };
  try {
    for (const pb of req.playbooks) {
      out.emit({ event: 'playbook_start', playbook: pb.file });
      for (const play of pb.plays) if (!req.signal?.aborted) await runPlay(run, play);
    }
    if (!req.signal?.aborted)
      out.emit({
        event: 'recap',
        stats: Object.fromEntries([...run.stats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        duration_ms: Date.now() - run.startedAt,
      });
  } finally {
    await run.conns.closeAll();
    await out.close();
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
