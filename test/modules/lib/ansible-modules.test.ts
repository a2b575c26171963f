import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { ANSIBLE_BUILTIN_MODULES, isAnsibleModuleName } from '../../../src/modules/lib/ansible-modules.js';

/** The builtin module names equal those of the installed ansible-core (2.14), by ansible-doc. */
describe('Ansible module names (ansible-modules.ts)', function () {
  this.timeout(60_000);
  it('equal ansible-doc -l ansible.builtin', () => {
    const out = execFileSync('ansible-doc', ['-t', 'module', '-l', 'ansible.builtin', '-j'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const names = Object.keys(JSON.parse(out) as object)
      .map((k) => k.split('.').pop()!)
      .filter((n) => !n.startsWith('_'))
      .sort();
    assert.deepEqual([...ANSIBLE_BUILTIN_MODULES].sort(), names);
  });

  it("a builtin or a collection module may be Ansible's; a typo is not", () => {
    assert.equal(isAnsibleModuleName('git'), true);
    assert.equal(isAnsibleModuleName('ansible.builtin.git'), true);
    assert.equal(isAnsibleModuleName('community.general.nmcli'), true);
    assert.equal(isAnsibleModuleName('comand'), false);
    assert.equal(isAnsibleModuleName('ansible.builtin.comand'), false);
    assert.equal(isAnsibleModuleName('a.b'), false);
  });
});
