// Python floats: the expected texts are what Python 3.11 and ansible-playbook 2.14 print for the
// same values and expressions (test/fixtures/differential/128-133 compare whole playbooks).
import { strict as assert } from 'node:assert';
import { Templar } from '../../src/template/index.js';
import { typeName } from '../../src/template/python.js';
import {
  PyFloat,
  floatRepr,
  isFloat,
  parseJsonFloats,
  pyFloat,
  stringifyFloats,
} from '../../src/util/py-float.js';
import { literalEval } from '../../src/util/py-literal.js';
import { pythonJson } from '../../src/util/python-json.js';
import { parseYaml } from '../../src/yaml/load.js';
import { hostLine } from '../../src/output/format.js';
import { Masker } from '../../src/output/masking.js';
import { plainFloatArgs, type ArgTable } from '../../src/modules/lib/args.js';
import { checkKeywordTypes } from '../../src/playbook/schema.js';
import type { HostResultEvent } from '../../src/output/events.js';
import { checkKeywords } from '../../src/preflight/keywords.js';
import { Problems } from '../../src/preflight/problems.js';
import { checkArgRules } from '../../src/modules/lib/arg-rules.js';
import { getModule } from '../../src/modules/registry.js';
import { loadInventory } from '../../src/inventory/index.js';
import { inventoryGraph } from '../../src/inventory/output.js';
import { normalizeAction } from '../../src/playbook/normalize-task.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cases } from './helpers.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

