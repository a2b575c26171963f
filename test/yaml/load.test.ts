import { strict as assert } from 'node:assert';
import { parseYaml, posOf } from '../../src/yaml/load.js';
import { InputError } from '../../src/errors.js';

describe('yaml loader', () => {
  it('reads YAML 1.1 booleans and octals as Ansible does', () => {
    const v = parseYaml('a: yes\nb: off\nc: 0644\n', 'x.yml') as Record<string, unknown>;
    assert.deepEqual(v, { a: true, b: false, c: 420 });
  });

  it('remembers where entries stand', () => {
    const v = parseYaml('- hosts: all\n  tasks:\n    - name: x\n      copy: {dest: /a}\n', 'p.yml') as any[];
    assert.deepEqual(posOf(v[0], 'tasks'), { file: 'p.yml', line: 2, col: 3 });
    assert.deepEqual(posOf(v[0].tasks, 0), { file: 'p.yml', line: 3, col: 7 });
    assert.deepEqual(posOf(v[0].tasks[0], 'copy'), { file: 'p.yml', line: 4, col: 7 });
  });

  it('turns a tab in the indentation into an error with file:line:col and a hint', () => {
    assert.throws(
      () => parseYaml('a:\n\t- 1\n', 't.yml'),
      (e: unknown) =>
        e instanceof InputError &&
        /^t\.yml:2:1: YAML syntax error/.test(e.format()) &&
        /tabs/.test(e.format()),
    );
  });

  it('refuses duplicate keys', () => {
    assert.throws(() => parseYaml('a: 1\na: 2\n', 'd.yml'), /duplicated mapping key/);
  });
});

describe('yaml loader: booleans as PyYAML resolves them', () => {
  it('keeps y and n as text, as Ansible does', () => {
    const v = parseYaml('loop: [x, y, n, Y]\nt: True\nf: OFF\n', 'b.yml') as Record<string, unknown>;
    assert.deepEqual(v, { loop: ['x', 'y', 'n', 'Y'], t: true, f: false });
  });
});
