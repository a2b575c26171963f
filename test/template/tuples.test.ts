// Python tuples: the expected texts are what ansible-playbook 2.14 (Jinja2 3.1) prints for the same
// templates in a debug msg (test/fixtures/differential/166-169 compare whole playbooks).
import { strict as assert } from 'node:assert';
import { Templar } from '../../src/template/index.js';
import { isUnsafe, markUnsafe } from '../../src/template/unsafe.js';
import { tuplesAsLists } from '../../src/template/tuples-as-lists.js';
import { isTuple, pyTuple } from '../../src/util/py-tuple.js';
import { iniValue, literalEval } from '../../src/util/py-literal.js';
import { cases } from './helpers.js';

const vars = {
  d: { b: 2, a: 1 },
  nums: [1, 2, 3],
  letters: ['a', 'b'],
  users: [
    { name: 'x', g: 1 },
    { name: 'y', g: 2 },
  ],
};

/** one case per [template, expected], each rendered with `vars` */
function withVars(list: Array<[string, unknown]>): void {
  cases(list.map(([text, expected]) => [text, expected, vars]));
}

describe('template: Python tuples', () => {
  describe('print as Python prints them', () =>
    withVars([
      ['{{ (1, 2) }} {{ (1,) }} {{ () }} {{ ((1, 2), [3, (4,)]) }}', '(1, 2) (1,) () ((1, 2), [3, (4,)])'],
      ["{{ {'k': (1, 2)} }} {{ [(1, 2)] }} {{ ('x',) }}", "{'k': (1, 2)} [(1, 2)] ('x',)"],
      ['x {{ d | dictsort }}', "x [('a', 1), ('b', 2)]"],
      ["x {{ users | groupby('g') }}", "x [(1, [{'name': 'x', 'g': 1}]), (2, [{'name': 'y', 'g': 2}])]"],
      ["x {{ lookup('indexed_items', letters) }}", "x [(0, 'a'), (1, 'b')]"],
      [
        "x {{ nums | zip(letters) }} {{ nums | zip_longest(letters, fillvalue='-') | list }}",
        "x [(1, 'a'), (2, 'b')] [(1, 'a'), (2, 'b'), (3, '-')]",
      ],
      ['x {{ d.items() | list }} {{ d.keys() | list }}', "x [('b', 2), ('a', 1)] ['b', 'a']"],
      [
        "x {{ 'a b'.split() }} {{ 'a=b'.partition('=') }} {{ 'a'.rpartition('=') }}",
        "x ['a', 'b'] ('a', '=', 'b') ('', '', 'a')",
      ],
      [
        "x {{ [1, 2] | product(['a']) }} {{ 'a1b2' | regex_findall('([a-z])(\\d)') }}",
        "x [(1, 'a'), (2, 'a')] [('a', '1'), ('b', '2')]",
      ],
      // a lone tuple is text: Ansible reads back only what starts with [ or {
      ["{{ 'a/b.txt' | splitext }}", "('a/b', '.txt')"],
      ['{{ (1, 2) }}', '(1, 2)'],
      [
        '{{ d | dictsort }}',
        [
          ['a', 1],
          ['b', 2],
        ],
      ],
    ]));

  describe('behave as Python tuples', () =>
    withVars([
      [
        '{{ (1, 2) | type_debug }} {{ d | dictsort | type_debug }} {{ (d | dictsort)[0] | type_debug }}',
        'tuple list tuple',
      ],
      [
        '{{ (1, 2) | list | type_debug }} {{ (1, 2) | list }} {{ (3, 1) | sort }} {{ (1, 2) | unique }}',
        'list [1, 2] [1, 3] [1, 2]',
      ],
      [
        '{{ (1, 2) == [1, 2] }} {{ [1, 2] in [(1, 2)] }} {{ (1, 2) in [(1, 2)] }} {{ (1, 2) != [1, 2] }}',
        'False False True True',
      ],
      [
        '{{ (1, 2) + (3,) }} {{ (1, 2)[1:] }} {{ (1, 2) * 2 }} {{ [1] + [(2, 3)] }}',
        '(1, 2, 3) (2,) (1, 2, 1, 2) [1, (2, 3)]',
      ],
      [
        "{{ '%s-%s' % (1, 2) }} {{ '%s' % ((1, 2),) }} {{ '%s' % [1, 2] }} {{ '%s-%s' | format(1, 2) }}",
        '1-2 (1, 2) [1, 2] 1-2',
      ],
      ['x {{ d | dictsort | to_json }} {{ (1, 2) | to_json }}', 'x [["a", 1], ["b", 2]] [1, 2]'],
      ['{{ (1, 2) | to_yaml }}', '[1, 2]\n'],
    ]));

  it('fails where Python fails', () => {
    const t = new Templar(vars);
    assert.throws(
      () => t.template('{{ (1, 2) + [3] }}'),
      /can only concatenate tuple \(not "list"\) to tuple/,
    );
    assert.throws(
      () => t.template('{{ [3] + (1, 2) }}'),
      /can only concatenate list \(not "tuple"\) to list/,
    );
    assert.throws(
      () => t.template("{{ '%s' % (d | dictsort | first) }}"),
      /not all arguments converted during string formatting/,
    );
    assert.throws(() => t.template('{{ (1, 2).append(3) }}'), /has no attribute 'append'/);
    assert.throws(() => t.template('{% set a, b = (1, 2, 3) %}'), /too many values to unpack \(expected 2\)/);
    assert.throws(
      () => t.template('{% set a, b = [1] %}'),
      /not enough values to unpack \(expected 2, got 1\)/,
    );
    assert.throws(
      () => t.template("{{ [('k',)] | items2dict(key_name=0, value_name=1) }}"),
      /tuple index out of range/,
    );
  });

  it('literal_eval reads tuples; the INI inventory keeps lists', () => {
    assert.ok(isTuple(literalEval('(1, 2)')!.value));
    assert.ok(isTuple((literalEval("[('a', 1)]")!.value as unknown[])[0]));
    assert.ok(isTuple(literalEval('1, 2')!.value));
    assert.deepEqual(iniValue('(1,2)'), [1, 2]);
    assert.ok(!isTuple(iniValue('(1,2)')));
  });

  it('a result or loop item holds lists, keeping unsafe marks and copying only when needed', () => {
    const inner = markUnsafe({ t: pyTuple([1, 2]) });
    const stored = Symbol('stored facts'); // a result's symbol keys come along
    const res = { msg: [pyTuple(['a', 1])], inner, [stored]: 'kept' };
    const out = tuplesAsLists(res);
    assert.deepEqual(out, { msg: [['a', 1]], inner: { t: [1, 2] }, [stored]: 'kept' });
    assert.ok(!isTuple(out.msg[0]) && !isTuple(out.inner.t));
    assert.ok(isUnsafe(out.inner), 'the copy of an unsafe dict is unsafe');
    const plain = { msg: [['a', 1]] };
    assert.equal(tuplesAsLists(plain), plain);
  });
});
