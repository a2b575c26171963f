// Unit tests of the pieces that read inventory text: ranges, addresses, INI values, shlex, patterns, vars.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandHostnameRange, parseAddress } from '../../src/inventory/address.js';
import {
  groupNamesOf,
  groupsMap,
  hostVars,
  loadInventory,
  selectHosts,
  splitHostPattern,
} from '../../src/inventory/index.js';
import { iniValue } from '../../src/util/py-literal.js';
import { shlexSplit } from '../../src/inventory/shlex.js';

describe('inventory: parts', () => {
  it('expands host ranges: numbers with padding, letters, strides, several ranges', () => {
    assert.deepEqual(expandHostnameRange('node[01:03]'), ['node01', 'node02', 'node03']);
    assert.deepEqual(expandHostnameRange('n[a:c].lab'), ['na.lab', 'nb.lab', 'nc.lab']);
    assert.deepEqual(expandHostnameRange('s[0:10:4]'), ['s0', 's4', 's8']);
    assert.deepEqual(expandHostnameRange('r[1:2]-[x:y]'), ['r1-x', 'r1-y', 'r2-x', 'r2-y']);
    assert.deepEqual(expandHostnameRange('z[:1]'), ['z0', 'z1']);
  });

  it('splits host:port, [v6]:port and keeps bare IPv6 whole', () => {
    assert.deepEqual(parseAddress('web1:2222', true), { host: 'web1', port: 2222 });
    assert.deepEqual(parseAddress('[2001:db8::1]:22', true), { host: '2001:db8::1', port: 22 });
    assert.deepEqual(parseAddress('fe80::1', true), { host: 'fe80::1', port: undefined });
    assert.deepEqual(parseAddress('node[01:10]:22', true), { host: 'node[01:10]', port: 22 });
    assert.equal(parseAddress('not a host', true), undefined);
  });

  it("judges ASCII names as Ansible's hostname pattern does (labels end in a letter or digit)", () => {
    for (const ok of ['a', '_a', 'a-b.c_d', 'web01.example.com', 'x.y9'])
      assert.deepEqual(parseAddress(ok, false), { host: ok, port: undefined }, ok);
    for (const bad of ['_', 'a-', 'a_', '-a', 'a..b', 'a.', '.a', 'a-.b'])
      assert.equal(parseAddress(bad, false), undefined, bad);
    assert.deepEqual(parseAddress('café.lan', false), { host: 'café.lan', port: undefined });
  });

  it('reads INI values as Python literals, else as text', () => {
    assert.equal(iniValue('42'), 42);
    assert.equal(iniValue('True'), true);
    assert.equal(iniValue('yes'), 'yes');
    assert.equal(iniValue('None'), null);
    assert.equal(iniValue("'quoted'"), 'quoted');
    assert.equal(iniValue('0755'), '0755');
    assert.equal(iniValue('0x1F'), 31);
    assert.equal(iniValue('1 # comment'), 1);
    assert.deepEqual(iniValue("[1, 'a', (2, 3)]"), [1, 'a', [2, 3]]);
    assert.deepEqual(iniValue("{'k': {'n': None}}"), { k: { n: null } });
    assert.equal(iniValue('[1, yes]'), '[1, yes]');
  });

  it('splits host lines like shlex (quotes, escapes, comments)', () => {
    assert.deepEqual(shlexSplit(`h1 a="two words" b='x y' c=d\\ e # comment`), [
      'h1',
      'a=two words',
      'b=x y',
      'c=d e',
    ]);
    assert.deepEqual(shlexSplit('h1 a="q\\"q"'), ['h1', 'a=q"q']);
  });

  it('splits patterns on commas, or on colons outside brackets', () => {
    assert.deepEqual(splitHostPattern('web:&db:!x'), ['web', '&db', '!x']);
    assert.deepEqual(splitHostPattern('web[1:2]:db'), ['web[1:2]', 'db']);
    assert.deepEqual(splitHostPattern('a, b ,c'), ['a', 'b', 'c']);
    assert.deepEqual(splitHostPattern('fe80::1'), ['fe80::1']);
  });

  describe('on an inventory', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'fabplay-inv-parts-'));
      writeFileSync(
        join(dir, 'hosts'),
        '[web]\nw1 v=host\nw2\n[db]\nd1\n[prod:children]\nweb\ndb\n[prod:vars]\nv=prod\nx=prod\n[web:vars]\nv=web\n[all:vars]\nv=all\ny=all\n',
      );
      writeFileSync(join(dir, 'limit.txt'), 'w2\nd1\n');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('merges vars: all, then groups by depth, then the host', () => {
      const inv = loadInventory([join(dir, 'hosts')]);
      // inventory_file and inventory_dir: the source that named the host first, as Ansible sets them
      const source = { inventory_file: join(dir, 'hosts'), inventory_dir: dir };
      assert.deepEqual(hostVars(inv, 'w1'), { ...source, v: 'host', x: 'prod', y: 'all' });
      assert.deepEqual(hostVars(inv, 'w2'), { ...source, v: 'web', x: 'prod', y: 'all' });
      assert.deepEqual(hostVars(inv, 'd1'), { ...source, v: 'prod', x: 'prod', y: 'all' });
    });

    it('gives groups and group_names', () => {
      const inv = loadInventory([join(dir, 'hosts')]);
      assert.deepEqual(groupsMap(inv), {
        all: ['w1', 'w2', 'd1'],
        ungrouped: [],
        web: ['w1', 'w2'],
        db: ['d1'],
        prod: ['w1', 'w2', 'd1'],
      });
      assert.deepEqual(groupNamesOf(inv, 'w1'), ['prod', 'web']);
    });

    it('applies --limit, also from @file', () => {
      const inv = loadInventory([join(dir, 'hosts')]);
      assert.deepEqual(selectHosts(inv, 'all', 'web'), ['w1', 'w2']);
      assert.deepEqual(selectHosts(inv, 'prod', '!w1'), ['w2', 'd1']);
      assert.deepEqual(selectHosts(inv, 'all', `@${join(dir, 'limit.txt')}`), ['w2', 'd1']);
    });

    it('makes up the implicit localhost, outside every group', () => {
      const inv = loadInventory([join(dir, 'hosts')]);
      assert.deepEqual(selectHosts(inv, 'localhost'), ['localhost']);
      assert.equal(inv.hosts.get('localhost')?.vars['ansible_connection'], 'local');
      // as Ansible gives it the controller's own Python
      assert.match(String(inv.hosts.get('localhost')?.vars['ansible_python_interpreter']), /python3$/);
      assert.deepEqual(selectHosts(inv, 'all'), ['w1', 'w2', 'd1']);
    });

    it('gives the implicit localhost its host_vars/ file beside the playbook', () => {
      const pd = join(dir, 'play');
      mkdirSync(join(pd, 'host_vars'), { recursive: true });
      writeFileSync(join(pd, 'host_vars', 'localhost.yml'), 'foo: from-host-vars\n');
      const inv = loadInventory([join(dir, 'hosts')], { playbookDir: pd });
      assert.equal(hostVars(inv, 'localhost').foo, undefined);
      selectHosts(inv, 'localhost');
      assert.equal(hostVars(inv, 'localhost').foo, 'from-host-vars');
      assert.equal(hostVars(inv, 'localhost').ansible_connection, 'local');
    });
  });
});
