import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measure, type Measured } from './measure.js';

const repo = resolve(import.meta.dirname, '..');

/** ansible-playbook's ssh_args in every run of the bench, and fabplay's in its kept-connection runs. */
const SSH_ARGS_LINE = 'ssh_args = -o ControlMaster=auto -o ControlPersist=60s';

/** The fabplay command: bin/fabplay.js run through its `#!` line, as `fabplay` runs from a shell. */
export const FABPLAY_BIN = join(repo, 'bin/fabplay.js');

/**
 * fabplay as a user runs it: the built CLI, as a command. With `ownUsage`, its process's own CPU
 * and peak RSS are read at its exit (bench/own-usage.mjs, preloaded through NODE_OPTIONS: Node's
 * ES module loader then starts too, which a user's run does not pay, so only the scale runs,
 * which report those figures, ask).
 */
export function runFabplay(
  playbook: string,
  inventory: string,
  extra: string[] = [],
  env?: NodeJS.ProcessEnv,
  opts: { ownUsage?: boolean } = {},
): Promise<Measured> {
  const base = env ?? process.env;
  const preload = `--import=${join(repo, 'bench/own-usage.mjs')}`;
  return measure([FABPLAY_BIN, 'run', playbook, '-i', inventory, ...extra], {
    env: opts.ownUsage ? { ...base, NODE_OPTIONS: `${base.NODE_OPTIONS ?? ''} ${preload}`.trim() } : base,
  });
}

/**
 * An ansible.cfg with the ssh_args of ansible-playbook's runs here (ControlMaster with
 * ControlPersist=60s), sockets in a directory of its own: fabplay keeps its connections between
 * runs as OpenSSH keeps Ansible's. Returns the environment that points fabplay at it.
 */
export function keptConnectionsEnv(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-bench-kept-'));
  const cfg = join(dir, 'ansible.cfg');
  writeFileSync(cfg, `[ssh_connection]\n${SSH_ARGS_LINE}\ncontrol_path_dir = ${dir}/cp\n`);
  return { ...process.env, ANSIBLE_CONFIG: cfg };
}

/**
 * ansible-playbook at its fastest setting here: pipelining, ControlPersist, forks at least the
 * host count, no fact cache between runs (as fabplay has none), host keys from the lab's known_hosts.
 * With `mitogenStrategyDir`, the same under Mitogen's `mitogen_linear` strategy.
 */
export function runAnsible(
  playbook: string,
  inventory: string,
  forks: number,
  extra: string[] = [],
  mitogenStrategyDir?: string,
): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-bench-ansible-'));
  const cfg = join(dir, 'ansible.cfg');
  writeFileSync(
    cfg,
    [
      '[defaults]',
      `forks = ${forks}`,
      'host_key_checking = True',
      'retry_files_enabled = False',
      'interpreter_python = /usr/bin/python3',
      'stdout_callback = default',
      ...(mitogenStrategyDir
        ? [`strategy_plugins = ${mitogenStrategyDir}`, 'strategy = mitogen_linear']
        : []),
      '[ssh_connection]',
      'pipelining = True',
      `control_path_dir = ${dir}/cp`,
      SSH_ARGS_LINE,
      '',
    ].join('\n'),
  );
  return measure(['ansible-playbook', playbook, '-i', inventory, ...extra], {
    env: { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_NOCOLOR: '1' },
  });
}

/** The floor: the same checks as one shell script per host, over one OpenSSH connection each, hosts in parallel. */
export async function runFloor(
  hosts: { addr: string }[],
  script: string,
  ssh: { keyFile: string; knownHosts: string; proxyCommand: string },
): Promise<Measured> {
  const t0 = Date.now();
  const runs = await Promise.all(
    hosts.map((h) =>
      measure(
        [
          'ssh',
          '-o',
          'BatchMode=yes',
          '-o',
          `UserKnownHostsFile=${ssh.knownHosts}`,
          '-o',
          `ProxyCommand=${ssh.proxyCommand}`,
          '-i',
          ssh.keyFile,
          `root@${h.addr}`,
          'sh -s',
        ],
        { input: script },
      ),
    ),
  );
  const failed = runs.find((r) => r.code !== 0);
  return {
    wallMs: Date.now() - t0,
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    code: failed ? failed.code : 0,
    stdout: runs.map((r) => r.stdout).join(''),
    stderr: runs.map((r) => r.stderr).join(''),
  };
}
