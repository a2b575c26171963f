import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { labDown, reapStaleLabs } from '../../src/lab/index.js';
import { labDir } from '../../src/lab/paths.js';
import { processStart } from '../../src/util/proc-stat.js';
import { writeLabState, type LabState } from '../../src/lab/state.js';

/** A lab's state file only (no namespaces): what a lab left by a killed test run looks like. */
async function staleLab(
  name: string,
  hosts: { pid: number; pidStart?: string }[],
  ownerPid?: number,
): Promise<void> {
  mkdirSync(labDir(name), { recursive: true });
  const state = {
    name,
    dir: labDir(name),
    mgmtNetns: `fpl-${name}-mgmt`,
    hosts: hosts.map((h, i) => ({
      name: `h${i + 1}`,
      netns: `fpl-${name}-h${i + 1}`,
      upperDir: '',
      addr: '',
      ...h,
    })),
    clients: [],
    ownerPid,
  } as unknown as LabState;
  await writeLabState(state);
}

const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

describe('lab down kills a host PID only while it is still that host (PIDs are reused)', () => {
  const procs: ChildProcess[] = [];
  const names: string[] = [];
  const sleeper = async () => {
    const p = spawn('sleep', ['300'], { stdio: 'ignore' });
    procs.push(p);
    await new Promise((r) => p.once('spawn', r));
    return p;
  };
  const name = () => {
    const n = `pidreuse${process.pid.toString(36)}${names.length}`;
    names.push(n);
    return n;
  };
  afterEach(() => {
    for (const p of procs.splice(0)) p.kill('SIGKILL');
    for (const n of names.splice(0)) rmSync(labDir(n), { recursive: true, force: true });
  });

  it('a PID now held by another process (another start time, or none recorded) is left alone', async () => {
    const other = await sleeper();
    const n = name();
    await staleLab(n, [
      { pid: other.pid!, pidStart: String(Number(processStart(other.pid!)) - 1) },
      { pid: other.pid! },
    ]);
    await labDown(n);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(alive(other), 'a process that is not the lab host was killed');
  });

  it('the host itself, same PID and start time, is killed; a stale lab is reaped so', async () => {
    const host = await sleeper();
    const n = name();
    await staleLab(n, [{ pid: host.pid!, pidStart: processStart(host.pid!) }], 2 ** 22 + 1);
    const gone = new Promise((r) => host.once('exit', r));
    assert.ok((await reapStaleLabs()).includes(n));
    await gone;
    assert.equal(host.signalCode, 'SIGKILL');
  });
});
