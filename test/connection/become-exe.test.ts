import { strict as assert } from 'node:assert';
import { becomesNobodyNew, interactiveFlags, suPrefix, wrapBecome } from '../../src/connection/become.js';

describe('connection: become_exe and become_flags', () => {
  it("sudo: become_exe is a piece of command line in sudo's place, as Ansible pastes it", () => {
    const { command } = wrapBecome('id', { method: 'sudo', user: 'nobody', exe: '/usr/bin/sudo -E' });
    assert.match(command, /^\/usr\/bin\/sudo -E -H -n -u nobody -- \/bin\/sh -c id$/);
    assert.match(wrapBecome('id', { method: 'sudo', user: 'nobody' }).command, /^sudo -H -n/);
  });

  it("su: the become_exe command line runs in su's place", () => {
    assert.equal(
      suPrefix({ method: 'su', user: 'app', exe: '/usr/local/bin/su2 -l' }),
      '/usr/local/bin/su2 -l app',
    );
    assert.equal(suPrefix({ method: 'su', user: 'app', flags: '-' }), 'su - app');
  });

  it('with a password, -n leaves become_flags (sudo would refuse to read it), as in Ansible', () => {
    assert.equal(interactiveFlags('-H -S -n'), '-H -S');
    assert.equal(interactiveFlags('-HSn -E --non-interactive'), '-HS -E');
    assert.equal(interactiveFlags('-nH --preserve-env=PATH'), '-H --preserve-env=PATH');
    const { command } = wrapBecome('id', { method: 'sudo', user: 'app', password: 'pw', flags: '-H -S -n' });
    assert.match(command, /^sudo -H -S -k -S -p /);
    const plain = wrapBecome('id', { method: 'sudo', user: 'app', flags: '-H -S -n' });
    assert.match(plain.command, /^sudo -H -S -n -n -u app/);
  });

  it('root becoming root runs directly, unless flags, a become_exe or become_allow_same_user ask', () => {
    assert.equal(becomesNobodyNew('root', { method: 'sudo', user: 'root' }), true);
    assert.equal(becomesNobodyNew('root', { method: 'sudo', user: 'root', exe: '/w' }), false);
    assert.equal(becomesNobodyNew('root', { method: 'sudo', user: 'root', flags: '-i' }), false);
    assert.equal(becomesNobodyNew('root', { method: 'sudo', user: 'root', allowSameUser: true }), false);
  });

  it('becoming the remote user the connection was given escalates nothing, as in Ansible', () => {
    const become = { method: 'sudo' as const, user: 'deploy', exe: '/w', flags: '-i' };
    assert.equal(becomesNobodyNew('deploy', become, 'deploy'), true);
    // logged in as deploy without being told so: Ansible escalates, and so does fabplay
    assert.equal(becomesNobodyNew('deploy', become, undefined), false);
    assert.equal(becomesNobodyNew('deploy', { ...become, allowSameUser: true }, 'deploy'), false);
  });
});