describe('floats: Python repr and the boxed whole float', () => {
  it("floatRepr is Python's repr()", () => {
    const pairs: [number, string][] = [
      [1, '1.0'],
      [2.5, '2.5'],
      [0.1, '0.1'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [1e-5, '1e-05'],
      [1e-4, '0.0001'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1.2345678901234568e17, '1.2345678901234568e+17'],
      [-0, '-0.0'],
      [6.02e23, '6.02e+23'],
      [-2.5e-7, '-2.5e-07'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [NaN, 'nan'],
    ];
    for (const [n, want] of pairs) assert.equal(floatRepr(n), want, String(n));
  });

  it('boxes only whole floats; a box is a float, a whole number an int', () => {
    assert.ok(pyFloat(2) instanceof PyFloat);
    assert.equal(pyFloat(2.5), 2.5);
    assert.ok(isFloat(new PyFloat(2)) && isFloat(0.5) && isFloat(NaN) && !isFloat(2));
    assert.equal(typeName(new PyFloat(2)), 'float');
    assert.equal(Number(new PyFloat(2)) + 1, 3);
  });

  it('parseJsonFloats keeps 1.0 a float, reads NaN and Infinity, leaves strings and ints alone', () => {
    const v = parseJsonFloats(
      '{"a": 1.0, "b": [2, 1e2, 0.5, -3.0], "s": "1.0 and 2.0", "t": "\\"1.0"}',
    ) as any;
    assert.ok(v.a instanceof PyFloat && v.a.value === 1);
    assert.equal(v.b[0], 2);
    assert.ok(v.b[1] instanceof PyFloat && v.b[1].value === 100);
    assert.equal(v.b[2], 0.5);
    assert.ok(v.b[3] instanceof PyFloat && v.b[3].value === -3);
    assert.equal(v.s, '1.0 and 2.0');
    assert.equal(v.t, '"1.0');
    assert.deepEqual(parseJsonFloats('[1, 2]'), [1, 2]);
    // json.loads reads what json.dumps writes for nan and inf
    const odd = parseJsonFloats(stringifyFloats([NaN, -Infinity, new PyFloat(1)])) as unknown[];
    assert.ok(Number.isNaN(odd[0]) && odd[1] === -Infinity && odd[2] instanceof PyFloat);
  });

  it("stringifyFloats writes floats as Python's json does", () => {
    assert.equal(
      stringifyFloats({ a: new PyFloat(1), b: [1e-5, 2, Infinity, NaN], s: '1.0' }),
      '{"a":1.0,"b":[1e-05,2,Infinity,NaN],"s":"1.0"}',
    );
    assert.equal(stringifyFloats([new PyFloat(4)], 1), '[\n 4.0\n]');
    assert.equal(pythonJson({ b: new PyFloat(1), a: 2 }), '{\n    "a": 2,\n    "b": 1.0\n}');
  });

  it('literal_eval (INI values, rendered text) reads 1.0 as a float', () => {
    const v = literalEval('[1.0, -2.0, 3, 1e3]')!.value as unknown[];
    assert.deepEqual(
      v.map((x) => (x instanceof PyFloat ? `f${x.value}` : x)),
      ['f1', 'f-2', 3, 'f1000'],
    );
  });

  it('YAML 1.1 floats as PyYAML reads them; 1e3 is text', () => {
    const v = parseYaml('a: 1.0\nb: 1e3\nc: 1.0e+3\nd: .5\ne: -0.0\nf: 3\n', 'x.yml') as any;
    assert.ok(v.a instanceof PyFloat && v.a.value === 1);
    assert.equal(v.b, '1e3');
    assert.ok(v.c instanceof PyFloat && v.c.value === 1000);
    assert.equal(v.d, 0.5);
    assert.ok(v.e instanceof PyFloat && Object.is(v.e.value, -0));
    assert.equal(v.f, 3);
  });
});

describe('floats in templates', () => {
  cases([
    ['{{ 1.0 }}', '1.0'],
    [
      '{{ 1e16 }}|{{ 1e3 }}|{{ 1.5E2 }}|{{ 1e-5 }}|{{ 1_000 }}|{{ -0.0 }}',
      '1e+16|1000.0|150.0|1e-05|1000|-0.0',
    ],
    [
      '{{ 10 / 2 }}|{{ 10 // 2 }}|{{ 10.0 // 4 }}|{{ -7 // 2 }}|{{ 7.5 % 2 }}|{{ -7 % 3.0 }}',
      '5.0|5|2.0|-4|1.5|2.0',
    ],
    [
      '{{ 2 ** 3 }}|{{ 2 ** -1 }}|{{ 2.0 ** 3 }}|{{ 1 + 1.0 }}|{{ 0.5 + 0.5 }}|{{ true + 1.0 }}',
      '8|0.5|8.0|2.0|1.0|2.0',
    ],
    [
      '{{ [1.0, 2, 0.5] }}|{{ {"x": 1.0} }}|{{ "%s %d %.1f" % (1.0, 3.5, 2) }}',
      "[1.0, 2, 0.5]|{'x': 1.0}|1.0 3 2.0",
    ],
    [
      '{{ 1 == 1.0 }} {{ 1.0 in [1] }} {{ 0.0 | bool }} {{ 0.0 or "e" }} {{ 1.0 is integer }} {{ 1.0 is float }}',
      'True True False e False True',
    ],
    [
      '{{ x * 2 }}|{{ -x }}|{{ x | int }}|{{ x | abs }}|{{ x | string }}',
      '2.0|-1.0|1|1.0|1.0',
      { x: new PyFloat(1) },
    ],
    [
      "{{ 3 | float }}|{{ 'x' | float }}|{{ 'x' | float(7) }}|{{ 3.7 | int }}|{{ -3.7 | int }}",
      '3.0|0.0|7|3|-3',
    ],
    [
      '{{ 2.5 | round }}|{{ 3.5 | round }}|{{ 2 | round }}|{{ 2.675 | round(2) }}|{{ 0.125 | round(2) }}',
      '2.0|4.0|2|2.67|0.12',
    ],
    [
      "{{ 1234.5 | round(-2) }}|{{ 25 | round(-1) }}|{{ 2 | round(1, 'ceil') }}|{{ 2.5 | round(0, 'floor') }}",
      '1200.0|20|2.0|2.0',
    ],
    [
      '{{ [1, 2.0] | sum }}|{{ [1.0, 2] | min }}|{{ [1.0, 1, 2] | unique }}|{{ [3, 1.0] | sort }}',
      '3.0|1.0|[1.0, 2]|[1.0, 3]',
    ],
    [
      '{{ {"a": 1.0, "b": 1e16} | to_json }}|{{ [1.0, 1e16, 1e-5] | to_yaml }}',
      '{"a": 1.0, "b": 1e+16}|[1.0, 1.0e+16, 1.0e-05]\n',
    ],
    ["{{ ['1e+16', '1.0e+3', '.5'] | to_yaml }}", "[1e+16, '1.0e+3', '.5']\n"],
    ["{{ '[1.0, 2]' | from_json }}|{{ ('x: 2.0' | from_yaml).x }}", '[1.0, 2]|2.0'],
  ]);

  it('a bare {{ name }} of a whole float stays a float; {{ 10 / 2 }} renders to text', () => {
    const t = new Templar({ a: new PyFloat(1) });
    const v = t.template('{{ a }}');
    assert.ok(v instanceof PyFloat && v.value === 1);
    assert.equal(t.template('{{ 10 / 2 }}'), '5.0');
    const l = t.template('{{ [a, 10 / 2] }}') as unknown[];
    assert.ok(l[1] instanceof PyFloat && (l[1] as PyFloat).value === 5);
  });

  it("division by zero and a float repeat fail with Python's words", () => {
    const t = new Templar({});
    assert.throws(() => t.template('{{ 1 / 0 }}'), /division by zero/);
    assert.throws(() => t.template('{{ 1.0 / 0 }}'), /float division by zero/);
    assert.throws(() => t.template('{{ 1 // 0 }}'), /integer division or modulo by zero/);
    assert.throws(() => t.template('{{ 2.5 % 0 }}'), /float modulo/);
    assert.throws(() => t.template("{{ 'ab' * 2.0 }}"), /can't multiply sequence by non-int of type 'float'/);
  });
});

describe('floats outside the templates', () => {
  it("a debug result prints 1.0, as Ansible's callback does", () => {
    const ev: HostResultEvent = {
      event: 'host_result',
      host: 'h1',
      task: 't',
      handler: false,
      action: 'debug',
      status: 'ok',
      duration_ms: 1,
      result: { msg: [new PyFloat(4), 0.5], _ansible_verbose_always: true },
    };
    assert.match(hostLine(ev, 0, false), /"msg": \[\n\s+4\.0,\n\s+0\.5\n\s+\]/);
  });

  it('masking secrets keeps a float a float', () => {
    const m = new Masker();
    m.add('hunter2');
    const out = m.value({ a: new PyFloat(1), s: 'pw hunter2' }) as any;
    assert.ok(out.a instanceof PyFloat);
    assert.equal(out.s, 'pw ********');
  });

  it('a module gets a number for a numeric argument, text for a string, the float for any', () => {
    const table: ArgTable = {
      timeout: { type: 'integer' },
      name: { type: 'string', aliases: ['n'] },
      msg: { type: 'any' },
    };
    const args: Record<string, unknown> = {
      timeout: new PyFloat(3),
      n: new PyFloat(1),
      msg: new PyFloat(2),
      free: new PyFloat(5),
    };
    plainFloatArgs(table, args);
    assert.equal(args.timeout, 3);
    assert.equal(args.n, '1.0');
    assert.ok(args.msg instanceof PyFloat && args.free instanceof PyFloat);
  });

  it('a keyword given a whole float is checked and kept as its number, a name as its text', () => {
    const task: Record<string, unknown> = {
      delay: new PyFloat(2),
      retries: new PyFloat(3),
      name: new PyFloat(1),
    };
    checkKeywordTypes(task, ['delay', 'retries', 'name'], 'task "t"', { file: 'p.yml', line: 1, col: 1 });
    assert.deepEqual(task, { delay: 2, retries: 3, name: '1.0' });
  });

  it("the preflight checks a whole float given to a keyword as its number; a module's int argument refuses it", () => {
    const out = new Problems();
    const kw = { retries: new PyFloat(3), delay: new PyFloat(1) };
    checkKeywords(kw, { file: 'p.yml', line: 1, col: 1 }, 'task "t"', out);
    assert.deepEqual(out.list, []);
    const m = getModule('wait_for')!;
    // ansible-playbook 2.14: "argument 'timeout' is of type <class 'float'> and we were unable to convert to int"
    const args = { path: '/tmp', timeout: new PyFloat(2) };
    assert.deepEqual(
      checkArgRules(m.args!, m.rules ?? {}, m.required ?? [], args).map((p) => p.message),
      ["argument 'timeout': <class 'float'> cannot be converted to an int"],
    );
  });

  it("a free-form action's whole float is its text ('1.0')", () => {
    const pos = { file: 'p.yml', line: 1, col: 1 };
    assert.equal(normalizeAction({ command: new PyFloat(1) }, 't', false, pos).args.cmd, '1.0');
  });

  it('ansible-inventory --graph --vars shows a float as Python does; a port given as 2222.0 is a port', () => {
    const dir = tempDirUntilExit('floats-inv');
    writeFileSync(
      join(dir, 'hosts.yml'),
      'all:\n  hosts:\n    h1:\n      ratio: 1.0\n      small: 1.5e-5\n      ansible_port: 2222.0\n',
    );
    const inv = loadInventory([join(dir, 'hosts.yml')], { cwd: dir });
    const lines = inventoryGraph(inv, 'all', { vars: true }).join('\n');
    assert.match(lines, /\{ratio = 1\.0\}/);
    assert.match(lines, /\{small = 1\.5e-05\}/);
  });
});
