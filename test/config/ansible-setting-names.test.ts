import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { ANSIBLE_SETTING_NAMES } from '../../src/config/ansible-setting-names.js';

/** The setting names of the installed ansible-core (its config/base.yml). */
function installed(): string[] {
  const out = execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      'import os, yaml, ansible.config as c; print("\\n".join(yaml.safe_load(open(os.path.join(os.path.dirname(c.__file__), "base.yml")))))',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return out.split('\n').filter(Boolean).sort();
}

describe('Ansible setting names (ansible-setting-names.ts)', function () {
  this.timeout(60_000);
  it("equal the installed ansible-core's settings", () => {
    assert.deepEqual([...ANSIBLE_SETTING_NAMES].sort(), installed());
  });
});
