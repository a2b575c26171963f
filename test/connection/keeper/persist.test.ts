import { strict as assert } from 'node:assert';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { connectionSpecFor } from '../../../src/connection/index.js';
import { persistenceOf, sshTimeSec } from '../../../src/connection/keeper/persist.js';
import { InputError } from '../../../src/errors.js';

const spec = (vars: Record<string, unknown>, defaults: Record<string, unknown> = {}) =>
  connectionSpecFor('web1', { ansible_host: '10.0.0.5', ...vars }, defaults);

describe('kept connections: ControlMaster and ControlPersist in the ssh args', () => {
  it('reads sshd_config times as OpenSSH does', () => {
    assert.equal(sshTimeSec('60'), 60);
    assert.equal(sshTimeSec('60s'), 60);
    assert.equal(sshTimeSec('10m'), 600);
    assert.equal(sshTimeSec('1h30m'), 5400);
    assert.equal(sshTimeSec('1W'), 604800);
    assert.equal(sshTimeSec('soon'), undefined);
    assert.equal(sshTimeSec('-5'), undefined);
  });

  it("keeps the connection for ansible.cfg's usual ssh_args, in control_path_dir", () => {
    const p = persistenceOf(
      spec({}, { sshArgs: '-C -o ControlMaster=auto -o ControlPersist=60s', controlPathDir: '/tmp/cp' }),
    );
    assert.equal(p?.idleSec, 60);
    assert.match(p!.socketPath, /^\/tmp\/cp\/fabplay-[0-9a-f]{24}$/);
    // Ansible's default directory, ~ expanded
    const q = persistenceOf(spec({ ansible_ssh_args: '-o ControlMaster=yes -o ControlPersist=yes' }));
    assert.equal(q?.idleSec, 0);
    // 0 is yes, as OpenSSH reads it
    assert.equal(
      persistenceOf(spec({ ansible_ssh_args: '-o ControlMaster=auto -o ControlPersist=0' }))?.idleSec,
      0,
    );
    assert.ok(q!.socketPath.startsWith(join(homedir(), '.ansible/cp/fabplay-')));
  });

  it('keeps nothing without ControlPersist, with ControlPersist=no or ControlMaster=no', () => {
    assert.equal(persistenceOf(spec({})), undefined);
    assert.equal(persistenceOf(spec({ ansible_ssh_args: '-o ControlMaster=auto' })), undefined);
    assert.equal(
      persistenceOf(spec({ ansible_ssh_args: '-o ControlMaster=auto -o ControlPersist=no' })),
      undefined,
    );
    assert.equal(
      persistenceOf(spec({ ansible_ssh_args: '-o ControlMaster=no -o ControlPersist=60' })),
      undefined,
    );
  });

  it('ssh_args come first: their value wins over the common args, as OpenSSH takes the first', () => {
    const p = persistenceOf(
      spec({
        ansible_ssh_args: '-o ControlMaster=auto -o ControlPersist=30',
        ansible_ssh_common_args: '-o ControlPersist=no',
      }),
    );
    assert.equal(p?.idleSec, 30);
  });

  it('a connection made another way (user, key, password, port, proxy) has a socket of its own', () => {
    const args = { ansible_ssh_args: '-o ControlMaster=auto -o ControlPersist=60' };
    const base = persistenceOf(spec(args))!.socketPath;
    assert.equal(persistenceOf(spec(args))!.socketPath, base);
    for (const other of [
      { ansible_user: 'deploy' },
      { ansible_ssh_private_key_file: '/k2' },
      { ansible_password: 'pw' },
      { ansible_port: 2222 },
      { ansible_ssh_common_args: '-o ProxyCommand="nc %h %p"' },
      { ansible_host_key_checking: false },
    ])
      assert.notEqual(persistenceOf(spec({ ...args, ...other }))!.socketPath, base, JSON.stringify(other));
  });

  it('refuses a ControlPersist OpenSSH would refuse, naming the host', () => {
    assert.throws(
      () => spec({ ansible_ssh_args: '-o ControlMaster=auto -o ControlPersist=soon' }),
      (e: unknown) =>
        e instanceof InputError && /web1.*ControlPersist=soon: expected yes, no or a time/.test(e.message),
    );
  });
});
