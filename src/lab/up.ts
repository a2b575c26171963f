import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { writeBaseLayer } from './base-layer.js';
import { DEV_SKELETON, HOST_INIT, SSHD_CONFIG } from './host-init.js';
import { processStart } from '../util/proc-stat.js';
import { startHost } from './host-start.js';
import { writeInventory } from './inventory.js';
import { ensureLabPackages } from './packages.js';
import {
  fabricAddr,
  hostNs,
  labDir,
  MAX_LAB_HOSTS,
  mgmtMac,
  mgmtNs,
  mgmtSubnet,
  proxyCommand,
  validLabName,
} from './paths.js';
import { startRelay } from './relay.js';
import { mustRun, runCmd } from './run.js';
import { generateEd25519 } from './ed25519-key.js';
import { readLabState, writeLabState, type LabHostState, type LabState } from './state.js';
import { labDown } from './down.js';
import { eachLimited } from '../util/each-limited.js';

const HOSTS_STARTING_AT_ONCE = 8;

export interface LabUpOptions {
  name?: string;
  hosts?: number;
  segments?: number;
  /**
   * one more host per segment, `gI`, whose fab0 sits on segment I without an address: the client
   * a rollout's health gate probes DHCP, TFTP and HTTP from (group `gate_clients`)
   */
  gateClients?: boolean;
  /** where to write the inventory; default <lab dir>/hosts.yml */
  inventoryFile?: string;
  log?: (line: string) => void;
  /** the process the lab belongs to (tests); see reapStaleLabs */
  ownerPid?: number;
}

export function requireRoot(): void {
  if (process.getuid && process.getuid() !== 0) {
    throw new UsageError(
      'fabplay lab needs root (it creates network namespaces, mounts and sshd processes)',
      'run it as root, e.g. sudo fabplay lab up',
    );
  }
}

/** Starts a lab: a management network, fabric segments, and N hosts each with its own sshd. */
export async function labUp(opts: LabUpOptions = {}): Promise<LabState> {
  requireRoot();
  const name = opts.name ?? 'default';
  const nHosts = opts.hosts ?? 3;
  const nSegs = opts.segments ?? 1;
  const log = opts.log ?? (() => {});
  if (!validLabName(name))
    throw new UsageError(`invalid lab name '${name}'`, 'use lower-case letters, digits and _ (at most 24)');
  const nGates = opts.gateClients ? nSegs : 0;
  if (!(nHosts >= 1 && nHosts + nGates <= MAX_LAB_HOSTS))
    throw new UsageError(
      `--hosts must be between 1 and ${MAX_LAB_HOSTS}, gate clients included (got ${nHosts + nGates})`,
    );
  if (!(nSegs >= 0 && nSegs <= nHosts && nSegs <= 120))
    throw new UsageError(`--segments must be between 0 and the number of hosts (got ${nSegs})`);
  const dir = labDir(name);
  if (await readLabState(name))
    throw new UsageError(
      `lab '${name}' is already up`,
      `see \`fabplay lab status\`, or end it with \`fabplay lab down${name === 'default' ? '' : ` --name ${name}`}\``,
    );
  const t0 = Date.now();
  const step = (what: string) => log(`lab: ${what} after ${Date.now() - t0} ms`);
  await ensureLabPackages(log);
  step('packages checked');

  const subnet = mgmtSubnet(name);
  const hosts: LabHostState[] = Array.from({ length: nHosts }, (_, k) => {
    const i = k + 1;
    const seg = i <= nSegs ? i : undefined;
    return {
      name: `h${i}`,
      addr: subnet.hostAddr(i),
      netns: hostNs(name, `h${i}`),
      pid: 0,
      segment: seg,
      fabricAddr: seg ? fabricAddr(seg) : undefined,
      upperDir: `${dir}/hosts/h${i}/upper`,
    };
  });
  for (let seg = 1; seg <= nGates; seg++) {
    const gate = `g${seg}`;
    hosts.push({
      name: gate,
      addr: subnet.hostAddr(nHosts + seg),
      netns: hostNs(name, gate),
      pid: 0,
      gateFor: seg,
      upperDir: `${dir}/hosts/${gate}/upper`,
    });
  }
  const state: LabState = {
    name,
    dir,
    mgmtNetns: mgmtNs(name),
    gateway: subnet.gateway,
    segments: nSegs,
    hosts,
    clients: [],
    keyFile: `${dir}/id_ed25519`,
    knownHostsFile: `${dir}/known_hosts`,
    inventoryFile: opts.inventoryFile ?? `${dir}/hosts.yml`,
    proxyCommand: proxyCommand(name),
    startedAt: new Date().toISOString(),
    ownerPid: opts.ownerPid,
  };

  // A tmpfs per lab: the hosts' layers live there (an overlay upper layer may not sit inside its
  // lower layer's file system) and `lab down` removes it all with one unmount.
  await mkdir(dir, { recursive: true });
  if (!(await isMountPoint(dir)))
    await mustRun(['mount', '-t', 'tmpfs', '-o', 'mode=700', `fabplay-lab-${name}`, dir]);
  try {
    await writeLabState(state);
    await Promise.all([prepareFiles(state), makeNetworks(state, subnet.prefixLength)]);
    step('files and networks ready');
    await startRelay(
      dir,
      name,
      state.mgmtNetns,
      hosts.map((h) => h.addr),
    );
    // a few at a time: a thousand host inits at once starve each other past startHost's timeout
    await eachLimited(hosts, HOSTS_STARTING_AT_ONCE, async (h) => {
      h.pid = await startHost({
        labDir: dir,
        name: h.name,
        netns: h.netns,
        addr: `${h.addr}/${subnet.prefixLength}`,
        gateway: state.gateway,
        gatewayMac: mgmtMac(0),
        fabricAddr: h.fabricAddr,
      });
      h.pidStart = processStart(h.pid);
    });
    step(`${hosts.length} host(s) started`);
    await writeLabState(state);
    await writeInventory(state);
    return state;
  } catch (e) {
    await labDown(name).catch(() => {});
    throw e;
  }
}

