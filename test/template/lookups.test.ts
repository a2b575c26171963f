import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Templar, UnsafeText, markUnsafe } from '../../src/template/index.js';
import { setVaultSecrets } from '../../src/vault/keyring.js';
import { encryptVault } from '../../src/vault/secrets.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

const render = (expr: string, vars: Record<string, unknown> = {}): unknown =>
  new Templar(vars).template(expr);

describe('lookups: subelements, first_found', () => {
  const users = [
    { name: 'a', keys: [1, 2] },
    { name: 'b', keys: [] },
    { name: 'c', skipped: true, keys: [9] },
    { name: 'd', keys: [3] },
  ];

  it('subelements pairs each element with each sub-item, the sub-list taken out', () => {
    assert.deepEqual(render("{{ query('subelements', users, 'keys') }}", { users }), [
      [{ name: 'a' }, 1],
      [{ name: 'a' }, 2],
      [{ name: 'd' }, 3],
    ]);
  });

  it('subelements fails on a missing key unless skip_missing', () => {
    const vars = { xs: [{ name: 'a' }] };
    assert.throws(() => render("{{ query('subelements', xs, 'keys') }}", vars), /could not find 'keys' key/);
    assert.deepEqual(render("{{ query('subelements', xs, 'keys', {'skip_missing': true}) }}", vars), []);
  });

  it('subelements follows a dotted path and checks the list', () => {
    const vars = { xs: [{ n: 1, a: { b: ['x'] } }], ys: [{ a: 'text' }] };
    assert.deepEqual(render("{{ query('subelements', xs, 'a.b') }}", vars), [[{ n: 1, a: {} }, 'x']]);
    assert.throws(
      () => render("{{ query('subelements', ys, 'a') }}", vars),
      /the key a should point to a list/,
    );
  });

  it("first_found with errors='ignore' gives nothing instead of failing", () => {
    assert.equal(render("{{ lookup('first_found', ['/no/such/file'], errors='ignore') }}"), '');
    assert.throws(() => render("{{ lookup('first_found', ['/no/such/file']) }}"), /No file was found/);
  });

  it('first_found: files and paths split on separators, skip, absolute names', () => {
    const params = { files: 'not/a/file.yaml;hosts', paths: 'not/a/path:/etc' };
    assert.equal(render("{{ lookup('first_found', params) }}", { params }), '/etc/hosts');
    const nothing = { files: ['not/a/file.yaml'], skip: true };
    assert.deepEqual(render("{{ query('first_found', nothing) }}", { nothing }), []);
    const abs = { files: ['/etc/hosts'], paths: ['/nowhere'] };
    assert.equal(render("{{ lookup('first_found', abs) }}", { abs }), '/etc/hosts');
  });

  it('is_dir / is_file / is_abs tests', () => {
    assert.equal(render("{{ '/' is is_dir }} {{ '/' is is_file }} {{ 'x' is is_abs }}"), 'True False False');
  });
});

describe('lookups: pipe, fileglob', () => {
  const dir = tempDirUntilExit('lookups');
  for (const f of ['a.txt', 'b.txt', '.h.txt', 'c.log']) writeFileSync(join(dir, f), '');
  mkdirSync(join(dir, 'files', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'files', 'sub', 'x.cfg'), '');
  const inDir = (expr: string): unknown => new Templar({}, { searchPaths: [dir] }).template(expr);

  it('pipe runs each term in the shell from the last search path, output right-stripped', () => {
    assert.deepEqual(inDir("{{ query('pipe', 'ls *.log', 'printf \"x  \\n\"') }}"), ['c.log', 'x']);
    assert.throws(() => inDir("{{ lookup('pipe', 'exit 4') }}"), /pipe\(exit 4\) returned 4/);
  });

  it('fileglob matches regular files only, no leading dot unless asked', () => {
    const names = (expr: string): string[] => (inDir(expr) as string[]).map((p) => basename(p)).sort();
    assert.deepEqual(names(`{{ query('fileglob', '${dir}/*.txt') }}`), ['a.txt', 'b.txt']);
    assert.deepEqual(names(`{{ query('fileglob', '${dir}/.h*') }}`), ['.h.txt']);
    assert.deepEqual(names("{{ query('fileglob', 'sub/*.cfg') }}"), ['x.cfg']);
    assert.deepEqual(names("{{ query('fileglob', '*') }}"), ['a.txt', 'b.txt', 'c.log']);
    assert.deepEqual(inDir("{{ query('fileglob', 'nowhere/*') }}"), []);
  });
});

