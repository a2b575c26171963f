import assert from 'node:assert/strict';
import { parseYaml } from '../../src/yaml/load.js';

describe('YAML: indentation inside flow collections is free, as in PyYAML', () => {
  it('a JSON-like mapping may close and continue left of its key', () => {
    const text = 'top:\n  a: {\n  "b": [1,\n2], c: "x\ny"\n}\n  d: 1\n';
    assert.deepEqual(parseYaml(text, 'f.yml'), { top: { a: { b: [1, 2], c: 'x y' }, d: 1 } });
  });

  it('block scalars and quoted text holding braces are left alone', () => {
    const text = "a: |\n  {\n  not flow\nb: ['{', \"[\"]\nc: {x: it's}\n";
    assert.deepEqual(parseYaml(text, 'f.yml'), { a: '{\nnot flow\n', b: ['{', '['], c: { x: "it's" } });
  });

  it('bad indentation outside flow collections is still an error naming the place', () => {
    assert.throws(
      () => parseYaml('a:\n  b: 1\n c: 2\n', 'f.yml'),
      (e: Error & { pos?: { line: number } }) => e.pos?.line === 3,
    );
  });
});
