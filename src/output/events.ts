import type { HostStats } from '../executor/state.js';

/** The events the executor emits; `--json` writes each as one line (internal ones excepted). */

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface PlaybookStartEvent {
  event: 'playbook_start';
  playbook: string;
  /** how many plays it holds (imported playbooks' plays included) */
  plays?: number;
}

export interface PlayStartEvent {
  event: 'play_start';
  name: string;
  hosts: string[];
  /** shown before the play's banner (Ansible's reserved variable names) */
  warnings?: string[];
  /** the play runs in check mode (its check_mode keyword, else --check): check_mode_markers */
  check_mode?: boolean;
}

export interface TaskStartEvent {
  event: 'task_start';
  /** as displayed: `role : name` inside roles */
  task: string;
  handler: boolean;
  action: string;
  /** file:line of the task */
  path?: string;
  /** the task's check_mode as written (inherited), else --check: check_mode_markers */
  check_mode?: boolean;
  /** with display_args_to_stdout: its arguments as the banner shows them (` k=v, ...`) */
  args?: string;
  /** what the lookups of its name gave as it was templated for the banner: shown before it */
  warnings?: string[];
}

export interface HostResultEvent {
  event: 'host_result';
  host: string;
  task: string;
  handler: boolean;
  /** the module (a loop's results keep a templated name as written, as Ansible's JSON callback) */
  action: string;
  /** the module a templated action named for this host (`action: {module: "{{ m }}"}`) */
  module?: string;
  status: HostStatus;
  /** the loop item, for one item's result */
  item?: unknown;
  /** the result of a looped task as a whole (no `item`): its `result.results` are the items' */
  loop?: true;
  /** the loop item label, when loop_control.label is set */
  label?: unknown;
  ignored?: boolean;
  rescued?: boolean;
  delegated_to?: string;
  /** the task's own `diff:` keyword, when it has one: whether its diff is shown (else --diff) */
  diff?: boolean;
  duration_ms: number;
  result: Record<string, unknown>;
  /**
   * shown before the host's line every time they come (Ansible's worker shows them, with no
   * run-wide dedup), never part of the result: the warnings of conditions written as templates
   */
  warnings?: string[];
}

export interface RecapEvent {
  event: 'recap';
  stats: Record<string, HostStats>;
  duration_ms: number;
  /** with show_custom_stats: set_stats' values per host, and those of the whole run (Ansible's json callback's names) */
  custom_stats?: Record<string, Record<string, unknown>>;
  global_custom_stats?: Record<string, unknown>;
  /** the rollout (a play in serial batches) that stopped the run, if one did */
  rollout_stopped?: RolloutStop;
}

/** A play with `serial` starts one of its batches. */
export interface BatchStartEvent {
  event: 'batch_start';
  play: string;
  /** 1-based */
  batch: number;
  batches: number;
  hosts: string[];
}

/** Where a rollout stopped: the batch whose failures stopped it, who failed what, who was never reached. */
export interface RolloutStop {
  play: string;
  /** 1-based */
  batch: number;
  batches: number;
  hosts: string[];
  failed: { host: string; task: string; status: 'failed' | 'unreachable'; msg: string }[];
  /** hosts of the later batches, and of the later plays, that nothing ran on */
  not_reached: string[];
}

export interface RolloutStoppedEvent extends RolloutStop {
  event: 'rollout_stopped';
}

/** Not part of --json: a host began a task (for the live view), or a -vvv log line. */
export interface HostStartEvent {
  event: 'host_start';
  host: string;
  task: string;
  /** the task's name as written, not templated (Ansible's callback names the task so) */
  written?: string;
}

/** Not part of --json: a play stops for all its hosts (any_errors_fatal, max_fail_percentage). */
export interface NoHostsLeftEvent {
  event: 'no_hosts_left';
}

/** A task's `until` is not met yet: it runs again (Ansible's v2_runner_retry). Not part of --json. */
export interface RetryEvent {
  event: 'retry';
  host: string;
  delegated_to?: string;
  /** the task's name as rendered for this try (its action when it has none) */
  task: string;
  retries_left: number;
  /** the try's result as output shows it, with `retries`: Ansible's count of tries */
  result: Record<string, unknown>;
}

/**
 * An async task polled with `poll:` (Ansible's v2_runner_on_async_poll/_ok/_failed): a check that
 * found the job still running, then how the wait ended. Not part of --json.
 */
export interface AsyncStatusEvent {
  event: 'async_status';
  host: string;
  state: 'poll' | 'ok' | 'failed';
  jid: string;
  started?: unknown;
  finished?: unknown;
}

export interface LogEvent {
  event: 'log';
  host: string;
  msg: string;
  /** the verbosity needed to show it */
  level: number;
}

export type RunEvent =
  | PlaybookStartEvent
  | PlayStartEvent
  | TaskStartEvent
  | HostResultEvent
  | RecapEvent
  | BatchStartEvent
  | RolloutStoppedEvent
  | HostStartEvent
  | NoHostsLeftEvent
  | RetryEvent
  | AsyncStatusEvent
  | LogEvent;

/** Where events go: plain lines, JSON lines, or the listr2 live view. */
export interface Output {
  emit(ev: RunEvent): void;
  /** flush and stop (the live view ends its renderer) */
  close(): Promise<void>;
  /**
   * Everything emitted so far is on the screen and nothing redraws it: the terminal is free for a
   * question (vars_prompt). Absent: the output writes at once.
   */
  settle?(): Promise<void>;
}
