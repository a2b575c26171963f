// The executor's entry: runs the playbooks of a request and returns the exit code.
import { ExitCode } from '../errors.js';
import type { RunRequest } from './api.js';
import type { RunState } from './state.js';
import { ConnectionPool } from './connections.js';
import { runPlay } from './play-runner.js';
import { Masker, addSecretVars } from '../output/masking.js';
import { createOutput } from '../output/index.js';
import { FailureLog } from './rollout.js';
import { importOwn } from '../util/import-own.js';
import { onVaultPlaintext } from '../vault/keyring.js';
import { customStatsOf } from './custom-stats.js';

/** Runs the playbooks; resolves to the process exit code. */
export async function runPlaybooks(req: RunRequest): Promise<number> {
  return (await runWithOutcome(req)).code;
}

/**
 * Runs the playbooks; resolves to the exit code, the hosts a retry must run (those that failed
 * or were unreachable, and those a stopped rollout never reached) and the hosts that ran clean.
 */
export async function runWithOutcome(
  req: RunRequest,
): Promise<{ code: number; retry: string[]; done: string[] }> {
  const masker = req.secrets ?? new Masker();
  masker.add(req.becomePassword);
  for (const p of Object.values(req.becomePlugins ?? {})) masker.add(p.password);
  masker.add(req.connectionPassword);
  for (const h of req.inventory.hosts.values()) addSecretVars(masker, h.vars);
  for (const g of req.inventory.groups.values()) addSecretVars(masker, g.vars);
  addSecretVars(masker, req.extraVars);
  // every vault value opened so far (playbooks, inventory) and later (include_vars, copy src)
  const stopMaskingVault = onVaultPlaintext((s) => masker.add(s));
  const view = req.output ?? (await createOutput(req, masker));
  // the report's code (its HTML page) is loaded only for a run that writes one
  const reported = req.report
    ? new (
        await importOwn<typeof import('../output/report.js')>('../output/report.js', import.meta.url)
      ).ReportOutput(view, masker, req.report)
    : view;
  const failures = new FailureLog(reported);
  const out = failures;
  const run: RunState = {
    req,
    out,
    masker,
    conns: new ConnectionPool({
      user: req.remoteUser,
      password: req.connectionPassword,
      privateKeyFile: req.privateKeyFile,
      port: req.remotePort,
      connectRetries: req.connectRetries,
      sshArgs: req.sshArgs,
      sshCommonArgs: req.sshCommonArgs,
      sshExtraArgs: req.sshExtraArgs,
      connection: req.connection,
      controlPathDir: req.controlPathDir,
      hostKeyChecking: req.hostKeyChecking,
      knownHostsFile: req.knownHostsFile,
      connectTimeoutMs: req.connectTimeoutMs,
      onSecret: (v) => masker.add(v),
    }),
    stats: new Map(),
    customStats: new Map(),
    hosts: new Map(),
    anyChanged: false,
    inventoryChanges: [],
    startedAt: Date.now(),
    failures,
  };
  try {
    playbooks: for (const pb of req.playbooks) {
      out.emit({ event: 'playbook_start', playbook: pb.file, plays: pb.plays.length });
      for (const play of pb.plays) {
        if (req.signal?.aborted) break playbooks;
        if ((await runPlay(run, play)) === 'stop') break playbooks;
      }
    }
    if (!req.signal?.aborted)
      out.emit({
        event: 'recap',
        stats: Object.fromEntries([...run.stats].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        duration_ms: Date.now() - run.startedAt,
        ...(req.showCustomStats ? customStatsOf(run.customStats) : {}),
        ...(run.rolloutStopped ? { rollout_stopped: run.rolloutStopped } : {}),
      });
  } finally {
    await run.conns.closeAll();
    await out.close();
    stopMaskingVault();
  }
  // a host whose errors meta clear_host_errors cleared is not to be retried, as in Ansible
  const bad = [...run.stats]
    .filter(([h, s]) => (s.failed > 0 || s.unreachable > 0) && !errorsCleared(run, h))
    .map(([h]) => h);
  return {
    code: exitCode(run),
    retry: [...new Set([...bad, ...(run.rolloutStopped?.not_reached ?? [])])],
    done: [...run.stats.keys()].filter((h) => !bad.includes(h)),
  };
}

/** The host failed or was unreachable, and meta clear_host_errors cleared it since. */
function errorsCleared(run: RunState, name: string): boolean {
  const hs = run.hosts.get(name);
  return !!hs && !hs.failed && !hs.unreachable && (hs.errorsCleared ?? 0) > 0;
}

function exitCode(run: RunState): number {
  // a failure or unreachable host that meta clear_host_errors cleared stays in the recap but not
  // in the exit code
  const cleared = (name: string): boolean => errorsCleared(run, name);
  const stats = [...run.stats];
  if (stats.some(([name, s]) => s.unreachable > 0 && !cleared(name))) return ExitCode.UNREACHABLE;
  if (stats.some(([name, s]) => s.failed > 0 && !cleared(name))) return ExitCode.TASK_FAILED;
  if (run.req.check && run.req.detailedExitCode && run.anyChanged) return ExitCode.CHECK_WOULD_CHANGE;
  return ExitCode.OK;
}
