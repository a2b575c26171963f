import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ExitCode, FabError, UsageError } from '../errors.js';
import { cliSecrets } from '../output/masking.js';
import { onVaultPlaintext } from '../vault/keyring.js';
import { requireOwn } from '../util/import-own.js';
import { hasWorkingDirectory } from '../util/working-directory.js';
import { installStdio, standardError } from '../output/stdio.js';

/** The hidden command keeper-client.ts starts the connection keeper with. */
const KEEPER_COMMAND = '__keeper';
/** The hidden command warm/client.ts starts the warm process with (its socket follows). */
const WARM_COMMAND = '__warm';

function version(): string {
  // read, not required: a require that misses builds an error with its stack (start-up time)
  for (const p of ['../../package.json', '../../../package.json']) {
    const file = fileURLToPath(new URL(p, import.meta.url));
    // src/ via tsx, or dist/src/ when built
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

/**
 * How a command ended, for a command whose exit codes are another tool's: fabplay's code for it,
 * and whether the command line itself was refused (commander, where Ansible's argparse exits 2).
 */
export interface CommandOutcome {
  code: number;
  parser: boolean;
}

/**
 * Each command's file, the function in it that adds the command (or commands) to the program,
 * and the one that maps its outcome to its exit code where they are not fabplay's own.
 */
const COMMANDS: [names: string[], file: string, register: string, exitCode?: string][] = [
  [['lab'], './lab-cmd.js', 'registerLabCommand'],
  [['run', 'check', 'validate'], './run-cmd.js', 'registerRunCommands'],
  [['inventory'], './inventory-cmd.js', 'registerInventoryCommand'],
  [['config'], './config-cmd.js', 'registerConfigCommand'],
  [['vault'], './vault-cmd.js', 'registerVaultCommand', 'ansibleVaultExitCode'],
  [['report'], './report-cmd.js', 'registerReportCommand'],
];

/**
 * The program with its commands; given `argv`, only the command it names is loaded and defined
 * (start-up time: each command's options cost commander work), else all (help, a typo).
 */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command('fabplay')
    .description('Agentless playbook runner: Ansible-style playbooks over SSH, no agent on the hosts')
    .version(version())
    .exitOverride();
  const named = argv?.[2];
  const one = COMMANDS.find(([names]) => named !== undefined && names.includes(named));
  for (const [, file, register] of one ? [one] : COMMANDS)
    requireOwn<Record<string, (p: Command, named?: string) => void>>(file, import.meta.url)[register]!(
      program,
      one ? named : undefined,
    );
  return program;
}

/**
 * The commands' code is imported when a command runs (start-up time); under a CommonJS loader
 * (tsx in the tests) that import can hold a second copy of errors.ts, so the class is checked
 * by shape too.
 */
function isFabError(e: unknown): e is FabError {
  if (e instanceof FabError) return true;
  const f = e as Partial<FabError> | undefined;
  return e instanceof Error && typeof f?.format === 'function' && typeof f.exitCode === 'number';
}

/**
 * Runs the CLI; returns the exit code. User errors print one message, never a stack trace.
 * `ownsStdio`: called by the process's entry point, before anything else used stdout and stderr
 * (output/stdio.ts then writes them without Node's streams).
 */
export async function main(argv: string[], opts: { ownsStdio?: boolean } = {}): Promise<number> {
  const outcome = await runProgram(argv, opts.ownsStdio ?? false);
  const [, file, , exitCode] = COMMANDS.find(([names]) => names.includes(argv[2] ?? '')) ?? [];
  if (!file || !exitCode) return outcome.code;
  const mapper = requireOwn<Record<string, (o: CommandOutcome) => number>>(file, import.meta.url);
  return mapper[exitCode]!(outcome);
}

async function runProgram(argv: string[], ownsStdio: boolean): Promise<CommandOutcome> {
  const ended = (code: number, parser = false): CommandOutcome => ({ code, parser });
  if (argv[2] === KEEPER_COMMAND) {
    // the connection keeper a run started (src/connection/keeper/): it lives on its IPC channel
    requireOwn<typeof import('../connection/keeper/keeper-main.js')>(
      '../connection/keeper/keeper-main.js',
      import.meta.url,
    ).runKeeper();
    return ended(ExitCode.OK);
  }
  if (argv[2] === WARM_COMMAND) {
    const { serveWarmRuns } = requireOwn<typeof import('../warm/server.js')>(
      '../warm/server.js',
      import.meta.url,
    );
    await serveWarmRuns(argv[3]!, main);
    return ended(ExitCode.OK);
  }
  installStdio(ownsStdio);
  const program = buildProgram(argv);
  // a value opened from a vault is a secret in every message the CLI prints
  onVaultPlaintext((s) => cliSecrets.add(s));
  try {
    if (!hasWorkingDirectory())
      throw new UsageError(
        'the current directory no longer exists (it was removed after this shell entered it)',
        'cd to a directory that exists and run the command again',
      );
    await program.parseAsync(argv);
    // a command that ends with a code of its own (lab status, ...) sets process.exitCode
    return ended(typeof process.exitCode === 'number' ? process.exitCode : ExitCode.OK);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? ended(ExitCode.OK) : ended(ExitCode.USAGE, true);
    }
    if (isFabError(e)) {
      standardError.write(`ERROR: ${cliSecrets.text(e.format())}\n`);
      return ended(e.exitCode);
    }
    standardError.write(`internal error: ${cliSecrets.text((e as Error).stack ?? String(e))}\n`);
    return ended(ExitCode.INTERNAL);
  }
}
