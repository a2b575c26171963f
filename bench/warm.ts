import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { warmSocketPath } from '../src/warm/client.js';

const bundle = resolve(import.meta.dirname, '..', 'dist', 'fabplay.cjs');

/**
 * Warm runs for the bench (FABPLAY_WARM_RUNS=1, src/warm/): the environment that asks for them,
 * with the server's socket in a directory of the bench's own; waiting for the server a first run
 * started; its peak memory (its process is not the measured one); and its end.
 */
export function warmRuns(base: NodeJS.ProcessEnv) {
  const runtime = mkdtempSync(join(tmpdir(), 'fabplay-bench-warm-'));
  const env = { ...base, FABPLAY_WARM_RUNS: '1', XDG_RUNTIME_DIR: runtime };
  const socket = warmSocketPath(bundle, env)!;
  const pid = (): number | undefined => {
    try {
      return Number(readFileSync(`${socket}.pid`, 'utf8'));
    } catch {
      return undefined;
    }
  };
  return {
    env,
    /** until the server the first run started listens */
    async ready(): Promise<void> {
      for (const t0 = Date.now(); !(existsSync(socket) && pid());)
        if (Date.now() - t0 > 15000) throw new Error(`no warm server on ${socket}`);
        else await new Promise((r) => setTimeout(r, 50));
    },
    /** the server's peak resident memory so far (VmHWM) */
    peakRssMb(): number {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid()}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    stop(): void {
      const p = pid();
      if (p) process.kill(p, 'SIGTERM');
    },
  };
}