describe("lookups: terms are templated again (Ansible's listify_lookup_plugin_terms)", () => {
  const registered = (stdout: string): Record<string, unknown> =>
    markUnsafe({ rc: 0, stdout, stdout_lines: [stdout] });

  it('a term written in the playbook is templated once more', () => {
    const vars = { greeting: 'hi', py: { executable: '/bin/echo' } };
    assert.equal(render("{{ lookup('pipe', '{{ py[\"executable\"] }} {{ greeting }}') }}", vars), 'hi');
    assert.deepEqual(render("{{ query('items', ['{{ greeting }}', 2]) }}", vars), ['hi', 2]);
  });

  it('a term holding host data stays literal, also when it holds {{ }}', () => {
    const vars = { secret: 'S3CRET', out: registered('{{ secret }}'), box: new UnsafeText('{{ secret }}') };
    assert.equal(render("{{ lookup('pipe', 'printf %s \"' ~ out.stdout ~ '\"') }}", vars), '{{ secret }}');
    assert.equal(render("{{ lookup('vars', 'box') }}", vars), '{{ secret }}');
    assert.deepEqual(render("{{ query('items', out.stdout_lines) }}", vars), ['{{ secret }}']);
    assert.deepEqual(render("{{ query('items', box) }}", vars), ['{{ secret }}']);
  });

  it("env reads the variable a term's first word names", () => {
    assert.equal(render("{{ lookup('env', 'HOME PATH') }}"), process.env.HOME);
    assert.throws(() => render("{{ lookup('env', ' ') }}"), /list index out of range/);
  });

  it("the plugin's name and keyword arguments are not terms", () => {
    assert.equal(render("{{ lookup('env', 'NO_SUCH_VAR_X', default='{{ 1 }}') }}"), '{{ 1 }}');
  });
});

describe('lookups: lines', () => {
  it("gives each term's output lines, and fails on a failing command", () => {
    const t = new Templar({});
    assert.deepEqual(t.template("{{ query('lines', 'printf \"a\\nb\\n\"', 'echo c') }}"), ['a', 'b', 'c']);
    assert.equal(t.template("{{ lookup('lines', 'echo one') }}"), 'one');
    assert.throws(() => t.template("{{ lookup('lines', 'exit 2') }}"), /lines\(exit 2\) returned 2/);
  });
});

describe('filters: fileglob', () => {
  it('globs regular files, wildcards in any segment, no leading dot', () => {
    const dir = tempDirUntilExit('fglob');
    mkdirSync(join(dir, 'd1'));
    mkdirSync(join(dir, 'd2'));
    for (const f of ['d1/a.txt', 'd2/b.txt', 'd2/.h.txt', 'c.txt']) writeFileSync(join(dir, f), '');
    const glob = (p: string): string[] =>
      (render(`{{ '${p}' | fileglob }}`) as string[]).map((x) => x.slice(dir.length + 1));
    assert.deepEqual(glob(`${dir}/*/*.txt`), ['d1/a.txt', 'd2/b.txt']);
    assert.deepEqual(glob(`${dir}/*`), ['c.txt']);
    assert.deepEqual(glob(`${dir}/d2/.h*`), ['d2/.h.txt']);
    assert.deepEqual(render(`{{ '${dir}/nothing*' | fileglob }}`), []);
  });
});

describe('a Templar with noLookups (arguments rendered ahead of time, loop-prefetch.ts)', () => {
  it('fails a lookup or query instead of running it, through a variable too', () => {
    const dir = tempDirUntilExit('fabplay-nolookups');
    writeFileSync(join(dir, 'f'), 'data');
    const vars = { via: "{{ lookup('file', 'f') }}" };
    const t = (noLookups: boolean) => new Templar(vars, { searchPaths: [dir], noLookups });
    assert.equal(t(false).template('{{ via }}'), 'data');
    assert.throws(() => t(true).template('{{ via }}'), /lookups are not run/);
    assert.throws(() => t(true).template("{{ query('file', 'f') }}"), /lookups are not run/);
    assert.equal(t(true).template('{{ 1 + 1 }}'), '2');
  });
});

