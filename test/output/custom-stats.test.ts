import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { customStatsLines } from '../../src/output/custom-stats.js';

const hosts = ['h1', 'h2']
  .map((h) => `${h} ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n`)
  .join('');

/** per host and run stats of every kind of value: nested mappings, lists, floats, text beyond ASCII, null */
const playbook = [
  '- hosts: all',
  '  gather_facts: false',
  '  tasks:',
  '    - set_stats:',
  '        data: {a: 1, s: x, l: [1, [2, 3]], d: {k: {z: 1}}, f: 1.5, e: {}, n: null, diff: hidden}',
  '      run_once: true',
  '    - set_stats:',
  '        data: {a: 2, u: "ü", t: true, h: "{{ inventory_hostname }}", d: {k: {w: [2]}}}',
  '        per_host: true',
  '    - set_stats:',
  '        data: {a: 5}',
  '',
].join('\n');

/** The lines from the CUSTOM STATS banner up to the next blank pair (or fabplay's total time). */
function customBlock(out: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('CUSTOM STATS:'));
  if (start < 0) return [];
  const end = lines.findIndex(
    (l, i) => i > start && (l.startsWith('total time') || (l === '' && lines[i + 1] === undefined)),
  );
  return lines.slice(start - 2, end < 0 ? undefined : end);
}

describe('custom stats after the recap (show_custom_stats), as ansible-playbook prints them', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-custom-stats-'));
    writeFileSync(join(dir, 'hosts'), hosts);
    writeFileSync(join(dir, 'stats.yml'), playbook);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the same lines as ansible-playbook 2.14, byte for byte', async function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    const env = { ANSIBLE_SHOW_CUSTOM_STATS: 'true' };
    const ansible = ansiblePlaybook(['-i', 'hosts', 'stats.yml'], dir, env);
    const r = await runCli(['run', 'stats.yml', '-i', 'hosts'], { cwd: dir, env: { NO_COLOR: '1', ...env } });
    assert.equal(r.code, 0, r.stderr);
    const want = customBlock(ansible.stdout);
    assert.ok(want.length > 4, ansible.stdout);
    assert.deepEqual(customBlock(r.stdout), want);
  });

  it('nothing without show_custom_stats', async () => {
    const r = await runCli(['run', 'stats.yml', '-i', 'hosts'], { cwd: dir, env: { NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('CUSTOM STATS'), r.stdout);
  });

  it('json.dumps(indent=1) without its newlines; the run last, after a blank line', () => {
    assert.deepEqual(
      customStatsLines({ custom_stats: { h: { b: [1, 2], a: { x: 'é' } } }, global_custom_stats: { n: 1 } }),
      [
        '',
        '',
        `CUSTOM STATS: ${'*'.repeat(66)}`,
        '\th: { "a": {  "x": "é" }, "b": [  1,  2 ]}',
        '',
        '\tRUN: { "n": 1}',
        '',
      ],
    );
    assert.deepEqual(customStatsLines({ custom_stats: {}, global_custom_stats: {} }), []);
  });
});
