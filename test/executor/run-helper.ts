import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDirUntilExit } from '../helpers/temp-dir.js';
import { loadInventory } from '../../src/inventory/index.js';
import { loadPlaybook } from '../../src/playbook/index.js';
import { runWithOutcome } from '../../src/executor/index.js';
import type { RunRequest } from '../../src/executor/api.js';
import { MemoryOutput } from '../../src/output/json.js';
import type { HostResultEvent, RecapEvent, RunEvent } from '../../src/output/events.js';

export interface RunOutcome {
  code: number;
  /** the hosts a retry would run */
  retry: string[];
  events: RunEvent[];
  dir: string;
  results: HostResultEvent[];
  recap: RecapEvent['stats'];
  /** debug messages, as `host: msg` (msg JSON-encoded when not a string) */
  msgs: string[];
  /** the final (not per-item) results of tasks whose name is given */
  result(task: string, host?: string): HostResultEvent | undefined;
}

/**
 * Runs a playbook (and extra files: roles, task files) written to a temp dir, against an
 * inventory of local hosts, and collects the events in memory.
 */
export async function runYaml(
  playbook: string,
  opts: {
    files?: Record<string, string>;
    inventory?: string;
    req?: Partial<RunRequest>;
  } = {},
): Promise<RunOutcome> {
  // tests read the run's files after it: the directory goes when the process ends
  const dir = tempDirUntilExit('fabplay-exec');
  for (const [name, text] of Object.entries(opts.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'play.yml'), playbook.replaceAll('@DIR@', dir));
  writeFileSync(
    join(dir, 'hosts.ini'),
    opts.inventory ?? '[web]\nh1 ansible_connection=local\nh2 ansible_connection=local\n',
  );
  const out = new MemoryOutput();
  const req: RunRequest = {
    playbooks: [loadPlaybook(join(dir, 'play.yml'), { rolesPath: [join(dir, 'roles')] })],
    inventory: loadInventory([join(dir, 'hosts.ini')]),
    check: false,
    diff: false,
    tags: [],
    skipTags: [],
    extraVars: {},
    forks: 5,
    become: false,
    hostKeyChecking: 'off',
    connectTimeoutMs: 5000,
    json: true,
    verbosity: 0,
    forceHandlers: false,
    detailedExitCode: false,
    rolesPath: [join(dir, 'roles')],
    output: out,
    ...opts.req,
  };
  const { code, retry } = await runWithOutcome(req);
  const results = out.events.filter((e): e is HostResultEvent => e.event === 'host_result');
  const recap = (out.events.find((e) => e.event === 'recap') as RecapEvent | undefined)?.stats ?? {};
  const msgs = results
    .filter(
      (r) => r.action === 'debug' && r.status !== 'skipped' && r.item === undefined && !r.result.results,
    )
    .map(
      (r) => `${r.host}: ${typeof r.result.msg === 'string' ? r.result.msg : JSON.stringify(r.result.msg)}`,
    );
  return {
    code,
    retry,
    events: out.events,
    dir,
    results,
    recap,
    msgs,
    result: (task, host) =>
      results.find((r) => r.task === task && (!host || r.host === host) && r.item === undefined),
  };
}
