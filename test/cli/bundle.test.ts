import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalogNames } from '../../src/modules/catalog.js';
import { repoRoot, runCli, type CliResult } from '../helpers/cli.js';

/**
 * The built CLI (bin/fabplay.js running dist/fabplay.cjs, the bundle `npm run build` makes, with
 * V8's code cache) against the sources on the same inputs: every part the CLI loads only when a
 * run needs it (modules, the template engine, vault, includes, the other commands) must be in the
 * bundle and behave the same.
 */

const bundle = join(repoRoot, 'dist', 'fabplay.cjs');
const loader = pathToFileURL(join(repoRoot, 'bin', 'load-bundle.js')).href;

/** What a plain `node` (the flags bin/fabplay.js runs with) makes of a bundle and its cache. */
function loadInPlainNode(file: string): { cacheUsed: boolean; main: string } {
  const code =
    `import { loadBundle } from ${JSON.stringify(loader)};` +
    `const b = loadBundle(${JSON.stringify(file)});` +
    'console.log(JSON.stringify({ cacheUsed: b.cacheUsed, main: typeof b.exports.main }));';
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }),
  );
}

/** A run's output with what differs from run to run (the total time) taken out. */
const steady = (r: CliResult) => ({
  code: r.code,
  stdout: r.stdout.replace(/^total time: .*$/m, 'total time: T'),
  stderr: r.stderr,
});

const PLAYBOOK = `- hosts: here
  gather_facts: false
  vars:
    words: [b, a, c]
  tasks:
    - name: a template, filters and a vaulted variable
      template:
        src: t.j2
        dest: "{{ out }}/t.txt"
      notify: said
    - copy:
        content: "{{ words | sort | to_json | b64encode }}\\n"
        dest: "{{ out }}/c.txt"
    - file:
        path: "{{ out }}/d"
        state: directory
    - command: cat {{ out }}/c.txt
      register: c
      changed_when: false
    - stat:
        path: "{{ out }}/t.txt"
      register: st
    - include_tasks: more.yml
    - debug:
        msg: "{{ c.stdout | b64decode }} {{ st.stat.size }} {{ secret | length }}"
      when: not ansible_check_mode
  handlers:
    - name: said
      debug:
        msg: handler ran
`;

