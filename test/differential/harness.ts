import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { becomeSettings } from '../../src/cli/become-options.js';
import { loadConfig } from '../../src/config/index.js';
import { loadInventory } from '../../src/inventory/index.js';
import { inventorySettings } from '../../src/cli/inventory-settings.js';
import { sourceShown } from '../../src/cli/inventory-source-shown.js';
import { shlexSplit } from '../../src/util/shlex.js';
import { shortActionName } from '../../src/playbook/keywords.js';
import { loadPlaybook } from '../../src/playbook/index.js';
import { runPlaybooks } from '../../src/executor/index.js';
import { openFactCache } from '../../src/executor/fact-cache.js';
import { MemoryOutput } from '../../src/output/json.js';
import { setJinja2Native } from '../../src/template/native.js';
import { setLookupConfig } from '../../src/template/lookup-config.js';
import { setHashBehaviour } from '../../src/vars/hash-behaviour.js';
import { setVaultSecrets } from '../../src/vault/keyring.js';
import type { HostResultEvent, RecapEvent } from '../../src/output/events.js';

const run = promisify(execFile);

/** What both runners are compared on. */
export interface Observed {
  /** per host, the debug outputs in order (msg, or `var=value`), as JSON */
  debug: Record<string, string[]>;
  /** recap counters per host */
  stats: Record<string, Record<string, number>>;
  code: number;
  /** with --titles: each play's and task's name as its header shows it (`PLAY x`, `TASK y`), in order */
  titles?: string[];
  /** with `--cfg defaults.show_custom_stats=true`: set_stats' values, per host and the run's */
  customStats?: { hosts: Record<string, unknown>; run: Record<string, unknown> };
}

/**
 * Options a fixture asks for in its first line: `# flags: --check --diff --tags x --skip-tags y -e k=v
 * --jinja2-native --hash-merge --gathering MODE --fact-cache SECONDS --workdir-inventory --vault-password WORD`
 * (--jinja2-native: ANSIBLE_JINJA2_NATIVE=1; --hash-merge: ANSIBLE_HASH_BEHAVIOUR=merge;
 * --gathering: ANSIBLE_GATHERING=MODE; --fact-cache: the jsonfile fact cache in the run's work
 * directory, `facts/<host>`, with that timeout, which the playbook may fill as an earlier run would;
 * --titles: the headers' names are compared too (plays and tasks, handlers among the tasks);
 * --workdir-inventory adds the run's empty work directory as a second inventory source, which the
 * playbook may fill and read again with meta: refresh_inventory; --vault-password: the password of
 * the playbook's `!vault` values, given to ansible-playbook in a file). The line is split into
 * words as a shell would (quotes group), for:
 * --env NAME=VALUE: an environment variable both runners get (ANSIBLE_BECOME_EXE, ...);
 * --cfg SECTION.KEY=VALUE: a line of an ansible.cfg both runners read (through ANSIBLE_CONFIG);
 * --start-at-task NAME: ansible-playbook's flag of that name.
 */
export interface Flags {
  check: boolean;
  /** ANSIBLE_JINJA2_NATIVE=1 */
  jinja2Native?: boolean;
  /** ANSIBLE_HASH_BEHAVIOUR=merge */
  hashMerge?: boolean;
  /** ANSIBLE_GATHERING */
  gathering?: 'implicit' | 'explicit' | 'smart';
  /** fact_caching = jsonfile in WORKDIR/facts, fact_caching_timeout = this */
  factCacheTimeout?: number;
  workdirInventory: boolean;
  titles?: boolean;
  diff: boolean;
  tags: string[];
  skipTags: string[];
  extra: Record<string, string>;
  vaultPassword?: string;
  /** --env: environment variables of the run */
  env: Record<string, string>;
  /** --cfg: ansible.cfg settings, `section.key=value` */
  cfg: string[];
  startAtTask?: string;
}

