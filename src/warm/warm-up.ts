import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInPlace, type RunOutput } from './run-in-place.js';

/** Runs of the warm-up playbook before the server takes its first run. */
const WARM_UP_RUNS = 12;

/**
 * A playbook of the most common modules on the local host, in a scratch directory: what the
 * server runs before it listens, so that its first served run does not run as cold code (V8
 * optimises what has run often). Nothing of the user's is read: its own configuration file,
 * home and working directory, all in the scratch directory, which goes afterwards.
 */
const PLAYBOOK = `- hosts: localhost
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

export async function warmUp(
  main: (argv: string[]) => Promise<number>,
  exit: (code: number) => never,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-warm-up-'));
  try {
    writeFileSync(join(dir, 'warm-up.yml'), PLAYBOOK);
    writeFileSync(
      join(dir, 't.j2'),
      '{% for i in items %}{{ i }}{% if not loop.last %},{% endif %}{% endfor %}\n',
    );
    writeFileSync(join(dir, 'hosts'), 'localhost ansible_connection=local\n');
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nretry_files_enabled = False\n');
    const argv = [process.execPath, 'fabplay', 'run', 'warm-up.yml', '-i', 'hosts'];
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
    };
    for (let i = 0; i < WARM_UP_RUNS; i++)
      await runInPlace(
        { argv, env, cwd: dir, umask: 0o022, pid: process.pid, stdinIsTTY: false },
        NOWHERE,
        exit,
        () => main(argv),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
