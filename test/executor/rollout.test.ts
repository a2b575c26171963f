// A play in serial batches is a rollout: the batch whose failures break the play stops the run
// (no later batch, no later play, as ansible-playbook does), and the run says where it stopped.
// Each case runs under ansible-playbook too, on the same files, and both must agree.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runYaml } from './run-helper.js';
import { hasCommand } from '../roles/checkers.js';
import type { RecapEvent, RolloutStoppedEvent } from '../../src/output/events.js';

const inventory =
  '[web]\n' +
  ['h1', 'h2', 'h3', 'h4'].map((h) => `${h} ansible_connection=local`).join('\n') +
  '\n[other]\no1 ansible_connection=local\n';

// serial and max_fail_percentage from variables, as site.yml has them; the role's default is
// read by its tasks through import_role
const playbook = `
- hosts: web
  gather_facts: false
  serial: "{{ rollout_serial | default([1, '25%']) }}"
  max_fail_percentage: "{{ rollout_max_fail_percentage | default(0) }}"
  tasks:
    - import_role: {name: r}
    - name: the gate
      fail: msg=broken
      when: inventory_hostname == 'h2'
- hosts: other
  gather_facts: false
  tasks:
    - debug: msg=second-play
`;
const files = {
  'roles/r/defaults/main.yml': '---\nr_greeting: from-defaults\n',
  'roles/r/tasks/main.yml': '---\n- debug: msg="{{ r_greeting }}"\n',
};

/** The hosts in ansible-playbook's recap for the same files and -e values. */
function ansibleRecapHosts(dir: string, extra: string[]): string[] {
  const r = spawnSync('ansible-playbook', ['-i', join(dir, 'hosts.ini'), join(dir, 'play.yml'), ...extra], {
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'false' },
  });
  return [...r.stdout.matchAll(/^(\w+)\s+: ok=/gm)].map((m) => m[1]!).sort();
}

describe('executor: rollouts (serial batches that stop on failure)', function () {
  this.timeout(120000);

  it('stops after the failed batch: later batches and plays never run; the recap says where and who', async () => {
    const r = await runYaml(playbook, { inventory, files });
    assert.equal(r.code, 2);
    assert.deepEqual(Object.keys(r.recap).sort(), ['h1', 'h2']);
    assert.deepEqual(r.msgs, ['h1: from-defaults', 'h2: from-defaults']);
    const batches = r.events.filter((e) => e.event === 'batch_start');
    assert.deepEqual(
      batches.map((b) => (b.event === 'batch_start' ? `${b.batch}/${b.batches} ${b.hosts.join(',')}` : '')),
      ['1/4 h1', '2/4 h2'],
    );
    const stop = r.events.find((e): e is RolloutStoppedEvent => e.event === 'rollout_stopped')!;
    assert.equal(stop.batch, 2);
    assert.deepEqual(stop.failed, [{ host: 'h2', task: 'the gate', status: 'failed', msg: 'broken' }]);
    assert.deepEqual(stop.not_reached, ['h3', 'h4', 'o1']);
    const recap = r.events.find((e): e is RecapEvent => e.event === 'recap')!;
    const { event, ...fields } = stop;
    assert.equal(event, 'rollout_stopped');
    assert.deepEqual(recap.rollout_stopped, fields, 'the recap repeats where the rollout stopped');
    if (hasCommand('ansible-playbook')) assert.deepEqual(ansibleRecapHosts(r.dir, []), ['h1', 'h2']);
  });

  it('-e rollout_serial=0: one batch; -e rollout_max_fail_percentage=30 lets it lose one host of four', async () => {
    const extraVars = { rollout_serial: '0', rollout_max_fail_percentage: '30' };
    const r = await runYaml(playbook, { inventory, files, req: { extraVars } });
    assert.equal(r.code, 2);
    assert.deepEqual(Object.keys(r.recap).sort(), ['h1', 'h2', 'h3', 'h4', 'o1']);
    assert.ok(r.msgs.includes('o1: second-play'));
    assert.equal(
      r.events.some((e) => e.event === 'batch_start' || e.event === 'rollout_stopped'),
      false,
    );
    if (hasCommand('ansible-playbook'))
      assert.deepEqual(
        ansibleRecapHosts(r.dir, ['-e', 'rollout_serial=0', '-e', 'rollout_max_fail_percentage=30']),
        ['h1', 'h2', 'h3', 'h4', 'o1'],
      );
  });

  it('max_fail_percentage 0 without serial: a failure stops the play after that task, and the run', async () => {
    const r = await runYaml(playbook, { inventory, files, req: { extraVars: { rollout_serial: '0' } } });
    assert.deepEqual(Object.keys(r.recap).sort(), ['h1', 'h2', 'h3', 'h4']);
    assert.ok(!r.msgs.includes('o1: second-play'));
    if (hasCommand('ansible-playbook'))
      assert.deepEqual(ansibleRecapHosts(r.dir, ['-e', 'rollout_serial=0']), ['h1', 'h2', 'h3', 'h4']);
  });
});
