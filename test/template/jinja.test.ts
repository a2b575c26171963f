import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { OMIT, Templar } from '../../src/template/index.js';
import { cases } from './helpers.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('template Jinja2 semantics on nunjucks', () => {
  describe('*args and **kwargs in calls', () => {
    cases([
      ['{{ q("list", *l) }}', ['a', 'b'], { l: ['a', 'b'] }],
      ['{{ lookup("list", wantlist=True, *l) }}', ['a', 'b'], { l: ['a', 'b'] }],
      ['{{ q("list", "c", *l,) }}', ['c', 'a', 'b'], { l: ['a', 'b'] }],
      ['{{ q("list", *d) }}', ['k'], { d: { k: 1 } }],
      ['{{ "{a}{sep}".format(a=1, **o) }}', '1-', { o: { sep: '-' } }],
      ['{{ [1, 2] | join(*["+"]) }}', '1+2'],
      ['{{ 2 * 3 }} {{ 2 ** 3 }}', '6 8'],
    ]);
    it("refuses what Jinja2's parser refuses: a positional argument after *x, anything after **x", () => {
      const t = new Templar({ l: [1], o: {}, n: 5 });
      for (const bad of ['{{ q("list", *l, 1) }}', '{{ q("list", a=1, 2) }}', '{{ q("list", **o, a=1) }}'])
        assert.throws(() => t.template(bad), /invalid syntax for function call expression/, bad);
      assert.throws(() => t.template('{{ q("list", *n) }}'), /'int' object is not iterable/);
    });
  });
  describe('dict literals: any expression as a key, a bare name is the variable', () => {
    cases([
      ['{{ {k: 1} }}', { kk: 1 }, { k: 'kk' }],
      ['{{ {item.key: item.value} }}', { x: 2 }, { item: { key: 'x', value: 2 } }],
      ["{{ {'a' ~ k: 1, (k): 2,} | to_json }}", '{"akk": 1, "kk": 2}', { k: 'kk' }],
      ['{{ {1: "a"}[1] }} {{ {1: "a"}[1.0] }} {{ 1 in {1: "a"} }} {{ "1" in {1: "a"} }}', 'a a True False'],
      ['{{ {2: "a", 2.5: "b", none: "c", true: "d"} }}.', "{2: 'a', 2.5: 'b', None: 'c', True: 'd'}."],
      ['{{ {10: "x"} | dict2items }}', [{ key: 10, value: 'x' }]],
      ['{% macro m(a=1) %}{{ a }}{% endmacro %}{{ m(a=2) }} {{ dict(k=3) }}', "2 {'k': 3}", { k: 'kk' }],
    ]);
    it('refuses an unhashable key and an undefined name as Python and Jinja2 do', () => {
      const t = new Templar({});
      assert.throws(() => t.template('{{ {[1]: 1} }}'), /unhashable type: 'list'/);
      assert.throws(() => t.template('{{ [1] in {} }}'), /unhashable type: 'list'/);
      assert.throws(() => t.template('{{ {nope: 1} }}'), /'nope' is undefined/);
    });
  });
  describe('Python methods', () => {
    cases([
      ['{{ d.items() | list }}', [['a', 1]], { d: { a: 1 } }],
      ['{{ d.keys() | list }}', ['a', 'b'], { d: { a: 1, b: 2 } }],
      ['{{ d.values() | list }}', [1, 2], { d: { a: 1, b: 2 } }],
      ['{{ d.get("x", "dflt") }}', 'dflt', { d: {} }],
      ['{{ d.get("a") }}', 1, { d: { a: 1 } }],
      ['{{ "a b  c".split() }}', ['a', 'b', 'c']],
      ['{{ "a:b:c".split(":", 1) }}', ['a', 'b:c']],
      ['{{ "ib0".startswith("ib") }}', true],
      ['{{ "x.conf".endswith((".cfg", ".conf")) }}', true],
      ['{{ "aXa".replace("a", "b") }}', 'bXb'],
      ['{{ "  hi \n".strip() }}', 'hi'],
      ['{{ "Hi".lower() ~ "Hi".upper() }}', 'hiHI'],
      ['{{ "{}:{}".format("h", 80) }}', 'h:80'],
      ['{{ "{0}-{name}".format(1, name="n") }}', '1-n'],
      ['{{ "{:>5}".format("x") }}', '    x'],
      ['{{ ",".join(["a", "b"]) }}', 'a,b'],
      ['{{ l.index(2) }}', 1, { l: [1, 2] }],
      ['{{ item.0.name }}-{{ item.1 }}', 'a-x', { item: [{ name: 'a' }, 'x'] }],
    ]);
  });

  describe('operators, literals and truthiness', () => {
    cases([
      ['{{ True and not False }}', true],
      ['{{ None is none }}', true],
      ['{{ [] or "empty" }}', 'empty'],
      ['{{ {} or "empty" }}', 'empty'],
      ['{{ "x" and 0 }}', 0],
      ['{{ [1] + [2] }}', [1, 2]],
      ['{{ "a" ~ 1 ~ true }}', 'a1True'],
      ['{{ 7 // 2 }}', 3],
      ['{{ -7 % 3 }}', 2],
      ['{{ 2 ** 10 }}', 1024],
      ['{{ "ab" * 2 }}', 'abab'],
      ['{{ "%s:%d" % ("h", 8) }}', 'h:8'],
      ['{{ [1, 2] == [1, 2] }}', true],
      ['{{ {"a": 1} == {"a": 1} }}', true],
      ['{{ "1" == 1 }}', false],
      ['{{ 1 < 2 < 3 }}', true],
      ['{{ "b" > "a" }}', true],
      ['{{ "yes" if [] else "no" }}', 'no'],
      ['{{ l[-1] }}', 3, { l: [1, 2, 3] }],
      ['{{ l[1:] }}', [2, 3], { l: [1, 2, 3] }],
      ['{{ "hello"[::-1] }}', 'olleh'],
      ['{{ range(3) | list }}', [0, 1, 2]],
      ['{{ range(1, 10, 4) | list }}', [1, 5, 9]],
      ['{{ dict(a=1) }}', { a: 1 }],
      ['{{ missing | default(omit) }}', OMIT],
    ]);

    it('refuses a string + a number like Python', () => {
      assert.throws(
        () => new Templar({}).template('{{ "a" + 1 }}'),
        /can only concatenate str \(not "int"\) to str/,
      );
    });
  });

  describe('statements', () => {
    cases([
      [
        '{% for x in l %}{{ loop.index }}:{{ x }}{% if not loop.last %},{% endif %}{% endfor %}',
        '1:a,2:b',
        { l: ['a', 'b'] },
      ],
      ['{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', 'a=1;b=2;', { d: { a: 1, b: 2 } }],
      ['{% for k in d | sort %}{{ k }}{% endfor %}', 'ab', { d: { b: 1, a: 2 } }],
      ['{% for x in [] %}x{% else %}none{% endfor %}', 'none'],
      ['{% for x in [1, 2, 3, 4] if x is even %}{{ loop.index }}:{{ x }} {% endfor %}', '1:2 2:4 '],
      ['{% for k, v in d.items() if v %}{{ k }}{% endfor %}', 'b', { d: { a: 0, b: 1 } }],
      ['{% set n = 2 %}{{ n * 3 }}', '6'],
      ['{% if l %}has{% elif x %}x{% else %}empty{% endif %}', 'empty', { l: [], x: '' }],
      ['{# comment #}text', 'text'],
      ['{% raw %}{{ kept }}{% endraw %}', '{{ kept }}'],
      ['{% macro m(a) %}<{{ a }}>{% endmacro %}{{ m(1) }}', '<1>'],
    ]);
  });

  describe('conditionals (isTrue / evaluate)', () => {
    const t = new Templar({ r: { rc: 0, stdout: 'ok\n' }, items: [], flag: false, name: 'ib0', v: '9.5' });
    it('judges expressions with Python truthiness', () => {
      assert.equal(t.isTrue('r.rc == 0'), true);
      assert.equal(t.isTrue('items'), false);
      assert.equal(t.isTrue('not flag'), true);
      assert.equal(t.isTrue("'ok' in r.stdout"), true);
      assert.equal(t.isTrue("name is match('ib')"), true);
      assert.equal(t.isTrue("v is version('9', '>=') and r.rc == 0"), true);
      assert.equal(t.isTrue(['r.rc == 0', 'flag']), false);
      assert.equal(t.isTrue(true), true);
      assert.equal(t.isTrue('{{ flag }}'), false);
      assert.equal(t.isTrue(undefined), true);
    });
    it('evaluate returns native values', () => {
      assert.deepEqual(t.evaluate('r.stdout.splitlines()'), ['ok']);
      assert.equal(t.evaluate('r.rc + 1'), 1);
    });
  });

  describe('template files (renderFile)', () => {
    it('keeps the trailing newline and trims the newline after a block tag (trim_blocks)', () => {
      const text = '# managed\n{% for s in subnets %}\nsubnet {{ s }} {\n}\n{% endfor %}\nend\n';
      const out = new Templar({ subnets: ['10.0.0.0', '10.0.1.0'] }).renderFile(text, 'dhcpd.conf.j2');
      assert.equal(out, '# managed\nsubnet 10.0.0.0 {\n}\nsubnet 10.0.1.0 {\n}\nend\n');
    });
    it('prints booleans as Python does, and None as nothing (Ansible finalize)', () => {
      assert.equal(
        new Templar({ a: true, b: null }).renderFile('{{ a }} [{{ b }}] {{ [b] }}\n', 'x.j2'),
        'True [] [None]\n',
      );
    });
  });

  describe('lookups', () => {
    it("lookup('env'), lookup('file') and query()", () => {
      const dir = tempDirUntilExit('fabplay-tpl');
      writeFileSync(path.join(dir, 'motd.txt'), 'hello {{ nope }}\n');
      process.env.FABPLAY_TEST_ENV = 'from-env';
      const t = new Templar({}, { searchPaths: [dir] });
      assert.equal(t.template("{{ lookup('env', 'FABPLAY_TEST_ENV') }}"), 'from-env');
      assert.equal(t.template("{{ lookup('file', 'motd.txt') }}"), 'hello {{ nope }}');
      assert.deepEqual(t.template("{{ query('items', [1, 2]) }}"), [1, 2]);
      assert.throws(
        () => t.template("{{ lookup('nosuch', 'x') }}"),
        /lookup plugin 'nosuch' is not supported/,
      );
    });
  });
});

describe('templating: Ansible 2.14 concat literals, keyword attribute names', () => {
  const render = (expr: string, vars: Record<string, unknown> = {}): unknown =>
    new Templar(vars).template(expr);

  it('a template of several parts that spells a literal is that literal (JSON names too)', () => {
    assert.deepEqual(render('{{ "" }}{"a": null, "b": true, "c": [1, 2]}'), { a: null, b: true, c: [1, 2] });
    assert.equal(render('{{ "" }}True'), true);
    assert.equal(render('{{ "" }}[abc]'), '[abc]');
    assert.equal(render('pre {{ 1 }}'), 'pre 1');
  });

  it('reads true, false, null and none after a dot as attribute names', () => {
    const foo = { true: 1, false: 2, null: 3, none: 4 };
    assert.equal(render('{{ foo.true }} {{ foo.false }} {{ foo.null }} {{ foo.none }}', { foo }), '1 2 3 4');
  });
});
