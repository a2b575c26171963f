import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One timed run of a command: wall time, the child's peak RSS (from GNU time), its exit code and output. */
export interface Measured {
  wallMs: number;
  peakRssMb: number;
  code: number;
  stdout: string;
  stderr: string;
  /** a Node tool's own CPU time and peak RSS, its children not counted (bench/own-usage.mjs) */
  own?: { cpuMs: number; peakRssMb: number };
}

/** Runs argv under /usr/bin/time so the peak RSS of the tool itself is measured, not the bench's. */
export function measure(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<Measured> {
  const usageDir = mkdtempSync(join(tmpdir(), 'fabplay-bench-usage-'));
  const usageFile = join(usageDir, 'usage.json');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '@@peak-rss-kb %M', ...argv], {
      env: { ...(opts.env ?? process.env), FABPLAY_BENCH_USAGE: usageFile },
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
        own: ownUsage(usageFile),
      });
      rmSync(usageDir, { recursive: true, force: true });
    });
    child.stdin.end(opts.input ?? '');
  });
}

function ownUsage(file: string): Measured['own'] {
  try {
    const u = JSON.parse(readFileSync(file, 'utf8')) as { userUs: number; sysUs: number; maxRssKb: number };
    return { cpuMs: (u.userUs + u.sysUs) / 1000, peakRssMb: u.maxRssKb / 1024 };
  } catch {
    return undefined; // not a Node process started with bench/own-usage.mjs
  }
}

/**
 * One run of argv: its wall time, and its CPU time (user+sys of it and its children) read by the
 * shell that waited for it, to the millisecond (GNU time gives 10 ms steps).
 */
export function timed(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Measured & { cpuMs: number }> {
  const script = '"$@"; rc=$?; times >&3; exit $rc';
  return new Promise((done, fail) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('bash', ['-c', script, 'bash', ...argv], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[][] = [[], [], []];
    child.stdio[1]!.on('data', (d: Buffer) => out[0]!.push(d));
    child.stdio[2]!.on('data', (d: Buffer) => out[1]!.push(d));
    child.stdio[3]!.on('data', (d: Buffer) => out[2]!.push(d));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      // `times`: the shell's own user and sys, then its children's: "0m0.052s 0m0.008s"
      const children = Buffer.concat(out[2]!).toString().trim().split('\n')[1] ?? '';
      const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      done({
        wallMs,
        cpuMs: secs.length === 2 ? (secs[0]! + secs[1]!) * 1000 : NaN,
        peakRssMb: NaN,
        code: code ?? 1,
        stdout: Buffer.concat(out[0]!).toString(),
        stderr: Buffer.concat(out[1]!).toString(),
      });
    });
  });
}
