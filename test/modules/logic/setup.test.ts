import assert from 'node:assert/strict';
import { runYaml } from '../../executor/run-helper.js';

describe('modules/logic: setup', () => {
  it('names facts ansible_<name> in its result; the host has them in ansible_facts without the prefix', async () => {
    const r = await runYaml(`
- hosts: h1
  gather_facts: false
  tasks:
    - setup: {gather_subset: ['!all'], filter: ansible_system}
      register: s
    - debug: msg="{{ s.ansible_facts.keys() | list }} {{ ansible_facts.system == ansible_system }}"
`);
    assert.deepEqual(r.msgs, [`h1: ['ansible_system'] True`]);
  });
});
