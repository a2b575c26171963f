import assert from 'node:assert/strict';
import { getent, getentRecords } from '../../../src/modules/system/getent.js';
import { makeContext } from '../../helpers/module-context.js';

/** Shapes as ansible-playbook 2.14's getent gave them for the same output (Debian 12). */
describe('modules/system: getent', () => {
  it('fields by first field; a repeated key keeps every line (pure)', () => {
    assert.deepEqual(getentRecords('root:x:0:0:root:/root:/bin/bash\n', ':'), {
      root: ['x', '0', '0', 'root', '/root', '/bin/bash'],
    });
    // whitespace runs without split; three lines for one address: a list of lists
    assert.deepEqual(
      getentRecords('127.0.0.1  localhost\n127.0.0.1 runsc\n127.0.0.1\tvm a\n::1 x\n', undefined),
      {
        '127.0.0.1': [['localhost'], ['runsc'], ['vm', 'a']],
        '::1': ['x'],
      },
    );
    // an exact separator keeps empty fields; Python's line breaks
    assert.deepEqual(getentRecords('root:x:0:\r\nbin:x:1:\x0bdaemon:x:2:', 'x'), {
      'root:': [':0:'],
      'bin:': [':1:'],
      'daemon:': [':2:'],
    });
    assert.deepEqual(getentRecords('', ':'), {});
    assert.throws(() => getentRecords('a b\n\nc d\n', undefined), /empty line/);
  });

  it('runs getent on the host, check mode too: facts, fail_key, failures in Ansible words', async () => {
    const ctx = () => makeContext({ check: true });
    assert.deepEqual(await getent.run(ctx(), { database: 'passwd', key: 'root' }), {
      changed: false,
      ansible_facts: { getent_passwd: { root: ['x', '0', '0', 'root', '/root', '/bin/bash'] } },
    });
    assert.deepEqual(
      await getent.run(ctx(), { database: 'group', key: 'root', split: 'x', service: 'files' }),
      {
        changed: false,
        ansible_facts: { getent_group: { 'root:': [':0:'] } },
      },
    );
    const missing = 'One or more supplied key could not be found in the database.';
    assert.deepEqual(await getent.run(ctx(), { database: 'passwd', key: 'no-such-user', fail_key: 'no' }), {
      changed: false,
      ansible_facts: { getent_passwd: { 'no-such-user': null } },
      msg: missing,
    });
    const failed = async (a: Record<string, unknown>) => {
      const r = await getent.run(ctx(), a);
      assert.equal(r.failed, true);
      return r.msg;
    };
    assert.equal(await failed({ database: 'passwd', key: 'no-such-user' }), missing);
    assert.equal(await failed({ database: 'no-such-db' }), 'Missing arguments, or database unknown.');
    assert.match(String(await failed({ database: 'passwd', split: '' })), /split must be one or more/);
  });
});
