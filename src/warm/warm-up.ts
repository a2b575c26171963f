import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInPlace, type RunOutput } from './run-in-place.js';
import { startWarmUpSshd, type WarmUpSshd } from './warm-up-sshd.js';
import { unixSocketOf } from '../connection/proxy-socket.js';
import { ExitCode } from '../errors.js';

/** Runs of the warm-up playbook over the local connection (the first makes its files), then over SSH. */
const LOCAL_RUNS = 4;
const SSH_RUNS = 12;

/** Time the SSH runs may take: past it their server is closed, which ends a run that hangs. */
const SSH_RUNS_MS = 30_000;

/**
 * A playbook of the most common modules, in a scratch directory: what the server runs before it
 * listens, so that its first served runs do not run as cold code (V8 optimises what has run
 * often). It runs on the local host, then over SSH to a server inside this process
 * (warm-up-sshd.ts) on the files the local runs made: re-runs, the common case of a served run,
 * through the SSH path most served runs take (as root, so SFTP's answers count as exact; the
 * server is this process's user). Nothing of the user's is read: its own configuration file,
 * home and working directory, all in the scratch directory, which goes afterwards.
 */
const PLAYBOOK = `- hosts: all
  gather_facts: false
  vars:
    items: "{{ range(1, 11) | list }}"
  tasks:
    - file:
        path: "{{ playbook_dir }}/out"
        state: directory
        mode: "0755"
    - copy:
        content: "item {{ item }}\\n"
        dest: "{{ playbook_dir }}/out/copy{{ item }}.txt"
        mode: "0644"
      loop: "{{ items }}"
    - lineinfile:
        path: "{{ playbook_dir }}/out/line{{ item }}.conf"
        line: "key{{ item }} = {{ item | string | upper }}"
        create: true
      loop: "{{ items }}"
    - template:
        src: t.j2
        dest: "{{ playbook_dir }}/out/t.txt"
    - command: cat {{ playbook_dir }}/out/copy1.txt
      register: one
      changed_when: false
    - stat:
        path: "{{ playbook_dir }}/out/t.txt"
      register: st
    - debug:
        msg: "{{ one.stdout }} {{ st.stat.size }}"
`;

const NOWHERE: RunOutput = { stdout() {}, stderr() {}, exit() {}, handBack() {} };

/** The warm-up playbook (warm-up.yml, 7 tasks on each host) and its template, in `dir`. */
export function writeWarmUpPlaybook(dir: string): void {
  writeFileSync(join(dir, 'warm-up.yml'), PLAYBOOK);
  writeFileSync(
    join(dir, 't.j2'),
    '{% for i in items %}{{ i }}{% if not loop.last %},{% endif %}{% endfor %}\n',
  );
}

/**
 * Warms the process up; the runs' output goes to `out` (nowhere but in a test). Resolves with
 * why its SSH runs did not all run (undefined when they did): nothing fails for that, the served
 * runs only start colder.
 */
export async function warmUp(
  main: (argv: string[]) => Promise<number>,
  exit: (code: number) => never,
  out: RunOutput = NOWHERE,
): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-warm-up-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  // stopped while it warms up (kill): its scratch directory goes with it
  const onTerm = (): void => {
    removeDir();
    exit(ExitCode.INTERRUPTED);
  };
  process.once('SIGTERM', onTerm);
  let sshd: WarmUpSshd | undefined;
  try {
    writeWarmUpPlaybook(dir);
    writeFileSync(join(dir, 'local'), 'localhost ansible_connection=local\n');
    writeFileSync(
      join(dir, 'ansible.cfg'),
      [
        '[defaults]',
        'retry_files_enabled = False',
        'host_key_checking = False',
        '[ssh_connection]',
        // as Ansible's default ssh_args: served runs keep their connections (keeper/parked.ts)
        'ssh_args = -o ControlMaster=auto -o ControlPersist=60s',
        `control_path_dir = ${join(dir, 'cp')}`,
        '',
      ].join('\n'),
    );
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
    };
    const run = (inventory: string): Promise<unknown> => {
      const argv = [process.execPath, 'fabplay', 'run', 'warm-up.yml', '-i', inventory];
      return runInPlace(
        { argv, env, cwd: dir, umask: 0o022, pid: process.pid, stdinIsTTY: false },
        out,
        exit,
        () => main(argv),
      );
    };
    for (let i = 0; i < LOCAL_RUNS; i++) await run('local');
    try {
      sshd = await sshHost(dir);
    } catch (e) {
      return `no SSH server for the warm-up: ${(e as Error).message}`;
    }
    let late = false;
    const deadline = setTimeout(() => ((late = true), sshd?.close()), SSH_RUNS_MS);
    for (let i = 0; i < SSH_RUNS && !late; i++) await run('ssh');
    clearTimeout(deadline);
    return late ? `its SSH runs took more than ${SSH_RUNS_MS / 1000} s` : undefined;
  } finally {
    process.removeListener('SIGTERM', onTerm);
    sshd?.close();
    removeDir();
  }
}

/** The in-process SSH server and the inventory (`ssh`) that reaches it. */
async function sshHost(dir: string): Promise<WarmUpSshd> {
  const socket = join(dir, 'sshd.sock');
  // fabplay connects to the socket of such a ProxyCommand itself (proxy-socket.ts): no socat runs
  const proxy = `socat - UNIX-CONNECT:${socket}`;
  if (unixSocketOf(proxy) !== socket) throw new Error(`${socket}: a path a ProxyCommand cannot name`);
  const sshd = await startWarmUpSshd(socket);
  writeFileSync(
    join(dir, 'ssh'),
    [
      'all:',
      '  hosts:',
      '    warm-up:',
      '      ansible_connection: ssh',
      '      ansible_host: warm-up',
      '      ansible_user: root',
      `      ansible_password: ${sshd.password}`,
      `      ansible_ssh_common_args: '-o ProxyCommand="${proxy}"'`,
      '',
    ].join('\n'),
  );
  return sshd;
}