describe('lookups: inventory_hostnames, random_choice', () => {
  const groups = { all: ['a1', 'a2', 'b1'], ungrouped: [], a: ['a1', 'a2'], b: ['b1', 'a2'] };

  it('matches host patterns against the groups variable', () => {
    const q = (p: string): unknown => render(`{{ query('inventory_hostnames', '${p}') }}`, { groups });
    assert.deepEqual(q('a'), ['a1', 'a2']);
    assert.deepEqual(q('a:&b'), ['a2']);
    assert.deepEqual(q('all:!b'), ['a1']);
    assert.deepEqual(q('*1'), ['a1', 'b1']);
    assert.deepEqual(q('a[1]'), ['a2']);
    // nothing for a pattern matching nothing or failing (a subscript past the end)
    assert.deepEqual(q('nothing'), []);
    assert.deepEqual(q('a[5]'), []);
  });

  it('random_choice gives one of its terms, and nothing for none', () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 40; i++) seen.add(render("{{ lookup('random_choice', 'x', 'y') }}"));
    assert.deepEqual([...seen].sort(), ['x', 'y']);
    assert.deepEqual(render("{{ query('random_choice') }}"), []);
  });
});

describe('lookups: unvault and vaulted files', () => {
  const dir = tempDirUntilExit('unvault');
  const secret = { id: 'default', password: Buffer.from('pw') };
  writeFileSync(join(dir, 'v.txt'), encryptVault('lookup-vault-7q\n\n', secret));
  writeFileSync(join(dir, 'p.txt'), 'plain\n');
  const inDir = (expr: string): unknown => new Templar({}, { searchPaths: [dir] }).template(expr);
  before(() => setVaultSecrets([secret]));
  after(() => setVaultSecrets([]));

  it('unvault gives a file whole, opened if vaulted; file strips it', () => {
    assert.deepEqual(inDir("{{ query('unvault', 'v.txt', 'p.txt') }}"), ['lookup-vault-7q\n\n', 'plain\n']);
    assert.equal(inDir("{{ lookup('file', 'v.txt') }}"), 'lookup-vault-7q');
    assert.throws(
      () => inDir("{{ lookup('unvault', 'none.txt') }}"),
      /Unable to find file matching "none.txt"/,
    );
  });

  it('a wrong password fails the lookup', () => {
    setVaultSecrets([{ id: 'default', password: Buffer.from('wrong') }]);
    try {
      assert.throws(() => inDir("{{ lookup('unvault', 'v.txt') }}"), /v\.txt/);
    } finally {
      setVaultSecrets([secret]);
    }
  });
});

describe("lookups: errors=, wantlist=, allow_unsafe= (the Templar's own options)", () => {
  it("errors='ignore' or 'warn' give None (lookup) or [] (query) for a failing plugin", () => {
    assert.equal(render("{{ lookup('file', '/no/such', errors='ignore') is none }}"), true);
    assert.deepEqual(render("{{ query('file', '/no/such', errors='warn') }}"), []);
    assert.throws(
      () => render("{{ lookup('file', '/no/such', errors='other') }}"),
      /could not locate file in lookup: \/no\/such/,
    );
  });

  it('an undefined variable or a refused option still fails', () => {
    assert.throws(() => render("{{ lookup('vars', 'nope', errors='ignore') }}"), /No variable found/);
    assert.throws(
      () => render("{{ lookup('config', 'X', on_missing='boo', errors='ignore') }}"),
      /on_missing/,
    );
    assert.throws(
      () => render("{{ lookup('env', 'HOME', allow_unsafe=True, errors='ignore') }}"),
      /allow_unsafe=True is not supported/,
    );
  });

  it('an empty result is a list for lookup() too', () => {
    assert.deepEqual(render("{{ lookup('items', []) }}"), []);
    assert.deepEqual(render("{{ lookup('items', ['a'], wantlist=True) }}"), ['a']);
  });
});

describe("lookups: errors='ignore' spares a lookup's failure, not its options error", () => {
  it("ini's inline options with no key fail anyway, a missing ini file does not", () => {
    assert.throws(
      () => render("{{ lookup('ini', 'file=x.ini section=s', errors='ignore') }}"),
      /No key to lookup was provided/,
    );
    assert.deepEqual(render("{{ query('ini', 'k', file='/no/such.ini', errors='ignore') }}"), []);
  });
});
