import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

// the lab code is imported when a lab command runs, not at every start of the CLI
const labLib = () => import('../lab/index.js');

function intOpt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`not a whole number: '${v}'`);
  return n;
}

/** `fabplay lab up|down|status|ssh`: disposable hosts on this machine (see src/lab). */
export function registerLabCommand(program: Command): void {
  const lab = program
    .command('lab')
    .description('Disposable lab hosts on this machine (namespaces + sshd); needs root');

  lab
    .command('up')
    .description('start lab hosts and write an inventory for them')
    .option('--hosts <n>', 'number of hosts (default 3, or the number of segments when more)', intOpt)
    .option(
      '--segments <m>',
      'fabric segments (host hI serves segment I; gate client gI sits on it)',
      intOpt,
      1,
    )
    .option('--no-gate-clients', 'no gate client host per segment')
    .option('--name <lab>', 'lab name (several labs can run at once)', 'default')
    .option(
      '--inventory <path>',
      'where to write the inventory (default: inventory/lab/hosts.yml, for a named lab inventory/lab-NAME/hosts.yml)',
    )
    .action(
      async (o: {
        hosts?: number;
        segments: number;
        gateClients: boolean;
        name: string;
        inventory?: string;
      }) => {
        const { labUp } = await labLib();
        // a named lab writes its own inventory: the default lab's stays as it is
        o.inventory ??=
          o.name === 'default' ? 'inventory/lab/hosts.yml' : `inventory/lab-${o.name}/hosts.yml`;
        const { LAB_USER, LAB_USER_PASSWORD } = await import('../lab/base-layer.js');
        const t0 = Date.now();
        const s = await labUp({
          name: o.name,
          hosts: o.hosts ?? Math.max(3, o.segments),
          segments: o.segments,
          gateClients: o.gateClients,
          inventoryFile: resolve(o.inventory),
          log: (l) => process.stderr.write(l + '\n'),
        });
        const out = process.stdout;
        out.write(
          `lab '${s.name}' is up: ${s.hosts.length} host(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
        );
        for (const h of s.hosts) {
          out.write(
            `  ${h.name}  ${h.addr}${h.segment ? `  serves segment ${h.segment} on fab0 (${h.fabricAddr})` : ''}` +
              `${h.gateFor ? `  gate client on segment ${h.gateFor} (fab0, DHCP)` : ''}\n`,
          );
        }
        out.write(`inventory:   ${s.inventoryFile}\n`);
        out.write(`known_hosts: ${s.knownHostsFile}\nkey:         ${s.keyFile}\n`);
        out.write(
          `login:       root with the key, or ${LAB_USER} / ${LAB_USER_PASSWORD} (sudo with that password)\n`,
        );
        out.write(`use it:      fabplay run playbooks/site.yml -i ${o.inventory}\n`);
        out.write(`             ansible-playbook -i ${o.inventory} playbooks/site.yml\n`);
        out.write(`             fabplay lab ssh h1${o.name === 'default' ? '' : ` --name ${o.name}`}\n`);
        out.write(`end it:      fabplay lab down${o.name === 'default' ? '' : ` --name ${o.name}`}\n`);
      },
    );

  lab
    .command('down')
    .description('remove every namespace, mount and process of the lab')
    .option('--name <lab>', 'lab name', 'default')
    .action(async (o: { name: string }) => {
      const { labDown, requireRoot } = await labLib();
      requireRoot();
      const r = await labDown(o.name);
      process.stdout.write(
        `lab '${o.name}' is down (${r.namespaces.length} namespace(s), ${r.killed} process(es) removed)\n`,
      );
    });

  lab
    .command('status')
    .description('list running labs and their hosts')
    .action(async () => {
      const labs = await (await labLib()).labStatus();
      if (labs.length === 0) process.stdout.write('no lab is up\n');
      for (const l of labs) {
        process.stdout.write(
          `lab '${l.state.name}' (up since ${l.state.startedAt}), inventory ${l.state.inventoryFile}\n`,
        );
        for (const h of l.state.hosts) {
          process.stdout.write(`  ${h.name}  ${h.addr}  ${l.alive[h.name] ? 'running' : 'STOPPED'}\n`);
        }
      }
    });

  lab
    .command('ssh <host> [command...]')
    .description('open an SSH session (or run a command) on a lab host')
    .option('--name <lab>', 'lab name', 'default')
    .option('-u, --user <user>', 'login user', 'root')
    .action(async (host: string, command: string[], o: { name: string; user: string }) => {
      const s = await (await labLib()).readLabState(o.name);
      if (!s) throw new UsageError(`lab '${o.name}' is not up`, 'start it with `fabplay lab up`');
      const h = s.hosts.find((x) => x.name === host);
      if (!h)
        throw new UsageError(
          `lab '${o.name}' has no host '${host}'`,
          `hosts: ${s.hosts.map((x) => x.name).join(', ')}`,
        );
      const args = [
        '-i',
        s.keyFile,
        '-o',
        `ProxyCommand=${s.proxyCommand}`,
        '-o',
        `UserKnownHostsFile=${s.knownHostsFile}`,
      ];
      args.push(`${o.user}@${h.addr}`, ...command);
      const code = await new Promise<number>((res) => {
        const child = spawn('ssh', args, { stdio: 'inherit' });
        child.on('close', (c) => res(c ?? 1));
      });
      if (code !== 0) process.exitCode = code;
    });
}
