/**
 * The benchmark workloads, as playbook text. Each tool gets its own base directory on the hosts, so
 * each tool's first run starts from nothing on the same hosts.
 */

/** (a) 40 small items: a directory, 20 copy with content, 20 lineinfile on other files, one command. */
export function smallItemsPlaybook(base: string): string {
  return `- hosts: lab
  gather_facts: false
  vars:
    base: ${base}
  tasks:
    - name: base directory
      file:
        path: "{{ base }}"
        state: directory
        mode: "0755"
    - name: small files
      copy:
        content: "item {{ item }}\\n"
        dest: "{{ base }}/copy{{ item }}.txt"
        mode: "0644"
      loop: "{{ range(1, 21) | list }}"
    - name: one line each
      lineinfile:
        path: "{{ base }}/line{{ item }}.conf"
        line: "key{{ item }} = value{{ item }}"
        create: true
        mode: "0644"
      loop: "{{ range(1, 21) | list }}"
    - name: a read-only command
      command: uname -r
      changed_when: false
`;
}

export const SMALL_ITEMS_PER_HOST = 42;

/** The floor for (a): the same 42 checks in one shell script. */
export function smallItemsFloorScript(base: string): string {
  const lines = [`set -e`, `test -d ${base}`];
  for (let i = 1; i <= 20; i++) lines.push(`printf 'item ${i}\\n' | cmp -s - ${base}/copy${i}.txt`);
  for (let i = 1; i <= 20; i++) lines.push(`grep -qxF 'key${i} = value${i}' ${base}/line${i}.conf`);
  lines.push('uname -r >/dev/null');
  return lines.join('\n') + '\n';
}

/** (c) a 20-task playbook: files, lines and a command on every host. */
export function twentyTaskPlaybook(base: string): string {
  const tasks = [`    - file: {path: "${base}", state: directory, mode: "0755"}`];
  for (let i = 1; i <= 9; i++)
    tasks.push(`    - copy: {content: "task ${i}\\n", dest: "${base}/f${i}", mode: "0644"}`);
  for (let i = 1; i <= 9; i++)
    tasks.push(`    - lineinfile: {path: "${base}/l${i}", line: "k${i}=v${i}", create: true, mode: "0644"}`);
  tasks.push('    - command: "true"\n      changed_when: false');
  return `- hosts: lab\n  gather_facts: false\n  tasks:\n${tasks.join('\n')}\n`;
}

export const SCALE_TASKS = 20;

/**
 * (s) the scale workload, issue 24's 20 task items: a directory, 15 copies, a lineinfile, a
 * command, a stat and a debug on every host.
 */
export function scalePlaybook(base: string): string {
  const tasks = [`    - file: {path: "${base}", state: directory, mode: "0755"}`];
  for (let i = 1; i <= 15; i++)
    tasks.push(`    - copy: {content: "task ${i}\\n", dest: "${base}/f${i}", mode: "0644"}`);
  tasks.push(`    - lineinfile: {path: "${base}/conf", line: "key=value", create: true, mode: "0644"}`);
  tasks.push('    - command: "true"\n      changed_when: false');
  tasks.push(`    - stat: {path: "${base}/f1"}\n      register: st`);
  tasks.push('    - debug: {msg: "{{ st.stat.size }}"}');
  return `- hosts: lab\n  gather_facts: false\n  tasks:\n${tasks.join('\n')}\n`;
}
