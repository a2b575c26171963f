// [sudo_become_plugin], [su_become_plugin], their ANSIBLE_SUDO_* / ANSIBLE_SU_* variables and
// become_password_file, as `ansible-config list` and `ansible-doc -t become sudo|su` show them in 2.14.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { becomeSettings, givenBecomePassword } from '../../src/cli/become-options.js';
import { configJson, formatConfig } from '../../src/cli/config-cmd.js';
import { loadConfig } from '../../src/config/index.js';
import { InputError } from '../../src/errors.js';

describe('config: the sudo and su become plugins', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-bp-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const CFG = `[privilege_escalation]
become_user = app
become_exe = sudo -E
become_flags = -H -S -n

[sudo_become_plugin]
user = deploy
executable = /usr/local/bin/sudo
flags = -H -S -n -E
password = sudo-secret

[su_become_plugin]
user = svc
executable = /bin/su
flags = -l
password = su-secret
localized_prompts = Kennwort, Geheimwort
`;

  it("reads the plugins' sections: each wins over [privilege_escalation], for its method only", () => {
    writeFileSync(join(dir, 'ansible.cfg'), CFG);
    const c = loadConfig({ cwd: dir, env: {} });
    const file = join(dir, 'ansible.cfg');
    assert.deepEqual(c.sudoUser, { value: 'deploy', origin: `${file} [sudo_become_plugin] user` });
    assert.equal(c.sudoExe?.value, '/usr/local/bin/sudo');
    assert.equal(c.sudoFlags?.value, '-H -S -n -E');
    assert.equal(c.sudoPassword?.value, 'sudo-secret');
    assert.equal(c.suUser?.value, 'svc');
    assert.equal(c.suExe?.value, '/bin/su');
    assert.equal(c.suFlags?.value, '-l');
    assert.equal(c.suPassword?.value, 'su-secret');
    assert.deepEqual(c.suPrompts?.value, ['Kennwort', 'Geheimwort']);
    assert.deepEqual(c.ignored, []);
    const s = becomeSettings({}, c);
    assert.deepEqual(s.becomePlugins?.sudo, {
      user: 'deploy',
      exe: '/usr/local/bin/sudo',
      flags: '-H -S -n -E',
      password: 'sudo-secret',
    });
    assert.equal(s.becomePlugins?.su?.user, 'svc');
    assert.deepEqual(s.becomePlugins?.su?.prompts, ['Kennwort', 'Geheimwort']);
  });

  it('the environment wins over the file; ANSIBLE_SUDO_* and ANSIBLE_SU_* over ANSIBLE_BECOME_*', () => {
    writeFileSync(join(dir, 'ansible.cfg'), CFG);
    const env = {
      ANSIBLE_BECOME_USER: 'envuser',
      ANSIBLE_SU_USER: 'envsu',
      ANSIBLE_BECOME_FLAGS: '-H',
      ANSIBLE_SUDO_EXE: 'sudo -g sys',
      ANSIBLE_BECOME_PASS: 'env-become',
      ANSIBLE_SU_PASS: 'env-su',
      ANSIBLE_SU_PROMPT_L10N: 'Losung',
    };
    const c = loadConfig({ cwd: dir, env });
    assert.deepEqual(c.sudoUser, { value: 'envuser', origin: 'env ANSIBLE_BECOME_USER' });
    assert.deepEqual(c.suUser, { value: 'envsu', origin: 'env ANSIBLE_SU_USER' });
    assert.equal(c.sudoFlags?.value, '-H');
    assert.equal(c.suFlags?.value, '-H');
    assert.equal(c.sudoExe?.value, 'sudo -g sys');
    assert.equal(c.suExe?.value, '/bin/su');
    assert.equal(c.sudoPassword?.value, 'env-become');
    assert.equal(c.suPassword?.value, 'env-su');
    assert.deepEqual(c.suPrompts?.value, ['Losung']);
  });

  it('--become-user wins over every plugin setting, as a keyword does', () => {
    writeFileSync(join(dir, 'ansible.cfg'), CFG);
    const c = loadConfig({ cwd: dir, env: { ANSIBLE_SUDO_USER: 'x' } });
    assert.equal(becomeSettings({ becomeUser: 'root' }, c).becomeUser, 'root');
    assert.equal(becomeSettings({}, c).becomeUser, undefined);
  });

  it('fabplay config shows the plugin passwords masked, in text and in JSON', () => {
    writeFileSync(join(dir, 'ansible.cfg'), CFG);
    const c = loadConfig({ cwd: dir, env: {} });
    const text = formatConfig(c);
    assert.match(text, /^become_pass \(sudo\) = \*{8} {2}\(.*\[sudo_become_plugin\] password\)$/m);
    assert.match(text, /^become_user \(su\) = svc /m);
    assert.doesNotMatch(text, /secret/);
    const json = JSON.parse(configJson(c)) as Record<string, { value: unknown }>;
    assert.equal(json.suPassword?.value, '********');
    assert.equal(json.suUser?.value, 'svc');
    assert.doesNotMatch(configJson(c), /secret/);
    assert.equal(c.suPassword?.value, 'su-secret', 'the config itself keeps the password');
  });

  it('become_password_file: [defaults] relative to the file, or ANSIBLE_BECOME_PASSWORD_FILE', () => {
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nbecome_password_file = pw\n');
    writeFileSync(join(dir, 'pw'), '  from-file \n\n');
    const c = loadConfig({ cwd: '/', env: {} });
    assert.equal(c.becomePasswordFile?.value, undefined, 'no ansible.cfg in /');
    const d = loadConfig({ cwd: dir, env: {} });
    assert.equal(d.becomePasswordFile?.value, join(dir, 'pw'));
    assert.equal(givenBecomePassword(undefined, d, { FABPLAY_BECOME_PASSWORD: 'env' }), 'from-file');
    assert.equal(givenBecomePassword(undefined, c, { FABPLAY_BECOME_PASSWORD: 'env' }), 'env');
    writeFileSync(join(dir, 'script'), '#!/bin/sh\necho " from-script "\n');
    chmodSync(join(dir, 'script'), 0o755);
    // a script's output keeps its spaces, only line ends go
    assert.equal(givenBecomePassword(join(dir, 'script'), d, {}), ' from-script ');
  });

  it('a become password file that is missing, empty or a failing script stops the run clearly', () => {
    const c = loadConfig({ cwd: dir, env: {} });
    assert.throws(
      () => givenBecomePassword(join(dir, 'nope'), c, {}),
      (e) =>
        e instanceof InputError &&
        e.message === `the become password file ${join(dir, 'nope')} was not found`,
    );
    writeFileSync(join(dir, 'empty'), '\n');
    assert.throws(() => givenBecomePassword(join(dir, 'empty'), c, {}), /gave an empty password/);
    writeFileSync(join(dir, 'fails'), '#!/bin/sh\necho no vault here >&2\nexit 3\n');
    chmodSync(join(dir, 'fails'), 0o755);
    assert.throws(
      () => givenBecomePassword(join(dir, 'fails'), c, {}),
      /the become password script .*fails exited with 3: no vault here/,
    );
  });
});
