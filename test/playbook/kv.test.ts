import { strict as assert } from 'node:assert';
import { parseKv, splitArgs } from '../../src/playbook/kv.js';

describe('playbook key=value parsing', () => {
  it('splits on spaces but not inside quotes or Jinja2', () => {
    assert.deepEqual(splitArgs(`a=1 b="x y" c='{{ d | default("e f") }}' {{ g h }}`), [
      'a=1',
      'b="x y"',
      `c='{{ d | default("e f") }}'`,
      '{{ g h }}',
    ]);
  });

  it('unquotes values and keeps words that are not key=value', () => {
    assert.deepEqual(parseKv('src=a dest="/b c" now'), { args: { src: 'a', dest: '/b c' }, rest: ['now'] });
  });

  it('takes only the given keys for free-form modules', () => {
    assert.deepEqual(parseKv('chdir=/tmp echo a=b', new Set(['chdir'])), {
      args: { chdir: '/tmp' },
      rest: ['echo', 'a=b'],
    });
  });

  it('takes a templated key (set_fact templates its keys)', () => {
    assert.deepEqual(parseKv('{{ item }}=moo plain=1 a-b=2'), {
      args: { '{{ item }}': 'moo', plain: '1' },
      rest: ['a-b=2'],
    });
  });

  it("decodes Python escapes in key=value tokens as Ansible's parse_kv does", () => {
    assert.deepEqual(parseKv(String.raw`a='\b(.+)\b' b='\\b' c=\x41\u00e9 d=\S`), {
      args: { a: '\b(.+)\b', b: '\\b', c: 'A\u00e9', d: '\\S' },
      rest: [],
    });
    // the value is stripped after decoding, so a bare escaped space is nothing (quote it)
    assert.deepEqual(parseKv(String.raw`chdir=\t echo \t`, new Set(['chdir'])), {
      args: { chdir: '' },
      rest: ['echo', '\\t'],
    });
    assert.deepEqual(parseKv(String.raw`a="\t" b=\n c=x\t`).args, { a: '\t', b: '', c: 'x' });
  });

  it('rejects an unbalanced quote', () => {
    assert.throws(() => splitArgs('a="b'), /unbalanced quote/);
  });
});
