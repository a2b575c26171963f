import { settleInFlight } from '../connection/in-flight.js';
import { dirname } from 'node:path';
import { ExitCode, UsageError, type InputError } from '../errors.js';
import { loadConfig, type Config } from '../config/index.js';
import type { RunRequest } from '../executor/api.js';
import type * as Executor from '../executor/index.js';
import { importOwn } from '../util/import-own.js';
import { retryLimit, saveRetry } from './retry-file.js';
import { loadInventory, selectHosts } from '../inventory/index.js';
import { inventorySettings } from './inventory-settings.js';
import { readRunInventory } from './run-inventory.js';
import { sourceShown } from './inventory-source-shown.js';
import type { Inventory } from '../inventory/types.js';
import { setJinja2Native } from '../template/native.js';
import { setHashBehaviour } from '../vars/hash-behaviour.js';
import { setLookupConfig } from '../template/lookup-config.js';
import { terminalPrompter } from './terminal-prompter.js';
import { openFactCache, type FactCache } from '../executor/fact-cache.js';
import { formatListing, listPlayTasks } from '../playbook/listing.js';
import { playHoldsStart } from '../playbook/start-at-task.js';
import { askHiddenOrStdin, TerminalInterrupted } from '../connection/prompt.js';
import { cliSecrets } from '../output/masking.js';
import { checkReportPath } from '../output/report-path.js';
import { callbackOptionsOf } from '../output/callback-options.js';
import type { Playbook } from '../playbook/types.js';
import { parseExtraVars } from './extra-vars.js';
import { loadAll, rolesPathOf } from './load-playbooks.js';
import { defaultConnection, givenConnectionPassword, refuseUnsupported } from './ansible-flags.js';
import { becomePasswordQuestion, becomeSettings, givenBecomePassword } from './become-options.js';
import { vaultSecretsOf, type VaultFlags } from './vault-options.js';
import { setVaultSecrets } from '../vault/keyring.js';
import { PreflightError, preflight, runPreflight } from '../preflight/index.js';
import { formatWarning, type Problem } from '../preflight/problems.js';
import { processServesRuns } from '../util/run-scope.js';
import { standardError, standardOutput } from '../output/stdio.js';

/** The preflight's warnings, masked like any other output. */
const warnOut = (text: string): void => void standardError.write(cliSecrets.text(text));

/**
 * What `fabplay run`, `check` and `validate` do once their flags are parsed: load config,
 * playbooks, inventory and -e values (flags > config > defaults), answer the list/syntax flags
 * without running anything, or build the RunRequest for the executor. Loaded only when one of
 * these commands runs (run-cmd.ts), so `fabplay --version` or `lab` do not pay for it.
 */

export interface RunFlags extends VaultFlags {
  inventory: string[];
  check?: boolean;
  diff?: boolean;
  limit?: string;
  tags: string[];
  skipTags: string[];
  extraVars: string[];
  forks?: string;
  user?: string;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  becomePasswordFile?: string;
  privateKey?: string;
  timeout?: string;
  connection?: string;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  modulePath: string[];
  /** refused (refuseUnsupported) */
  step?: boolean;
  sftpExtraArgs?: string;
  scpExtraArgs?: string;
  rolesPath: string[];
  json?: boolean;
  report?: string;
  verbose: number;
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  syntaxCheck?: boolean;
  startAtTask?: string;
  forceHandlers?: boolean;
  detailedExitcode?: boolean;
  askPass?: boolean;
  connectionPasswordFile?: string;
  askBecomePass?: boolean;
  hostKeyChecking?: string;
  retry?: boolean;
  flushCache?: boolean;
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || parseInt(v, 10) < 1)
    throw new UsageError(`${flag} '${v}': expected a whole number of 1 or more`);
  return parseInt(v, 10);
}

/** The config's fact cache; --flush-cache empties it for every inventory host first, as Ansible does. */
function factCacheOf(config: Config, inventory: Inventory, flush: boolean): FactCache | undefined {
  const cache = openFactCache({
    plugin: config.factCaching?.value ?? 'memory',
    connection: config.factCachingConnection?.value,
    prefix: config.factCachingPrefix?.value ?? '',
    timeout: config.factCachingTimeout?.value ?? 86400,
  });
  if (cache && flush) for (const host of inventory.hosts.keys()) cache.remove(host);
  return cache;
}

