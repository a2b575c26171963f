import { spawn } from 'node:child_process';

/** One timed run of a command: wall time, the child's peak RSS (from GNU time), its exit code and output. */
export interface Measured {
  wallMs: number;
  peakRssMb: number;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs argv under /usr/bin/time so the peak RSS of the tool itself is measured, not the bench's. */
export function measure(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '@@peak-rss-kb %M', ...argv], {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      let stderr = Buffer.concat(err).toString();
      const m = /@@peak-rss-kb (\d+)\s*$/.exec(stderr);
      stderr = stderr.replace(/@@peak-rss-kb \d+\s*$/, '');
      resolve({
        wallMs,
        peakRssMb: m ? Number(m[1]) / 1024 : NaN,
        code: code ?? 1,
        stdout: Buffer.concat(out).toString(),
        stderr,
      });
    });
    child.stdin.end(opts.input ?? '');
  });
}