export function flagsOf(file: string): Flags {
  const first = readFileSync(file, 'utf8').split('\n')[0]!;
  const f: Flags = {
    check: false,
    workdirInventory: false,
    diff: false,
    tags: [],
    skipTags: [],
    extra: {},
    env: {},
    cfg: [],
  };
  const m = /^#\s*flags:(.*)$/.exec(first);
  if (!m) return f;
  const words = shlexSplit(m[1]!);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--check') f.check = true;
    else if (w === '--diff') f.diff = true;
    else if (w === '--jinja2-native') f.jinja2Native = true;
    else if (w === '--hash-merge') f.hashMerge = true;
    else if (w === '--gathering') f.gathering = words[++i] as Flags['gathering'];
    else if (w === '--fact-cache') f.factCacheTimeout = Number(words[++i]);
    else if (w === '--workdir-inventory') f.workdirInventory = true;
    else if (w === '--titles') f.titles = true;
    else if (w === '--vault-password') f.vaultPassword = words[++i]!;
    else if (w === '--tags') f.tags.push(...words[++i]!.split(','));
    else if (w === '--skip-tags') f.skipTags.push(...words[++i]!.split(','));
    else if (w === '--cfg') f.cfg.push(words[++i]!);
    else if (w === '--start-at-task') f.startAtTask = words[++i]!;
    else if (w === '--env') {
      const [k, ...v] = words[++i]!.split('=');
      f.env[k!] = v.join('=');
    } else if (w === '-e') {
      const [k, v] = words[++i]!.split('=');
      f.extra[k!] = v!;
    }
  }
  return f;
}

const STANDARD = new Set([
  'changed',
  'failed',
  'skipped',
  'action',
  'item',
  'ansible_loop_var',
  '_ansible_item_label',
]);

/** The shown value of one debug result: its msg, or `name=value` for `var:`. */
function debugValue(r: Record<string, unknown>, workdir: string): string {
  let v: string;
  if ('msg' in r) v = JSON.stringify(r.msg);
  else {
    const k = Object.keys(r).find((x) => !STANDARD.has(x) && !x.startsWith('_'));
    v = k ? `${k}=${JSON.stringify(r[k])}` : '?';
  }
  return v.split(workdir).join('WORKDIR');
}

function push(m: Record<string, string[]>, host: string, v: string): void {
  (m[host] ??= []).push(v);
}

interface AnsibleJson {
  plays: Array<{
    play: { name: string };
    tasks: Array<{ task: { name: string }; hosts: Record<string, Record<string, unknown>> }>;
  }>;
  stats: Record<string, Record<string, number>>;
  custom_stats?: Record<string, unknown>;
  global_custom_stats?: Record<string, unknown>;
}

/** The fixture's --cfg lines as an ansible.cfg in a directory of its own (none without them). */
function configFile(flags: Flags): string | undefined {
  if (!flags.cfg.length) return undefined;
  const sections = new Map<string, string[]>();
  for (const line of flags.cfg) {
    const dot = line.indexOf('.');
    const list = sections.get(line.slice(0, dot)) ?? [];
    list.push(line.slice(dot + 1).replace('=', ' = '));
    sections.set(line.slice(0, dot), list);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'diff-cfg-')), 'ansible.cfg');
  writeFileSync(file, [...sections].map(([sec, lines]) => `[${sec}]\n${lines.join('\n')}\n`).join('\n'));
  return file;
}

/**
 * The environment a fixture asks for: its --env values, ANSIBLE_CONFIG naming its --cfg file;
 * and what removes that file once the run is done with it.
 */
function fixtureEnv(flags: Flags): { env: Record<string, string>; remove(): void } {
  const cfg = configFile(flags);
  return {
    env: { ...flags.env, ...(cfg ? { ANSIBLE_CONFIG: cfg } : {}) },
    remove: () => void (cfg && rmSync(dirname(cfg), { recursive: true, force: true })),
  };
}

