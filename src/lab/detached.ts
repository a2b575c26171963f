import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts a process that outlives this one (a lab host's PID 1, the lab's relay) and resolves once
 * it prints READY; one that does not within 30 s, or dies first, is killed with its group and
 * the error says what it printed.
 */
export async function startDetached(argv: string[], what: string): Promise<ChildProcess> {
  const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 30000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY\n')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out.includes('READY\n'));
    });
  });
  child.stdout.destroy();
  child.stderr.destroy();
  child.unref();
  if (!ready) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
    throw new Error(`lab: ${what} did not start: ${(err + out).trim()}`);
  }
  return child;
}
