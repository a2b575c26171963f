import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Templar,
  UnsafeText,
  isUnsafe,
  markUnsafe,
  revealDeep,
  type TemplarOptions,
} from '../../src/template/index.js';
import { factVars } from '../../src/vars/precedence.js';
import { makeHostvars } from '../../src/vars/magic.js';
import { parseYaml } from '../../src/yaml/load.js';

/** Text that reads a controller file and computes, if it were ever evaluated. */
const PAYLOAD = '{{ lookup("file", "/etc/hostname") }} {{ 7*7 }}';

function registered(stdout: string): Record<string, unknown> {
  return markUnsafe({ changed: false, rc: 0, stdout, stdout_lines: stdout.split('\n') });
}

/** Stores `value` the way set_fact does, then reads `name` back in a fresh Templar (a later task). */
function setFactThenRead(vars: Record<string, unknown>, value: string, read: string): unknown {
  const stored = new Templar(vars).templateToStore(value);
  return new Templar({ ...vars, fact: stored }).template(read);
}

describe('template unsafe values', () => {
  it('a registered result is rendered as its literal text, wherever it is used', () => {
    const t = new Templar({ p: registered(PAYLOAD) });
    assert.equal(t.template('{{ p.stdout }}'), PAYLOAD);
    assert.equal(t.template('out: {{ p.stdout }}\n'), `out: ${PAYLOAD}\n`);
    assert.deepEqual(t.template('{{ p.stdout_lines }}'), [PAYLOAD]);
  });

  it('the mark survives filters and concatenation inside an expression', () => {
    const vars = { p: registered(PAYLOAD), safe: '{{ 1 + 1 }}' };
    for (const expr of [
      '{{ p.stdout | upper | lower }}',
      '{{ p.stdout | replace("hostname", "hostname") }}',
      '{{ "x " ~ p.stdout }}',
      '{{ "x " + p.stdout }}',
      '{{ [p.stdout] | join(",") }}',
      '{{ p.stdout_lines | map("trim") | list | first }}',
      '{{ p.stdout.split("\\n")[0] }}',
      '{{ {"k": p.stdout}.k }}',
      'prefix {{ p.stdout }} suffix',
      '{{ p.stdout | regex_replace("^", "") }}',
    ]) {
      const stored = new Templar(vars).templateToStore(expr);
      assert.ok(stored instanceof UnsafeText, `${expr} is stored unsafe`);
      const shown = setFactThenRead(vars, expr, '{{ fact }}');
      assert.ok(String(shown).includes('{{ 7*7 }}'), `${expr}: ${String(shown)}`);
      assert.ok(!String(shown).includes('49'), `${expr} was evaluated: ${String(shown)}`);
    }
    // a value built only from safe parts stays safe: Ansible templates it again when used
    const safe = new Templar(vars).templateToStore('{{ "{{" ~ " 6*7 }}" }}');
    assert.equal(safe, '{{ 6*7 }}');
    assert.equal(new Templar({ fact: safe }).template('{{ fact }}'), '42');
  });

  it('a set_fact of part of a result, used later and again through another set_fact, stays text', () => {
    const vars = { p: registered(PAYLOAD) };
    const first = new Templar(vars).templateToStore({ a: '{{ p.stdout }}', b: 'plain', c: '{{ 2 * 3 }}' });
    assert.deepEqual(revealDeep(first), { a: PAYLOAD, b: 'plain', c: '6' });
    const t2 = new Templar({ f: first });
    assert.equal(t2.template('{{ f.a }}'), PAYLOAD);
    const second = t2.templateToStore('{{ f.a }} and more');
    assert.ok(second instanceof UnsafeText);
    assert.equal(new Templar({ g: second }).template('{{ g }}'), `${PAYLOAD} and more`);
  });

  it('a list or dict built from unsafe parts is marked, and its items stay text', () => {
    const t = new Templar({ p: registered(PAYLOAD) });
    const list = t.templateToStore('{{ p.stdout_lines | map("upper") | list }}');
    assert.ok(Array.isArray(list) && isUnsafe(list));
    assert.equal(new Templar({ l: list }).template('{{ l[0] }}'), PAYLOAD.toUpperCase());
  });

  it('gathered facts are text: ansible_<name> and ansible_facts', () => {
    const layer = factVars(markUnsafe({ hostname: PAYLOAD, lines: [PAYLOAD], local: { x: { y: PAYLOAD } } }));
    const t = new Templar(layer);
    assert.equal(t.template('{{ ansible_hostname }}'), PAYLOAD);
    assert.equal(t.template('{{ ansible_facts.hostname }}'), PAYLOAD);
    assert.equal(t.template('{{ ansible_local.x.y }}'), PAYLOAD);
    assert.ok(t.templateToStore('{{ ansible_lines[0] }}') instanceof UnsafeText);
  });

  it('hostvars of another host carry the mark', () => {
    const other = { p: registered(PAYLOAD), f: new UnsafeText(PAYLOAD) };
    const hostvars = makeHostvars(['h2'], (h) => (h === 'h2' ? other : undefined));
    const t = new Templar({ hostvars });
    assert.equal(t.template('{{ hostvars["h2"].p.stdout }}'), PAYLOAD);
    assert.equal(t.template('{{ hostvars.h2.f }}'), PAYLOAD);
    assert.ok(t.templateToStore('{{ hostvars.h2.f | trim }}') instanceof UnsafeText);
    assert.ok(t.templateToStore('{{ hostvars.h2.p.stdout }}') instanceof UnsafeText);
  });

  it('lookup results are unsafe (allow_unsafe_lookups=false)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fabplay-unsafe-'));
    try {
      writeFileSync(path.join(dir, 'tmpl.txt'), PAYLOAD);
      const opts: TemplarOptions = { searchPaths: [dir] };
      const t = new Templar({}, opts);
      assert.equal(t.template('{{ lookup("file", "tmpl.txt") }}'), PAYLOAD);
      const stored = t.templateToStore('{{ lookup("file", "tmpl.txt") }}');
      assert.ok(stored instanceof UnsafeText);
      assert.equal(new Templar({ x: stored }).template('{{ x }}'), PAYLOAD);
      assert.ok(isUnsafe(t.templateToStore('{{ query("file", "tmpl.txt") }}')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('conditionals compare unsafe text as a value; a condition rendered from it is refused', () => {
    const t = new Templar({
      p: registered('{{ 7*7 }}'),
      q: registered('1 == 1'),
      expected: new UnsafeText('{{ 7*7 }}'),
    });
    assert.equal(t.isTrue('p.stdout == expected'), true);
    assert.equal(t.isTrue('p.stdout == "49"'), false);
    assert.equal(t.isTrue('p.stdout is search("7\\*7")'), true);
    assert.throws(() => t.isTrue('{{ q.stdout }}'), /Conditional is marked as unsafe/);
    assert.throws(() => t.isTrue(new UnsafeText('1 == 1')), /Conditional is marked as unsafe/);
    // a safe template in a condition is still evaluated, as Ansible does
    assert.equal(new Templar({ c: '1 == 2' }).isTrue('{{ c }}'), false);
  });

  it('!unsafe YAML values are text, scalars and collections', () => {
    const doc = parseYaml(
      "a: !unsafe '{{ 7*7 }}'\nb: !unsafe ['{{ 7*7 }}']\nc: !unsafe {k: '{{ 7*7 }}'}\n",
      'vars.yml',
    ) as Record<string, unknown>;
    const t = new Templar(doc);
    assert.equal(t.template('{{ a }}'), '{{ 7*7 }}');
    assert.equal(t.template('x{{ a }}'), 'x{{ 7*7 }}');
    assert.deepEqual(t.template('{{ b }}'), ['{{ 7*7 }}']);
    assert.deepEqual(t.template('{{ c }}'), { k: '{{ 7*7 }}' });
    assert.equal(t.template(doc.a), '{{ 7*7 }}');
    assert.ok(t.templateToStore('{{ a | upper }}') instanceof UnsafeText);
  });

  it('values without unsafe parts are templated as before', () => {
    const t = new Templar({ a: '{{ b }}', b: '{{ 6 * 7 }}', l: ['{{ a }}'] });
    assert.equal(t.template('{{ a }}'), '42');
    assert.deepEqual(t.template('{{ l }}'), ['42']);
    assert.equal(t.templateToStore('{{ a }}'), '42');
    assert.equal(isUnsafe(t.template('{{ l }}')), false);
  });
});

describe('type_debug names an unsafe string as Ansible does', () => {
  it('AnsibleUnsafeText for a string read from host data or a lookup, str otherwise', () => {
    const t = new Templar({ out: registered('x'), box: new UnsafeText('y'), plain: 'z' });
    assert.equal(t.template('{{ out.stdout | type_debug }}'), 'AnsibleUnsafeText');
    assert.equal(t.template('{{ box | type_debug }}'), 'AnsibleUnsafeText');
    assert.equal(t.template("{{ lookup('list', ['a'])[0] | type_debug }}"), 'AnsibleUnsafeText');
    assert.equal(t.template('{{ plain | type_debug }}'), 'str');
    assert.equal(t.template('{{ out.rc | type_debug }}'), 'int');
  });
});
