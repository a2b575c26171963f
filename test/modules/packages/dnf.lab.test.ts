import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { labContexts } from '../system/lab-context.js';
import { dnf } from '../../../src/modules/packages/dnf.js';
import { pkg } from '../../../src/modules/packages/package.js';
import { getModule } from '../../../src/modules/registry.js';

// Debian packages dnf, rpm and createrepo-c: the test builds small RPMs and a local repository
// inside the lab host and drives the dnf module for real (scripts/setup.sh installs them).
const BUILD = (version: string) => `set -e
t=$(mktemp -d)
cat > "$t/demo.spec" <<'SPEC'
Name: fabplay-demo
Version: ${version}
Release: 1
Summary: fabplay dnf test
License: MIT
BuildArch: noarch
%description
fabplay dnf test package
%install
mkdir -p %{buildroot}/usr/share/fabplay-demo
echo %{version} > %{buildroot}/usr/share/fabplay-demo/version
%files
/usr/share/fabplay-demo/version
SPEC
rpmbuild -bb --quiet --define "_topdir $t/top" --define "_rpmdir /srv/rpms" "$t/demo.spec" >/dev/null
rm -rf "$t"
createrepo_c -q /srv/rpms
`;

const RPM_FACTS = { os_family: 'RedHat', pkg_mgr: 'dnf' };

describe('modules/packages: dnf on a lab host (real dnf and rpm, local repository) @lab', function () {
  this.timeout(180000);
  const lab = useLab({ hosts: 1 });
  const h = labContexts(lab);
  after(() => h.close());
  const rpmq = async () =>
    (await lab.exec('h1', "rpm -q --qf '%{VERSION}-%{RELEASE}' fabplay-demo")).stdout.trim();

  before(async function () {
    if (
      (await lab.exec('h1', 'for p in dnf rpmbuild createrepo_c; do command -v $p || exit 1; done')).rc !== 0
    ) {
      this.skip(); // scripts/setup.sh installs dnf, rpm and createrepo-c
    }
    const r = await lab.exec(
      'h1',
      `${BUILD('1.0')}
mkdir -p /etc/yum.repos.d
printf '[fabplay]\\nname=fabplay test\\nbaseurl=file:///srv/rpms\\ngpgcheck=0\\nenabled=1\\n' > /etc/yum.repos.d/fabplay.repo`,
    );
    assert.equal(r.rc, 0, r.stderr);
  });

  it('installs from nothing; check mode first; re-run unchanged; diff', async () => {
    const c1 = await dnf.run(await h.ctx({ check: true, diff: true, facts: RPM_FACTS }), {
      name: 'fabplay-demo',
    });
    assert.equal(c1.changed, true, JSON.stringify(c1));
    assert.match(JSON.stringify(c1.diff), /fabplay-demo/);
    assert.match(await rpmq(), /not installed/);
    const r = await dnf.run(await h.ctx({ facts: RPM_FACTS }), { name: 'fabplay-demo' });
    assert.equal(r.changed, true, JSON.stringify(r));
    assert.equal(await rpmq(), '1.0-1');
    assert.equal((await lab.exec('h1', 'cat /usr/share/fabplay-demo/version')).stdout, '1.0\n');
    assert.equal((await dnf.run(await h.ctx({ facts: RPM_FACTS }), { name: 'fabplay-demo' })).changed, false);
    assert.equal(
      (await dnf.run(await h.ctx({ check: true, facts: RPM_FACTS }), { name: 'fabplay-demo' })).changed,
      false,
    );
  });

  it('latest upgrades to a newer RPM in the repository (yum alias, package front)', async () => {
    const b = await lab.exec('h1', BUILD('1.1'));
    assert.equal(b.rc, 0, b.stderr);
    const yum = getModule('yum')!;
    const args = { name: 'fabplay-demo', state: 'latest', update_cache: true };
    assert.equal((await yum.run(await h.ctx({ check: true, facts: RPM_FACTS }), args)).changed, true);
    assert.equal(await rpmq(), '1.0-1');
    assert.equal(
      (await pkg.run(await h.ctx({ facts: RPM_FACTS }), { name: 'fabplay-demo', state: 'latest' })).changed,
      true,
    );
    assert.equal(await rpmq(), '1.1-1');
    assert.equal((await yum.run(await h.ctx({ facts: RPM_FACTS }), args)).changed, false);
  });

  it('absent removes; an unknown package fails naming host and package', async () => {
    assert.equal(
      (await dnf.run(await h.ctx({ facts: RPM_FACTS }), { name: 'fabplay-demo', state: 'absent' })).changed,
      true,
    );
    assert.match(await rpmq(), /not installed/);
    assert.equal(
      (await dnf.run(await h.ctx({ facts: RPM_FACTS }), { name: 'fabplay-demo', state: 'absent' })).changed,
      false,
    );
    const bad = await dnf.run(await h.ctx({ facts: RPM_FACTS }), { name: 'fabplay-nonexistent' });
    assert.equal(bad.failed, true);
    assert.match(String(bad.msg), /No package matching 'fabplay-nonexistent' is available \(dnf on h1\)/);
  });
});
