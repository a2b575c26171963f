import assert from 'node:assert/strict';
import { ExitCode } from '../../src/errors.js';
import {
  Templar,
  TemplateRuntimeError,
  TemplateSyntaxError,
  UndefinedVariableError,
} from '../../src/template/index.js';

const pos = { file: 'site.yml', line: 12, col: 7 };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

describe('template undefined variables and errors', () => {
  it('fails on an undefined variable with its name, the expression and the position', () => {
    const e = thrown(() => new Templar({}).template('{{ foo }}', pos));
    assert.ok(e instanceof UndefinedVariableError);
    assert.equal(e.variable, 'foo');
    assert.equal(e.expression, '{{ foo }}');
    assert.deepEqual(e.pos, pos);
    assert.equal(e.exitCode, ExitCode.TASK_FAILED);
    // file:line:col: what is wrong; what to do
    assert.match(
      e.format().split('\n')[0]!,
      /^site\.yml:12:7: 'foo' is undefined in "\{\{ foo \}\}"; define 'foo'/,
    );
  });

  it('never renders an undefined variable as an empty string inside text', () => {
    assert.throws(() => new Templar({}).template('path=/srv/{{ root }}/x'), /'root' is undefined/);
  });

  it('names a missing attribute and keeps the first failure of a chain', () => {
    assert.throws(() => new Templar({ d: {} }).template('{{ d.port }}'), /'d' has no attribute 'port'/);
    assert.throws(() => new Templar({}).template('{{ a.b.c }}'), /'a' is undefined/);
    assert.equal(new Templar({}).template('{{ a.b.c | default(1) }}'), '1');
    assert.throws(
      () => new Templar({ l: [1] }).template('{{ l[5] }}'),
      /l\[5\]: list object has no element 5 \(it has 1\)/,
    );
    assert.equal(new Templar({}).isTrue(''), true);
  });

  it('fails on an undefined variable in a condition, a loop and a filter', () => {
    const t = new Templar({});
    assert.throws(() => t.isTrue('x'), /'x' is undefined/);
    assert.throws(() => t.template('{% for i in items %}{{ i }}{% endfor %}'), /'items' is undefined/);
    assert.throws(() => t.template('{{ x | upper }}'), /'x' is undefined/);
  });

  it('a variable built from an undefined one is undefined itself (is defined, default)', () => {
    const t = new Templar({ url: 'http://{{ host }}/' });
    assert.equal(t.template('{{ url is defined }}'), false);
    assert.equal(t.template("{{ url | default('none') }}"), 'none');
    assert.throws(() => t.template('{{ url }}'), /'host' is undefined \(needed by 'url'\)/);
  });

  it('reports the innermost undefined name through lazy variables', () => {
    const e = thrown(() => new Templar({ a: '{{ b }}' }).template('{{ a }}', pos));
    assert.ok(e instanceof UndefinedVariableError);
    assert.equal(e.variable, 'b');
    assert.deepEqual(e.pos, pos);
  });

  it('a template that does not parse is a TemplateSyntaxError (exit 3) naming the expression', () => {
    const e = thrown(() => new Templar({ a: 1 }).template('{{ a + }}', pos));
    assert.ok(e instanceof TemplateSyntaxError);
    assert.equal(e.exitCode, ExitCode.INVALID_INPUT);
    assert.equal(e.expression, '{{ a + }}');
    assert.match(e.format(), /^site\.yml:12:7: template error: .* in "\{\{ a \+ \}\}"/);
  });

  it('an unknown filter is a syntax error with a suggestion', () => {
    assert.throws(
      () => new Templar({ a: 1 }).template('{{ a | to_jsn }}'),
      /no filter named 'to_jsn' \(did you mean 'to_json'\?\)/,
    );
  });

  it('a failing filter is a TemplateRuntimeError naming the expression', () => {
    const e = thrown(() => new Templar({}).template("{{ 'x' | from_json }}", pos));
    assert.ok(e instanceof TemplateRuntimeError);
    assert.match(e.message, /from_json/);
    assert.deepEqual(e.pos, pos);
  });

  it('an error in a template file names the file and line', () => {
    const text = 'line one\n{% if true %}\nvalue={{ missing }}\n{% endif %}\n';
    const e = thrown(() => new Templar({}).renderFile(text, 'roles/x/templates/a.j2'));
    assert.ok(e instanceof UndefinedVariableError);
    assert.deepEqual(e.pos, { file: 'roles/x/templates/a.j2', line: 3, col: 1 });
  });

  it('evaluate() errors name the expression and position', () => {
    const e = thrown(() => new Templar({}).evaluate('result.rc == 0', pos));
    assert.ok(e instanceof UndefinedVariableError);
    assert.equal(e.variable, 'result');
    assert.equal(e.expression, 'result.rc == 0');
  });
});

describe('undefined inside a built list or dict', () => {
  it('fails the template, as Ansible does when it turns the result into data', () => {
    const things = [{ name: 'one' }, { other: 2 }];
    assert.throws(() => new Templar({ things }).template("{{ things | map(attribute='name') }}"));
    assert.deepEqual(
      new Templar({ things }).template("{{ things | map(attribute='name') | select('defined') | list }}"),
      ['one'],
    );
  });
});

describe("an undefined's Python repr (fixture 392 compares it with Ansible's)", () => {
  const t = () => new Templar({ d: { a: 1 }, x: '{{ y }}' });

  it('is what %r and str() of a list holding one show', () => {
    assert.equal(
      t().template('{{ "%r" | format(nope) }}'),
      "AnsibleUndefined(hint=None, obj=missing, name='nope')",
    );
    assert.equal(t().template('{{ "%r" % d.b }}'), "AnsibleUndefined(hint=None, obj={'a': 1}, name='b')");
    assert.equal(
      t().template('{{ [undef(hint="h")] | string }}'),
      "[AnsibleUndefined(hint='h', obj=missing, name=None)]",
    );
    assert.equal(
      t().template('{{ "%r" | format(x) }}'),
      `AnsibleUndefined(hint="{{ y }}: 'y' is undefined. 'y' is undefined", obj=missing, name='x')`,
    );
  });

  it('is never printed where Ansible fails: text holding the list, %s, a lookup option', () => {
    assert.throws(() => t().template('x {{ [nope] }}'), /'nope' is undefined/);
    assert.throws(() => t().template('{{ "%s" | format(nope) }}'), /'nope' is undefined/);
    assert.throws(
      () => t().template('{{ lookup("vars", "zz", default=undef()) }}'),
      /Mandatory variable has not been overridden/,
    );
  });
});
