import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// ansible-playbook 2.14 and fabplay run the same playbook in the same directory: the output and
// the warnings must be the same. A local connection has no reset (Ansible's base class warns),
// a meta that takes no `when` warns that it does not, and each distinct warning shows once per
// run, however many hosts give it (Ansible's display keeps the ones it showed).
describe('cli: the warnings of meta: reset_connection on local connections, as ansible-playbook 2.14 gives them', () => {
  const dir = tempDirUntilExit('fabplay-meta-warn');
  writeFileSync(
    join(dir, 'reset.yml'),
    [
      '- hosts: h1,h2',
      '  gather_facts: false',
      '  tasks:',
      '    - meta: reset_connection',
      '    - meta: reset_connection',
      '      when: false',
      '    - meta: noop',
      '      when: false',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'hosts.ini'), 'h1 ansible_connection=local\nh2 ansible_connection=local\n');
  const env = { ANSIBLE_NOCOLOR: '1', NO_COLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False' };

  it('the same standard output and warnings, each warning once', async function () {
    if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
    const args = ['reset.yml', '-i', 'hosts.ini'];
    const ours = await runCli(['run', ...args], { cwd: dir, env });
    const theirs = ansiblePlaybook(args, dir, env);
    assert.equal(ours.code, 0, ours.stdout + ours.stderr);
    assert.equal(theirs.status, 0, theirs.stdout + theirs.stderr);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(ours.stderr, theirs.stderr);
    assert.deepEqual(ours.stderr.match(/\[WARNING\]: .*/g), [
      '[WARNING]: Reset is not implemented for this connection',
      '[WARNING]: reset_connection task does not support when conditional',
      '[WARNING]: noop task does not support when conditional',
    ]);
  });
});
