import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/**
 * The `port` and `connection` keywords say how a host is reached where its variables do not
 * (ansible_port, ansible_connection win), above the config's remote_port. Each case runs under
 * fabplay and, where installed, ansible-playbook 2.14, on a host at 127.0.0.1 (a port nothing
 * listens on is refused at once): the outcome is the port the refused connection named, or the
 * output of a command run locally. The remote_user keyword needs a real login: remote-user.lab.test.ts.
 * The command-line flags ansible-playbook has for the same (-c, --ssh-common-args,
 * --ssh-extra-args) and [defaults] transport are measured the same way.
 */
describe('connection keywords and flags: port and connection', function () {
  this.timeout(60_000);
  const dir = tempDirUntilExit('fp-conn-kw');

  interface Case {
    what: string;
    hostVars: string;
    play: string;
    task?: string;
    cfg?: string;
    /** command-line flags, the same for both tools */
    flags?: string[];
    /** 'port N' (refused there) or 'ran locally' */
    outcome: string;
  }
  const cases: Case[] = [
    { what: 'play port', hostVars: '', play: 'port: 2', outcome: 'port 2' },
    { what: 'task port over play port', hostVars: '', play: 'port: 2', task: 'port: 3', outcome: 'port 3' },
    { what: 'ansible_port over the keyword', hostVars: 'ansible_port=1', play: 'port: 2', outcome: 'port 1' },
    {
      what: 'the keyword over [defaults] remote_port',
      hostVars: '',
      play: 'port: 2',
      cfg: '[defaults]\nremote_port = 4\n',
      outcome: 'port 2',
    },
    {
      what: 'play connection local',
      hostVars: 'ansible_port=1',
      play: 'connection: local',
      outcome: 'ran locally',
    },
    {
      what: 'ansible_connection over the keyword',
      hostVars: 'ansible_port=1 ansible_connection=ssh',
      play: 'connection: local',
      outcome: 'port 1',
    },
    {
      what: 'templated task connection',
      hostVars: 'ansible_port=1',
      play: '',
      task: `connection: "{{ 'lo' ~ 'cal' }}"`,
      outcome: 'ran locally',
    },
    {
      what: 'a templated ansible_port',
      hostVars: "base=1 ansible_port='{{ base + 8 }}'",
      play: '',
      outcome: 'port 9',
    },
    {
      what: 'a templated ansible_connection',
      hostVars: "kind=local ansible_port=1 ansible_connection='{{ kind }}'",
      play: '',
      outcome: 'ran locally',
    },
    {
      what: '-c local',
      hostVars: 'ansible_port=1',
      play: '',
      flags: ['-c', 'local'],
      outcome: 'ran locally',
    },
    {
      what: 'ansible_connection over -c',
      hostVars: 'ansible_port=1 ansible_connection=ssh',
      play: '',
      flags: ['-c', 'local'],
      outcome: 'port 1',
    },
    {
      what: 'the connection keyword over -c',
      hostVars: 'ansible_port=1',
      play: 'connection: ssh',
      flags: ['--connection', 'local'],
      outcome: 'port 1',
    },
    {
      what: '[defaults] transport',
      hostVars: 'ansible_port=1',
      play: '',
      cfg: '[defaults]\ntransport = local\n',
      outcome: 'ran locally',
    },
    {
      what: '-c over [defaults] transport',
      hostVars: 'ansible_port=1',
      play: '',
      cfg: '[defaults]\ntransport = local\n',
      flags: ['-c', 'ssh'],
      outcome: 'port 1',
    },
    {
      what: '--ssh-common-args',
      hostVars: '',
      play: '',
      flags: ['--ssh-common-args', '-o Port=5'],
      outcome: 'port 5',
    },
    {
      what: '--ssh-extra-args',
      hostVars: '',
      play: '',
      flags: ['--ssh-extra-args', '-p 6'],
      outcome: 'port 6',
    },
    {
      what: 'ansible_ssh_extra_args over --ssh-extra-args',
      hostVars: "ansible_ssh_extra_args='-p 7'",
      play: '',
      flags: ['--ssh-extra-args', '-p 6'],
      outcome: 'port 7',
    },
    {
      what: '[ssh_connection] ssh_extra_args',
      hostVars: '',
      play: '',
      cfg: '[ssh_connection]\nssh_extra_args = -p 8\n',
      outcome: 'port 8',
    },
  ];

  function files(c: Case, n: number) {
    const d = join(dir, String(n));
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d);
    writeFileSync(join(d, 'hosts'), `t ansible_host=127.0.0.1 ${c.hostVars}\n`);
    writeFileSync(join(d, 'ansible.cfg'), c.cfg ?? '[defaults]\n');
    writeFileSync(
      join(d, 'site.yml'),
      `- hosts: t
  gather_facts: false
  ${c.play || 'vars: {}'}
  tasks:
    - command: echo ran locally
      register: r
      ${c.task ?? 'tags: [x]'}
    - debug: {msg: "{{ r.stdout }}"}
`,
    );
    return d;
  }

  function outcome(out: string): string {
    const port = /(?:127\.0\.0\.1:|port )(\d+)(?::|,)? (?:connect )?(?:ECONNREFUSED|Connection refused)/.exec(
      out,
    );
    if (port) return `port ${port[1]}`;
    return /"msg": "ran locally"/.test(out) ? 'ran locally' : `unrecognised: ${out.slice(-600)}`;
  }

  for (const [n, c] of cases.entries()) {
    it(`${c.what}: ${c.outcome}`, async () => {
      const d = files(c, n);
      const r = await runCli(['run', 'site.yml', '-i', 'hosts', ...(c.flags ?? [])], {
        cwd: d,
        env: { ANSIBLE_CONFIG: join(d, 'ansible.cfg') },
      });
      assert.equal(outcome(r.stdout + r.stderr), c.outcome);
    });
  }

  for (const [n, c] of cases.entries()) {
    it(`ansible-playbook 2.14 agrees: ${c.what}`, async function () {
      if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
      const d = files(c, n);
      const out = await promisify(execFile)(
        'ansible-playbook',
        ['-i', 'hosts', 'site.yml', ...(c.flags ?? [])],
        {
          cwd: d,
          env: { ...process.env, ANSIBLE_CONFIG: join(d, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1' },
        },
      ).then(
        (x) => x.stdout,
        (e: { stdout: string }) => e.stdout,
      );
      assert.equal(outcome(out), c.outcome);
    });
  }
});
