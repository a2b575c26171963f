import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtBin, interruptGroup, runCli, type CliResult } from '../helpers/cli.js';
import { alive } from '../helpers/alive.js';
import {
  ranBy,
  serverOf,
  socketPath as socketPathOf,
  startServer as startServerOf,
  steady,
  until,
  warmEnv as warmEnvOf,
  WHO_TASK,
} from './warm-server.js';

/**
 * Warm runs (FABPLAY_WARM_RUNS=1, src/warm/): the built CLI hands `run` to a fabplay process that
 * stays up between runs. What a user sees must be what a run of its own gives, and nothing of one
 * run may reach the next. Which process ran a task shows in a pipe lookup's `$PPID`: the shell's
 * parent is the warm server, or the client when it ran the command itself.
 */

const HOSTS = 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n';
const WHO = `- hosts: localhost
  gather_facts: false
  tasks:
${WHO_TASK}`;

let runtime: string;
let work: string;
let serverPid: number | undefined;

const warmEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => warmEnvOf(runtime, extra);
const socketPath = (): string => socketPathOf(runtime);
const startServer = async (env: NodeJS.ProcessEnv = {}): Promise<number> =>
  (serverPid = await startServerOf(runtime, env));

function write(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A vars file encrypted with `password` holding `s: VALUE`, and v.yml showing `msg` with it. */
function vaulted(dir: string, password: string, value: string, msg: string): void {
  write(dir, { hosts: HOSTS, pw: `${password}\n`, 'plain.yml': `s: ${value}\n` });
  execFileSync(process.execPath, [builtBin, 'vault', 'encrypt', '--vault-password-file', 'pw', 'plain.yml'], {
    cwd: dir,
  });
  write(dir, {
    'v.yml': `- hosts: localhost
  gather_facts: false
  vars_files: [plain.yml]
  tasks:
    - debug:
        msg: "${msg}"
`,
  });
}

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> =>
  runCli(['run', ...args], { built: true, cwd, env, input });

describe('warm runs (FABPLAY_WARM_RUNS=1): one fabplay process serving runs one after another', function () {
  this.timeout(60000);

  beforeEach(() => {
    runtime = mkdtempSync(join(tmpdir(), 'fabplay-warm-runtime-'));
    work = mkdtempSync(join(tmpdir(), 'fabplay-warm-work-'));
    serverPid = undefined;
  });

  afterEach(() => {
    const pid = serverPid ?? serverOf(socketPath());
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGTERM');
    rmSync(runtime, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('gives the output and exit code a run of its own gives, run after run', async () => {
    const pid = await startServer();
    write(work, {
      hosts: HOSTS,
      'ok.yml': WHO,
      'fail.yml': WHO + '    - command: /bin/false\n    - debug: msg=never\n',
      'bad.yml': '- hosts: localhost\n  tasks:\n    - debug: msg=x\n     bad: indent\n',
      'changes.yml': `- hosts: localhost
  gather_facts: false
  tasks:
    - copy:
        content: "new\\n"
        dest: "{{ playbook_dir }}/out.txt"
`,
    });
    for (const [book, extra] of [
      ['ok.yml', []],
      ['fail.yml', []],
      ['bad.yml', []],
      ['changes.yml', ['--check', '--diff']],
      ['ok.yml', ['--unknown-flag']],
      ['fail.yml', []],
    ] as [string, string[]][]) {
      const args = [book, '-i', 'hosts', ...extra];
      const warm = await run(args, work, warmEnv());
      const own = await run(args, work, {});
      assert.deepEqual(steady(warm), steady(own), `${book} ${extra.join(' ')}`);
      if (book !== 'bad.yml' && extra.length === 0)
        assert.equal(ranBy(warm), pid, `${book}: served by the warm process`);
    }
    assert.ok(alive(pid), 'failed runs hand their code back; the server stays');
    assert.ok(!existsSync(join(work, 'out.txt')), 'check mode changed nothing');
  });

  it("runs each command in its client's environment, directory and umask", async () => {
    const pid = await startServer();
    const book = `- hosts: localhost
  gather_facts: false
  tasks:
    - debug:
        msg: "{{ lookup('env', 'WARM_X') }} {{ lookup('file', 'here.txt') }} {{ lookup('pipe', 'echo $PPID') }}"
    - copy:
        content: "x\\n"
        dest: "{{ playbook_dir }}/made.txt"
`;
    const a = write(join(work, 'a'), { hosts: HOSTS, 'p.yml': book, 'here.txt': 'in a' });
    const b = write(join(work, 'b'), { hosts: HOSTS, 'p.yml': book, 'here.txt': 'in b' });
    const sh = (dir: string, mask: string, x: string): Promise<CliResult> =>
      new Promise((resolve) => {
        const child = spawn(
          '/bin/sh',
          ['-c', `umask ${mask}; exec "$0" "$1" run p.yml -i hosts`, process.execPath, builtBin],
          { cwd: dir, env: { ...process.env, ...warmEnv({ WARM_X: x }) } },
        );
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr: '' }));
      });
    const ra = await sh(a, '027', 'one');
    const rb = await sh(b, '022', 'two');
    assert.equal(ra.code, 0, ra.stdout);
    assert.match(ra.stdout, new RegExp(`"msg": "one in a ${pid}"`));
    assert.match(rb.stdout, new RegExp(`"msg": "two in b ${pid}"`));
    // copy without mode: the file's mode follows the run's umask, as in a run of its own
    assert.equal(statSync(join(a, 'made.txt')).mode & 0o777, 0o640);
    assert.equal(statSync(join(b, 'made.txt')).mode & 0o777, 0o644);
  });

  it('forgets vault passwords, opened files and library modules between runs', async () => {
    await startServer();
    vaulted(work, 'pw-one', 'the-secret', '{{ s | length }}');
    write(work, {
      'lib/library/warm_probe.py': `#!/usr/bin/python3
import json
print(json.dumps({"changed": False, "probe": "here"}))
`,
      'lib/uses.yml': '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - warm_probe:\n',
      'nolib/uses.yml': '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - warm_probe:\n',
      'lib/hosts': HOSTS,
      'nolib/hosts': HOSTS,
      // the CLI masks what a run's vaults opened in its error messages: only that run's
      'bad.yml': '- hosts: localhost\n  tasks:\n    - debug: msg=x\n     bad: the-secret\n',
    });
    const opened = await run(['v.yml', '-i', 'hosts', '--vault-password-file', 'pw'], work, warmEnv());
    assert.equal(opened.code, 0, opened.stderr);
    assert.match(opened.stdout, /"msg": "10"/);
    for (const [dir, args] of [
      [work, ['v.yml', '-i', 'hosts']],
      [work, ['bad.yml', '-i', 'hosts']],
      [join(work, 'lib'), ['uses.yml', '-i', 'hosts']],
      [join(work, 'nolib'), ['uses.yml', '-i', 'hosts']],
    ] as [string, string[]][]) {
      const warm = await run(args, dir, warmEnv());
      const own = await run(args, dir, {});
      assert.deepEqual(steady(warm), steady(own), `${dir} ${args.join(' ')}`);
    }
    const nolib = await run(['uses.yml', '-i', 'hosts'], join(work, 'nolib'), warmEnv());
    assert.notEqual(nolib.code, 0, 'a module only the other run had is unknown here');
    const bad = await run(['bad.yml', '-i', 'hosts'], work, warmEnv());
    assert.match(bad.stderr, /bad: the-secret/);
  });

  it("reads a question's answer from the client's standard input", async () => {
    await startServer();
    vaulted(work, 'pw-two', 'abc', "{{ s | length }} {{ lookup('pipe', 'echo $PPID') }}");
    // setsid: no controlling terminal, so the question goes to stderr and the answer comes on stdin
    const piped = execFileSync(
      'setsid',
      [
        '-w',
        'sh',
        '-c',
        `printf 'pw-two\\n' | "$0" "$1" run v.yml -i hosts --ask-vault-pass`,
        process.execPath,
        builtBin,
      ],
      {
        cwd: work,
        env: { ...process.env, ...warmEnv() },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    assert.match(piped, new RegExp(`"msg": "3 ${serverPid}"`), 'a pipe: the server reads the answer');
    // a socket as stdin (a Node parent's pipe) cannot be opened through /proc: the run is handed
    // back before it has done anything, and the client asks and reads the answer itself
    const r = await runCli(['run', 'v.yml', '-i', 'hosts', '--ask-vault-pass'], {
      built: true,
      cwd: work,
      env: warmEnv(),
      input: 'pw-two\n',
      detached: true,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"msg": "3 \d+"/);
    assert.notEqual(ranBy(r), serverPid);
    assert.equal(r.stderr.split('Vault password: ').length, 2, `asked once: ${r.stderr}`);
    assert.ok(alive(serverPid!), 'the server goes on');
  });

  it('runs a command itself while the server is busy, and when its output is a terminal', async () => {
    const pid = await startServer();
    write(work, {
      hosts: HOSTS,
      'who.yml': WHO,
      'slow.yml': WHO + '    - command: sleep 3\n      changed_when: false\n',
    });
    const slow = run(['slow.yml', '-i', 'hosts'], work, warmEnv());
    await new Promise((r) => setTimeout(r, 1000));
    const other = await run(['who.yml', '-i', 'hosts'], work, warmEnv());
    assert.equal(other.code, 0, other.stderr);
    assert.notEqual(ranBy(other), pid, 'the busy server refused it: the client ran it');
    const first = await slow;
    assert.equal(first.code, 0, first.stderr);
    assert.equal(ranBy(first), pid);
    // util-linux's script gives the command a terminal: the live view is a process's own
    const tty = execFileSync(
      'script',
      ['-qec', `"${process.execPath}" "${builtBin}" run -vv who.yml -i hosts`, '/dev/null'],
      { cwd: work, env: { ...process.env, ...warmEnv(), CI: '' }, encoding: 'utf8' },
    );
    const by = ranBy(tty);
    assert.ok(by > 0 && by !== pid, `with a terminal the client runs it: ${tty}`);
  });

  it('Ctrl-C ends the run as in a run of its own, and the server with it', async () => {
    const pid = await startServer();
    write(work, { hosts: HOSTS, 'slow.yml': WHO + '    - command: sleep 30\n' });
    const r = await runCli(['run', 'slow.yml', '-i', 'hosts'], {
      built: true,
      cwd: work,
      env: warmEnv(),
      detached: true,
      onStdout: (soFar, child) => {
        if (soFar.includes('TASK [command]')) void interruptGroup(child);
      },
    });
    assert.equal(r.code, 99, r.stderr);
    assert.match(r.stderr, /ERROR: interrupted/);
    assert.equal(ranBy(r), pid);
    await until(() => !alive(pid), 'the server ends');
    assert.ok(!existsSync(socketPath()), 'its socket is removed');
    assert.ok(!existsSync(`${socketPath()}.pid`), 'and its pid file');
  });

  it('a client whose directory was removed runs the command itself, which says so', async () => {
    const pid = await startServer();
    write(work, { hosts: HOSTS, 'who.yml': WHO });
    const gone = join(work, 'gone');
    mkdirSync(gone);
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        '/bin/sh',
        [
          '-c',
          `cd "$2" && rmdir "$2" && exec "$0" "$1" run ../who.yml -i ../hosts`,
          process.execPath,
          builtBin,
          gone,
        ],
        { env: { ...process.env, ...warmEnv() } },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /^ERROR: the current directory no longer exists/m);
    assert.doesNotMatch(r.stderr, /internal error|^ {4}at /m);
    assert.ok(alive(pid), 'the server was not involved');
  });

  it("one server per socket: a second one ends at once, a dead one's pid file is taken over", async () => {
    const sock = socketPath();
    writeFileSync(`${sock}.pid`, '999999999\n');
    const pid = await startServer();
    assert.equal(serverOf(sock), pid, 'the pid file names the live server');
    const second = spawn(process.execPath, [builtBin, '__warm', sock], { stdio: 'ignore' });
    const code = await new Promise((r) => second.on('exit', r));
    assert.equal(code, 0);
    assert.ok(alive(pid), 'the first goes on');
    assert.equal(serverOf(sock), pid);
  });

  it('starts a server when there is none, and ends it once idle', async () => {
    write(work, { hosts: HOSTS, 'who.yml': WHO });
    const first = await run(['who.yml', '-i', 'hosts'], work, warmEnv({ FABPLAY_WARM_IDLE: '3' }));
    assert.equal(first.code, 0, first.stderr);
    await until(
      () => serverOf(socketPath()) !== undefined && existsSync(socketPath()),
      'a server listens',
      30000,
    );
    const pid = serverOf(socketPath())!;
    assert.notEqual(ranBy(first), pid, 'the first run ran in its own process');
    const second = await run(['who.yml', '-i', 'hosts'], work, warmEnv());
    assert.equal(ranBy(second), pid, 'the next one is served');
    assert.equal(statSync(join(runtime, 'fabplay-warm')).mode & 0o777, 0o700);
    await until(() => !alive(pid), 'the idle server ends', 15000);
    assert.ok(!existsSync(socketPath()));
    assert.ok(!existsSync(`${socketPath()}.pid`));
  });
});
