import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';
import { UndefinedVariableError } from '../../src/template/errors.js';
import { cases } from './helpers.js';

const ok = { changed: true, failed: false, rc: 0 };
const bad = { changed: false, failed: true, rc: 1 };
const skipped = { changed: false, skipped: true };
const loop = { changed: true, results: [{ changed: false }, { changed: true }] };

describe('template tests (`x is ...`)', () => {
  cases([
    ['{{ x is defined }}', true, { x: 1 }],
    ['{{ x is defined }}', false],
    ['{{ x.y is defined }}', false, { x: {} }],
    ['{{ x.y.z is defined }}', false],
    ['{{ x is undefined }}', true],
    ['{{ x is not defined }}', true],
    ['{{ x is none }}', true, { x: null }],
    ['{{ x is not none }}', true, { x: 0 }],
    ['{{ "abc" is match("ab") }}', true],
    ['{{ "abc" is match("bc") }}', false],
    ['{{ "abc" is search("bc") }}', true],
    ['{{ "ABC" is search("bc", ignorecase=true) }}', true],
    ['{{ "abc" is regex("^a.c$") }}', true],
    ['{{ "abc" is regex("b", match_type="match") }}', false],
    ['{{ "9.5" is version("9.0", ">=") }}', true],
    ['{{ "9.10" is version("9.9", "gt") }}', true],
    ['{{ "2.14.0" is version("2.14", "==") }}', false],
    ['{{ "1.0" is version_compare("1.0", "eq") }}', true],
    ['{{ "1.0" is version("1.0.0", "==", true) }}', true],
    ['{{ "1.0a1" is version("1.0", "<", strict=true) }}', true],
    ['{{ "1.2.3" is version("2.0.0", "lt", version_type="semver") }}', true],
    ['{{ "1.2.3-alpha.1" is version("1.2.3-alpha.beta", "lt", version_type="semver") }}', true],
    ['{{ "1.2.3-rc.1" is version("1.2.3", "lt", version_type="semantic") }}', true],
    ['{{ "2.14.0rc1" is version("2.14.0", "lt", version_type="pep440") }}', true],
    ['{{ "2.14.0.dev1" is version("2.14.0a1", "lt", version_type="pep440") }}', true],
    ['{{ "2.14.post1" is version("2.14.0", "gt", version_type="pep440") }}', true],
    ['{{ "on" is truthy(convert_bool=True) }}', true],
    ['{{ "off" is truthy(convert_bool=True) }}', false],
    ['{{ "fred" is truthy(convert_bool=True) }}', true],
    ['{{ "off" is truthy }}', true],
    ['{{ "off" is falsy(convert_bool=True) }}', true],
    ['{{ 0 is falsy(convert_bool=True) }}', true],
    ['{{ 2 is in([1, 2]) }}', true],
    ['{{ 2 in [1, 2] }}', true],
    ['{{ "a" in "cat" }}', true],
    ['{{ "k" in {"k": 1} }}', true],
    ['{{ 3 not in [1, 2] }}', true],
    ['{{ r is failed }}', true, { r: bad }],
    ['{{ r is failed }}', false, { r: ok }],
    ['{{ r is changed }}', true, { r: ok }],
    ['{{ r is changed }}', true, { r: loop }],
    ['{{ r is succeeded }}', true, { r: ok }],
    ['{{ r is success }}', false, { r: bad }],
    ['{{ r is skipped }}', true, { r: skipped }],
    ['{{ "yes" is truthy }}', true],
    ['{{ [] is truthy }}', false],
    ['{{ 0 is falsy }}', true],
    ['{{ "a" is string }}', true],
    ['{{ 1 is number }}', true],
    ['{{ {} is mapping }}', true],
    ['{{ [] is sequence }}', true],
    ['{{ true is boolean }}', true],
    ['{{ 4 is even }}', true],
    ['{{ 3 is odd }}', true],
    ['{{ 9 is divisibleby(3) }}', true],
    ['{{ 1 is equalto(1) }}', true],
    ['{{ [1] is subset([1, 2]) }}', true],
    // Ansible's all/any tests: Python's all() and any()
    ['{{ [true, 1, "x"] is all }}', true],
    ['{{ [true, 0] is all }}', false],
    ['{{ [] is all }}', true],
    ['{{ [false, 0, ""] is any }}', false],
    ['{{ [false, "x"] is any }}', true],
    ['{{ [] is any }}', false],
    ['{{ [1, 2] is superset([2]) }}', true],
    ['{{ [1, 2] is contains(2) }}', true],
    ['{{ "abc" is contains("bc") }}', true],
    ['{{ "abc" is contains("x") }}', false],
    ['{{ 2 is gt(1) }}', true],
    ['{{ "/etc" is abs }}', true],
    ['{{ "/etc" is directory }}', true],
    ['{{ "/nonexistent/x" is exists }}', false],
  ]);

  it('an unknown test is a syntax error with a suggestion', () => {
    assert.throws(
      () => new Templar({}).template('{{ 1 is defind }}'),
      /no test named 'defind' \(did you mean 'defined'\?\)/,
    );
  });

  it('a test on an undefined value fails with the name (except defined/undefined/none)', () => {
    assert.throws(
      () => new Templar({}).template('{{ r is failed }}'),
      (e: unknown) => e instanceof UndefinedVariableError && e.variable === 'r',
    );
  });

  it('failed on a non-dict explains itself', () => {
    assert.throws(() => new Templar({ r: 'x' }).template('{{ r is failed }}'), /expects a dictionary/);
  });

  it("version: Ansible's errors for bad input", () => {
    const t = new Templar({});
    for (const [text, msg] of [
      ['{{ "1.0" is version("nope", "==", true) }}', /invalid version number 'nope'/],
      ['{{ "1.0" is version("1.0", version_type="boom") }}', /Invalid version type \(boom\)/],
      ['{{ "1.0" is version("1.0", "equals") }}', /Invalid operator type \(equals\)/],
      ['{{ "x" is version("y", version_type="semver") }}', /invalid semantic version 'x'/],
      ['{{ "1" is version("1", strict=False, version_type="loose") }}', /Cannot specify both/],
      ['{{ "" is version("1.0", ">") }}', /version value cannot be empty/],
      ['{{ "1.0" is version("", ">") }}', /to compare against cannot be empty/],
    ] as const)
      assert.throws(() => t.template(text), msg, text);
  });
});

describe("a test's argument without parentheses (Jinja2's parse_test)", () => {
  cases([
    ['{{ x is sameas true }}', true, { x: true }],
    ['{{ 1 is sameas true }}', false],
    ['{{ 10 is divisibleby 5 }}', true],
    ['{{ 10 is not divisibleby 3 }}', true],
    ['{{ x is sameas x and false }}', false, { x: 1 }],
    ['{{ "y" if 4 is divisibleby 2 else "n" }}', 'y'],
    ['{{ [1] is sameas [1] }}', false],
    ['{{ x.a is sameas x.a }}', true, { x: { a: [] } }],
    ['{{ 10 is sameas 10 is sameas true }}', true],
    ['{{ "ab" is match "a" }}', true],
    ['{{ x is none }}', true, { x: null }],
    ['{{ 4 is divisibleby(2) }}', true],
  ]);

  it('refuses a second test straight after one without an argument, as Jinja2 does', () => {
    assert.throws(
      () => new Templar({}).template('{{ 1 is defined is defined }}'),
      /You cannot chain multiple tests with is/,
    );
  });
});
