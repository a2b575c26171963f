import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// ansible-playbook 2.14 and fabplay run the same playbook in the same directory: the output and
// the warnings must be the same. Each distinct warning the run gives shows once, however many
// hosts give it (Ansible's display keeps the ones it showed): a local connection has no reset
// (Ansible's base class warns), a meta that takes no `when` warns that it does not, and a notify
// naming no handler warns when error_on_missing_handler is off.
const env = { ANSIBLE_NOCOLOR: '1', NO_COLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False' };

/**
 * A play of these task lines on h1 and h2 (local connections), run by fabplay and by
 * ansible-playbook (`args` after the playbook and inventory): both exit 0 with the same stdout and
 * stderr. Gives the stderr.
 */
async function sameRun(name: string, tasks: string[], args: string[] = [], extraEnv = {}): Promise<string> {
  const dir = tempDirUntilExit(name);
  const play = ['- hosts: h1,h2', '  gather_facts: false', '  tasks:', ...tasks, ''];
  writeFileSync(join(dir, 'site.yml'), play.join('\n'));
  writeFileSync(join(dir, 'hosts.ini'), 'h1 ansible_connection=local\nh2 ansible_connection=local\n');
  const all = ['site.yml', '-i', 'hosts.ini', ...args];
  const ours = await runCli(['run', ...all], { cwd: dir, env: { ...env, ...extraEnv } });
  const theirs = ansiblePlaybook(all, dir, { ...env, ...extraEnv });
  assert.equal(ours.code, 0, ours.stdout + ours.stderr);
  assert.equal(theirs.status, 0, theirs.stdout + theirs.stderr);
  assert.equal(ours.stdout, theirs.stdout);
  assert.equal(ours.stderr, theirs.stderr);
  return ours.stderr;
}

describe('cli: the warnings of meta: reset_connection on local connections, as ansible-playbook 2.14 gives them', () => {
  it('the same standard output and warnings, each warning once', async function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    const stderr = await sameRun('fabplay-meta-warn', [
      '    - meta: reset_connection',
      '    - meta: reset_connection',
      '      when: false',
      '    - meta: noop',
      '      when: false',
    ]);
    assert.deepEqual(stderr.match(/\[WARNING\]: .*/g), [
      '[WARNING]: Reset is not implemented for this connection',
      '[WARNING]: reset_connection task does not support when conditional',
      '[WARNING]: noop task does not support when conditional',
    ]);
  });
});

describe('cli: the warning of a notify naming no handler (error_on_missing_handler off), as ansible-playbook 2.14 gives it', () => {
  it('the same standard output and warning, once for both hosts', async function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    // one fork: the two hosts' lines in one order under both
    const stderr = await sameRun(
      'fabplay-handler-warn',
      ['    - command: "true"', '      notify: nosuch'],
      ['-f', '1'],
      { ANSIBLE_ERROR_ON_MISSING_HANDLER: 'False' },
    );
    // wrapped at 79 columns, as Ansible's display wraps a warning, and given once
    assert.equal(
      stderr,
      "[WARNING]: The requested handler 'nosuch' was not found in either the main\n" +
        'handlers list nor in the listening handlers list\n',
    );
  });
});
