import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';

const hosts = ['h1', 'h2', 'h3'].map((h) => `${h} ansible_connection=local\n`).join('');

/** A play on three hosts, one of which (h2) fails when `failing`, then a second play. */
const failingPlay = (keyword: string) =>
  [
    '- hosts: all',
    '  gather_facts: false',
    keyword,
    '  tasks:',
    '    - fail: { msg: boom }',
    "      when: inventory_hostname == 'h2'",
    '    - debug: { msg: never }',
    '- hosts: all',
    '  gather_facts: false',
    '  tasks:',
    '    - debug: { msg: next play }',
    '',
  ].join('\n');

const handlersPlay = (tasks: string[]) =>
  [
    '- hosts: all',
    '  gather_facts: false',
    '  handlers:',
    '    - name: h',
    '      debug: { msg: "handler {{ inventory_hostname }}" }',
    '  tasks:',
    '    - command: "echo {{ inventory_hostname }}"',
    '      notify: h',
    ...tasks,
    '    - debug: { msg: after }',
    '',
  ].join('\n');

/**
 * The banner lines (PLAY, TASK, RUNNING HANDLER, NO MORE HOSTS LEFT, PLAY RECAP), beside
 * ansible-playbook 2.14 on the same playbooks.
 */
const playbooks: Record<string, { text: string; noHostsLeft: number; handlerHeaders?: number }> = {
  // after any_errors_fatal failed every host; the run ends there
  'fatal.yml': { text: failingPlay('  any_errors_fatal: true'), noHostsLeft: 1 },
  // twice after max_fail_percentage (Ansible's linear strategy sends it for the percentage, then
  // as every host has failed)
  'percent.yml': { text: failingPlay('  max_fail_percentage: 30'), noHostsLeft: 2 },
  // not when the hosts simply failed
  'plain.yml': { text: failingPlay('  vars: {}'), noHostsLeft: 0 },
  // the hosts flush their handlers together: one RUNNING HANDLER, a TASK [meta] per host
  'flush.yml': { text: handlersPlay(['    - meta: flush_handlers']), noHostsLeft: 0, handlerHeaders: 1 },
  'flush-in-block.yml': {
    text: handlersPlay(['    - block:', '        - meta: flush_handlers', '        - debug: { msg: in }']),
    noHostsLeft: 0,
    handlerHeaders: 1,
  },
  'metas.yml': {
    text: [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - meta: noop',
      '    - meta: end_host',
      "      when: inventory_hostname == 'h2'",
      '    - meta: clear_facts',
      '    - debug: { msg: x }',
      '    - meta: end_play',
      '',
    ].join('\n'),
    noHostsLeft: 0,
  },
};

describe('banner lines, as ansible-playbook prints them', function () {
  this.timeout(240_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-banners-'));
    writeFileSync(join(dir, 'hosts'), hosts);
    for (const [file, p] of Object.entries(playbooks)) writeFileSync(join(dir, file), p.text);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const banners = (out: string) => out.split('\n').filter((l) => /^[A-Z][A-Z ]+[[*]/.test(l));

  for (const [file, want] of Object.entries(playbooks))
    it(`${file}: ${want.noHostsLeft} NO MORE HOSTS LEFT, the same banners in the same places`, async () => {
      const ansible = ansiblePlaybook(['-i', 'hosts', file], dir);
      const r = await runCli(['run', file, '-i', 'hosts'], { cwd: dir, env: { NO_COLOR: '1' } });
      assert.equal(
        r.code === 0,
        ansible.status === 0,
        `exit ${r.code}, ansible-playbook's ${ansible.status}`,
      );
      const got = banners(r.stdout);
      assert.deepEqual(got, banners(ansible.stdout));
      assert.equal(got.filter((l) => l.startsWith('NO MORE HOSTS LEFT')).length, want.noHostsLeft);
      if (want.handlerHeaders !== undefined)
        assert.equal(got.filter((l) => l.startsWith('RUNNING HANDLER')).length, want.handlerHeaders);
    });
});
