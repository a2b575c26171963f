// Where the sudo password comes from, compared with ansible-playbook 2.14 on a lab host where fpl's
// sudo needs fpl's password: [sudo_become_plugin] password, ANSIBLE_BECOME_PASS, ANSIBLE_SUDO_PASS,
// become_password_file and the ansible_*_pass variables, each case with a wrong password in every
// source that must lose, so taking the wrong one fails the task (the last case shows it does).
// (A local run as root cannot show it: sudo asks root for nothing.)
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { runCli } from '../helpers/cli.js';
import { LAB_USER, LAB_USER_PASSWORD, useLab } from '../helpers/lab.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

const WRONG = 'not-the-password';

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  become: true
  tasks:
    - command: id -un
      register: a
    - command: id -un
      vars: {ansible_become_password: ${WRONG}, ansible_become_pass: "{{ right }}"}
      register: b
    - command: id -un
      vars: {ansible_become_pass: ${WRONG}, ansible_sudo_pass: "{{ right }}", ansible_su_pass: ${WRONG}}
      register: c
    - debug: {msg: "{{ a.stdout }} {{ b.stdout }} {{ c.stdout }}"}
`;

const CASES: { name: string; cfg: string; env: Record<string, string>; ok: boolean }[] = [
  {
    name: "[sudo_become_plugin] password; ANSIBLE_SU_PASS is not sudo's",
    cfg: `[sudo_become_plugin]\npassword = ${LAB_USER_PASSWORD}\n`,
    env: { ANSIBLE_SU_PASS: WRONG },
    ok: true,
  },
  {
    name: 'ANSIBLE_SUDO_PASS over ANSIBLE_BECOME_PASS over [sudo_become_plugin] password',
    cfg: `[sudo_become_plugin]\npassword = ${WRONG}\n`,
    env: { ANSIBLE_BECOME_PASS: WRONG, ANSIBLE_SUDO_PASS: LAB_USER_PASSWORD },
    ok: true,
  },
  {
    name: 'become_password_file (a script) over ANSIBLE_SUDO_PASS',
    cfg: `[defaults]\nbecome_password_file = pw.sh\n[sudo_become_plugin]\npassword = ${WRONG}\n`,
    env: { ANSIBLE_SUDO_PASS: WRONG },
    ok: true,
  },
  {
    name: 'a wrong ANSIBLE_SUDO_PASS over the right [sudo_become_plugin] password fails',
    cfg: `[sudo_become_plugin]\npassword = ${LAB_USER_PASSWORD}\n`,
    env: { ANSIBLE_SUDO_PASS: WRONG },
    ok: false,
  },
];

describe('the sudo password from the become plugin settings, as ansible-playbook @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  let tmp: ReturnType<typeof makeTempDir>;

  before(() => {
    tmp = makeTempDir('fabplay-become-pw-');
    const vars = { ...lab.hostVars('h1'), ansible_user: LAB_USER, right: LAB_USER_PASSWORD };
    const hostVars = Object.entries(vars).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
    writeFileSync(
      join(tmp.dir, 'inventory.yml'),
      ['all:', '  hosts:', '    h1:', ...hostVars, ''].join('\n'),
    );
    writeFileSync(join(tmp.dir, 'site.yml'), PLAYBOOK);
    writeFileSync(join(tmp.dir, 'pw.sh'), `#!/bin/sh\necho '${LAB_USER_PASSWORD}'\n`, { mode: 0o755 });
  });
  after(() => tmp?.cleanup());

  for (const c of CASES)
    it(c.name, async () => {
      writeFileSync(join(tmp.dir, 'ansible.cfg'), c.cfg);
      const env = { ...c.env, ANSIBLE_HOST_KEY_CHECKING: 'False' };
      const theirs = ansiblePlaybook(['-i', 'inventory.yml', 'site.yml'], tmp.dir, env);
      const ours = await runCli(['run', '-i', 'inventory.yml', 'site.yml'], { cwd: tmp.dir, env });
      const out = `ansible-playbook:\n${theirs.stdout}\nfabplay:\n${ours.stdout}${ours.stderr}`;
      assert.equal(theirs.status, c.ok ? 0 : 2, out);
      assert.equal(ours.code, theirs.status, out);
      if (c.ok) {
        assert.match(theirs.stdout, /"msg": "root root root"/, out);
        assert.match(ours.stdout, /root root root/, out);
      } else {
        assert.match(theirs.stdout, /Incorrect sudo password/, out);
        assert.match(ours.stdout + ours.stderr, /h1\s+: ok=0 +changed=0 .*failed=1/, out);
      }
      // never shown, from whichever source it came
      assert.doesNotMatch(ours.stdout + ours.stderr, new RegExp(LAB_USER_PASSWORD), out);
    });
});
