import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';

/**
 * The default callback's options (display_ok_hosts, callback_result_format ...): each setting's
 * stdout and stderr under ansible-playbook 2.14 and fabplay, byte for byte, on the same playbook.
 */

const hosts = (names: string[]): string =>
  names.map((h) => `${h} ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n`).join('');

/** one task of each outcome, loops of each, a rescue, an include, diffs, handlers */
const playbook = `- hosts: all
  gather_facts: false
  vars:
    word: two words
  tasks:
    - name: a change
      command: echo one
      changed_when: true
      notify: handlers
    - name: nothing changes
      command: echo two
      changed_when: false
    - name: fails, ignored
      fail:
        msg: on purpose
      ignore_errors: true
    - name: skipped
      command: echo three
      when: false
    - name: named with {{ word }}
      command: printf 'a\\nb\\n'
    - name: labelled loop
      command: echo {{ item }}
      loop: [1, 2]
      loop_control:
        label: n-{{ item }}
    - name: debug loop
      debug:
        msg: "line {{ item }}\\nnext"
      changed_when: item == 1
      failed_when: item == 2
      when: item != 4
      ignore_errors: true
      loop: [1, 2, 3, 4]
    - block:
        - name: to be rescued
          fail:
      rescue:
        - name: rescuer
          command: echo rescued
    - include_tasks: included.yml
      loop: [1, 2]
    - name: a diff
      replace:
        path: "{{ playbook_dir }}/file.txt"
        regexp: '^foo$'
        replace: bar
      diff: true
    - name: a diff of an unchanged result
      replace:
        path: "{{ playbook_dir }}/file.txt"
        regexp: '^bar$'
        replace: baz
      diff: true
      changed_when: false
    - name: an empty loop
      debug:
        msg: "{{ item }}"
      loop: []
    - name: a skipped loop
      debug:
        msg: "{{ item }}"
      when: false
      loop: [1, 2]
  handlers:
    - name: first handler
      command: echo h1
      listen: handlers
    - name: second handler
      command: echo h2
      changed_when: false
      listen: handlers
`;

const included = `- debug:
    var: word
`;

/** check_mode from the play, a block and a task, under --check and without */
const checkPlaybook = `- name: plain play
  hosts: h1
  gather_facts: false
  tasks:
    - command: echo a
    - name: never checked
      command: echo b
      check_mode: false
    - name: always checked
      command: echo c
      check_mode: true
- name: checked play
  hosts: h1
  gather_facts: true
  check_mode: true
  tasks:
    - command: echo d
    - block:
        - name: in an unchecked block
          command: echo e
      check_mode: false
`;

/** the start lines of both hosts come before the one line naming what they included */
const includePlaybook = `- hosts: all
  gather_facts: false
  tasks:
    - include_tasks: included.yml
`;

/** an include_role's banner shows whatever display_ok_hosts says, as any include's */
const rolePlaybook = `- hosts: h1
  gather_facts: false
  tasks:
    - include_role:
        name: r
    - debug:
        msg: after
`;

const asyncPlaybook = `- hosts: h1
  gather_facts: false
  tasks:
    - name: done in time
      command: 'true'
      async: 10
      poll: 1
    - name: out of time
      command: sleep 10
      async: 1
      poll: 1
      ignore_errors: true
`;

/** What differs from run to run: command times, async job ids, the timer's seconds. */
function steady(text: string): string {
  return (
    text
      .replace(/\d+:\d\d:\d\d\.\d{6}/g, '0:00:00.000000')
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/g, '0000-00-00 00:00:00.000000')
      .replace(/j\d+\.\d+/g, 'JID')
      .replace(/"(ansible_job_id|results_file)": "[^"]*"/g, '"$1": "X"')
      .replace(/\d+ seconds$/m, 'N seconds')
      // the job's status when the wait ended: Ansible's async_status result (docs/executor-differences.md)
      .replace(/"async_result": \{.*\}, "changed"/g, '"async_result": {...}, "changed"')
  );
}

/**
 * Each banner's lines sorted, the banner first: with two hosts, Ansible's workers end (and its
 * start lines come) in whichever order, from one run to the next.
 */
function hostOrderFree(text: string): string {
  return text
    .split(/\n(?=[^\n]*\*{3,}\n)/)
    .map((section) => {
      const [head, ...rest] = section.split('\n');
      // an include names its hosts in the order their results came
      const lines = rest.map((l) =>
        l.replace(
          /^(included: .* for )(.*)$/,
          (_m, a: string, hosts: string) => a + hosts.split(', ').sort().join(', '),
        ),
      );
      return [head, ...lines.sort()].join('\n');
    })
    .join('\n');
}

interface Case {
  name: string;
  /** two hosts: their lines under each banner compared in any order */
  hostsInAnyOrder?: true;
  env?: NodeJS.ProcessEnv;
  args?: string[];
  playbook?: string;
  /** the inventory file (default: h1 alone) */
  inventory?: string;
}

