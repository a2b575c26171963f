import assert from 'node:assert/strict';
import { dnf } from '../../../src/modules/packages/dnf.js';
import { pkg } from '../../../src/modules/packages/package.js';
import { dnfCommands, parseRpmStates } from '../../../src/modules/packages/dnf-plan.js';
import { planPackages } from '../../../src/modules/packages/apt-plan.js';
import { getModule } from '../../../src/modules/registry.js';
import { fakeContext, schemaErrors } from '../commands/helpers.js';

const RPM = 'package httpd is not installed\ncurl\t7.76.1-26.el9\ntftp-server\t5.2-38.el9\n';
const REPO = 'httpd\t2.4.57-5.el9\n\ncurl\t7.76.1-29.el9\n\ntftp-server\t5.2-38.el9\n';

describe('modules/packages: dnf/yum and package (pinned commands for RHEL facts)', () => {
  it('reads rpm and repoquery output and plans dnf commands (pure)', () => {
    const known = parseRpmStates(RPM, REPO);
    assert.deepEqual(known.get('curl'), { installed: '7.76.1-26.el9', candidate: '7.76.1-29.el9' });
    const plan = planPackages(['httpd', 'curl', 'tftp-server'], 'latest', known);
    assert.deepEqual(dnfCommands(plan, known, { disableGpgCheck: true, enablerepo: ['local'] }), [
      ['dnf', '-y', '--nogpgcheck', '--enablerepo=local', 'install', 'httpd'],
      ['dnf', '-y', '--nogpgcheck', '--enablerepo=local', 'upgrade', 'curl'],
    ]);
  });

  it('converges, is idempotent, and check mode changes nothing', async () => {
    const answers = [
      { match: 'rpm -q', stdout: RPM, rc: 1 },
      { match: 'repoquery', stdout: REPO },
    ];
    const ctx = fakeContext({ answers });
    const r = await dnf.run(ctx, { name: ['httpd', 'tftp-server'] });
    assert.equal(r.changed, true);
    assert.equal(ctx.ran.at(-1), 'dnf -y install httpd');
    assert.match(
      ctx.ran[0]!,
      /^rpm -q --qf '%\{NAME\}\t%\|EPOCH\?\{%\{EPOCH\}:\}:\{\}\|%\{VERSION\}-%\{RELEASE\}\n' httpd tftp-server$/,
    );
    const chk = fakeContext({ answers, check: true });
    assert.equal((await dnf.run(chk, { name: 'httpd' })).changed, true);
    assert.equal(
      chk.ran.some((c) => /^dnf -y/.test(c)),
      false,
    );
    const conv = fakeContext({ answers });
    assert.equal((await dnf.run(conv, { name: 'tftp-server' })).changed, false);
    const rm = fakeContext({ answers });
    assert.equal((await dnf.run(rm, { name: 'curl', state: 'absent' })).changed, true);
    assert.equal(rm.ran.at(-1), 'dnf -y remove curl');
    assert.equal(getModule('yum'), dnf);
    assert.equal(getModule('ansible.builtin.yum'), dnf);
  });

  it('package dispatches on ansible_pkg_mgr', async () => {
    const ctx = fakeContext({
      facts: { pkg_mgr: 'dnf' },
      answers: [
        { match: 'rpm -q', stdout: RPM, rc: 1 },
        { match: 'repoquery', stdout: REPO },
      ],
    });
    const r = await pkg.run(ctx, { name: 'httpd' });
    assert.equal(r.changed, true);
    assert.equal(ctx.ran.at(-1), 'dnf -y install httpd');
    const deb = fakeContext({
      facts: { ansible_pkg_mgr: 'apt' },
      answers: [{ match: 'apt-cache policy', stdout: 'x:\n  Installed: 1\n  Candidate: 1\n' }],
    });
    assert.equal((await pkg.run(deb, { name: 'x' })).changed, false);
    // dpkg knows nothing of x (the fake answers nothing), so apt-cache decides
    assert.deepEqual(
      deb.ran.map((c) => c.split(' ')[0]),
      ['dpkg-query', 'apt-cache'],
    );
    assert.equal(deb.ran[1], 'apt-cache policy x');
    const bad = await pkg.run(fakeContext({ facts: { pkg_mgr: 'zypper' } }), { name: 'x' });
    assert.equal(bad.failed, true);
    assert.match(String(bad.msg), /no module for package manager 'zypper' on fakehost/);
    assert.ok(schemaErrors(pkg, { state: 'present' }).length > 0, 'name is required');
    assert.ok(schemaErrors(dnf, { name: 'x', state: 'newest' }).length > 0);
  });
});
