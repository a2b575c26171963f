import { strict as assert } from 'node:assert';
import { runYaml } from './run-helper.js';
import { missingConnection } from '../../src/connection/missing.js';

const play = `
- hosts: all
  gather_facts: false
  tasks:
    - debug: { msg: one }
    - debug: { msg: two }
`;
// h1 is local by its inventory; h2 names no connection, so -c (or [defaults] transport) is its own
const inventory = 'h1 ansible_connection=local\nh2\n';

describe('a connection plugin fabplay lacks', () => {
  it('-c naming one fails only the hosts that use it, at their first task (debug too)', async () => {
    const o = await runYaml(play, { inventory, req: { connection: 'foo' } });
    assert.deepEqual(
      o.msgs.filter((m) => m.startsWith('h1')),
      ['h1: one', 'h1: two'],
    );
    const failed = o.results.filter((r) => r.host === 'h2');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.status, 'failed');
    assert.deepEqual(failed[0]!.result, { failed: true, msg: "the connection plugin 'foo' was not found" });
    assert.equal(o.recap.h1!.ok, 2);
    assert.equal(o.recap.h2!.failed, 1);
    assert.equal(o.code, 2);
  });

  it('-c naming one a host never uses stops nothing', async () => {
    const o = await runYaml(play, { inventory: 'h1 ansible_connection=local\n', req: { connection: 'foo' } });
    assert.deepEqual(o.msgs, ['h1: one', 'h1: two']);
    assert.equal(o.code, 0);
  });

  it("words one Ansible has but fabplay lacks as fabplay's, one nobody has as Ansible's", () => {
    assert.equal(missingConnection('ssh'), undefined);
    assert.equal(missingConnection('ansible.builtin.paramiko_ssh'), undefined);
    assert.equal(missingConnection('foo'), "the connection plugin 'foo' was not found");
    for (const name of ['winrm', 'docker', 'community.docker.docker'])
      assert.match(
        missingConnection(name)!,
        new RegExp(`'${name}' is not one fabplay has: it connects with ssh`),
      );
  });
});
