import { strict as assert } from 'node:assert';
import { parseYaml } from '../../src/yaml/load.js';

// What PyYAML 6.0.3 (Debian's python3-yaml, which ansible-playbook 2.14 reads YAML with) gives for
// each text: yaml.safe_load. A block scalar that ends the text with no line break after it has
// no final newline; one that ends with a line break, or in empty lines, keeps it.
const PYYAML_SAID: [string, unknown][] = [
  ['k: >\n  abc', { k: 'abc' }],
  ['k: |\n  abc', { k: 'abc' }],
  ['k: |+\n  abc', { k: 'abc' }],
  ['k: |-\n  abc', { k: 'abc' }],
  ['k: |\n  a\n  b', { k: 'a\nb' }],
  ['k: >\n  a\n\n  b', { k: 'a\nb' }],
  ['k: |\r\n  abc', { k: 'abc' }],
  ['l:\n  - |\n    x\n  - >\n    y', { l: ['x\n', 'y'] }],
  ['k: |\n  abc\n', { k: 'abc\n' }],
  ['k: |+\n  abc\n\n', { k: 'abc\n\n' }],
  ['k: |\n  abc\n  ', { k: 'abc\n' }],
  ['k: |\n  abc\n# c', { k: 'abc\n' }],
  ['a: |\n  x\nb: 1', { a: 'x\n', b: 1 }],
];

describe('yaml: a block scalar at the end of the text', () => {
  it('has a final newline only where PyYAML gives one', () => {
    for (const [text, want] of PYYAML_SAID)
      assert.deepEqual(parseYaml(text, 'x.yml'), want, JSON.stringify(text));
  });
});