describe('the built CLI (bin/fabplay.js, the bundle of npm run build)', function () {
  this.timeout(120000);
  let dir: string;

  before(function () {
    assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build first`);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-bundle-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("runs with the build's code cache in a plain node", () => {
    assert.deepEqual(loadInPlainNode(bundle), { cacheUsed: true, main: 'function' });
  });

  it('leaves aside a cache written before its bundle, and still runs', () => {
    mkdirSync(join(dir, 'dist'));
    const copy = join(dir, 'dist', 'fabplay.cjs');
    copyFileSync(bundle, copy);
    copyFileSync(`${bundle}.cache`, `${copy}.cache`);
    assert.deepEqual(loadInPlainNode(copy), { cacheUsed: true, main: 'function' });
    const bundleTime = statSync(copy).mtime;
    utimesSync(`${copy}.cache`, bundleTime, new Date(bundleTime.getTime() - 10000));
    assert.deepEqual(loadInPlainNode(copy), { cacheUsed: false, main: 'function' });
  });

  it('runs a playbook as the sources do: first run, re-run, check and diff', async () => {
    const pw = join(dir, 'pw');
    writeFileSync(pw, randomBytes(8).toString('hex'));
    const vaulted = await runCli(
      ['vault', 'encrypt_string', '--vault-password-file', pw, '--name', 'secret', 'abcd'],
      {
        built: true,
      },
    );
    assert.equal(vaulted.code, 0, vaulted.stderr);
    writeFileSync(join(dir, 'vars.yml'), vaulted.stdout);
    writeFileSync(
      join(dir, 't.j2'),
      '{% for w in words %}{{ loop.index }}={{ w | upper }}\n{% endfor %}' +
        // Python's string escapes and a lone #}: nunjucks' lexer as fabplay patches it, one copy
        '{{ "\\x41\\S" }} #}\n',
    );
    writeFileSync(join(dir, 'more.yml'), '- set_fact:\n    joined: "{{ words | join(\'-\') }}"\n');
    writeFileSync(join(dir, 'site.yml'), PLAYBOOK);
    writeFileSync(join(dir, 'hosts'), 'here ansible_connection=local\n');
    const run = async (built: boolean, out: string, extra: string[] = []) =>
      steady(
        await runCli(
          [
            'run',
            'site.yml',
            '-i',
            'hosts',
            '-e',
            '@vars.yml',
            '-e',
            `out=${out}`,
            '--vault-password-file',
            pw,
            ...extra,
          ],
          { cwd: dir, built, env: { NO_COLOR: '1' } },
        ),
      );
    for (const extra of [['--check', '--diff'], [], [], ['--check', '--diff']]) {
      const [b, s] = [join(dir, 'b'), join(dir, 's')];
      mkdirSync(b, { recursive: true });
      mkdirSync(s, { recursive: true });
      const fromBundle = await run(true, b, extra);
      const fromSources = await run(false, s, extra);
      assert.equal(fromBundle.code, 0, fromBundle.stdout + fromBundle.stderr);
      assert.deepEqual(fromBundle, JSON.parse(JSON.stringify(fromSources).replaceAll(s, b)), extra.join(' '));
    }
    const last = await run(true, join(dir, 'b'));
    assert.match(last.stdout, /"msg": "\[\\"a\\", \\"b\\", \\"c\\"\] 19 4"/);
    assert.equal(readFileSync(join(dir, 'b', 't.txt'), 'utf8'), '1=B\n2=A\n3=C\nA\\S #}\n');
    assert.match(last.stdout, /here\s+: ok=\d+\s+changed=0 /);
  });

  it("templates as the sources do where fabplay patches nunjucks' lexer and parser", async () => {
    // differential fixtures on Jinja2 syntax nunjucks lacks: adjacent, escaped and raw strings,
    // number and tuple literals, comments, inline if, whitespace control
    const fixtures = join(repoRoot, 'test/fixtures/differential');
    for (const name of [
      '30-escapes.yml',
      '128-float-literals-arithmetic.yml',
      '167-tuple-literals.yml',
      '224-adjacent-string-literals.yml',
      '350-inline-if-without-else.yml',
      '29-folded-expression.yml',
    ]) {
      const args = ['run', join(fixtures, name), '-i', join(fixtures, 'hosts.ini')];
      const [b, s] = await Promise.all([runCli(args, { built: true, cwd: dir }), runCli(args, { cwd: dir })]);
      assert.ok(/ok=\d+/.test(b.stdout), `${name}: ${b.stdout}${b.stderr}`);
      assert.deepEqual(steady(b), steady(s), name);
    }
  });

  it('gives the other commands as the sources do', async () => {
    const inv = join(repoRoot, 'test/fixtures/inventories/yaml-basic');
    for (const args of [
      ['--version'],
      ['--help'],
      ['inventory', '-i', inv, '--list'],
      ['inventory', '-i', inv, '--graph'],
      ['validate', join(repoRoot, 'test/fixtures/playbooks/smoke/site.yml'), '-i', inv],
      ['run', join(dir, 'missing.yml'), '-i', inv],
    ]) {
      const [b, s] = await Promise.all([runCli(args, { built: true }), runCli(args)]);
      assert.deepEqual(steady(b), steady(s), args.join(' '));
    }
  });

  it('loads every module of the catalog from the bundle, as the sources do', async () => {
    // validate loads the modules its tasks name (to check their arguments) and runs none; in the
    // bundle, a file loaded by name and missing from the bundle's table fails there
    const names = catalogNames().filter((n) => !n.includes('.'));
    const tasks = names.map((n) => `    - ${n}: ${n === 'meta' ? 'noop' : '{}'}\n      when: false\n`);
    writeFileSync(
      join(dir, 'all.yml'),
      `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks.join('')}`,
    );
    writeFileSync(join(dir, 'hosts'), 'localhost ansible_connection=local\n');
    const args = ['validate', join(dir, 'all.yml'), '-i', join(dir, 'hosts')];
    const [b, s] = await Promise.all([runCli(args, { built: true }), runCli(args)]);
    assert.ok(names.length > 60, `${names.length} modules`);
    assert.doesNotMatch(b.stderr + b.stdout, /not in the bundle|internal error/);
    assert.match(b.stderr + b.stdout, /blockinfile: missing required arguments: path/);
    assert.deepEqual(steady(b), steady(s));
  });

  it("loads nunjucks from the bundle, and leaves Node's crypto, child_process, fs/promises, v8 and tty (chalk's) out of a run that does not use them", () => {
    writeFileSync(
      join(dir, 'one.yml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: "{{ \'hi\' | upper }}"\n',
    );
    writeFileSync(join(dir, 'hosts'), 'localhost ansible_connection=local\n');
    // what Node loaded, and the files it compiled for require, written as the run ends
    writeFileSync(
      join(dir, 'loaded.cjs'),
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(join(dir, 'loaded.json'))}, ` +
        'JSON.stringify({ builtins: process.moduleLoadList, files: Object.keys(require.cache) })));',
    );
    const out = execFileSync(
      process.execPath,
      ['-r', join(dir, 'loaded.cjs'), join(repoRoot, 'bin', 'fabplay.js'), 'run', 'one.yml', '-i', 'hosts'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, FABPLAY_RETRY_DIR: join(dir, 'retry') } },
    );
    assert.match(out, /"msg": "HI"/);
    const loaded = JSON.parse(readFileSync(join(dir, 'loaded.json'), 'utf8')) as {
      builtins: string[];
      files: string[];
    };
    for (const m of ['crypto', 'child_process', 'internal/fs/promises', 'v8', 'tty'])
      assert.ok(!loaded.builtins.includes(`NativeModule ${m}`), `${m} was loaded`);
    assert.ok(loaded.builtins.includes('NativeModule vm'), 'the list is the one of the run');
    assert.deepEqual(
      loaded.files.filter((f) => f.includes(`${join('node_modules', 'nunjucks')}`)),
      [],
      'nunjucks compiled apart from the bundle',
    );
  });
});
