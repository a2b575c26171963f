import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

/**
 * Ansible's `NO MORE HOSTS LEFT` banner, beside ansible-playbook 2.14 on the same playbooks: after
 * any_errors_fatal failed every host, twice after max_fail_percentage was exceeded (its linear
 * strategy sends it for the percentage, then as every host has failed), and not when the hosts
 * simply all failed.
 */
describe('the NO MORE HOSTS LEFT banner, as ansible-playbook prints it', function () {
  this.timeout(180_000);
  let dir: string;
  const play = (keyword: string) =>
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
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-no-hosts-left-'));
    writeFileSync(
      join(dir, 'hosts'),
      ['h1', 'h2', 'h3'].map((h) => `${h} ansible_connection=local\n`).join(''),
    );
    writeFileSync(join(dir, 'fatal.yml'), play('  any_errors_fatal: true'));
    writeFileSync(join(dir, 'percent.yml'), play('  max_fail_percentage: 30'));
    writeFileSync(join(dir, 'plain.yml'), play('  vars: {}'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const banners = (out: string) => out.split('\n').filter((l) => /^[A-Z][A-Z ]+[[*]/.test(l));

  for (const [file, times] of [
    ['fatal.yml', 1],
    ['percent.yml', 2],
    ['plain.yml', 0],
  ] as const)
    it(`${file}: ${times} banner(s), in the same place`, async () => {
      let ansible: string;
      try {
        ansible = execFileSync('ansible-playbook', ['-i', 'hosts', file], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False' },
        });
      } catch (e) {
        ansible = (e as { stdout: string }).stdout;
      }
      const r = await runCli(['run', file, '-i', 'hosts'], { cwd: dir, env: { NO_COLOR: '1' } });
      assert.deepEqual(banners(r.stdout), banners(ansible));
      assert.equal(banners(r.stdout).filter((l) => l.startsWith('NO MORE HOSTS LEFT')).length, times);
    });
});
