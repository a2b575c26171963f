// fabplay.cfg / ansible.cfg: which file, which value, and where each value came from.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { InputError } from '../../src/errors.js';

describe('config: fabplay.cfg / ansible.cfg', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-cfg-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ANSIBLE_CFG = `# comment
[defaults]
inventory = inventory/hosts, extra.yml
roles_path = roles:~/shared/roles
forks = 12
remote_user = deploy
private_key_file = keys/id_ed25519
host_key_checking = False
timeout = 30 ; inline comment
gathering = smart

[ssh_connection]
ssh_args = -o ControlMaster=auto
ssh_common_args = -o ProxyJump=bastion
retries = 3

[privilege_escalation]
become = yes
become_user = admin
`;

  it('defaults when there is no file', () => {
    const c = loadConfig({ cwd: dir, env: {} });
    assert.equal(c.file, undefined);
    assert.deepEqual(c.inventory, { value: [], origin: 'default' });
    assert.deepEqual(c.forks, { value: 5, origin: 'default' });
    assert.equal(c.timeout.value, 10);
    assert.equal(c.hostKeyChecking.value, 'strict');
  });

  it('reads ansible.cfg in the working directory: paths relative to it, lists, booleans', () => {
    writeFileSync(join(dir, 'ansible.cfg'), ANSIBLE_CFG);
    const c = loadConfig({ cwd: dir, env: {} });
    const file = join(dir, 'ansible.cfg');
    assert.equal(c.file, file);
    assert.deepEqual(c.inventory.value, [join(dir, 'inventory/hosts'), join(dir, 'extra.yml')]);
    assert.equal(c.inventory.origin, `${file} [defaults] inventory`);
    assert.deepEqual(c.rolesPath.value, [join(dir, 'roles'), join(homedir(), 'shared/roles')]);
    assert.deepEqual(c.forks, { value: 12, origin: `${file} [defaults] forks` });
    assert.equal(c.remoteUser.value, 'deploy');
    assert.equal(c.privateKeyFile.value, join(dir, 'keys/id_ed25519'));
    assert.equal(c.hostKeyChecking.value, 'off');
    assert.equal(c.timeout.value, 30);
    assert.equal(c.sshArgs.value, '-o ControlMaster=auto');
    assert.equal(c.sshCommonArgs?.value, '-o ProxyJump=bastion');
    assert.equal(c.sshRetries?.value, 3);
    assert.equal(c.become?.value, true);
    assert.equal(c.sudoUser?.value, 'admin');
    assert.equal(c.suUser?.value, 'admin');
    assert.equal(c.gathering?.value, 'smart');
    assert.deepEqual(c.ignored, []);
  });

  it('prefers fabplay.cfg over ansible.cfg, and $FABPLAY_CONFIG over both', () => {
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nforks = 1\n');
    writeFileSync(join(dir, 'fabplay.cfg'), '[defaults]\nforks = 2\n');
    assert.equal(loadConfig({ cwd: dir, env: {} }).forks.value, 2);
    mkdirSync(join(dir, 'etc'));
    writeFileSync(join(dir, 'etc', 'other.cfg'), '[defaults]\nforks = 3\n');
    const c = loadConfig({ cwd: dir, env: { FABPLAY_CONFIG: 'etc/other.cfg' } });
    assert.equal(c.forks.value, 3);
    assert.equal(c.file, join(dir, 'etc', 'other.cfg'));
  });

  it('jinja2_native from [defaults] or ANSIBLE_JINJA2_NATIVE (default off)', () => {
    assert.equal(loadConfig({ cwd: dir, env: {} }).jinja2Native?.value, false);
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\njinja2_native = True\n');
    assert.equal(loadConfig({ cwd: dir, env: {} }).jinja2Native?.value, true);
    const c = loadConfig({ cwd: dir, env: { ANSIBLE_JINJA2_NATIVE: '0' } });
    assert.deepEqual(c.jinja2Native, { value: false, origin: 'env ANSIBLE_JINJA2_NATIVE' });
  });

  it('environment beats the file, the command line beats both', () => {
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nforks = 1\nremote_user = fromfile\n');
    const env = { ANSIBLE_FORKS: '7', FABPLAY_REMOTE_USER: 'fromenv' };
    const c = loadConfig({ cwd: dir, env });
    assert.deepEqual(c.forks, { value: 7, origin: 'env ANSIBLE_FORKS' });
    assert.deepEqual(c.remoteUser, { value: 'fromenv', origin: 'env FABPLAY_REMOTE_USER' });
    const o = loadConfig({ cwd: dir, env, overrides: { forks: 9, inventory: ['a,b,'] } });
    assert.deepEqual(o.forks, { value: 9, origin: 'command line' });
    assert.deepEqual(o.inventory, { value: ['a,b,'], origin: 'command line' });
  });

  it('a bad value or a missing $FABPLAY_CONFIG is an InputError', () => {
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nforks = many\n');
    assert.throws(
      () => loadConfig({ cwd: dir, env: {} }),
      (e) => e instanceof InputError && /forks must be an integer/.test(e.message),
    );
    assert.throws(() => loadConfig({ cwd: dir, env: { FABPLAY_CONFIG: 'nope.cfg' } }), InputError);
    writeFileSync(join(dir, 'ansible.cfg'), 'forks = 1\n');
    assert.throws(
      () => loadConfig({ cwd: dir, env: {} }),
      (e) => e instanceof InputError && e.pos?.line === 1,
    );
  });
});
