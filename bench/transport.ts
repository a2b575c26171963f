import { openConnection } from '../src/connection/index.js';
import { SshConnection } from '../src/connection/ssh.js';
import type { Connection, ConnectionSpec } from '../src/connection/types.js';
import type { LabState } from '../src/lab/index.js';

/** What one command costs on a lab host: in the connection's warm shell, and on a new exec channel each. */
export interface TransportFigures {
  warmShellMs: number;
  execChannelMs: number;
}

function specOf(s: LabState, host: string): ConnectionSpec {
  const h = s.hosts.find((x) => x.name === host)!;
  return {
    host,
    connection: 'ssh',
    address: h.addr,
    port: 22,
    user: 'root',
    privateKeyFile: s.keyFile,
    knownHostsFile: s.knownHostsFile,
    hostKeyChecking: 'strict',
    connectTimeoutMs: 10000,
    sshCommonArgs: `-o ProxyCommand="${s.proxyCommand}"`,
  };
}

async function perCommandMs(c: Connection, n: number): Promise<number> {
  await c.exec('true');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = await c.exec(`echo ${i}`);
    if (r.stdout.toString() !== `${i}\n`)
      throw new Error(`transport bench: wrong output ${r.stdout.toString()}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
}

export async function transportFigures(s: LabState, n = 50): Promise<TransportFigures> {
  const warm = await openConnection(specOf(s, s.hosts[0]!.name));
  const slow = (await openConnection(specOf(s, s.hosts[0]!.name))) as SshConnection;
  slow.useExecChannels();
  try {
    return {
      warmShellMs: await perCommandMs(warm, n),
      execChannelMs: await perCommandMs(slow, Math.ceil(n / 5)),
    };
  } finally {
    await warm.close();
    await slow.close();
  }
}
