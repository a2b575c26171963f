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

  it('names a duplicate key in JSON as such, not as a quote left open', () => {
    assert.throws(
      () => parseYaml('{"a": 1, "a": 2}\n', 'd.json'),
      (e: unknown) =>
        e instanceof InputError &&
        /duplicated mapping key/.test(e.format()) &&
        !/never closed/.test(e.format()),
    );
  });

  // dataloader target of ansible-core 2.14: the error of a broken JSON vars file says `JSON:`
  it('gives the JSON reason too for a text that starts as JSON and is neither', () => {
    assert.throws(
      () => parseYaml('{ }}\n', 'invalid.json'),
      (e: unknown) =>
        e instanceof InputError &&
        // V8's own words for the JSON mistake vary between Node versions
        /^invalid\.json:1:4: not JSON nor YAML\. JSON: [^;]*position 3 \(line 1 column 4\); YAML syntax error:/.test(
          e.format(),
        ) &&
        /brackets, commas and quotes/.test(e.format()),
    );
    // plain YAML keeps the YAML words only
    assert.throws(
      () => parseYaml('a: b: c\n', 'p.yml'),
      (e: unknown) => e instanceof InputError && !/JSON/.test(e.format()),
    );
  });

  it('points a mapping used as a key at its value (an unquoted template), with the hint to quote it', () => {
    const posOfError = (text: string): string => {
      try {
        parseYaml(text, 'k.yml');
      } catch (e) {
        assert.ok(e instanceof InputError);
        return `${e.pos?.line}:${e.pos?.col} ${e.message} | ${e.hint}`;
      }
      return 'no error';
    };
    assert.match(
      posOfError('- debug: msg=x\n\n  when: {{ x }}\n'),
      /^3:9 YAML syntax error: an unquoted template .* \| quote a value that starts with a template/,
    );
    assert.match(posOfError('items:\n  - a\n  - {{ foo }}\n'), /^3:5 .*unquoted template/);
    assert.match(
      posOfError('a: 1\n? [x]\n: 2\n'),
      /^2:3 YAML syntax error: a mapping or list used as a mapping key/,
    );
  });
});

describe('yaml loader: booleans as PyYAML resolves them', () => {
  it('keeps y and n as text, as Ansible does', () => {
    const v = parseYaml('loop: [x, y, n, Y]\nt: True\nf: OFF\n', 'b.yml') as Record<string, unknown>;
    assert.deepEqual(v, { loop: ['x', 'y', 'n', 'Y'], t: true, f: false });
  });
});
