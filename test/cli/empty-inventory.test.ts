import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyInventoryWarning } from '../../src/cli/empty-inventory.js';
import { loadConfig } from '../../src/config/index.js';
import { loadInventory } from '../../src/inventory/index.js';
import { runCli } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

// ansible-playbook 2.14's stderr for each inventory below (Debian's package, not on a terminal):
// the two lines for an empty file, a file of groups without hosts and `-i ,`; nothing for `-i
// localhost,` or with ANSIBLE_LOCALHOST_WARNING=0
const ANSIBLE_SAID =
  "[WARNING]: provided hosts list is empty, only localhost is available. Note that\nthe implicit localhost does not match 'all'\n";

describe('cli: the warning for an inventory without hosts', () => {
  const dir = tempDirUntilExit('fabplay-empty-inv');
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const config = (env: Record<string, string> = {}) => loadConfig({ cwd: dir, env });

  it('is printed for an empty file, groups without hosts, an empty host list, as Ansible wraps it', () => {
    for (const source of [file('empty.ini', ''), file('groups.ini', '[web]\n[db:children]\nweb\n'), ','])
      assert.equal(
        emptyInventoryWarning(loadInventory([source], { cwd: dir }), config()),
        ANSIBLE_SAID,
        source,
      );
  });

  it('is not printed when a host is there (localhost named too), nor with localhost_warning off', () => {
    assert.equal(emptyInventoryWarning(loadInventory(['localhost,'], { cwd: dir }), config()), '');
    assert.equal(emptyInventoryWarning(loadInventory([file('h.ini', 'h1\n')], { cwd: dir }), config()), '');
    const off = config({ ANSIBLE_LOCALHOST_WARNING: '0' });
    assert.equal(emptyInventoryWarning(loadInventory([file('e.ini', '')], { cwd: dir }), off), '');
    file('ansible.cfg', '[defaults]\nlocalhost_warning = false\n');
    assert.equal(emptyInventoryWarning(loadInventory([file('e.ini', '')], { cwd: dir }), config()), '');
  });

  it('a run prints it on stderr where ansible-playbook does, and goes on with the implicit localhost', async function () {
    this.timeout(60000);
    const pb = file(
      'local.yml',
      '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n',
    );
    const inv = file('none.ini', '');
    const env = { ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False', ANSIBLE_CONFIG: '' };
    // not in `dir`, whose ansible.cfg turns the warning off
    const cwd = mkdtempSync(join(dir, 'run-'));
    const ours = await runCli(['run', pb, '-i', inv], { cwd, env });
    const theirs = spawnSync('ansible-playbook', [pb, '-i', inv], {
      cwd,
      env: { ...process.env, ...env, PYTHONUNBUFFERED: '' },
      encoding: 'utf8',
    });
    assert.equal(theirs.status, 0, theirs.stderr);
    assert.equal(theirs.stderr, ANSIBLE_SAID);
    assert.match(theirs.stdout, /ok: \[localhost\]/);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stderr, ANSIBLE_SAID);
    assert.match(ours.stdout, /ok: \[localhost\]/);
  });

  it('--syntax-check and the listings print it too, after the no-inventory warning, as ansible-playbook does', async function () {
    this.timeout(240000);
    const pb = file('all.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
    const inv = file('nothing.ini', '');
    const env = { ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'False', ANSIBLE_CONFIG: '' };
    const cwd = mkdtempSync(join(dir, 'list-'));
    const noInventory = '[WARNING]: No inventory was parsed, only implicit localhost is available\n';
    for (const flag of ['--syntax-check', '--list-tasks', '--list-hosts', '--list-tags'])
      for (const [inventory, said] of [
        [['-i', inv], ANSIBLE_SAID],
        [[], noInventory + ANSIBLE_SAID],
      ] as const) {
        const args = [pb, ...inventory, flag];
        const theirs = spawnSync('ansible-playbook', args, {
          cwd,
          env: { ...process.env, ...env, PYTHONUNBUFFERED: '' },
          encoding: 'utf8',
        });
        assert.equal(theirs.status, 0, theirs.stderr);
        assert.equal(theirs.stderr, said, args.join(' '));
        const ours = await runCli(['run', ...args], { cwd, env });
        assert.equal(ours.code, 0, ours.stderr);
        assert.equal(ours.stderr, said, args.join(' '));
        assert.equal(ours.stdout, theirs.stdout, args.join(' '));
      }
  });
});
