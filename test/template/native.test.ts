import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';
import { nativeValue, normalizeTags, setJinja2Native, singleExpression } from '../../src/template/native.js';
import { cases } from './helpers.js';
import { compileTemplate } from '../../src/template/compiler.js';

describe('template native types', () => {
  cases([
    ['{{ 3 }}', 3],
    ['{{ [1, 2] }}', [1, 2]],
    ['{{ d }}', { a: [1] }, { d: { a: [1] } }],
    ['{{ flag }}', false, { flag: false }],
    // Ansible's finalize prints None as nothing; its `{{ name }}` shortcut gives a variable's None itself
    ['{{ none }}', ''],
    ['{{ x if false else none }}', ''],
    ['{{ x }}', null, { x: null }],
    ['{{ x }} ', ' ', { x: null }],
    ['{{ n }}', '3', { n: '3' }],
    ['a{{ 1 }}', 'a1'],
    ['{{ 1 }}{{ 2 }}', '12'],
    [' {{ 3 }}', ' 3'],
    ['{{- 3 -}}', 3],
    ['{{ {"a": {"b": 1}} }}', { a: { b: 1 } }],
    ['{{ "}}" }}', '}}'],
    [
      '{{ l }} and {{ d }} and {{ t }} and {{ n }}',
      "[1, 'x'] and {'k': None} and True and ",
      { l: [1, 'x'], d: { k: null }, t: true, n: null },
    ],
  ]);

  it('deep-templates lists and dicts, keys too: a bare number variable stays a number, a computed one is text', () => {
    // ansible-playbook 2.14 on the same: {"a": [80, "x-80"], "n": "81"}
    const t = new Templar({ port: 80, name: 'web' });
    assert.deepEqual(
      t.template({ a: ['{{ port }}', 'x-{{ port }}'], '{{ name }}_key': { n: '{{ port + 1 }}' } }),
      {
        a: [80, 'x-80'],
        web_key: { n: '81' },
      },
    );
  });

  it('returns plain strings and template-free objects untouched (fast path)', () => {
    const obj = { a: [1, 'plain'], b: { c: 'text' } };
    const t = new Templar({});
    assert.equal(t.template(obj), obj);
    assert.equal(t.template('no templates here'), 'no templates here');
  });

  it('finds the single expression only when it spans the whole string', () => {
    assert.equal(singleExpression('{{ a }}'), ' a ');
    assert.equal(singleExpression('{{ a }} {{ b }}'), undefined);
    assert.equal(singleExpression('{{ a ~ "}}" }}'), ' a ~ "}}" ');
    assert.equal(singleExpression('x{{ a }}'), undefined);
  });

  it('balances nested dict braces the way Jinja2 lexes them', () => {
    assert.equal(normalizeTags('{{ {"a": {"b": 1}} }}'), '{{ {"a": {"b": 1} } }}');
    assert.equal(normalizeTags('x }} {{ "}}" }}'), 'x }} {{ "}}" }}');
    assert.equal(
      normalizeTags('{{ item.0.name ~ "a.1" ~ 1.5 ~ x1.2 }}'),
      '{{ item[0].name ~ "a.1" ~ 1.5 ~ x1[2] }}',
    );
    assert.equal(
      normalizeTags('{% raw %}{{ a.0 }}{% endraw %}{{ b.1 }}'),
      '{% raw %}{{ a.0 }}{% endraw %}{{ b[1] }}',
    );
  });

  it('compiles each distinct template once, whichever Templar renders it', () => {
    const known = { has: () => true } as unknown as Parameters<typeof compileTemplate>[2];
    const first = compileTemplate('v={{ x * 3 }}', {}, known);
    assert.equal(compileTemplate('v={{ x * 3 }}', {}, known), first);
    assert.notEqual(compileTemplate('v={{ x * 4 }}', {}, known), first);
    assert.equal(new Templar({ x: 2 }).template('v={{ x * 3 }}'), 'v=6');
    assert.equal(new Templar({ x: 5 }).template('v={{ x * 3 }}'), 'v=15');
  });

  describe('jinja2_native on (ANSIBLE_JINJA2_NATIVE)', () => {
    before(() => setJinja2Native(true));
    after(() => setJinja2Native(false));
    cases([
      ['{{ n }}', 12, { n: '12' }],
      ['{{ "1" + "2" }}', 12],
      ['{{ a }}{{ a }}', 33, { a: 3 }],
      ['{{ a }}.5', 3.5, { a: 3 }],
      ['x{{ a }}', 'x3', { a: 3 }],
      ['{{ s }}', true, { s: 'True' }],
      ['{{ s }}', [1, 2], { s: '[1, 2]' }],
      ['{{ s }}', 'no', { s: 'no' }],
      ['{{ s }}', 'true', { s: 'true' }],
      ['{{ "None" }}', null],
      [' {{ a }}', ' 3', { a: 3 }],
      ['{{ s }}', '"q"', { s: '"q"' }],
      ['{% set t = "" + s + "" %}{{ t }}', 'no', { s: 'no' }],
      ['plain text', 'plain text'],
    ]);
  });

  it('nativeValue: Python literals become values, other text stays', () => {
    assert.equal(nativeValue('12\n'), 12);
    assert.equal(nativeValue('0x10'), 16);
    assert.deepEqual(nativeValue("{'a': [1, None]}"), { a: [1, null] });
    assert.equal(nativeValue("'x'"), "'x'");
    assert.equal(nativeValue('a b'), 'a b');
    assert.equal(nativeValue(' 1'), ' 1');
    assert.deepEqual(nativeValue([1]), [1]);
  });
});
