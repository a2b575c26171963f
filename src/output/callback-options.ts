import type { Config } from '../config/index.js';

/**
 * The options of Ansible's default callback that fabplay's plain output reads (ansible-core
 * 2.14's names, all under [defaults] and ANSIBLE_*), and the aggregate callbacks it has.
 */
export interface CallbackOptions {
  displaySkippedHosts: boolean;
  displayOkHosts: boolean;
  /** failed and unreachable lines (and their exceptions) on stderr */
  displayFailedStderr: boolean;
  /** ` [CHECK MODE]` after a play's and a task's banner in check mode, `DRY RUN` around --check */
  checkModeMarkers: boolean;
  showTaskPathOnFailure: boolean;
  /** ` [started TASK: name on host]` as each host starts a task */
  showPerHostStart: boolean;
  /** display_args_to_stdout: ` k=v, ...` after a task's name in its banner (executor/banner-args.ts) */
  displayArgsToStdout: boolean;
  /** callback_result_format: how a result shown is written */
  resultFormat: 'json' | 'yaml';
  /** callback_format_pretty: true indents every result, false none, unset yaml's and those asked for */
  prettyResults?: boolean;
  /** the timer callback (callbacks_enabled): `Playbook run took ...` after the recap */
  timer: boolean;
}

export const DEFAULT_CALLBACK_OPTIONS: CallbackOptions = {
  displaySkippedHosts: true,
  displayOkHosts: true,
  displayFailedStderr: false,
  checkModeMarkers: false,
  showTaskPathOnFailure: false,
  showPerHostStart: false,
  displayArgsToStdout: false,
  resultFormat: 'json',
  timer: false,
};

const TIMER = new Set(['timer', 'ansible.posix.timer']);
const DEFAULT_NAMES = new Set(['default', 'ansible.builtin.default']);

/**
 * The options from the configuration; an aggregate callback fabplay lacks (a Python plugin) is
 * warned about, as Ansible warns about one it cannot load.
 */
export function callbackOptionsOf(config: Config, warn: (text: string) => void): CallbackOptions {
  const stdout = config.stdoutCallback?.value ?? 'default';
  if (!DEFAULT_NAMES.has(stdout))
    warn(
      `[WARNING]: stdout_callback '${stdout}' is not fabplay's: it prints the default callback's lines (use --json for machine-readable output)\n`,
    );
  const enabled = config.callbacksEnabled?.value ?? [];
  for (const name of enabled.filter((n) => !TIMER.has(n)))
    warn(
      `[WARNING]: Skipping callback plugin '${name}', unable to load (fabplay runs no Python callback plugins; it has timer's line only)\n`,
    );
  return {
    displaySkippedHosts: config.displaySkippedHosts?.value ?? true,
    displayOkHosts: config.displayOkHosts?.value ?? true,
    displayFailedStderr: !!config.displayFailedStderr?.value,
    checkModeMarkers: !!config.checkModeMarkers?.value,
    showTaskPathOnFailure: !!config.showTaskPathOnFailure?.value,
    showPerHostStart: !!config.showPerHostStart?.value,
    displayArgsToStdout: !!config.displayArgsToStdout?.value,
    resultFormat: config.callbackResultFormat?.value ?? 'json',
    prettyResults: config.callbackFormatPretty?.value,
    timer: enabled.some((n) => TIMER.has(n)),
  };
}

/** The timer callback's line: the run's length in whole days, hours, minutes and seconds. */
export function timerLine(durationMs: number): string {
  const total = Math.floor(durationMs / 1000);
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  return `Playbook run took ${days} days, ${Math.floor(rest / 3600)} hours, ${Math.floor(rest / 60) % 60} minutes, ${rest % 60} seconds`;
}