/**
 * Writes everything out, then exits with `code` (the CLI's main() only knows success or errors).
 * An interrupted run exits 99 whatever the run ended with: hosts whose connections were lost to
 * the interrupt are not unreachable, and an error after it is its consequence.
 */
async function finish(code: number, interrupted: () => boolean): Promise<void> {
  if (code === ExitCode.OK && !interrupted()) return;
  // a warm process's run that ended by itself hands its code back (main returns process.exitCode)
  if (processServesRuns() && !interrupted()) {
    process.exitCode = code;
    return;
  }
  await new Promise<void>((r) => standardOutput.write('', () => r()));
  await new Promise<void>((r) => standardError.write('', () => r()));
  process.exit(interrupted() ? ExitCode.INTERRUPTED : code);
}

export async function runAction(files: string[], flags: RunFlags, forceCheck: boolean): Promise<void> {
  const check = forceCheck || !!flags.check;
  if (flags.detailedExitcode && !check) throw new UsageError('--detailed-exitcode works only with --check');
  const forks = positiveInt(flags.forks, '--forks');
  const timeout = positiveInt(flags.timeout, '--timeout');
  if (flags.becomeMethod && !['sudo', 'su'].includes(flags.becomeMethod))
    throw new UsageError(`--become-method '${flags.becomeMethod}': fabplay knows sudo and su`);
  refuseUnsupported(flags);
  if (flags.askBecomePass && flags.becomePasswordFile !== undefined)
    throw new UsageError('-K and --become-password-file exclude each other', 'give one of them');
  if (flags.askPass && flags.connectionPasswordFile !== undefined)
    throw new UsageError('-k and --connection-password-file exclude each other', 'give one of them');
  // known before anything can fail: an error message quoting an input line masks them too
  cliSecrets.add(process.env.FABPLAY_SSH_PASSWORD);
  cliSecrets.add(process.env.FABPLAY_BECOME_PASSWORD);
  // applied before loading: import names are templated then already, `vars:` lists combine
  const config = readConfig();
  // Ansible's first -v line (machine-readable output has none)
  if (flags.verbose > 0 && !flags.json)
    standardOutput.write(
      config.file ? `Using ${config.file} as config file\n` : 'No config file found; using defaults\n',
    );
  // vault passwords first: -e @file, playbooks, roles and inventories may hold vaults
  setVaultSecrets(vaultSecretsOf(flags, config));
  const extraVars = parseExtraVars(flags.extraVars);
  const rolesPath = rolesPathOf(flags, config);
  const playbooks = loadAll(files, flags, extraVars, config);

  const listing = flags.listHosts || flags.listTasks || flags.listTags;
  const limit = flags.retry ? retryLimit(files, flags.limit) : flags.limit;
  // ansible-playbook reads the inventory and checks --limit before its listings and --syntax-check too
  const { inventory, sources, reload, warningsShown } = readRunInventory(flags, config, {
    limit,
    playbookDir: dirname(playbooks[0]!.file),
    warn: warnOut,
  });
  if (flags.syntaxCheck) {
    for (const f of files) standardOutput.write(`\nplaybook: ${f}\n`);
    return;
  }
  if (listing) {
    playbooks.forEach((pb, i) => {
      standardOutput.write(
        formatListing(pb, {
          listHosts: !!flags.listHosts,
          listTasks: !!flags.listTasks,
          listTags: !!flags.listTags,
          tags: flags.tags,
          skipTags: flags.skipTags,
          hostsOf: (pattern) => selectHosts(inventory, pattern, limit),
          shownName: files[i]!,
          extraVars,
        }),
      );
    });
    return;
  }
  if (flags.startAtTask !== undefined) checkStartAtTask(playbooks, flags.startAtTask);
  // every mistake knowable without a host stops the run here, before any connection
  await runPreflight(playbooks, extraVars, warnOut, { rolesPath });

  const become = becomeSettings(flags, config);
  const connectionPassword = flags.askPass
    ? askPassword('SSH password: ')
    : givenConnectionPassword(flags.connectionPasswordFile, config);
  const req: RunRequest = {
    playbooks,
    inventory,
    reloadInventory: reload,
    check,
    diff: !!flags.diff,
    limit,
    inventorySources: sources.map(sourceShown),
    tags: flags.tags,
    skipTags: flags.skipTags,
    extraVars,
    forks: forks ?? config.forks.value,
    remoteUser: flags.user ?? config.remoteUser.value,
    ...become,
    becomePassword:
      flags.askBecomePass || config.becomeAskPass?.value
        ? askBecomePassword(become.becomeMethod ?? 'sudo', config, connectionPassword, !!flags.askPass)
        : givenBecomePassword(flags.becomePasswordFile, config, process.env),
    connectionPassword,
    privateKeyFile: flags.privateKey ?? config.privateKeyFile.value,
    remotePort: config.remotePort?.value,
    connectRetries: config.sshRetries?.value,
    gathering: config.gathering?.value,
    factsModules: config.factsModules?.value,
    hostPatternMismatch: config.hostPatternMismatch?.value,
    warningsShown,
    sshArgs: config.sshArgs.value,
    sshCommonArgs: flags.sshCommonArgs ?? config.sshCommonArgs?.value,
    sshExtraArgs: flags.sshExtraArgs ?? config.sshExtraArgs?.value,
    connection: defaultConnection(flags, config),
    controlPathDir: config.controlPathDir?.value,
    hostKeyChecking:
      (flags.hostKeyChecking as RunRequest['hostKeyChecking'] | undefined) ?? config.hostKeyChecking.value,
    connectTimeoutMs: (timeout ?? config.timeout.value) * 1000,
    json: !!flags.json,
    report: reportFile(flags.report ?? config.report?.value),
    verbosity: flags.verbose,
    startAtTask: flags.startAtTask,
    forceHandlers: !!flags.forceHandlers || !!config.forceHandlers?.value,
    errorOnMissingHandler: config.errorOnMissingHandler?.value ?? true,
    showCustomStats: !!config.showCustomStats?.value,
    callback: callbackOptionsOf(config, warnOut),
    detailedExitCode: !!flags.detailedExitcode,
    rolesPath,
    secrets: cliSecrets,
    prompter: terminalPrompter(warnOut),
    factCache: factCacheOf(config, inventory, !!flags.flushCache),
  };
  // Ctrl-C: stop at once with Ansible's exit code for an interrupted run
  let interrupted = false;
  const abort = new AbortController();
  req.signal = abort.signal;
  const onInterrupt = (): void => {
    interrupted = true;
    abort.abort();
    standardError.write('\nERROR: interrupted\n');
    // a file write in flight is finished or undone first: no temporary file stays on a host
    void settleInFlight(2000).then(() => process.exit(ExitCode.INTERRUPTED));
  };
  process.once('SIGINT', onInterrupt);
  try {
    let outcome: { code: number; retry: string[]; done: string[] };
    try {
      // the executor (and the output, the connections) only for a run: validate and the listings skip it
      const { runWithOutcome } = await importOwn<typeof Executor>('../executor/index.js', import.meta.url);
      outcome = await runWithOutcome(req);
    } catch (e) {
      // Ctrl-C at a vars_prompt question ended the run before its SIGINT handler could run
      if (e instanceof TerminalInterrupted && !interrupted) {
        process.removeListener('SIGINT', onInterrupt);
        onInterrupt();
      }
      if (!interrupted) throw e;
      outcome = { code: ExitCode.INTERRUPTED, retry: [], done: [] };
    }
    // check mode changed nothing: the last real run's retry file stays as it is
    if (!check && !interrupted) {
      const file = saveRetry(files, outcome.retry, outcome.done);
      if (file && outcome.retry.length)
        standardError.write(
          `to retry the host(s) left: fabplay run ${files.join(' ')} ... --retry (or --limit @${file})\n`,
        );
    }
    await finish(outcome.code, () => interrupted);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

function checkStartAtTask(playbooks: Playbook[], name: string): void {
  if (!playbooks.some((pb) => pb.plays.some((p) => playHoldsStart(p, name))))
    throw new UsageError(
      `--start-at-task '${name}': no task has this name`,
      'see the names with --list-tasks (the name may be a glob: *, ?, [...])',
    );
}

/** What `validate` takes of the run's options. */
export type ValidateFlags = {
  inventory: string[];
  extraVars: string[];
  rolesPath: string[];
  modulePath?: string[];
} & VaultFlags;

export async function validateAction(files: string[], flags: ValidateFlags): Promise<void> {
  const config = readConfig();
  setVaultSecrets(vaultSecretsOf(flags, config));
  const extraVars = parseExtraVars(flags.extraVars);
  const playbooks = loadAll(files, flags, extraVars, config);
  if (flags.inventory.length) {
    // a run warns about a file it cannot parse and goes on without it; checking, it is the mistake
    const inv = loadInventory(flags.inventory, {
      playbookDir: dirname(playbooks[0]!.file),
      ...inventorySettings(config),
    });
    if (inv.unparsed?.length) throw inv.unparsed[0];
  }
  // what a run would meet as a task failure (an include of a missing file) is still a mistake here
  const deferred = playbooks.flatMap((pb) => pb.plays.flatMap((p) => p.deferred ?? []));
  const found = await preflight(playbooks, extraVars, { rolesPath: rolesPathOf(flags, config) });
  for (const w of found.warnings) warnOut(formatWarning(w));
  const errors = [...deferred.map(asProblem), ...found.errors];
  if (errors.length) throw new PreflightError(errors);
  for (const [i, pb] of playbooks.entries()) {
    const tasks = pb.plays.reduce((n, p) => n + listPlayTasks(p).length, 0);
    const roles = new Set(pb.plays.flatMap((p) => p.roles.map((r) => r.name)));
    standardOutput.write(`${files[i]}: ok (${pb.plays.length} plays, ${tasks} tasks, ${roles.size} roles)\n`);
  }
  if (flags.inventory.length) standardOutput.write(`inventory ${flags.inventory.join(', ')}: ok\n`);
  if (found.warnings.length) standardOutput.write(`${found.warnings.length} warning(s), see above\n`);
}

function asProblem(e: InputError): Problem {
  return {
    pos: e.pos ?? { file: '?', line: 0, col: 0 },
    message: e.message,
    hint: e.hint,
    severity: 'error',
  };
}

/** --report or the config's `report`: checked before the run, so a bad path does not waste one. */
function reportFile(path: string | undefined): string | undefined {
  return path === undefined ? undefined : checkReportPath(path);
}

/**
 * fabplay.cfg / ansible.cfg (or $FABPLAY_CONFIG), with its run-wide settings applied
 * (jinja2_native, hash_behaviour, what lookup('config') reports); a broken file is an input error.
 */
function readConfig(): Config {
  const config = loadConfig({ cwd: process.cwd(), env: process.env });
  setJinja2Native(config.jinja2Native?.value ?? false);
  setHashBehaviour(config.hashBehaviour?.value ?? 'replace');
  setLookupConfig(config);
  return config;
}

/** -K or become_ask_pass: asked after the SSH password (-k), whose value an empty answer takes. */
function askBecomePassword(
  method: string,
  config: Config,
  sshPassword: string | undefined,
  askedSsh: boolean,
): string {
  const agnostic = config.agnosticBecomePrompt?.value ?? true;
  const answer = askPassword(becomePasswordQuestion(method, agnostic, askedSsh));
  return askedSsh && answer === '' ? (sshPassword ?? '') : answer;
}

/** A password asked on the terminal; without one, a line of standard input, as Ansible's getpass reads it. */
function askPassword(question: string): string {
  const answer = askHiddenOrStdin(question);
  if (answer === undefined)
    throw new UsageError(
      `${question.replace(/: $/, '')} was to be asked, but there is no terminal and standard input has ended`,
      'give it on standard input, run from a terminal, or set FABPLAY_SSH_PASSWORD / FABPLAY_BECOME_PASSWORD',
    );
  return answer;
}
