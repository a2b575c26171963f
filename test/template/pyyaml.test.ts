import assert from 'node:assert/strict';
import { pyYamlDump } from '../../src/template/filters/pyyaml.js';

/** Expected texts recorded from PyYAML 6 (Debian 12), as Ansible's to_yaml / to_nice_yaml call it. */
describe('template to_yaml / to_nice_yaml print like PyYAML', () => {
  const doc = {
    b: [1, { y: 2, x: 'yes' }],
    a: { e: [1, [2, 3]], s: 'multi\nline', n: null, t: true, q: 'a: b', empty: [], ed: {} },
    c: '1.0',
    f: 1.5,
  };

  it('to_nice_yaml: block style, indent 4, sorted keys, sequences not indented under keys', () => {
    assert.equal(
      pyYamlDump(doc, 4, false),
      "a:\n    e:\n    - 1\n    -   - 2\n        - 3\n    ed: {}\n    empty: []\n    n: null\n    q: 'a: b'\n    s: 'multi\n\n        line'\n    t: true\nb:\n- 1\n-   x: 'yes'\n    y: 2\nc: '1.0'\nf: 1.5\n",
    );
  });

  it('to_yaml: collections of scalars inline (default_flow_style=None)', () => {
    assert.equal(
      pyYamlDump(doc, 2, true),
      "a:\n  e:\n  - 1\n  - [2, 3]\n  ed: {}\n  empty: []\n  n: null\n  q: 'a: b'\n  s: 'multi\n\n    line'\n  t: true\nb:\n- 1\n- {x: 'yes', y: 2}\nc: '1.0'\nf: 1.5\n",
    );
  });

  it('quotes what YAML 1.1 would read as something else', () => {
    assert.equal(
      pyYamlDump(
        ['a', "it's", '-x', '- y', '#c', '10.0.0.1', '2024-01-01', 'on', '/etc/x', 'a,b', 'x: y'],
        4,
        false,
      ),
      "- a\n- it's\n- -x\n- '- y'\n- '#c'\n- 10.0.0.1\n- '2024-01-01'\n- 'on'\n- /etc/x\n- a,b\n- 'x: y'\n",
    );
    assert.equal(pyYamlDump('abc', 2, true), 'abc\n...\n');
  });

  it('quotes text that PyYAML reads as a number: a float needs a point, so 1e3 stays plain', () => {
    assert.equal(
      pyYamlDump(
        ['1e+16', '1.0e+3', '1e3', '.5', '-.5', '1_0.5', '12', '+1', '1:20', '1.', '1.5e3'],
        2,
        true,
      ),
      "[1e+16, '1.0e+3', 1e3, '.5', -.5, '1_0.5', '12', '+1', '1:20', '1.', 1.5e3]\n",
    );
  });
});
