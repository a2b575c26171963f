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

  it('gather_subset text is split at commas; gather_facts marks the host gathered, setup does not', async () => {
    const r = await runYaml(`
- hosts: h1
  gather_facts: false
  tasks:
    - setup: {gather_subset: "!all,network"}
      register: s
    - debug: msg="{{ s.ansible_facts.gather_subset }} {{ gather_subset }} {{ ansible_facts.default_ipv4 is defined }}"
    - debug: msg="{{ ansible_facts._ansible_facts_gathered | default('unmarked') }}"
    - gather_facts: {gather_subset: min}
      register: g
    - debug: msg="{{ ansible_facts._ansible_facts_gathered }} {{ g.ansible_facts._ansible_facts_gathered is defined }}"
`);
    assert.deepEqual(r.msgs, [
      `h1: ['!all', 'network'] ['!all', 'network'] True`,
      'h1: unmarked',
      'h1: True False',
    ]);
  });
});
