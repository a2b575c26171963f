// [privilege_escalation] of ansible.cfg and its ANSIBLE_* variables, as ansible-core 2.14 lists them.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { becomePasswordQuestion, becomeSettings } from '../../src/cli/become-options.js';
import { loadConfig } from '../../src/config/index.js';
import { InputError } from '../../src/errors.js';

describe('config: [privilege_escalation]', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-pe-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const CFG = `[privilege_escalation]
become = True
become_method = su
become_user = app
become_exe = sudo -E
become_flags = -H -S -n -E
become_ask_pass = yes
agnostic_become_prompt = False
become_allow_same_user = 1
`;

  it('reads every key Ansible 2.14 documents there, and lists none as ignored', () => {
    writeFileSync(join(dir, 'ansible.cfg'), CFG);
    const c = loadConfig({ cwd: dir, env: {} });
    const file = join(dir, 'ansible.cfg');
    assert.equal(c.become?.value, true);
    assert.equal(c.becomeMethod?.value, 'su');
    assert.equal(c.sudoUser?.value, 'app');
    assert.equal(c.suUser?.value, 'app');
    assert.deepEqual(c.sudoExe, { value: 'sudo -E', origin: `${file} [privilege_escalation] become_exe` });
    assert.equal(c.suExe?.value, 'sudo -E');
    assert.equal(c.sudoFlags?.value, '-H -S -n -E');
    assert.equal(c.suFlags?.value, '-H -S -n -E');
    assert.equal(c.becomeAskPass?.value, true);
    assert.equal(c.agnosticBecomePrompt?.value, false);
    assert.equal(c.becomeAllowSameUser?.value, true);
    assert.deepEqual(c.ignored, []);
  });

  it("defaults: no become, sudo to root, the method's own program and flags, BECOME prompt", () => {
    const c = loadConfig({ cwd: dir, env: {} });
    assert.equal(c.become?.value, false);
    assert.equal(c.becomeMethod?.value, 'sudo');
    assert.equal(c.sudoUser?.value, 'root');
    assert.equal(c.suUser?.value, 'root');
    assert.equal(c.sudoExe?.value, undefined);
    assert.equal(c.sudoFlags?.value, undefined);
    assert.equal(c.sudoPassword?.value, undefined);
    assert.deepEqual(c.suPrompts?.value, []);
    assert.equal(c.becomePasswordFile?.value, undefined);
    assert.equal(c.becomeAskPass?.value, false);
    assert.equal(c.agnosticBecomePrompt?.value, true);
    assert.equal(c.becomeAllowSameUser?.value, false);
  });

  it('ANSIBLE_BECOME_EXE and ANSIBLE_BECOME_FLAGS win over the file; empty flags stay empty', () => {
    writeFileSync(join(dir, 'ansible.cfg'), CFG);
    const env = { ANSIBLE_BECOME_EXE: '/usr/bin/sudo -H', ANSIBLE_BECOME_FLAGS: '' };
    const c = loadConfig({ cwd: dir, env });
    assert.deepEqual(c.sudoExe, { value: '/usr/bin/sudo -H', origin: 'env ANSIBLE_BECOME_EXE' });
    // Ansible then runs sudo with no flags at all, not with its default -H -S -n
    assert.deepEqual(c.suFlags, { value: '', origin: 'env ANSIBLE_BECOME_FLAGS' });
  });

  it('a become_method fabplay has no plugin for is refused with file and line', () => {
    writeFileSync(join(dir, 'ansible.cfg'), '[privilege_escalation]\n\nbecome_method = doas\n');
    assert.throws(
      () => loadConfig({ cwd: dir, env: {} }),
      (e) =>
        e instanceof InputError &&
        e.message === `${join(dir, 'ansible.cfg')}:3: become_method must be 'sudo' or 'su', got 'doas'`,
    );
    // as in Ansible, only the value in use is checked: the environment's, over the file's
    assert.equal(
      loadConfig({ cwd: dir, env: { ANSIBLE_BECOME_METHOD: 'sudo' } }).becomeMethod?.value,
      'sudo',
    );
    assert.throws(
      () => loadConfig({ cwd: dir, env: { ANSIBLE_BECOME_METHOD: 'runas' } }),
      /\$ANSIBLE_BECOME_METHOD: become_method must be 'sudo' or 'su', got 'runas'/,
    );
  });

  it('the run takes -b, --become-user, --become-method over the config', () => {
    writeFileSync(join(dir, 'ansible.cfg'), CFG);
    const c = loadConfig({ cwd: dir, env: {} });
    const plugin = { user: 'app', exe: 'sudo -E', flags: '-H -S -n -E', password: undefined };
    assert.deepEqual(becomeSettings({}, c), {
      become: true,
      becomeUser: undefined,
      becomeMethod: 'su',
      becomePlugins: { sudo: plugin, su: { ...plugin, prompts: [] } },
      becomeAllowSameUser: true,
    });
    const s = becomeSettings({ becomeUser: 'root', becomeMethod: 'sudo' }, c);
    assert.equal(s.becomeUser, 'root');
    assert.equal(s.becomeMethod, 'sudo');
    const none = becomeSettings({}, loadConfig({ cwd: dir, env: { ANSIBLE_BECOME: 'no' } }));
    assert.equal(none.become, false);
    assert.equal(
      becomeSettings({ become: true }, loadConfig({ cwd: dir, env: { ANSIBLE_BECOME: 'no' } })).become,
      true,
    );
  });

  it("the password question: BECOME, or the method's name without agnostic_become_prompt", () => {
    assert.equal(becomePasswordQuestion('sudo', true, false), 'BECOME password: ');
    assert.equal(becomePasswordQuestion('su', false, false), 'SU password: ');
    assert.equal(becomePasswordQuestion('sudo', false, true), 'SUDO password[defaults to SSH password]: ');
  });
});
