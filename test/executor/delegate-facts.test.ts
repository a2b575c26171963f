import { strict as assert } from 'node:assert';
import { openFactCache } from '../../src/executor/fact-cache.js';
import { runYaml } from './run-helper.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

const inventory = '[all]\nh1\nh2\nh3\n[all:vars]\nansible_connection=local\n';

/** `v:hosts` for each name: the hosts whose hostvars hold it. */
const where = (names: string[]): string =>
  `{% for v in [${names.map((n) => `'${n}'`).join(', ')}] %}{{ v }}:{% for h in ['h1', 'h2', 'h3', 'localhost'] %}{{ h if v in hostvars[h] else '' }}{% endfor %} {% endfor %}`;

describe('delegate_facts', () => {
  it('sends set_fact and include_vars to the delegated host; register and facts without it stay', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - set_fact: {a: 1}
      delegate_to: h2
      delegate_facts: true
      register: reg
    - set_fact: {b: 1}
      delegate_facts: true
    - set_fact: {c: 1}
      delegate_to: h2
    - include_vars: {file: "@DIR@/v.yml"}
      delegate_to: h3
      delegate_facts: true
    - set_fact: {d: 1}
      delegate_to: localhost
      delegate_facts: true
    - debug: {msg: "${where(['a', 'reg', 'b', 'c', 'from_file', 'd'])}"}
`,
      { inventory, files: { 'v.yml': 'from_file: 1\n' } },
    );
    assert.deepEqual(r.msgs, ['h1: a:h2 reg:h1 b:h1 c:h1 from_file:h3 d:localhost ']);
  });

  it('gives each loop item its own delegated host; later items see earlier facts', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - set_fact: {y: "{{ (y | default('')) ~ item }}"}
      delegate_to: "{{ item }}"
      delegate_facts: true
      loop: [h2, h3]
    - debug: {msg: "{{ hostvars.h2.y }} {{ hostvars.h3.y }} {{ y | default('none') }}"}
`,
      { inventory },
    );
    assert.deepEqual(r.msgs, ['h1: h2 h2h3 none']);
  });

  it('reads delegate_facts templated, but a looped task as written (text is true), as Ansible does', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  vars: {dfoff: false}
  tasks:
    - set_fact: {single: 1}
      delegate_to: h2
      delegate_facts: "{{ dfoff }}"
    - set_fact: {looped: 1}
      delegate_to: "{{ item }}"
      delegate_facts: "{{ dfoff }}"
      loop: [h2]
    - debug: {msg: "${where(['single', 'looped'])}"}
`,
      { inventory },
    );
    assert.deepEqual(r.msgs, ['h1: single:h1 looped:h2 ']);
  });

  it('with run_once, only the delegated host gets the facts', async () => {
    const r = await runYaml(
      `- hosts: h1,h2
  gather_facts: false
  tasks:
    - set_fact: {once: 1}
      run_once: true
      delegate_to: h3
      delegate_facts: true
    - debug: {msg: "${where(['once'])}"}
      run_once: true
`,
      { inventory },
    );
    assert.deepEqual(r.msgs, ['h1: once:h3 ']);
  });

  it('a looped task that failed keeps no item facts, delegated or not', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - set_fact: {f1: "{{ item }}"}
      delegate_to: h2
      delegate_facts: true
      loop: [1, 2]
      failed_when: item == 2
      ignore_errors: true
    - set_fact: {f2: "{{ item }}"}
      loop: [1, 2]
      failed_when: item == 2
      ignore_errors: true
    - debug: {msg: "${where(['f1', 'f2'])}"}
`,
      { inventory },
    );
    assert.deepEqual(r.msgs, ['h1: f1: f2: ']);
  });

  it('caches a cacheable fact under the delegated host', async () => {
    const dir = tempDirUntilExit('fabplay-df');
    const cache = openFactCache({ plugin: 'jsonfile', connection: dir, prefix: '', timeout: 0 })!;
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - set_fact: {kept: 1, cacheable: true}
      delegate_to: h2
      delegate_facts: true
`,
      { inventory, req: { factCache: cache } },
    );
    assert.equal(r.code, 0);
    assert.deepEqual(cache.get('h2'), { kept: 1 });
    assert.equal(cache.get('h1'), undefined);
  });
});

describe('hostvars and localhost', () => {
  it('finds the inventory localhost by its other names, and lists it as localhost, as Ansible', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - debug: {msg: "{{ hostvars.keys() | list }} {{ hostvars.localhost.inventory_hostname }} {{ '::1' in hostvars }}"}
`,
      { inventory: '[all]\nh1\n127.0.0.1\n[all:vars]\nansible_connection=local\n' },
    );
    assert.deepEqual(r.msgs, [`h1: ['h1', '127.0.0.1', 'localhost'] 127.0.0.1 True`]);
  });

  it('has the implicit localhost when the inventory has none, unlisted in groups', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - add_host: {name: added}
    - debug: {msg: "{{ hostvars.keys() | list }} {{ hostvars['127.0.0.1'].inventory_hostname }} {{ groups.ungrouped }}"}
`,
      { inventory: '[all]\nh1\n[all:vars]\nansible_connection=local\n' },
    );
    assert.deepEqual(r.msgs, [`h1: ['h1', 'added', 'localhost'] localhost ['h1', 'added']`]);
  });
});
