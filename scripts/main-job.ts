/**
 * The README's main job, after scripts/setup.sh: bring up the lab (2 PXE servers on 2 fabric
 * segments and a client host), run playbooks/site.yml against it with fabplay, run it again to
 * show nothing changes, then boot a real PXE client on each segment as far as a namespace can.
 * The lab stays up for a look around (`fabplay lab status`, `fabplay lab ssh h1`); `fabplay lab
 * down` ends it. Exit code: fabplay's, or 1 when a client could not walk its boot chain.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { labUp, readLabState } from '../src/lab/index.js';
import { bootChain, preparePxeLab } from './lab-pxe.js';

const repo = resolve(import.meta.dirname, '..');
const LAB = 'default';

function fabplay(...args: string[]): number {
  const r = spawnSync(process.execPath, [join(repo, 'bin/fabplay.js'), ...args], {
    stdio: 'inherit',
    cwd: repo,
  });
  return r.status ?? 1;
}

async function main(): Promise<number> {
  let state = await readLabState(LAB);
  if (!state) {
    console.log('main job: bringing up the lab (3 hosts, 2 fabric segments)');
    state = await labUp({
      name: LAB,
      hosts: 3,
      segments: 2,
      inventoryFile: join(repo, 'inventory/lab/hosts.yml'),
      log: (l) => console.log(l),
    });
  } else {
    console.log(`main job: lab '${LAB}' is already up; using it`);
  }
  const inventory = await preparePxeLab(state);
  const site = join(repo, 'playbooks/site.yml');
  console.log(`\nmain job: fabplay run playbooks/site.yml -i ${inventory}`);
  let code = fabplay('run', site, '-i', inventory);
  if (code !== 0) return code;
  console.log('\nmain job: the same again: nothing should change');
  code = fabplay('run', site, '-i', inventory);
  if (code !== 0) return code;
  let failed = false;
  for (let seg = 1; seg <= state.segments; seg++) {
    console.log(`\nmain job: a PXE client boots on fabric segment ${seg}`);
    for (const s of await bootChain(state, seg)) {
      console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step.padEnd(16)} ${s.detail}`);
      failed ||= !s.ok;
    }
  }
  console.log(`\nThe lab stays up: fabplay lab status | fabplay lab ssh h1 | fabplay lab down`);
  return failed ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`main job: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