async function prepareFiles(s: LabState): Promise<void> {
  await writeFile(`${s.dir}/host-init.sh`, HOST_INIT, { mode: 0o755 });
  await writeFile(`${s.dir}/sshd_config`, SSHD_CONFIG);
  const labKey = generateEd25519(`fabplay-lab-${s.name}`);
  await writeFile(s.keyFile, labKey.private, { mode: 0o600 });
  await writeFile(`${s.keyFile}.pub`, labKey.public + '\n');
  await writeFile(`${s.dir}/authorized_keys`, labKey.public + '\n');
  const slow = Promise.all([
    mustRun(['sh', '-c', DEV_SKELETON, 'dev-skeleton', `${s.dir}/dev`]),
    writeBaseLayer(`${s.dir}/base`, s.hosts),
  ]);
  const known: string[] = [];
  for (const h of s.hosts) {
    const key = generateEd25519(`root@${h.name}`);
    known.push(`${h.addr} ${key.public.split(' ').slice(0, 2).join(' ')}`);
    // the host's /run at start: copied into its fresh tmpfs by host-init.sh
    const run = `${s.dir}/hosts/${h.name}/run`;
    await mkdir(`${run}/fabplay`, { recursive: true, mode: 0o755 });
    await mkdir(`${run}/sshd`, { mode: 0o755 });
    await mkdir(`${run}/log`, { mode: 0o755 });
    await mkdir(`${run}/lock`);
    await chmod(`${run}/lock`, 0o1777);
    await writeFile(`${run}/fabplay/ssh_host_ed25519_key`, key.private, { mode: 0o600 });
    await writeFile(`${run}/fabplay/authorized_keys`, labKey.public + '\n', { mode: 0o644 });
    await writeFile(`${run}/fabplay/sshd_config`, SSHD_CONFIG, { mode: 0o644 });
  }
  await writeFile(s.knownHostsFile, known.join('\n') + '\n');
  await slow;
}

/** One `ip -batch` for all namespaces, one for every link: process spawns are the cost here. */
async function makeNetworks(s: LabState, prefixLength: number): Promise<void> {
  const nsBatch = [`netns add ${s.mgmtNetns}`, ...s.hosts.map((h) => `netns add ${h.netns}`)];
  await mustRun(['ip', '-batch', '-'], { input: nsBatch.join('\n') + '\n' });
  const m: string[] = [
    'link set lo up',
    `link add br0 address ${mgmtMac(0)} type bridge`,
    `addr add ${s.gateway}/${prefixLength} dev br0`,
    'link set br0 up',
  ];
  for (let seg = 1; seg <= s.segments; seg++)
    m.push(`link add seg${seg} type bridge`, `link set seg${seg} up`);
  s.hosts.forEach((h, k) => {
    m.push(
      `link add ${h.name} type veth peer name eth0 address ${mgmtMac(k + 1)} netns ${h.netns}`,
      `link set ${h.name} master br0 up`,
      `neigh add ${h.addr} lladdr ${mgmtMac(k + 1)} dev br0 nud permanent`,
    );
    if (h.segment !== undefined) {
      m.push(
        `link add f${h.segment} type veth peer name fab0 netns ${h.netns}`,
        `link set f${h.segment} master seg${h.segment} up`,
      );
    }
    if (h.gateFor !== undefined) {
      m.push(
        `link add gf${h.gateFor} type veth peer name fab0 netns ${h.netns}`,
        `link set gf${h.gateFor} master seg${h.gateFor} up`,
      );
    }
  });
  await mustRun(['ip', '-n', s.mgmtNetns, '-batch', '-'], { input: m.join('\n') + '\n' });
}

async function isMountPoint(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  return (await runCmd(['mountpoint', '-q', dir])).rc === 0;
}