const CASES: Case[] = [
  { name: 'the defaults' },
  { name: 'display_skipped_hosts off', env: { ANSIBLE_DISPLAY_SKIPPED_HOSTS: '0' } },
  { name: 'display_ok_hosts off', env: { ANSIBLE_DISPLAY_OK_HOSTS: 'false' } },
  {
    name: 'display_ok_hosts off, include_role',
    env: { ANSIBLE_DISPLAY_OK_HOSTS: 'false' },
    playbook: 'role.yml',
  },
  {
    name: 'both off',
    env: { ANSIBLE_DISPLAY_SKIPPED_HOSTS: 'no', ANSIBLE_DISPLAY_OK_HOSTS: 'no' },
  },
  { name: 'display_failed_stderr', env: { ANSIBLE_DISPLAY_FAILED_STDERR: '1' } },
  { name: 'show_task_path_on_failure', env: { ANSIBLE_SHOW_TASK_PATH_ON_FAILURE: '1' } },
  // one host: where another host's start line falls among the results depends on timing
  { name: 'show_per_host_start', env: { ANSIBLE_SHOW_PER_HOST_START: '1' } },
  {
    name: 'show_per_host_start, two hosts through an include',
    env: { ANSIBLE_SHOW_PER_HOST_START: '1' },
    inventory: 'two',
    playbook: 'include.yml',
    hostsInAnyOrder: true,
  },
  { name: 'show_per_host_start, facts', env: { ANSIBLE_SHOW_PER_HOST_START: '1' }, playbook: 'check.yml' },
  { name: 'callback_format_pretty with json', env: { ANSIBLE_CALLBACK_FORMAT_PRETTY: '1' }, args: ['-v'] },
  { name: 'yaml results', env: { ANSIBLE_CALLBACK_RESULT_FORMAT: 'yaml' } },
  {
    name: 'yaml results, lossy, -v',
    env: { ANSIBLE_CALLBACK_RESULT_FORMAT: 'yaml', ANSIBLE_CALLBACK_FORMAT_PRETTY: '1' },
    args: ['-v'],
  },
  {
    name: 'yaml results, exact, -v',
    env: { ANSIBLE_CALLBACK_RESULT_FORMAT: 'yaml', ANSIBLE_CALLBACK_FORMAT_PRETTY: '0' },
    args: ['-v'],
  },
  { name: 'check_mode_markers, wet run', env: { ANSIBLE_CHECK_MODE_MARKERS: '1' }, playbook: 'check.yml' },
  {
    name: 'check_mode_markers, --check',
    env: { ANSIBLE_CHECK_MODE_MARKERS: '1' },
    args: ['--check'],
    playbook: 'check.yml',
  },
  { name: 'no markers, --check', args: ['--check'], playbook: 'check.yml' },
  { name: 'async polls', playbook: 'async.yml' },
  { name: 'the timer callback (ini)', env: { ANSIBLE_CONFIG: 'timer.cfg' }, playbook: 'check.yml' },
];

describe("the default callback's options, as ansible-playbook 2.14 prints them", function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-callback-options-'));
    writeFileSync(join(dir, 'hosts'), hosts(['h1']));
    writeFileSync(join(dir, 'two'), hosts(['h1', 'h2']));
    writeFileSync(join(dir, 'site.yml'), playbook);
    writeFileSync(join(dir, 'included.yml'), included);
    writeFileSync(join(dir, 'check.yml'), checkPlaybook);
    writeFileSync(join(dir, 'async.yml'), asyncPlaybook);
    writeFileSync(join(dir, 'include.yml'), includePlaybook);
    writeFileSync(join(dir, 'role.yml'), rolePlaybook);
    mkdirSync(join(dir, 'roles', 'r', 'tasks'), { recursive: true });
    writeFileSync(
      join(dir, 'roles', 'r', 'tasks', 'main.yml'),
      '- debug:\n    msg: in the role\n  changed_when: true\n',
    );
    writeFileSync(join(dir, 'empty.cfg'), '[defaults]\n');
    writeFileSync(join(dir, 'timer.cfg'), '[defaults]\ncallbacks_enabled = ansible.posix.timer\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of CASES)
    it(`${c.name}: the same stdout and stderr`, async function () {
      if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
      const args = ['-i', c.inventory ?? 'hosts', c.playbook ?? 'site.yml', ...(c.args ?? [])];
      // a config file for both: each names it the same way at -v
      const env = { ANSIBLE_CONFIG: 'empty.cfg', ...c.env };
      writeFileSync(join(dir, 'file.txt'), 'foo');
      const ansible = ansiblePlaybook(args, dir, env);
      writeFileSync(join(dir, 'file.txt'), 'foo');
      const r = await runCli(['run', ...args], { cwd: dir, env: { NO_COLOR: '1', ...env } });
      assert.equal(r.code, ansible.status, r.stderr);
      const same = (t: string) => (c.hostsInAnyOrder ? hostOrderFree(steady(t)) : steady(t));
      assert.equal(same(r.stdout), same(ansible.stdout));
      assert.equal(steady(r.stderr), steady(ansible.stderr));
    });

  it('another stdout callback or an aggregate callback fabplay lacks is warned about, the run goes on', async () => {
    const env = {
      NO_COLOR: '1',
      ANSIBLE_STDOUT_CALLBACK: 'minimal',
      ANSIBLE_CALLBACKS_ENABLED: 'timer,profile_tasks',
    };
    const r = await runCli(['run', '-i', 'hosts', 'check.yml'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\[WARNING\]: stdout_callback 'minimal' is not fabplay's/);
    assert.match(r.stderr, /\[WARNING\]: Skipping callback plugin 'profile_tasks', unable to load/);
    assert.match(r.stdout, /^Playbook run took 0 days, 0 hours, 0 minutes, \d+ seconds$/m);
  });

  it('fabplay prints no total time of its own after the recap', async () => {
    const r = await runCli(['run', '-i', 'hosts', 'check.yml'], { cwd: dir, env: { NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.endsWith('ignored=0   \n\n'), r.stdout);
  });
});
