import assert from 'node:assert/strict';
import { pyYamlDump } from '../../src/template/filters/pyyaml.js';

/**
 * Expected texts recorded from PyYAML 6 (Debian 12) with Ansible's dumper, a CSafeDumper (libyaml
 * writes the text), as Ansible's to_yaml / to_nice_yaml call it.
 */
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
  });

  it('ends a lone scalar with its line, without the `...` of pure-Python PyYAML', () => {
    assert.equal(pyYamlDump('abc', 2, true), 'abc\n');
    assert.equal(pyYamlDump(5, 4, false), '5\n');
    assert.equal(pyYamlDump(null, 2, true), 'null\n');
    assert.equal(pyYamlDump(true, 4, false), 'true\n');
    assert.equal(pyYamlDump('', 2, true), "''\n");
    assert.equal(pyYamlDump('...', 2, true), "'...'\n");
    assert.equal(pyYamlDump('---x', 2, true), "'---x'\n");
  });

  it('double quotes what libyaml does not print, with its escapes', () => {
    assert.equal(
      pyYamlDump(
        ['a\tb\nc', 'x\ry', '\u0001', '\x7f', '\u0085', '\ufeff', '\u{1F600}', 'a \nb', 'a\n b', 'q"\\\t'],
        2,
        false,
      ),
      '- "a\\tb\\nc"\n- "x\\ry"\n- "\\x01"\n- "\\x7F"\n- "\\N"\n- "\\uFEFF"\n- "\\U0001F600"\n- "a \\nb"\n- "a\\n b"\n- "q\\"\\\\\\t"\n',
    );
  });

  it('single quotes line breaks as libyaml folds them, indented two steps in a flow collection', () => {
    assert.equal(pyYamlDump('a\n\nb', 2, true), "'a\n\n\n  b'\n");
    assert.equal(pyYamlDump({ k: 'x\ny' }, 2, true), "{k: 'x\n\n    y'}\n");
    assert.equal(pyYamlDump({ a: { b: { k: 'x\ny' } } }, 4, true), "a:\n    b: {k: 'x\n\n            y'}\n");
    assert.equal(pyYamlDump(['?q', ':c', '-x'], 2, true), "['?q', ':c', -x]\n");
    assert.equal(pyYamlDump({ '?q': [1, {}], 'a,b': [1, {}] }, 2, true), '?q:\n- 1\n- {}\na,b:\n- 1\n- {}\n');
  });

  it('folds past 80 columns as libyaml does: flow items, plain and quoted text at a single space', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`);
    assert.equal(
      pyYamlDump({ key: words }, 2, true),
      'key: [word0, word1, word2, word3, word4, word5, word6, word7, word8, word9, word10,\n' +
        '  word11, word12, word13, word14, word15, word16, word17, word18, word19, word20,\n' +
        '  word21, word22, word23, word24, word25, word26, word27, word28, word29]\n',
    );
    const text = words.join(' ');
    assert.equal(
      pyYamlDump({ a: { b: text } }, 4, false),
      'a:\n    b: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n' +
        '        word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23\n' +
        '        word24 word25 word26 word27 word28 word29\n',
    );
    assert.equal(
      pyYamlDump(["'q' " + text, 'tab\t' + text], 2, false),
      "- '''q'' word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\n" +
        '  word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23\n' +
        "  word24 word25 word26 word27 word28 word29'\n" +
        '- "tab\\tword0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\n' +
        '  word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23\n' +
        '  word24 word25 word26 word27 word28 word29"\n',
    );
    // a key is never folded, its value is; text in a flow collection that holds ':' is quoted
    assert.equal(
      pyYamlDump({ ['k'.repeat(85)]: 'v w', x: ['a:b'] }, 2, true),
      `${'k'.repeat(85)}: v\n  w\nx: ['a:b']\n`,
    );
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
