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
