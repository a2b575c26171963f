import { spawn } from 'node:child_process';

export interface RunOut {
  rc: number;
  stdout: string;
  stderr: string;
}

/** Runs a controller command (argv, no shell) and collects its output. */
export function runCmd(
  argv: readonly string[],
  opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
): Promise<RunOut> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (process.env.FABPLAY_LAB_DEBUG)
      child.on('close', () =>
        process.stderr.write(`lab: ${Date.now() - t0} ms ${argv.slice(0, 3).join(' ')}\n`),
      );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        rc: code ?? 1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** Like runCmd, but a non-zero exit is an error that names the command. */
export async function mustRun(
  argv: readonly string[],
  opts: { input?: string | Buffer } = {},
): Promise<string> {
  const r = await runCmd(argv, opts);
  if (r.rc !== 0) throw new Error(`lab: ${argv.join(' ')} failed (rc=${r.rc}): ${r.stderr.trim()}`);
  return r.stdout;
}