export async function runAnsible(playbook: string, inventory: string, flags: Flags): Promise<Observed> {
  const workdir = mkdtempSync(join(tmpdir(), 'diff-ansible-'));
  const fixture = fixtureEnv(flags);
  const args = ['-i', inventory, playbook, '-e', `workdir=${workdir}`];
  if (flags.workdirInventory) args.push('-i', workdir);
  for (const [k, v] of Object.entries(flags.extra)) args.push('-e', `${k}=${v}`);
  if (flags.check) args.push('--check');
  if (flags.diff) args.push('--diff');
  if (flags.tags.length) args.push('--tags', flags.tags.join(','));
  if (flags.skipTags.length) args.push('--skip-tags', flags.skipTags.join(','));
  if (flags.startAtTask !== undefined) args.push('--start-at-task', flags.startAtTask);
  if (flags.vaultPassword !== undefined) {
    const file = join(workdir, '.vault-password');
    writeFileSync(file, flags.vaultPassword + '\n', { mode: 0o600 });
    args.push('--vault-password-file', file);
  }
  let stdout: string;
  let code = 0;
  try {
    ({ stdout } = await run('ansible-playbook', args, {
      env: {
        ...process.env,
        ANSIBLE_STDOUT_CALLBACK: 'json',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_RETRY_FILES_ENABLED: '0',
        ANSIBLE_LOCALHOST_WARNING: '0',
        ANSIBLE_DEPRECATION_WARNINGS: '0',
        ...(flags.jinja2Native ? { ANSIBLE_JINJA2_NATIVE: '1' } : {}),
        ...(flags.hashMerge ? { ANSIBLE_HASH_BEHAVIOUR: 'merge' } : {}),
        ...(flags.gathering ? { ANSIBLE_GATHERING: flags.gathering } : {}),
        ...(flags.factCacheTimeout !== undefined && {
          ANSIBLE_CACHE_PLUGIN: 'jsonfile',
          ANSIBLE_CACHE_PLUGIN_CONNECTION: join(workdir, 'facts'),
          ANSIBLE_CACHE_PLUGIN_TIMEOUT: String(flags.factCacheTimeout),
        }),
        ...fixture.env,
      },
      maxBuffer: 64 << 20,
    }));
  } catch (e) {
    const err = e as { stdout: string; code: number };
    stdout = err.stdout;
    code = err.code;
  } finally {
    // the results name the directory, not its files (as fabplay's run below)
    fixture.remove();
    rmSync(workdir, { recursive: true, force: true });
  }
  // what an action prints itself (pause's "Pausing for 1 seconds") comes before the callback's JSON
  const data = JSON.parse(stdout.slice(Math.max(0, stdout.search(/^\{/m)))) as AnsibleJson;
  const debug: Record<string, string[]> = {};
  const titles: string[] = [];
  for (const p of data.plays)
    titles.push(`PLAY ${p.play.name}`, ...p.tasks.map((t) => `TASK ${t.task.name}`));
  for (const p of data.plays)
    for (const t of p.tasks)
      for (const [host, r] of Object.entries(t.hosts)) {
        // Ansible gives the action as written (ansible.builtin.debug); fabplay's results the module
        if (shortActionName(String(r.action)) !== 'debug' || r.skipped) continue;
        if (Array.isArray(r.results)) {
          for (const it of r.results as Record<string, unknown>[])
            if (!it.skipped) push(debug, host, debugValue(it, workdir));
        } else push(debug, host, debugValue(r, workdir));
      }
  const stats: Observed['stats'] = {};
  for (const [h, s] of Object.entries(data.stats)) {
    stats[h] = {
      ok: s.ok!,
      changed: s.changed!,
      unreachable: s.unreachable!,
      failed: s.failures!,
      skipped: s.skipped!,
      rescued: s.rescued!,
      ignored: s.ignored!,
    };
  }
  const customStats = showsCustomStats(flags)
    ? { hosts: data.custom_stats ?? {}, run: data.global_custom_stats ?? {} }
    : undefined;
  return { debug, stats, code, ...(flags.titles ? { titles } : {}), ...(customStats ? { customStats } : {}) };
}

/** Whether the fixture's ansible.cfg lines turn show_custom_stats on (both runners read it there). */
function showsCustomStats(flags: Flags): boolean {
  return flags.cfg.some((l) => /^defaults\.show_custom_stats=(true|yes|1|on)$/i.test(l.trim()));
}

export async function runFabplay(playbook: string, inventory: string, flags: Flags): Promise<Observed> {
  const workdir = mkdtempSync(join(tmpdir(), 'diff-fabplay-'));
  const out = new MemoryOutput();
  const extraVars = { workdir, ...flags.extra };
  const fixture = fixtureEnv(flags);
  const config = loadConfig({ cwd: workdir, env: fixture.env });
  setLookupConfig(config);
  setJinja2Native(!!flags.jinja2Native);
  // before the playbook and the inventory load: both combine variables
  setHashBehaviour(flags.hashMerge ? 'merge' : 'replace');
  setVaultSecrets(
    flags.vaultPassword === undefined ? [] : [{ id: 'default', password: Buffer.from(flags.vaultPassword) }],
  );
  const sources = flags.workdirInventory ? [inventory, workdir] : [inventory];
  const inventoryOpts = inventorySettings(config);
  const code = await runPlaybooks({
    playbooks: [loadPlaybook(playbook, { rolesPath: [], extraVars })],
    inventory: loadInventory(sources, inventoryOpts),
    reloadInventory: () => loadInventory(sources, inventoryOpts),
    inventorySources: sources.map(sourceShown),
    check: flags.check,
    diff: flags.diff,
    tags: flags.tags,
    skipTags: flags.skipTags,
    startAtTask: flags.startAtTask,
    extraVars,
    forks: 5,
    // [privilege_escalation] and the become plugins' settings as the CLI reads them (a fixture's
    // --cfg file, its --env values)
    ...becomeSettings({}, config),
    showCustomStats: !!config.showCustomStats?.value,
    // [defaults] transport, as the CLI reads it (-c's place)
    connection: config.transport?.value,
    hostKeyChecking: 'off',
    connectTimeoutMs: 5000,
    json: true,
    verbosity: 0,
    forceHandlers: false,
    detailedExitCode: false,
    gathering: flags.gathering,
    factCache:
      flags.factCacheTimeout === undefined
        ? undefined
        : openFactCache({
            plugin: 'jsonfile',
            connection: join(workdir, 'facts'),
            prefix: '',
            timeout: flags.factCacheTimeout,
          }),
    output: out,
  }).finally(() => {
    setJinja2Native(false);
    setHashBehaviour('replace');
    setVaultSecrets([]);
    setLookupConfig({});
    // what the fixture wrote there is done with: the results name the directory, not its files
    rmSync(workdir, { recursive: true, force: true });
    fixture.remove();
  });
  const debug: Record<string, string[]> = {};
  for (const ev of out.events) {
    if (ev.event !== 'host_result') continue;
    const r = ev as HostResultEvent;
    if (r.action !== 'debug' || r.status === 'skipped' || Array.isArray(r.result.results)) continue;
    push(debug, r.host, debugValue(r.result, workdir));
  }
  const recap = out.events.find((e) => e.event === 'recap') as RecapEvent;
  const stats: Observed['stats'] = {};
  for (const [h, s] of Object.entries(recap.stats)) stats[h] = { ...s };
  const titles = out.events.flatMap((ev) =>
    ev.event === 'play_start' ? [`PLAY ${ev.name}`] : ev.event === 'task_start' ? [`TASK ${ev.task}`] : [],
  );
  const customStats = showsCustomStats(flags)
    ? (JSON.parse(
        JSON.stringify({ hosts: recap.custom_stats ?? {}, run: recap.global_custom_stats ?? {} }),
      ) as Observed['customStats'])
    : undefined;
  return { debug, stats, code, ...(flags.titles ? { titles } : {}), ...(customStats ? { customStats } : {}) };
}
