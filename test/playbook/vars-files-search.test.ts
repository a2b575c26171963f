// A play's vars_files entry is looked for under the play directory's vars/ first, then in the
// directory, as ansible-playbook 2.14 looks (path_dwim_relative_stack with 'vars'): both runners
// run the same play and must print the same values.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.js';

const run = promisify(execFile);

const PLAY = `- hosts: localhost
  gather_facts: false
  vars:
    which: c
  vars_files:
    - a.yml
    - vars/b.yml
    - "{{ which }}.yml"
    - [missing.yml, d.yml]
  tasks:
    - debug:
        msg: "{{ [a, b, c, d] | join(' ') }}"
`;

describe('vars_files: looked for in vars/ first, as ansible-playbook does', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-vars-files-'));
    mkdirSync(join(dir, 'vars'));
    writeFileSync(join(dir, 'play.yml'), PLAY);
    writeFileSync(join(dir, 'a.yml'), 'a: a_beside\n');
    writeFileSync(join(dir, 'vars', 'a.yml'), 'a: a_in_vars\n');
    writeFileSync(join(dir, 'vars', 'b.yml'), 'b: b_in_vars\n');
    writeFileSync(join(dir, 'vars', 'c.yml'), 'c: c_in_vars\n');
    writeFileSync(join(dir, 'd.yml'), 'd: d_beside\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a relative name, one already under vars/, a templated one and a list of alternatives', async () => {
    const env = { ...process.env, ANSIBLE_CONFIG: join(dir, 'none.cfg'), ANSIBLE_NOCOLOR: '1' };
    const theirs = await run('ansible-playbook', ['-i', 'localhost,', '-c', 'local', 'play.yml'], {
      cwd: dir,
      env,
    });
    const ours = await runCli(['run', '-i', 'localhost,', '-c', 'local', 'play.yml'], { cwd: dir });
    const msg = /"msg": "([^"]*)"/;
    assert.equal(msg.exec(theirs.stdout)?.[1], 'a_in_vars b_in_vars c_in_vars d_beside');
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(msg.exec(ours.stdout)?.[1], 'a_in_vars b_in_vars c_in_vars d_beside');
  });
});
