import { writeFile } from 'node:fs/promises';
import { netnsPath, relaySocketDir } from './paths.js';
import { startDetached } from './detached.js';

/**
 * The lab's relay: one process in the management namespace, a Unix socket per host in the lab's
 * directory, each connection carried on to that host's sshd over TCP. It replaces a ProxyCommand
 * process per connection (`nsenter ... socat`), whose start cost the controller a fork per host:
 * a thousand hosts meant a thousand children of the controller. Its CPU is the lab's, not the
 * controller's. Arguments: the socket directory, a file with one address a line.
 */
export const RELAY_SCRIPT = `import { createServer, connect } from 'node:net';
import { mkdirSync, readFileSync } from 'node:fs';
const [dir, list] = process.argv.slice(2);
const addrs = readFileSync(list, 'utf8').split('\\n').filter(Boolean);
process.title = 'fabplay-lab-relay';
mkdirSync(dir, { recursive: true, mode: 0o700 });
let left = addrs.length;
for (const addr of addrs) {
  const server = createServer((client) => {
    const host = connect({ host: addr, port: 22, noDelay: true });
    client.pipe(host);
    host.pipe(client);
    const end = () => { client.destroy(); host.destroy(); };
    for (const s of [client, host]) { s.on('error', end); s.on('close', end); }
  });
  server.on('error', (e) => { process.stderr.write(addr + ': ' + e.message + '\\n'); process.exit(1); });
  server.listen(dir + '/' + addr, () => { if (--left === 0) process.stdout.write('READY\\n'); });
}
`;

/** Starts the relay for `addrs` in the lab's management namespace; resolves once it listens. */
export async function startRelay(labDir: string, lab: string, mgmtNetns: string, addrs: string[]) {
  await writeFile(`${labDir}/relay.mjs`, RELAY_SCRIPT);
  await writeFile(`${labDir}/relay-hosts`, addrs.join('\n') + '\n');
  await startDetached(
    [
      'nsenter',
      `--net=${netnsPath(mgmtNetns)}`,
      process.execPath,
      `${labDir}/relay.mjs`,
      relaySocketDir(lab),
      `${labDir}/relay-hosts`,
    ],
    'the relay',
  );
}
