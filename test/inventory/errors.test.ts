// Inventory mistakes are InputErrors that point at file:line and say how to fix them.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { loadInventory, selectHosts } from '../../src/inventory/index.js';

describe('inventory: errors with file:line and a hint', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-inv-err-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A file that does not parse is a warning that carries the error (`fabplay validate` throws it). */
  function errorOf(name: string, text: string): InputError {
    const file = join(dir, name);
    writeFileSync(file, text);
    const inv = loadInventory([file]);
    const e = inv.unparsed?.[0];
    assert.ok(e instanceof InputError, `${name}: expected an InputError, got ${String(e)}`);
    assert.ok(inv.warnings?.some((w) => w.startsWith(`Unable to parse ${file} as an inventory source: `)));
    return e;
  }

  const cases: [string, string, number, RegExp][] = [
    ['space.ini', '[web servers]\nh1\n', 1, /invalid section entry/],
    ['type.ini', 'h0\n[web:foo]\n', 2, /unknown type: foo/],
    ['vars.ini', '[web]\nh1\n[db:vars]\nx=1\n', 3, /\[db:vars\] not valid for undefined group: db/],
    [
      'children.ini',
      '[p:children]\nweb\nmissing\n[web]\nh\n',
      3,
      /\[p:children\] includes undefined group: missing/,
    ],
    ['novalue.ini', '[web]\nh1 novalue\n', 2, /expected key=value host variable assignment, got: novalue/],
    ['colon', '[web]\nh1:\n', 2, /ending in ':' is not allowed/],
    ['quote.ini', '[web]\n\nh1 a="x\n', 3, /No closing quotation/],
    ['range.ini', '[web]\nn[1:2:3:4]\n', 2, /begin:end or begin:end:step/],
    ['range-len.ini', '[web]\nn[01:100]\n', 2, /equal-length/],
    ['loop.ini', '[a:children]\nb\n[b:children]\na\n', 4, /recursive dependency loop/],
    [
      'list.yml',
      'all:\n  hosts:\n    - h1\n    - h2\n',
      2,
      /"hosts" entry for "all" group, requires a mapping, found list/,
    ],
    ['hostvars.yml', 'all:\n  hosts:\n    h1: [1]\n', 3, /host 'h1' .* expected a mapping/],
    ['int-host.yml', 'all:\n  hosts:\n    h1:\n    1234: {}\n', 4, /Host pattern 1234 must be a string/],
    ['float-host.yml', 'all:\n  hosts:\n    1.5:\n', 3, /Host pattern 1.5 must be a string/],
    [
      'syntax.yml',
      'all:\n  hosts:\n   h1:\n  bad: [\n',
      4,
      /YAML syntax error: this flow collection '\[' is never closed/,
    ],
    ['top.yml', '- a\n- b\n', 1, /should be a mapping, got: list/],
  ];
  for (const [name, text, line, re] of cases) {
    it(`${name}: ${re.source}`, () => {
      const e = errorOf(name, text);
      assert.match(e.message, re);
      assert.equal(e.pos?.file, join(dir, name));
      assert.equal(e.pos?.line, line);
      assert.ok(e.hint, 'has a hint');
      assert.ok(e.format().startsWith(`${join(dir, name)}:${line}:`));
    });
  }

  it("a plugin configuration file (ansible-core's inventory_cache target) stops with a hint", () => {
    const file = join(dir, 'cache_host.yml');
    writeFileSync(file, 'plugin: cache_host\ncache: true\n');
    assert.throws(
      () => loadInventory([file]),
      (e) =>
        e instanceof InputError &&
        e.pos?.line === 1 &&
        /plugin configuration files are not supported/.test(e.message) &&
        /executable script that prints them as JSON/.test(e.hint ?? ''),
    );
  });

  it('a missing source is an InputError', () => {
    assert.throws(
      () => loadInventory([join(dir, 'nope')]),
      (e) => e instanceof InputError && /not found/.test(e.message),
    );
  });

  it('enable_plugins naming no plugin stops as in Ansible; a collection plugin counts', () => {
    for (const plugins of [[], [''], ['foo', 'bar']])
      assert.throws(
        () => loadInventory(['h1,'], { plugins }),
        (e) => e instanceof InputError && /No inventory plugins available/.test(e.message),
      );
    assert.equal(loadInventory(['h1,'], { plugins: ['amazon.aws.aws_ec2'] }).hosts.size, 0);
    assert.deepEqual(
      [...loadInventory(['h1,'], { plugins: ['ansible.builtin.host_list'] }).hosts.keys()],
      ['h1'],
    );
  });

  it('bad patterns: an invalid regex, a subscript past the end', () => {
    const file = join(dir, 'ok.ini');
    writeFileSync(file, '[web]\nw1\nw2\n');
    const inv = loadInventory([file]);
    assert.throws(
      () => selectHosts(inv, '~(web'),
      (e) => e instanceof InputError && /invalid host list pattern/.test(e.message),
    );
    assert.throws(
      () => selectHosts(inv, 'web[2]'),
      (e) => e instanceof InputError && /subscripted pattern/.test(e.message),
    );
    assert.deepEqual(selectHosts(inv, 'web[-1]'), ['w2']);
  });

  it('a group_vars file that is not a mapping', () => {
    const sub = mkdtempSync(join(dir, 'gv-'));
    writeFileSync(join(sub, 'hosts'), '[web]\nw1\n');
    const gv = join(sub, 'group_vars');
    mkdirSync(gv);
    writeFileSync(join(gv, 'web.yml'), '- not\n- a mapping\n');
    assert.throws(
      () => loadInventory([join(sub, 'hosts')]),
      (e) => e instanceof InputError && e.pos?.file === join(gv, 'web.yml') && /mapping/.test(e.message),
    );
  });
});
