// Secrets never in output: an SSH password, a become password (sudo and su) and no_log values
// (shell, copy content, template, lineinfile, a loop, a failing command that echoes its secret,
// --diff) go through real runs on a lab host at -vvv, with --json and in the live view on a
// terminal (the SSH password from FABPLAY_SSH_PASSWORD or typed at -k, the become password an
// inventory variable renders or typed at -K); then every output stream and every file written
// on the controller meanwhile is searched for each secret (raw, JSON-escaped, shell-quoted). The
// secrets are new random values each run, and a canary printed and written on purpose proves the
// search finds what is there.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_USER, useLab } from '../helpers/lab.js';
import { runCli, tsxLoader, repoRoot } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { filesChangedSince, findIn } from '../helpers/secret-search.js';

const random = (tag: string): string => `${tag}-${randomBytes(12).toString('hex')}`;

describe('secrets in no output and no controller file @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  const secrets = {
    sshPassword: random('sshpw'),
    // quotes and a backslash: output escapes them (JSON, shell quoting), the masking must follow
    becomePassword: random(`become'pw"\\`),
    shell: random('nolog-shell'),
    copy: random('nolog-copy'),
    template: random('nolog-template'),
    line: random('nolog-line'),
    loop1: random('nolog-loop1'),
    loop2: random('nolog-loop2'),
    fail: random('nolog-fail'),
  };
  const canary = random('canary');
  let tmp: ReturnType<typeof makeTempDir>;
  let startedAt: number;
  const outputs: Record<string, string> = {};

  const env = {
    FABPLAY_SSH_PASSWORD: secrets.sshPassword,
    NO_COLOR: '1',
  };

  before(async () => {
    // fpl logs in with the SSH password; sudo asks it for root's password (rootpw), so the two differ
    const setup = await lab.exec(
      'h1',
      [
        'chpasswd',
        `echo 'Defaults:${LAB_USER} rootpw' > /etc/sudoers.d/zz-rootpw`,
        'chmod 440 /etc/sudoers.d/zz-rootpw',
      ].join(' && '),
      `${LAB_USER}:${secrets.sshPassword}\nroot:${secrets.becomePassword}\n`,
    );
    assert.equal(setup.rc, 0, setup.stderr);
    tmp = makeTempDir('fabplay-secrets-');
    const dir = tmp.dir;
    const st = lab.state;
    const inventory = (extra: string[]): string =>
      [
        'all:',
        '  hosts:',
        '    h1:',
        `      ansible_host: ${lab.addr('h1')}`,
        `      ansible_user: ${LAB_USER}`,
        ...extra,
        // a known_hosts of its own that the first run writes (--host-key-checking accept-new)
        `      ansible_ssh_common_args: ${JSON.stringify(`-o ProxyCommand="${st.proxyCommand}" -o UserKnownHostsFile=${join(dir, 'known_hosts')}`)}`,
        '',
      ].join('\n');
    // rendered from the play's vars file: fabplay learns the value when a task renders it
    writeFileSync(
      join(dir, 'inventory.yml'),
      inventory(['      ansible_become_password: "{{ secret_becomePassword }}"']),
    );
    // for the terminal run: both passwords typed at -k and -K prompts
    writeFileSync(join(dir, 'inventory-asked.yml'), inventory([]));
    writeFileSync(
      join(dir, 'secrets.yml'),
      Object.entries({ ...secrets, canary })
        .map(([k, v]) => `secret_${k}: ${JSON.stringify(v)}`)
        .join('\n') + '\n',
    );
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'secret.j2'), 'token={{ secret_template }}\n');
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: h1
  gather_facts: false
  become: true
  vars_files: [secrets.yml]
  tasks:
    - name: "a task named after the become password {{ ansible_become_password | default('') }}, before any become"
      debug: {msg: "the become password is {{ ansible_become_password | default('asked') }}"}
      become: false
    - name: "the become password as a file's content, no no_log: -vvv shows the command, shell-quoted"
      copy: {content: "{{ ansible_become_password | default('asked') }}", dest: /root/s-become, mode: "0600"}
    - name: shell
      shell: "printf '%s\\\\n' '{{ secret_shell }}' > /root/s-shell"
      no_log: true
    - name: copy
      copy: {content: "{{ secret_copy }}\\n", dest: /root/s-copy, mode: "0600"}
      no_log: true
    - name: template
      template: {src: secret.j2, dest: /root/s-template, mode: "0600"}
      no_log: true
    - name: lineinfile
      lineinfile: {path: /root/s-line, line: "key={{ secret_line }}", create: true, mode: "0600"}
      no_log: true
    - name: loop
      shell: "echo '{{ item }}' >> /root/s-loop"
      loop: ["{{ secret_loop1 }}", "{{ secret_loop2 }}"]
      no_log: true
    - name: su, typed the same (root's) password on a terminal
      shell: "test $(id -u) = 0 && echo '{{ secret_shell }}' > /root/s-su"
      become_method: su
      no_log: true
    - name: "no no_log: a failing command whose error echoes its command line, with the become password"
      command: {argv: [ls, "/nonexistent/{{ ansible_become_password | default('asked') }}"]}
      ignore_errors: true
    - name: a failing command that echoes its secret
      shell: "echo '{{ secret_fail }}'; echo '{{ secret_fail }}' >&2; exit 3"
      no_log: true
      ignore_errors: true
    - name: the canary, printed on purpose
      debug: {msg: "{{ secret_canary }}"}
    - name: the canary, written on the controller on purpose
      copy: {content: "{{ secret_canary }}\\n", dest: "{{ playbook_dir }}/canary-out.txt"}
      delegate_to: localhost
      become: false
    - name: a failing no_log task ends the run
      command: "false {{ secret_fail }}"
      no_log: true
`,
    );
    // files written from here on are the runs' (the test's own above are older)
    await new Promise((r) => setTimeout(r, 20));
    startedAt = Date.now();
  });
  after(() => tmp?.cleanup());

  const reset = async (): Promise<void> => {
    // each run starts from no file, so each writes again and shows its diff
    const r = await lab.exec('h1', 'rm -f /root/s-*');
    assert.equal(r.rc, 0, r.stderr);
  };
  const args = ['run', 'site.yml', '-i', 'inventory.yml', '--diff'];

  it('-vvv --diff: the run does all of it, as fpl with sudo and su (exit 2 from the last task)', async () => {
    await reset();
    const r = await runCli([...args, '-vvv', '--host-key-checking', 'accept-new'], {
      cwd: tmp.dir,
      env: { ...env, CI: '1' },
    });
    outputs['-vvv stdout'] = r.stdout;
    outputs['-vvv stderr'] = r.stderr;
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /<h1> EXEC/, 'the EXEC lines are shown');
    assert.match(readFileSync(join(tmp.dir, 'known_hosts'), 'utf8'), new RegExp(lab.addr('h1')));
    assert.match(r.stdout, /the become password is \*{8}/);
    assert.match(r.stdout, /ls '\/nonexistent\/\*{8}'/, 'the failed command shows, masked');
    assert.match(r.stdout, /h1\s+: ok=12\s+changed=10 .*failed=1 .*ignored=2/);
    const files = await lab.exec(
      'h1',
      'cat /root/s-shell /root/s-copy /root/s-template /root/s-line /root/s-loop /root/s-su',
    );
    assert.equal(
      files.stdout,
      [
        secrets.shell,
        secrets.copy,
        `token=${secrets.template}`,
        `key=${secrets.line}`,
        secrets.loop1,
        secrets.loop2,
        secrets.shell,
        '',
      ].join('\n'),
    );
  });

  it('--json -vvv --diff', async () => {
    await reset();
    const r = await runCli([...args, '--json', '-vvv'], { cwd: tmp.dir, env });
    outputs['--json stdout'] = r.stdout;
    outputs['--json stderr'] = r.stderr;
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string });
    assert.ok(events.some((e) => e.event === 'recap'));
  });

  it('the live view on a terminal (--diff), the passwords typed at the -k and -K prompts', async () => {
    await reset();
    const cli = ['node', '--import', tsxLoader, join(repoRoot, 'test/helpers/cli-entry.ts')];
    const r = await onTerminal(
      [...cli, 'run', 'site.yml', '-i', 'inventory-asked.yml', '--diff', '-k', '-K'],
      tmp.dir,
      { NO_COLOR: '1' },
      // typed as soon as each prompt shows, as a quick typist (or a password manager) would; the
      // SSH password is asked first, as ansible-playbook asks it
      [
        [/SSH password: $/, secrets.sshPassword],
        [/BECOME password\[defaults to SSH password\]: $/, secrets.becomePassword],
      ],
    );
    outputs['live terminal'] = r.output;
    assert.equal(r.code, 2, r.output);
    assert.match(r.output, /PLAY RECAP/);
  });

  it('the search finds the canary in the output and in the file written on purpose', () => {
    for (const name of ['-vvv stdout', '--json stdout', 'live terminal'])
      assert.ok(outputs[name]?.includes(canary), `canary in ${name}`);
    const files = filesChangedSince(startedAt, [tmp.dir, '/tmp', '/var/tmp', process.env.HOME ?? '/root']);
    assert.deepEqual(
      findIn(files, [canary]).map((h) => h.file),
      [join(tmp.dir, 'canary-out.txt')],
    );
  });

  it('finds no secret in any output stream or any file written on the controller', () => {
    assert.equal(Object.keys(outputs).length, 5, 'every run above ran');
    const values = Object.values(secrets).flatMap(shownForms);
    const leaks: string[] = [];
    for (const [name, text] of Object.entries(outputs))
      for (const v of values) if (text.includes(v)) leaks.push(`${v} in ${name}`);
    const files = filesChangedSince(startedAt, [tmp.dir, '/tmp', '/var/tmp', process.env.HOME ?? '/root']);
    assert.ok(
      files.includes(join(tmp.dir, 'known_hosts')),
      'the known_hosts the first run wrote is searched',
    );
    for (const h of findIn(files, values)) leaks.push(`${h.value} in ${h.file}`);
    assert.deepEqual(leaks, []);
  });
});

/** A value as it is written raw, inside a JSON string, and inside a shell-quoted word. */
function shownForms(v: string): string[] {
  return [...new Set([v, JSON.stringify(v).slice(1, -1), v.replace(/'/g, `'\\''`)])];
}

/**
 * Runs a command on a pseudo-terminal (util-linux `script`) of 200 columns, the way a user at a
 * terminal sees it; the output comes back without its escape sequences, so a secret drawn in
 * pieces would still be found.
 */
function onTerminal(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  answers: [RegExp, string][],
): Promise<{ code: number; output: string }> {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, TERM: 'xterm-256color' };
  delete childEnv.CI;
  delete childEnv.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(
      'script',
      ['-qefc', `stty cols 200 rows 50; exec ${argv.map(q).join(' ')}`, '/dev/null'],
      {
        cwd,
        env: childEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const pending = [...answers];
    const read = (d: string): void => {
      output += d;
      const next = pending[0];
      if (next && next[0].test(stripAnsi(output))) {
        pending.shift();
        child.stdin.write(`${next[1]}\n`);
        if (!pending.length) child.stdin.end();
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: stripAnsi(output) }));
    if (!pending.length) child.stdin.end();
  });
}

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\r/g, '');
}
