import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { cliArgv, repoRoot, runCli } from '../helpers/cli.js';
import { plainTranscript, runInPty } from '../helpers/pty.js';

/**
 * vars_prompt through the real CLI, beside ansible-playbook 2.14 on the same playbook and the same
 * input: answered on a pseudo-terminal (the live view is on, since stdout is a terminal), and with
 * stdin that is not a terminal (piped text, /dev/null), where Ansible asks nothing. What is
 * compared is the behaviour: the questions asked (the driver waits for each), the values the
 * tasks print, whether Ansible's "Not prompting" warning and its mismatch line showed, the exit
 * code. ansible-playbook's observations are kept in ansible-observed.json (re-recorded when the
 * playbook or this file changes, or with FABPLAY_PROMPT_LIVE=1).
 */
const dir = join(repoRoot, 'test/fixtures/vars-prompt');
const playbook = join(dir, 'prompts.yml');
const recorded = join(dir, 'ansible-observed.json');

interface Case {
  name: string;
  args: string[];
  /** 'tty': a pseudo-terminal answering `answers`; 'devnull': stdin is /dev/null; else piped text */
  stdin: 'tty' | 'devnull' | { piped: string };
  answers?: [string, string][];
}

interface Observed {
  messages: string[];
  /** the first question came after the first play's output (each play asks when it starts) */
  askedAfterFirstPlay: boolean;
  notPrompting: boolean;
  mismatches: number;
  code: number;
}

const CASES: Case[] = [
  {
    name: 'answered on a terminal',
    args: ['-e', 'given=from-e'],
    stdin: 'tty',
    answers: [
      ['hello world: ', 'typed-a'],
      ['with default [dflt-world]: ', ''],
      ['c: ', 'typed-c'],
      ['confirm me: ', 'one'],
      ['confirm confirm me: ', 'two'],
      ['confirm me: ', 'same'],
      ['confirm confirm me: ', 'same'],
      ['empty without default: ', ''],
      ['templated name [2]: ', ''],
      ['password [secret]: ', 'other'],
      ['kept as typed [{{ 7 * 6 }}]: ', ''],
      ['templated when used [{{ 7 * 6 }}]: ', '{{ 6 * 7 + 1 }}'],
      ['which hosts [localhost]: ', ''],
    ],
  },
  { name: 'Ctrl-C at a question', args: [], stdin: 'tty', answers: [['hello world: ', '\x03']] },
  { name: 'piped stdin', args: [], stdin: { piped: 'typed-a\ntyped-b\n' } },
  { name: 'stdin from /dev/null', args: ['-e', 'given=from-e', '-e', 'target=localhost'], stdin: 'devnull' },
];

function observe(output: string, code: number): Observed {
  const messages: string[] = [];
  for (const m of output.matchAll(/"msg": ("(?:[^"\\]|\\.)*")/g)) {
    const msg = JSON.parse(m[1]!) as string;
    // the live view draws a task's lines again as it updates: each message counts once
    if (!messages.includes(msg)) messages.push(msg);
  }
  const asked = output.indexOf('hello world: ');
  return {
    messages,
    askedAfterFirstPlay: asked < 0 || asked > output.indexOf('first play ran'),
    notPrompting: output.includes('[WARNING]: Not prompting as we are not in interactive mode'),
    mismatches: output.split('***** VALUES ENTERED DO NOT MATCH ****').length - 1,
    code,
  };
}

function runPiped(
  argv: string[],
  stdin: 'devnull' | { piped: string },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: dir,
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', NO_COLOR: '1' },
      stdio: [stdin === 'devnull' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: plainTranscript(output) }));
    if (stdin !== 'devnull') child.stdin!.end(stdin.piped);
  });
}

async function run(argv: string[], c: Case): Promise<Observed> {
  const r =
    c.stdin === 'tty'
      ? await runInPty(argv, { cwd: dir, env: { ANSIBLE_NOCOLOR: '1' }, answers: c.answers ?? [] })
      : await runPiped(argv, c.stdin);
  return observe(r.output, r.code);
}

// this file too: what is observed is defined here
const caseHash = (c: Case): string =>
  createHash('sha256')
    .update(readFileSync(playbook))
    .update(readFileSync(import.meta.filename))
    .update(JSON.stringify(c))
    .digest('hex');

async function ansibleObserved(c: Case): Promise<Observed> {
  const saved = existsSync(recorded)
    ? (JSON.parse(readFileSync(recorded, 'utf8')) as Record<string, { hash: string; observed: Observed }>)
    : {};
  const hash = caseHash(c);
  if (!process.env.FABPLAY_PROMPT_LIVE && saved[c.name]?.hash === hash) return saved[c.name]!.observed;
  const observed = await run(['ansible-playbook', ...c.args, 'prompts.yml'], c);
  saved[c.name] = { hash, observed };
  writeFileSync(recorded, JSON.stringify(saved, null, 2) + '\n');
  return observed;
}

describe('vars_prompt through the CLI, beside ansible-playbook 2.14', function () {
  this.timeout(180_000);

  for (const c of CASES)
    it(c.name, async () => {
      const want = await ansibleObserved(c);
      const got = await run(cliArgv(['run', ...c.args, 'prompts.yml']), c);
      assert.deepEqual(got, want);
    });

  it('the recorded answers are the ones the playbook leads to', async () => {
    const want = await ansibleObserved(CASES[0]!);
    assert.equal(want.mismatches, 1);
    assert.ok(want.messages.includes('third play on localhost'));
    const piped = await ansibleObserved(CASES[2]!);
    // nothing asked: the defaults, and the text 'None' where there is none
    assert.ok(piped.notPrompting);
    assert.match(piped.messages[1]!, /^a=None b=dflt-world c=None d=None e=\[None\] answer=2 given=None$/);
  });

  it('a listing asks nothing and renders the play with the defaults, as ansible-playbook lists it', async () => {
    for (const extra of [[], ['-e', 'target=localhost,nowhere']]) {
      const args = ['prompts.yml', '--list-hosts', '--list-tasks', ...extra];
      const want = ansiblePlaybook(args, dir);
      const got = await runCli(['run', ...args], { cwd: dir, input: '' });
      assert.equal(got.code, want.status);
      assert.equal(got.stdout, want.stdout);
    }
  });

  it('refuses what it cannot do with file:line and a hint: encrypt with nothing to encrypt', async () => {
    const r = await runCli(['run', 'encrypt-nothing.yml'], { cwd: dir, input: '' });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /encrypt-nothing\.yml:5:7: vars_prompt 'pw': there is nothing to encrypt: stdin is not a terminal, so nothing was asked, and there is no default/,
    );
    assert.match(r.stderr, /pass the value with -e pw=/);
  });

  it('validate accepts a play with vars_prompt, and refuses a malformed entry as Ansible does', async () => {
    const ok = await runCli(['validate', 'prompts.yml'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const bad = await runCli(['validate', 'old-style.yml'], { cwd: dir });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /old-style\.yml:4:5: .*Invalid vars_prompt data structure, missing 'name' key/);
    assert.match(bad.stderr, /write `- name: username` and `prompt: Enter username`/);
  });
});
