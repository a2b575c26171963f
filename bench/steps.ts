/** The bench's shared steps: a lab for the length of a workload, a run done twice, a failure told. */
import { labDown, labUp, type LabState } from '../src/lab/index.js';
import type { Measured } from './measure.js';

export function say(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

export function check(what: string, m: Measured): boolean {
  if (m.code !== 0)
    say(`${what} exited ${m.code}:\n${(m.stdout + m.stderr).split('\n').slice(-25).join('\n')}`);
  return m.code === 0;
}

export async function withLab<T>(
  name: string,
  hosts: number,
  segments: number,
  fn: (s: LabState) => Promise<T>,
  gateClients = false,
): Promise<T> {
  // the bench's process id in the name: two benches at once (a worktree's and main's) get labs
  // of their own instead of taking each other's down
  const lab = `${name}_${process.pid}`;
  await labDown(lab).catch(() => {});
  const t0 = Date.now();
  const state = await labUp({ name: lab, hosts, segments, gateClients });
  say(`lab ${lab}: ${hosts} hosts up in ${Date.now() - t0} ms`);
  try {
    return await fn(state);
  } finally {
    await labDown(lab);
  }
}

/** A first run and a re-run of the same command. */
export async function twice(
  run: () => Promise<Measured>,
  what: string,
): Promise<{ first: Measured; rerun: Measured; ok: boolean }> {
  const first = await run();
  const rerun = await run();
  return { first, rerun, ok: check(`${what} first run`, first) && check(`${what} re-run`, rerun) };
}

export type Twice = Awaited<ReturnType<typeof twice>>;

export const wall = (t: Twice) => ({ firstMs: t.first.wallMs, rerunMs: t.rerun.wallMs });

/**
 * Each runner runs `n` times, in turn (so a load that comes and goes weighs on all alike): each
 * one's median wall time and all its times, and its first failed run.
 */
export async function alternated(runners: (() => Promise<Measured>)[], n: number): Promise<Repeated[]> {
  const runs: Measured[][] = runners.map(() => []);
  for (let i = 0; i < n; i++) for (const [k, run] of runners.entries()) runs[k]!.push(await run());
  return runs.map(repeated);
}

export interface Repeated {
  medianMs: number;
  allMs: number[];
  failed?: Measured;
}

function repeated(ms: Measured[]): Repeated {
  const allMs = ms.map((m) => m.wallMs).sort((x, y) => x - y);
  const mid = allMs.length >> 1;
  const medianMs = allMs.length % 2 ? allMs[mid]! : (allMs[mid - 1]! + allMs[mid]!) / 2;
  return { medianMs, allMs, failed: ms.find((m) => m.code !== 0) };
}
