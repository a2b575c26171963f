import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// Each case is run by ansible-playbook 2.14 (Debian's package) and by fabplay in the same
// directory: the standard output, the warnings and the error must be the same. Where Ansible
// exits 1 (its code for any error), fabplay exits 5 (bad command-line usage, README's exit codes);
// its error line starts `ERROR: ` where Ansible's starts `ERROR! `, and adds a hint after `; `.
describe('cli: --limit that matches no host, as ansible-playbook 2.14 has it', () => {
  const dir = tempDirUntilExit('fabplay-limit');
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const all = file('all.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
  const local = file(
    'local.yml',
    '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n',
  );
  const plays = file(
    'plays.yml',
    ['h1,nosuch', 'nosuch', 'other,h1']
      .map((hosts) => `- hosts: ${hosts}\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n`)
      .join(''),
  );
  const empty = file('empty.ini', '');
  const hosts = file('hosts.ini', '[web]\nh1 ansible_connection=local\n');
  const retry = file('old.retry', 'nosuch\n');
  const env = {
    ANSIBLE_NOCOLOR: '1',
    NO_COLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    ANSIBLE_CONFIG: '',
  };

  const both = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const ours = await runCli(['run', ...args], { cwd: dir, env: { ...env, ...extraEnv } });
    const theirs = spawnSync('ansible-playbook', args, {
      cwd: dir,
      env: { ...process.env, ...env, ...extraEnv, PYTHONUNBUFFERED: '' },
      encoding: 'utf8',
    });
    return { ours, theirs };
  };
  /** the error line as both write it: `ERROR! ` (fabplay: `ERROR: `), no hint, no full stop */
  const errorLine = (stderr: string): string =>
    stderr.replace(/^ERROR[:!] (.*?)(?:; .*)?\.?$/m, (_, m: string) => `ERROR! ${m}`);

  const cases: { name: string; args: string[]; env?: Record<string, string>; runs: boolean }[] = [
    {
      name: 'an empty inventory: the run goes on, the play matches no host',
      args: [all, '-i', empty, '--limit', 'h1'],
      runs: true,
    },
    {
      name: 'an empty inventory, --limit localhost: the implicit localhost runs',
      args: [local, '-i', empty, '--limit', 'localhost'],
      runs: true,
    },
    {
      name: 'an empty inventory, --limit @file',
      args: [all, '-i', empty, '--limit', `@${retry}`],
      runs: true,
    },
    {
      name: 'hosts, --limit of no host: the error',
      args: [all, '-i', hosts, '--limit', 'nosuchhost'],
      runs: false,
    },
    {
      name: 'hosts, --limit of only the implicit localhost: the error',
      args: [local, '-i', hosts, '--limit', 'localhost'],
      runs: false,
    },
    {
      name: 'hosts, --limit @file of no host: the error',
      args: [all, '-i', hosts, '--limit', `@${retry}`],
      runs: false,
    },
    {
      name: 'hosts, a part of --limit that matches nothing: warned, the rest runs',
      args: [all, '-i', hosts, '--limit', 'h1,nosuch'],
      runs: true,
    },
    {
      name: 'a host missing from --limit and from plays: warned once, then the others as plays meet them',
      args: [plays, '-i', hosts, '--limit', 'h1,nosuch'],
      runs: true,
    },
    {
      name: '--list-tasks checks it too',
      args: [all, '-i', hosts, '--limit', 'nosuchhost', '--list-tasks'],
      runs: false,
    },
    {
      name: '--syntax-check checks it too',
      args: [all, '-i', hosts, '--limit', 'nosuchhost', '--syntax-check'],
      runs: false,
    },
    {
      name: '--list-tasks with a --limit that matches: the listing',
      args: [all, '-i', hosts, '--limit', 'h1', '--list-tasks'],
      runs: true,
    },
    {
      name: 'host_pattern_mismatch=error: that part is the error',
      args: [all, '-i', hosts, '--limit', 'h1,nosuch'],
      env: { ANSIBLE_HOST_PATTERN_MISMATCH: 'error' },
      runs: false,
    },
  ];
  for (const c of cases)
    it(c.name, async function () {
      this.timeout(90000);
      const { ours, theirs } = await both(c.args, c.env);
      assert.equal(theirs.status, c.runs ? 0 : 1, theirs.stderr);
      assert.equal(ours.code, c.runs ? 0 : 5, ours.stderr);
      assert.equal(errorLine(ours.stderr), errorLine(theirs.stderr));
      assert.equal(ours.stdout, theirs.stdout);
    });
});
