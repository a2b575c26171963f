// What the executor masks: no_log tasks' -vvv EXEC lines, the passwords a host's variables give
// (rendered), the password arguments Ansible's modules declare no_log, and no_log loop labels.
// Runs on local hosts through the plain and --json outputs with the run's own Masker.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { PlainOutput } from '../../src/output/plain.js';
import { JsonOutput } from '../../src/output/json.js';
import { Masker, MASK, isSecretArgName } from '../../src/output/masking.js';
import type { Output } from '../../src/output/events.js';
import { runYaml } from './run-helper.js';
import { sink } from '../helpers/sink.js';

/** Runs the playbook at -vvv twice (plain lines, --json) and returns both outputs in one text. */
async function bothOutputs(playbook: string, inventory?: string): Promise<string> {
  let all = '';
  for (const make of [
    (m: Masker, s: Writable): Output =>
      new PlainOutput(m, { verbosity: 3, color: false, diff: true, out: s, err: s }),
    (m: Masker, s: Writable): Output => new JsonOutput(m, s, s),
  ]) {
    const masker = new Masker();
    const s = sink();
    await runYaml(playbook, {
      inventory,
      req: { secrets: masker, output: make(masker, s.w), diff: true, verbosity: 3 },
    });
    all += s.text();
  }
  return all;
}

const random = (tag: string): string => `${tag}-${randomBytes(8).toString('hex')}`;

describe('executor: secrets masked in output', () => {
  it('a no_log task shows its EXEC lines at -vvv without the command', async () => {
    const secret = random('cmd');
    const out = await bothOutputs(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - shell: "echo ${secret} > /dev/null"\n      no_log: true\n    - command: echo visible-command\n`,
    );
    assert.doesNotMatch(out, new RegExp(secret));
    assert.match(out, new RegExp(`<h1> EXEC \\${MASK.split('').join('\\')} \\(no_log\\)`));
    assert.match(out, /<h1> EXEC .*echo visible-command/, 'other tasks still show their commands');
  });

  it('the password a host variable renders to is masked, in task names and results, before any use', async () => {
    const secret = random('pw');
    const out = await bothOutputs(
      `- hosts: h1\n  gather_facts: false\n  vars:\n    vault_pw: ${secret}\n    ansible_become_password: "{{ vault_pw }}"\n  tasks:\n    - name: "show {{ ansible_become_password }}"\n      debug: msg="the password is {{ ansible_become_password }}"\n`,
    );
    assert.doesNotMatch(out, new RegExp(secret));
    assert.match(out, new RegExp(`show \\*{8}`));
    assert.match(out, /the password is \*{8}/);
  });

  it("the become plugins' passwords: ansible_sudo_pass, ansible_su_pass and the config's", async () => {
    const [sudo, su, cfg] = [random('sudo'), random('su'), random('cfg')];
    const masker = new Masker();
    const s = sink();
    await runYaml(
      `- hosts: h1\n  gather_facts: false\n  vars:\n    ansible_sudo_pass: ${sudo}\n    ansible_su_pass: ${su}\n  tasks:\n    - debug: msg="{{ ansible_sudo_pass }} {{ ansible_su_pass }} {{ '${cfg}' }}"\n`,
      {
        req: {
          secrets: masker,
          output: new PlainOutput(masker, { verbosity: 3, color: false, diff: false, out: s.w, err: s.w }),
          becomePlugins: { su: { password: cfg } },
        },
      },
    );
    assert.doesNotMatch(s.text(), new RegExp(`${sudo}|${su}|${cfg}`));
    assert.match(s.text(), /\*{8} \*{8} \*{8}/);
  });

  it("a module's password argument is masked wherever its value shows (here a failing curl's command line)", async () => {
    const secret = random('url');
    const out = await bothOutputs(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - uri: {url: "http://127.0.0.1:9/", url_username: u, url_password: "${secret}", timeout: 2}\n      ignore_errors: true\n    - debug: msg="later, {{ '${secret}' }}"\n`,
    );
    assert.doesNotMatch(out, new RegExp(secret));
    assert.match(out, /later, \*{8}/);
  });

  it('a no_log loop hides its label as well as its items', async () => {
    const secret = random('label');
    const out = await bothOutputs(
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: msg=x\n      loop: [1]\n      loop_control: {label: "${secret}"}\n      no_log: true\n`,
    );
    assert.doesNotMatch(out, new RegExp(secret));
  });

  it('password arguments are the ones Ansible declares no_log, not every name with "pass" in it', () => {
    for (const n of ['password', 'url_password']) assert.equal(isSecretArgName(n), true, n);
    for (const n of ['passno', 'update_password', 'url_username']) assert.equal(isSecretArgName(n), false, n);
  });
});
