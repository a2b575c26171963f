/**
 * Pieces of the fault-injection lab suite (test/connection/faults-*.lab.test.ts): an inventory
 * whose first host reaches sshd through a ProxyCommand that cuts the link after a given number of
 * bytes towards the host (deterministic: the cut lands at the same point of the byte stream every
 * run, no timing involved), runs of the CLI with their peak memory, and a look at the temporary
 * files a write leaves beside its destination.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './cli.js';
import type { TestLab } from './lab.js';
import { makeTempDir } from './pxe-fixtures.js';

/**
 * fabplay's peak memory may not pass this, whatever the host sends. Generous: node with tsx takes
 * ~200 MB, and a 50 MB command output took ~720 MB in all (several copies of it are alive at once).
 */
export const RSS_BOUND_KB = 1024 * 1024;

export interface Links {
  /** inventory where every host is reached normally */
  normal: string;
  /** inventory where h1's link is cut after `bytes` bytes towards it; the others are reached normally */
  cutAfter(bytes: number): string;
  /** inventory where h1's link counts the bytes sent to it (read them with sentBytes()) */
  counting(): string;
  /** bytes the controller sent h1 through the last counting() inventory's link */
  sentBytes(): number;
}

/**
 * Writes the relay script and the inventories into `dir`. The relay: `head -c N` in front of the
 * lab's own ProxyCommand: after N bytes head exits, sshd reads end of file and drops the session,
 * and the controller's next write fails: both ends see the connection lost.
 */
export function links(lab: TestLab, dir: string, extraHostVars: Record<string, string> = {}): Links {
  const relay = join(dir, 'relay.sh');
  const proxy = lab.state.proxyCommand.replace('%h', '"$3"').replace('%p', '"$4"');
  const count = join(dir, 'sent.bytes');
  writeFileSync(
    relay,
    [
      '#!/bin/sh',
      '# $1 cut|count  $2 bytes (cut) or file (count)  $3 host  $4 port',
      // head unbuffered (stdbuf): else it holds its output until it exits. Not dd: it counts reads
      `if [ "$1" = cut ]; then stdbuf -o0 head -c "$2" | ${proxy}`,
      `else tee "$2" | ${proxy}; fi`,
      '',
    ].join('\n'),
  );
  const inventory = (name: string, h1Proxy?: string) => {
    const path = join(dir, `${name}.yml`);
    const hostLines = lab.hosts.flatMap((h) => {
      const v: Record<string, string> = { ...lab.hostVars(h), ...extraHostVars };
      if (h === 'h1' && h1Proxy)
        v.ansible_ssh_common_args = `-o ProxyCommand="${h1Proxy}" -o UserKnownHostsFile=${lab.state.knownHostsFile}`;
      else
        v.ansible_ssh_common_args = `${v.ansible_ssh_common_args} -o UserKnownHostsFile=${lab.state.knownHostsFile}`;
      return [`    ${h}:`, ...Object.entries(v).map(([k, x]) => `      ${k}: ${JSON.stringify(x)}`)];
    });
    writeFileSync(path, ['all:', '  hosts:', ...hostLines, ''].join('\n'));
    return path;
  };
  return {
    normal: inventory('normal'),
    cutAfter: (bytes) => inventory(`cut-${bytes}`, `sh ${relay} cut ${bytes} %h %p`),
    counting: () => {
      writeFileSync(count, '');
      return inventory('counting', `sh ${relay} count ${count} %h %p`);
    },
    sentBytes: () => readFileSync(count).length,
  };
}

/** Runs `fabplay run` with its peak memory measured, and checks that memory against the bound. */
export async function runMeasured(
  playbook: string,
  inventory: string,
  extra: string[] = [],
): Promise<CliResult> {
  const r = await runCli(['run', playbook, '-i', inventory, ...extra], {
    env: { NO_COLOR: '1' },
    measureRss: true,
  });
  assert.ok(r.peakRssKb !== undefined && r.peakRssKb > 0, `peak memory measured: ${r.stderr.slice(-500)}`);
  assert.ok(r.peakRssKb < RSS_BOUND_KB, `peak memory ${r.peakRssKb} KiB stays under ${RSS_BOUND_KB} KiB`);
  return r;
}

/** The run's output, for assertion messages. */
export function shown(r: CliResult): string {
  return `exit ${r.code}\n${(r.stdout + r.stderr).slice(-4000)}`;
}

/** What the recap line says of `host`, e.g. { ok: 1, changed: 1, unreachable: 0, failed: 0 }. */
export function recap(r: CliResult, host: string): Record<string, number> {
  const line = r.stdout.split('\n').find((l) => new RegExp(`^${host}\\s+:`).test(l));
  assert.ok(line, `a recap line for ${host}:\n${shown(r)}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

/** Names of fabplay's temporary files in a directory of a lab host. */
export async function tempFiles(lab: TestLab, host: string, dir: string): Promise<string[]> {
  const r = await lab.exec(host, `ls -A -- ${dir}`);
  assert.equal(r.rc, 0, r.stderr);
  return r.stdout.split('\n').filter((n) => n.includes('fabplay'));
}

/** sha1 of a file on a lab host, or 'absent'. */
export async function sha1On(lab: TestLab, host: string, path: string): Promise<string> {
  const r = await lab.exec(host, `if [ -e ${path} ]; then sha1sum < ${path}; else echo absent; fi`);
  assert.equal(r.rc, 0, r.stderr);
  return r.stdout.split(' ')[0]!.trim();
}

/** Waits (up to `ms`) for `check` to hold; returns its last answer. */
export async function eventually<T>(check: () => Promise<T>, ok: (v: T) => boolean, ms = 15000): Promise<T> {
  const until = Date.now() + ms;
  let v = await check();
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    v = await check();
  }
  return v;
}

/** What each fault test file uses: its lab's links, a scratch directory, playbooks, host commands. */
export interface FaultBench {
  readonly net: Links;
  /** the scratch directory on the controller */
  readonly dir: string;
  /** writes a playbook for all hosts, facts off, with these task lines; returns its path */
  play(name: string, tasks: string[]): string;
  /** runs a command inside every lab host; it must succeed */
  onAll(cmd: string): Promise<void>;
}

/** Registers the hooks: a scratch directory and links made before the tests, removed after. */
export function useFaultBench(lab: TestLab, setup: string): FaultBench {
  let tmp: { dir: string; cleanup: () => void } | undefined;
  let net: Links | undefined;
  const dir = () => tmp?.dir ?? assert.fail('useFaultBench: used outside a test');
  const bench: FaultBench = {
    get net() {
      return net ?? assert.fail('useFaultBench: used outside a test');
    },
    get dir() {
      return dir();
    },
    play(name, tasks) {
      const path = join(dir(), `${name}.yml`);
      writeFileSync(path, ['- hosts: all', '  gather_facts: false', '  tasks:', ...tasks, ''].join('\n'));
      return path;
    },
    async onAll(cmd) {
      for (const h of lab.hosts) {
        const r = await lab.exec(h, cmd);
        assert.equal(r.rc, 0, `${h}: ${r.stderr}`);
      }
    },
  };
  before(() => {
    tmp = makeTempDir('fabplay-faults-');
    net = links(lab, tmp.dir);
  });
  after(() => tmp?.cleanup());
  beforeEach(() => bench.onAll(setup));
  return bench;
}
