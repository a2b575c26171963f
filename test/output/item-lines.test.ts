import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/**
 * A loop's item lines, byte for byte as ansible-playbook 2.14's default callback prints them
 * (ok, changed, skipped, failed and ignored items; without and with -v): a skipped item's line
 * ends with a space, a failed item has no `=>` before its item; a failed loop shows no result of
 * its own, except debug's (its msg alone). A failed command's msg adds the
 * host and command line to Ansible's words (a deliberate difference, docs/module-proof.md).
 */
describe('plain output: loop item lines as ansible-playbook prints them', function () {
  this.timeout(60_000);
  const dir = tempDirUntilExit('fp-item-lines');
  // the interpreter named: Ansible's discovery would add its fact to the first result
  writeFileSync(
    join(dir, 'hosts'),
    'h1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n',
  );
  writeFileSync(
    join(dir, 'site.yml'),
    `- hosts: h1
  gather_facts: false
  tasks:
    - debug: {msg: "{{ item }}"}
      loop: [1, 2]
      when: item == 1
    - command: "echo {{ item }}"
      loop: [a, b]
      changed_when: item == 'b'
    - command: "false"
      loop: [x]
      ignore_errors: true
    - debug: {msg: "{{ item }}"}
      loop: [3, 4]
      failed_when: item == 4
      ignore_errors: true
`,
  );

  /** The host and item lines, with the command results' times taken out. */
  const itemLines = (out: string): string[] =>
    out
      .split('\n')
      .filter((l) => /^(ok|changed|skipping|failed|fatal): \[|^\.\.\.ignoring/.test(l))
      .map((l) =>
        l
          .replace(/"(start|end|delta)": "[^"]*"/g, '"$1": "-"')
          .replace(/"msg": "non-zero return code[^"]*"/, '"msg": "non-zero return code"'),
      );

  for (const flags of [[], ['-v']]) {
    it(`the same lines ${flags.join(' ') || 'without -v'}`, async function () {
      if (!existsSync('/usr/bin/ansible-playbook')) this.skip();
      const ours = await runCli(['run', 'site.yml', '-i', 'hosts', ...flags], {
        cwd: dir,
        env: { NO_COLOR: '1', CI: '1' },
      });
      const theirs = await promisify(execFile)('ansible-playbook', ['site.yml', '-i', 'hosts', ...flags], {
        cwd: dir,
        env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
      });
      assert.deepEqual(itemLines(ours.stdout), itemLines(theirs.stdout));
    });
  }
});
