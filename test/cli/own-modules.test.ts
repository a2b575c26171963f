// Modules of the user's own beside ansible-playbook 2.14 on the same playbook: a binary module
// (C, compiled here with gcc: its arguments come as a JSON file, as Go modules take them), an
// old-style `library/ping` that Ansible runs for `ping` (and not for ansible.builtin.ping), a
// module whose #! interpreter the inventory overrides (ansible_sh_interpreter). The old-style,
// WANT_JSON and jsonargs modules and check mode: differential fixtures 187 and 188.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

const BINARY_SOURCE = `#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  char text[65536];
  size_t n = 0;
  FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
  if (!f) { puts("{\\"failed\\": true, \\"msg\\": \\"no arguments file\\"}"); return 1; }
  n = fread(text, 1, sizeof text - 1, f);
  text[n] = 0;
  printf("{\\"msg\\": \\"binary\\", \\"got_word\\": %s, \\"check\\": %s, \\"changed\\": true}\\n",
         strstr(text, "\\"word\\": \\"hello\\"") ? "true" : "false",
         strstr(text, "\\"_ansible_check_mode\\": true") ? "true" : "false");
  return 0;
}
`;

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  tasks:
    - fp_bin: {word: hello}
      register: bin
    - ping:
      register: mine
    - ansible.builtin.ping:
      register: builtin
    - fp_shell:
      register: sh
    - debug:
        msg: "{{ [bin.msg, bin.got_word, bin.check, bin.changed, mine.ping, builtin.ping, sh.bash != ''] }}"
`;

/** The debug task's message, as ansible-playbook and fabplay print it. */
function debugMessage(stdout: string): string {
  const m = /TASK \[debug\][^\n]*\nok: \[h1\] => (\{[\s\S]*?\n\})/.exec(stdout);
  assert.ok(m, stdout);
  return m[1]!;
}

describe('cli: modules of the user own, beside ansible-playbook', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    tmp = makeTempDir('fabplay-own-modules-');
    const d = tmp.dir;
    mkdirSync(join(d, 'library'));
    writeFileSync(join(d, 'fp_bin.c'), BINARY_SOURCE);
    execFileSync('gcc', ['-O', '-o', join(d, 'library/fp_bin'), join(d, 'fp_bin.c')]);
    writeFileSync(join(d, 'library/ping'), '#!/bin/sh\necho \'{"ping": "mine"}\'\n');
    writeFileSync(
      join(d, 'library/fp_shell'),
      '#!/bin/sh\nprintf \'{"bash": "%s", "changed": false}\\n\' "$BASH_VERSION"\n',
    );
    writeFileSync(join(d, 'hosts'), 'h1 ansible_connection=local ansible_sh_interpreter=/bin/bash\n');
    writeFileSync(join(d, 'site.yml'), PLAYBOOK);
    writeFileSync(
      join(d, 'library/fp_facts'),
      '#!/bin/sh\necho \'{"ansible_facts": {"fp_fact": "mine", "ansible_fp_os": "from the module"}}\'\n',
    );
    writeFileSync(
      join(d, 'facts.yml'),
      '- hosts: h1\n  tasks:\n    - debug:\n        msg: "{{ [fp_fact, ansible_system, ansible_fp_os, ansible_facts.fp_os] }}"\n',
    );
  });
  after(() => tmp?.cleanup());

  it("runs the fact modules ANSIBLE_FACTS_MODULES names in the play's gathering, merged in order", async () => {
    const env = { ANSIBLE_FACTS_MODULES: 'ansible.legacy.setup,fp_facts' };
    const ansible = ansiblePlaybook(['-i', 'hosts', 'facts.yml'], tmp.dir, env);
    assert.equal(ansible.status, 0, ansible.stdout);
    const ours = await runCli(['run', '-i', 'hosts', 'facts.yml'], {
      cwd: tmp.dir,
      env: { NO_COLOR: '1', CI: '1', ...env },
    });
    assert.equal(ours.code, 0, ours.stdout + ours.stderr);
    const want = debugMessage(ansible.stdout);
    assert.equal(debugMessage(ours.stdout), want);
    assert.match(want, /"mine",\s*"Linux",\s*"from the module",\s*"from the module"/);
  });

  for (const check of [false, true])
    it(`runs them as Ansible does${check ? ', in check mode too' : ''}`, async () => {
      const args = ['-i', 'hosts', 'site.yml', ...(check ? ['--check'] : [])];
      const ansible = ansiblePlaybook(args, tmp.dir);
      assert.equal(ansible.status, 0, ansible.stdout);
      const ours = await runCli(['run', ...args], { cwd: tmp.dir, env: { NO_COLOR: '1', CI: '1' } });
      assert.equal(ours.code, 0, ours.stdout + ours.stderr);
      const want = debugMessage(ansible.stdout);
      assert.equal(debugMessage(ours.stdout), want);
      assert.match(
        want,
        new RegExp(`"binary",\\s*true,\\s*${check},\\s*true,\\s*"mine",\\s*"pong",\\s*true`),
      );
    });
});
