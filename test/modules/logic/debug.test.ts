import assert from 'node:assert/strict';
import { runYaml } from '../../executor/run-helper.js';

describe('modules/logic: debug var=', () => {
  it('shows an undefined variable as not defined, and fails on a filter or syntax error', async () => {
    const r = await runYaml(`
- hosts: h1
  gather_facts: false
  tasks:
    - {name: undef, debug: {var: nope.x}}
    - {name: filter, debug: {var: "'x' | urlsplit('bad')"}, ignore_errors: true}
    - {name: syntax, debug: {var: "hello world"}, ignore_errors: true}
`);
    assert.equal(r.result('undef', 'h1')?.result['nope.x'], 'VARIABLE IS NOT DEFINED!');
    const filter = r.result('filter', 'h1')?.result;
    assert.equal(filter?.failed, true);
    assert.equal(filter?.msg, 'urlsplit: unknown URL component: bad');
    const syntax = r.result('syntax', 'h1')?.result;
    assert.equal(syntax?.failed, true);
    assert.match(String(syntax?.msg), /hello world/);
  });
});

describe('modules/logic: debug var= of what is not defined, from -v on', () => {
  // what ansible-playbook 2.14 (Debian's package) shows at -v for each, with these vars
  const ANSIBLE_SAID: Record<string, string> = {
    nosuch: "'nosuch' is undefined",
    'nosuch.x': "'nosuch' is undefined",
    'mydict.c': "'dict object' has no attribute 'c'",
    "mydict['c']": "'dict object' has no attribute 'c'",
    'mydict.c.d': "'dict object' has no attribute 'c'",
    'mylist[0]': 'list object has no element 0',
    'n.x': "'None' has no attribute 'x'",
    "hostvars['nohost']": `"hostvars['nohost']" is undefined`,
    "groups['nogroup']": "'dict object' has no attribute 'nogroup'",
    "lookup('vars', 'nosuch')": 'No variable found with this name: nosuch',
  };
  const play = (vars: string[]) => `
- hosts: h1
  gather_facts: false
  vars: {mydict: {a: 1}, mylist: [], n: null}
  tasks:
${vars.map((v, i) => `    - {name: t${i}, debug: {var: ${JSON.stringify(v)}}}`).join('\n')}
`;

  it("adds Jinja2's message twice, as Ansible's AnsibleUndefinedVariable reads", async () => {
    const vars = Object.keys(ANSIBLE_SAID);
    const r = await runYaml(play(vars), { req: { verbosity: 1 } });
    vars.forEach((v, i) =>
      assert.equal(
        r.result(`t${i}`, 'h1')?.result[v],
        `VARIABLE IS NOT DEFINED!: ${ANSIBLE_SAID[v]}. ${ANSIBLE_SAID[v]}`,
        v,
      ),
    );
  });

  it('without -v, says only that', async () => {
    const r = await runYaml(play(['mydict.c']));
    assert.equal(r.result('t0', 'h1')?.result['mydict.c'], 'VARIABLE IS NOT DEFINED!');
  });
});
