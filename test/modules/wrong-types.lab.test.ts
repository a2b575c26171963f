import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { useLab } from '../helpers/lab.js';
import { labPlaybooks } from './lab-playbook.js';

// Values of the wrong type are known only at run time (they may come from templates): each task
// fails on its own, naming the module and the argument, writes nothing, and no stack trace shows.
const TASKS = `
    - { name: copy mode list, copy: { dest: /srv/wt/c, content: a, mode: [1] } }
    - { name: copy backup word, copy: { dest: /srv/wt/c, content: a, backup: maybe } }
    - { name: copy backup kv, copy: "dest=/srv/wt/c content=a backup=maybe" }
    - { name: file mode range, file: { path: /srv/wt, mode: 99999 } }
    - { name: file mode text, file: { path: /srv/wt, mode: "rw-r--r--" } }
    - { name: lineinfile create, lineinfile: { path: /srv/wt/l, line: a, create: perhaps } }
    - { name: blockinfile mode, blockinfile: { path: /srv/wt/b, block: a, create: true, mode: { a: 1 } } }
    - { name: replace backup, replace: { path: /srv/wt/r, regexp: a, backup: [true] } }
    - { name: wait_for timeout, wait_for: { path: /etc/hostname, timeout: soon } }
    - { name: wait_for port, wait_for: "port=abc timeout=1" }
    - { name: wait_for port range, wait_for: { port: 70000, timeout: 60 } }
    - { name: get_url timeout, get_url: { url: "http://127.0.0.1:9/x", dest: /srv/wt/g, timeout: soon } }
    - { name: uri status_code, uri: { url: "http://127.0.0.1:9/", status_code: abc } }
    - { name: fetch flat, fetch: { src: /etc/hostname, dest: FETCHDIR, flat: sometimes } }
    - { name: script creates, script: { cmd: /bin/true, creates: { a: 1 } } }
    - { name: shell chdir, shell: { cmd: "touch /srv/wt/s", chdir: [1] } }
    - { name: command argv, command: { argv: "touch /srv/wt/k" } }
    - { name: assemble delimiter, assemble: { src: /etc/default, dest: /srv/wt/a, delimiter: [1] } }
    - { name: stat checksum, stat: { path: /etc/hostname, get_checksum: hmm } }
    - { name: find recurse, find: { paths: /etc, recurse: deep } }
    - { name: find age, find: { paths: /etc, age: soon } }
    - { name: tempfile prefix, tempfile: { path: /srv/wt, prefix: [a] } }
`;

/** the executor's check of the module's schema: "FILE:LINE:COL: module 'copy': argument 'mode' must be ..." */
const mustBe = (mod: string, arg: string, what = '') =>
  new RegExp(`^\\S+:\\d+:\\d+: module '${mod}': argument '${arg}' must be ${what}`);
const notAnInt = (arg: string): RegExp =>
  new RegExp(`^argument '${arg}' is of type <class 'str'> and we were unable to convert to int: `);

/** what each task's message must say */
const WANT: Record<string, RegExp> = {
  'copy mode list': mustBe('copy', 'mode'),
  'copy backup word': mustBe('copy', 'backup'),
  'copy backup kv': mustBe('copy', 'backup'),
  'file mode range':
    /^argument 'mode': mode 99999 is not a permission mode \(0 to 07777\); quote octal modes/,
  'file mode text': /^argument 'mode': mode must be in octal or symbolic form, got 'rw-r--r--'$/,
  'lineinfile create': mustBe('lineinfile', 'create'),
  'blockinfile mode': mustBe('blockinfile', 'mode'),
  'replace backup': mustBe('replace', 'backup'),
  // an int argument: Ansible's argument spec words (modules/lib/int-args.ts)
  'wait_for timeout': notAnInt('timeout'),
  'wait_for port': notAnInt('port'),
  'wait_for port range': /^port must be 0 to 65535, got 70000$/,
  'get_url timeout': notAnInt('timeout'),
  'uri status_code': /^status_code must be HTTP status codes \(100-599\), got "abc"$/,
  'fetch flat': mustBe('fetch', 'flat'),
  'script creates': mustBe('script', 'creates', 'string$'),
  'shell chdir': mustBe('shell', 'chdir', 'string$'),
  'command argv': mustBe('command', 'argv', 'array$'),
  'assemble delimiter': mustBe('assemble', 'delimiter', 'string$'),
  'stat checksum': mustBe('stat', 'get_checksum'),
  'find recurse': mustBe('find', 'recurse'),
  'find age': /^failed to process age$/,
  'tempfile prefix': mustBe('tempfile', 'prefix', 'string$'),
};

describe('wrong-type arguments over SSH on a lab host @lab', function () {
  this.timeout(300000);
  const lab = useLab({ hosts: 1 });
  const { dir, playbook, run, snapshot } = labPlaybooks(lab, 'fp-wrong-types-');

  before(async () => {
    const r = await lab.exec('h1', 'mkdir -p /srv/wt');
    assert.equal(r.rc, 0, r.stderr);
  });

  it('fail at run time with the module and argument named, write nothing, and show no stack trace', async () => {
    // every case may fail; text numbers (key=value form, templates) still pass as numbers
    const tasks =
      TASKS.replace(/ }\n/g, ', ignore_errors: true }\n').replace('FETCHDIR', `${dir}/`) +
      '    - { name: text numbers, wait_for: "path=/etc/hostname timeout=5 sleep=1" }\n';
    const pb = playbook(tasks, 'site.yml');
    const before = snapshot();
    const started = Date.now();
    const res = await run(pb);
    assert.ok(Date.now() - started < 50000, 'no task waited for its timeout');
    assert.equal(res.r.code, 0, res.r.stderr + res.r.stdout);
    for (const [name, want] of Object.entries(WANT)) {
      const e = res.byTask.get(name);
      assert.equal(e?.status, 'failed', `${name}: ${JSON.stringify(e)}`);
      assert.match(String(e?.result?.msg), want, `${name}: ${e?.result?.msg}`);
    }
    assert.equal(res.byTask.get('text numbers')?.status, 'ok');
    assert.equal(res.byTask.size, Object.keys(WANT).length + 1, 'every task has its expected message');
    assert.equal(snapshot(), before, 'no failing task wrote anything');
    // preflight saw each literal mistake before any host was touched: a warning, as the task is
    // guarded by ignore_errors (Ansible runs the play); the failure itself comes at run time
    assert.match(
      res.r.stderr,
      /^\[WARNING\]: \S+site\.yml:4:\d+: task "copy mode list": copy: argument 'mode'/m,
    );
    assert.doesNotMatch(res.r.stderr, /^\s+at .*:\d+:\d+\)?$/m, 'no stack trace');

    // the human output: each failure right under its task's header, and no stack trace anywhere
    const human = await runCli(['run', pb, '-i', lab.inventory]);
    assert.equal(human.code, 0, human.stderr);
    for (const [name, want] of Object.entries(WANT)) {
      const at = human.stdout.indexOf(`TASK [${name}] `);
      assert.ok(at >= 0, `${name}: ${human.stdout}`);
      const failure = /^fatal: \[h1\]: FAILED! => (.*)$/m.exec(human.stdout.slice(at))!;
      assert.match(String((JSON.parse(failure[1]!) as { msg?: string }).msg), want, name);
    }
    assert.doesNotMatch(human.stdout + human.stderr, /^\s+at .*:\d+:\d+\)?$/m, 'no stack trace');
  });
});
