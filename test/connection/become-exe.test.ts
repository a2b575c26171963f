import { strict as assert } from 'node:assert';
import { becomesNobodyNew, suPrefix, wrapBecome } from '../../src/connection/become.js';

describe('connection: become_exe', () => {
  it("sudo: the become_exe program, quoted, runs in sudo's place", () => {
    const { command } = wrapBecome('id', { method: 'sudo', user: 'nobody', exe: '/opt/my sudo' });
    assert.match(command, /^'\/opt\/my sudo' -H -n -u nobody -- \/bin\/sh -c id$/);
    assert.match(wrapBecome('id', { method: 'sudo', user: 'nobody' }).command, /^sudo -H -n/);
  });

  it("su: the become_exe program runs in su's place", () => {
    assert.equal(
      suPrefix({ method: 'su', user: 'app', exe: '/usr/local/bin/su2' }),
      '/usr/local/bin/su2 app',
    );
    assert.equal(suPrefix({ method: 'su', user: 'app', flags: '-' }), 'su - app');
  });

  it('root becoming root still runs a become_exe (a wrapper the user asked for)', () => {
    assert.equal(becomesNobodyNew('root', { method: 'sudo', user: 'root' }), true);
    assert.equal(becomesNobodyNew('root', { method: 'sudo', user: 'root', exe: '/w' }), false);
  });
});
