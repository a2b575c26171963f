import assert from 'node:assert/strict';
import { Templar } from '../../../src/template/index.js';
import { TemplateRuntimeError } from '../../../src/template/errors.js';
import { cases } from '../helpers.js';

/** The message a filter fails with, as a task's `msg` shows it (Ansible's words). */
function failure(expr: string, vars: Record<string, unknown> = {}): string {
  try {
    new Templar(vars).template(expr);
  } catch (e) {
    assert.ok(e instanceof TemplateRuntimeError && e.byFilter, `${expr}: ${String(e)}`);
    return e.detail;
  }
  assert.fail(`${expr} did not fail`);
}

describe('template filters: encodings (b64encode, b64decode)', () => {
  cases([
    ["{{ 'é€' | b64encode }}", 'w6nigqw='],
    ["{{ 'é€' | b64encode(encoding='utf-16-le') }}", '6QCsIA=='],
    ["{{ 'é€' | b64encode('utf-16') }}", '//7pAKwg'],
    ["{{ 'é€' | b64encode(encoding='UTF_16_BE') }}", 'AOkgrA=='],
    ["{{ 'é' | b64encode(encoding='latin-1') }}", '6Q=='],
    ["{{ '6QCsIA==' | b64decode(encoding='utf-16-le') }}", 'é€'],
    ["{{ '//7pAKwg' | b64decode(encoding='utf-16') }}", 'é€'],
    ["{{ 'w6nigqw=' | b64decode }}", 'é€'],
  ]);
  it('refuses an unknown encoding and a character the codec lacks', () => {
    assert.equal(failure("{{ 'x' | b64encode(encoding='klingon') }}"), 'unknown encoding: klingon');
    assert.match(failure("{{ 'é' | b64encode(encoding='ascii') }}"), /'ascii' codec can't encode character/);
  });
});

describe('template filters: dicts (combine, subelements, items2dict) with Ansible errors', () => {
  cases([
    ['{{ None | combine }}', {}],
    ['{{ [{"a": 1}, None, {"b": 2}] | combine }}', { a: 1, b: 2 }],
    ['{{ {"a": [1]} | combine({"a": [2]}, list_merge="append") }}', { a: [1, 2] }],
    ['{{ [{"n": 1, "g": {"x": [1]}}] | subelements("g.x") }}', [[{ n: 1, g: { x: [1] } }, 1]]],
    ['{{ [{"n": 1}] | subelements("g", skip_missing=True) }}', []],
  ]);
  it('fails as Ansible does', () => {
    assert.equal(
      failure("{{ [1] | combine(foo='bar') }}"),
      "'recursive' and 'list_merge' are the only valid keyword arguments",
    );
    assert.match(
      failure('{{ [{}, [1]] | combine({}) }}'),
      /^failed to combine variables, expected dicts but got a 'list' and a 'dict': \n/,
    );
    assert.equal(failure('{{ True | subelements("x") }}'), 'obj must be a list of dicts or a nested dict');
    assert.equal(
      failure('{{ [{"n": "a"}] | subelements("n") }}'),
      "the key 'n' should point to a list, got 'a'",
    );
    assert.equal(
      failure('{{ [{"n": ["a"]}] | subelements(["n", "m"]) }}'),
      "the key m should point to a dictionary, got '['a']'",
    );
    assert.equal(
      failure('{{ [True] | items2dict }}'),
      'items2dict requires a list of dictionaries, got [True] instead.',
    );
    assert.equal(
      failure('{{ True | items2dict }}'),
      "items2dict requires a list, got <class 'bool'> instead.",
    );
    assert.equal(
      failure('{{ True | path_join }}'),
      "|path_join expects string or sequence, got <class 'bool'> instead.",
    );
  });
});

describe('template filters: bool, comment, regex_escape, to_uuid, undef as in Ansible 2.14', () => {
  cases([
    ['{{ None | bool is none }}', true],
    ['{{ "TrUe" | bool }}', true],
    ['{{ "y" | bool }}', false],
    ['{{ 7 | bool }}', false],
    ['{{ "boo!" | comment }}', '#\n# boo!\n#'],
    ['{{ "boo!" | comment(decoration="-- ") }}', '--\n-- boo!\n--'],
    ['{{ "a\n\nb" | comment("cblock") }}', '/*\n *\n * a\n *\n * b\n *\n */'],
    ['{{ "boo!" | comment(decoration="") }}', 'boo!\n'],
    ['{{ "x" | comment("xml", prefix_count=2) }}', '<!--\n -\n -\n - x\n -\n-->'],
    ['{{ "a.b/c-d e#&~" | regex_escape }}', 'a\\.b/c\\-d\\ e\\#\\&\\~'],
    ['{{ "]]^" | regex_escape(re_type="posix_basic") }}', '\\]\\]\\^'],
    ['{{ 2 | from_yaml_all }}', 2],
    ['{{ "monkeys" | to_uuid }}', '0d03a178-da0f-5b51-934e-cda9c76578c3'],
    ['{{ x | default("d") }}', 'over', { x: 'over' }],
  ]);
  it('fails as Ansible does', () => {
    assert.equal(
      failure('{{ "]]^" | regex_escape(re_type="posix_extended") }}'),
      'Regex type (posix_extended) not yet implemented',
    );
    assert.equal(failure('{{ "x" | regex_escape(re_type="haha") }}'), 'Invalid regex type (haha)');
    assert.match(failure('{{ "hey" | to_uuid(namespace=22) }}'), /^Invalid value '22' for 'namespace'/);
    assert.throws(() => new Templar({ f: '{{ undef("set f") }}' }).template('{{ f }}'), /set f/);
  });
});
