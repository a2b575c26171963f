/**
 * Lab hosts for tests. Needs root. Usage, in a describe whose title has `@lab`:
 *
 *   const lab = useLab({ hosts: 2, segments: 1 });   // registers mocha before()/after() hooks
 *   it('...', async () => {
 *     lab.inventory            // path of a ready YAML inventory (hosts h1..hN in group `lab`,
 *                              //   PXE servers h1..hM also in group `pxe_servers`)
 *     lab.hosts                // ['h1', 'h2']
 *     lab.addr('h1')           // management address (reach it only through the lab's ProxyCommand)
 *     lab.spec('h1')           // a ConnectionSpec for openConnection() (root, the lab key, known_hosts)
 *     lab.hostVars('h1')       // the inventory's connection vars for h1 (ansible_host, ansible_user, ...)
 *     await lab.exec('h1', 'cat /etc/os-release')   // {rc, stdout, stderr}: runs INSIDE the host
 *                              //   via nsenter (not SSH), as root, /bin/sh -c
 *     lab.upperDir('h1')       // the host's copy-on-write upper layer on the controller: every file
 *                              //   the host wrote since `lab up` is there (snapshot it before and
 *                              //   after a check-mode run to prove nothing was written)
 *     lab.fabric('h1')         // {segment, iface: 'fab0', addr: '10.99.1.1'} for PXE servers
 *     const c = await lab.addClient(1)   // a client namespace on fabric segment 1 (eth0, no address);
 *     await c.exec('udhcpc -i eth0 ...') //   runs in the client's network namespace, as root
 *     lab.state                // the full LabState (src/lab/state.ts)
 *   });
 *
 * Each call gets a lab of its own (unique name), so test files running at the same time never
 * collide; the after() hook removes every namespace, mount and process it made. A lab host is
 * this machine's root seen through an overlay: same binaries and packages, its own /etc changes,
 * its own sshd (port 22, root login with lab.state.keyFile, user `fpl` with password
 * LAB_USER_PASSWORD and sudo rights that need that password). Start services inside a host with
 * `service NAME start` (PID 1 there is not systemd); daemons log to /var/log/syslog (busybox
 * syslogd, kept in /run so it never shows in upperDir). Hosts h1..hM (M = segments) serve fabric
 * segment i on interface fab0 (10.99.i.1/24); with `gateClients: true` hosts g1..gM sit on segment
 * i too (fab0, no address; group `gate_clients`) and each server names its own as
 * `rollout_gate_client` in the inventory. A test process killed before after() leaves its lab
 * behind; the next useLab() reaps it. Timings on this 2-core machine: a lab of 1-3 hosts starts
 * in 1-4 s depending on load. `FABPLAY_LAB_DEBUG=1` prints what a lab start spends its time on.
 */
import {
  execInHost,
  execInNetns,
  labDown,
  labUp,
  addClient,
  reapStaleLabs,
  LAB_USER,
  LAB_USER_PASSWORD,
} from '../../src/lab/index.js';
import { sshCommonArgs } from '../../src/lab/inventory.js';
import type { LabState } from '../../src/lab/state.js';
import type { ConnectionSpec } from '../../src/connection/types.js';

export { LAB_USER, LAB_USER_PASSWORD };

export interface LabExecResult {
  rc: number;
  stdout: string;
  stderr: string;
}

export interface TestLab {
  readonly name: string;
  readonly state: LabState;
  readonly inventory: string;
  readonly hosts: string[];
  addr(host: string): string;
  spec(host: string, overrides?: Partial<ConnectionSpec>): ConnectionSpec;
  hostVars(host: string): Record<string, string>;
  exec(host: string, command: string, input?: string | Buffer): Promise<LabExecResult>;
  upperDir(host: string): string;
  fabric(host: string): { segment: number; iface: string; addr: string } | undefined;
  addClient(
    segment: number,
    mac?: string,
  ): Promise<{ netns: string; exec(command: string): Promise<LabExecResult> }>;
}

let counter = 0;

/** Registers before/after hooks that start and end a lab; the returned object works inside tests. */
export function useLab(opts: { hosts?: number; segments?: number; gateClients?: boolean } = {}): TestLab {
  const name = `t${process.pid.toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  let state: LabState | undefined;
  const need = (): LabState => {
    if (!state)
      throw new Error('useLab: the lab is not up (use it inside it()/before hooks registered after useLab)');
    return state;
  };
  const host = (h: string) => {
    const found = need().hosts.find((x) => x.name === h);
    if (!found) throw new Error(`useLab: no host '${h}' in lab ${name}`);
    return found;
  };

  before(async function () {
    this.timeout(120000);
    await reapStaleLabs();
    state = await labUp({
      name,
      hosts: opts.hosts ?? 1,
      segments: opts.segments ?? 0,
      gateClients: opts.gateClients,
      ownerPid: process.pid,
    });
  });
  after(async function () {
    this.timeout(60000);
    await labDown(name);
  });

  return {
    name,
    get state() {
      return need();
    },
    get inventory() {
      return need().inventoryFile;
    },
    get hosts() {
      return need().hosts.map((h) => h.name);
    },
    addr: (h) => host(h).addr,
    spec: (h, overrides = {}) => ({
      host: h,
      connection: 'ssh',
      address: host(h).addr,
      port: 22,
      user: 'root',
      privateKeyFile: need().keyFile,
      knownHostsFile: need().knownHostsFile,
      hostKeyChecking: 'strict',
      connectTimeoutMs: 10000,
      sshCommonArgs: `-o ProxyCommand="${need().proxyCommand}"`,
      ...overrides,
    }),
    hostVars: (h) => ({
      ansible_host: host(h).addr,
      ansible_user: 'root',
      ansible_ssh_private_key_file: need().keyFile,
      ansible_ssh_common_args: sshCommonArgs(need()),
    }),
    exec: (h, command, input) => execInHost(host(h).pid, command, input),
    upperDir: (h) => host(h).upperDir,
    fabric: (h) => {
      const x = host(h);
      return x.segment !== undefined ? { segment: x.segment, iface: 'fab0', addr: x.fabricAddr! } : undefined;
    },
    addClient: async (segment, mac) => {
      const netns = await addClient(name, segment, mac);
      return { netns, exec: (command: string) => execInNetns(netns, command) };
    },
  };
}
