import { strict as assert } from 'node:assert';
import { checkArgumentSpec } from '../../src/playbook/index.js';
import type { ArgumentSpecOption, RoleInstance } from '../../src/playbook/types.js';
import { PyFloat } from '../../src/util/py-float.js';

function role(options: Record<string, ArgumentSpecOption>): RoleInstance {
  const pos = { file: 'meta/argument_specs.yml', line: 1, col: 1 };
  return {
    name: 'r',
    path: '/roles/r',
    params: {},
    defaults: {},
    vars: {},
    dependencies: [],
    tasks: [],
    handlers: [],
    kw: {},
    pos,
    argumentSpec: { options, pos },
  };
}

describe('role argument specs (Ansible types and conversions)', () => {
  it('accepts values Ansible converts: "8" as int, "yes" as bool, "a,b" as list, 3 as str', () => {
    const r = role({
      n: { type: 'int' },
      b: { type: 'bool' },
      l: { type: 'list', elements: 'str' },
      s: { type: 'str' },
      f: { type: 'float' },
      d: { type: 'dict' },
      p: { type: 'path' },
      x: { type: 'raw' },
    });
    assert.deepEqual(
      checkArgumentSpec(r, { n: '8', b: 'yes', l: 'a,b', s: 3, f: '1.5', d: 'a=1 b=2', p: '/x', x: [1] }),
      [],
    );
  });

  it('takes a whole float (1.0) as a float, str or list and refuses it as an int, as Ansible 2.14 does', () => {
    const r = role({ f: { type: 'float' }, s: { type: 'str' }, l: { type: 'list' }, n: { type: 'int' } });
    const f = new PyFloat(3);
    assert.deepEqual(checkArgumentSpec(r, { f, s: f, l: f }), []);
    assert.equal(checkArgumentSpec(r, { n: f }).length, 1);
  });

  it('reports wrong types, missing required options and bad choices', () => {
    const r = role({
      port: { type: 'int', required: true },
      mode: { type: 'str', choices: ['a', 'b'] },
      on: { type: 'bool' },
      items: { type: 'list', elements: 'int' },
      conf: { type: 'dict' },
    });
    const msgs = checkArgumentSpec(r, { mode: 'c', on: 'maybe', items: [1, 'x'], conf: [1] });
    assert.deepEqual(msgs, [
      "role 'r': missing required argument: port",
      "role 'r': argument 'mode' is \"c\"; it must be one of: a, b",
      "role 'r': argument 'on': expected a boolean, got string \"maybe\"",
      "role 'r': argument 'items[1]': expected an integer, got string \"x\"",
      "role 'r': argument 'conf': expected a mapping, got a list",
    ]);
  });

  it('checks nested options of a list of dicts', () => {
    const r = role({
      subnets: {
        type: 'list',
        elements: 'dict',
        options: { net: { type: 'str', required: true }, size: { type: 'int' } },
      },
    });
    assert.deepEqual(
      checkArgumentSpec(r, {
        subnets: [
          { net: 'a', size: 1 },
          { size: 'big', extra: 1 },
        ],
      }),
      [
        "role 'r': missing required argument: subnets[1].net",
        "role 'r': argument 'subnets[1].size': expected an integer, got string \"big\"",
        "role 'r': argument 'subnets[1].extra' is not a known option",
      ],
    );
  });

  it('says nothing for a role without a spec', () => {
    const r = role({});
    delete r.argumentSpec;
    assert.deepEqual(checkArgumentSpec(r, { anything: 1 }), []);
  });
});
