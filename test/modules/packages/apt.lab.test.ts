import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { labContexts } from '../system/lab-context.js';
import { apt } from '../../../src/modules/packages/apt.js';
import { pkg } from '../../../src/modules/packages/package.js';

// A package built on the spot, served from a file: repository that is the host's only source.
const BUILD = (version: string) => `set -e
d=$(mktemp -d)
mkdir -p "$d/DEBIAN" "$d/usr/share/fabplay-demo"
printf 'Package: fabplay-demo\\nVersion: ${version}\\nArchitecture: all\\nMaintainer: fabplay <t@example.invalid>\\nDescription: fabplay apt test\\n' > "$d/DEBIAN/control"
echo ${version} > "$d/usr/share/fabplay-demo/version"
mkdir -p /srv/debs
dpkg-deb --build "$d" /srv/debs/fabplay-demo_${version}_all.deb >/dev/null
rm -rf "$d"
cd /srv/debs && dpkg-scanpackages -m . /dev/null 2>/dev/null > Packages
`;

describe('modules/packages: apt on a lab host (real apt-get, local repository) @lab', function () {
  this.timeout(180000);
  const lab = useLab({ hosts: 1 });
  const h = labContexts(lab);
  after(() => h.close());
  const installed = async () =>
    (await lab.exec('h1', "dpkg-query -W -f='${Status} ${Version}' fabplay-demo 2>/dev/null")).stdout.trim();

  // The host starts from the controller's apt state, whatever it is; this makes the one the tests
  // assert on: lists two days old (so cache_valid_time: 3600 updates them), and apt writing its
  // binary caches to /var/cache/apt, none there yet (as on an image shipped without them, where a
  // query rebuilds them unless told not to).
  before(async () => {
    const r = await lab.exec(
      'h1',
      `${BUILD('1.0')}
mkdir -p /etc/apt/disabled && mv /etc/apt/sources.list /etc/apt/sources.list.d/* /etc/apt/disabled/ 2>/dev/null || true
echo 'deb [trusted=yes] file:/srv/debs ./' > /etc/apt/sources.list.d/fabplay-test.list
rm -f /var/lib/apt/periodic/update-success-stamp
touch -d '2 days ago' /var/lib/apt/lists
printf 'Dir::Cache::pkgcache "pkgcache.bin";\\nDir::Cache::srcpkgcache "srcpkgcache.bin";\\n' > /etc/apt/apt.conf.d/zz-fabplay-test-caches
rm -f /var/cache/apt/pkgcache.bin /var/cache/apt/srcpkgcache.bin`,
    );
    assert.equal(r.rc, 0, r.stderr);
  });
  const caches = async () =>
    (await lab.exec('h1', 'ls /var/cache/apt/pkgcache.bin /var/cache/apt/srcpkgcache.bin 2>/dev/null'))
      .stdout;

  it('installs from nothing with update_cache; re-run and check mode change nothing; diff', async () => {
    const args = { name: 'fabplay-demo', update_cache: true, cache_valid_time: 3600 };
    const snap = h.snapshot();
    const c1 = await apt.run(await h.ctx({ check: true, diff: true }), { name: 'fabplay-demo' });
    // the lists are the controller's until the first update: the package is unknown there
    assert.equal(c1.failed, true);
    assert.match(String(c1.msg), /No package matching 'fabplay-demo' is available \(apt on h1\)/);
    assert.equal(h.snapshot(), snap, 'check mode wrote nothing');
    assert.equal(await caches(), '', 'no binary cache written in check mode');
    const r = await apt.run(await h.ctx({ diff: true }), args);
    assert.equal(r.changed, true, JSON.stringify(r));
    assert.equal(r.cache_updated, true);
    assert.match(JSON.stringify(r.diff), /fabplay-demo/);
    assert.equal(await installed(), 'install ok installed 1.0');
    const again = await apt.run(await h.ctx(), args);
    assert.equal(again.changed, false);
    assert.equal(again.cache_updated, false, 'cache_valid_time keeps a fresh cache');
    assert.equal((await apt.run(await h.ctx({ check: true }), args)).changed, false);
  });

  it('apt-cache itself writes the binary caches here: the check above could have failed', async () => {
    const r = await lab.exec('h1', 'rm -f /var/cache/apt/*.bin && apt-cache policy fabplay-demo >/dev/null');
    assert.equal(r.rc, 0, r.stderr);
    assert.match(await caches(), /pkgcache\.bin/);
  });

  it('latest upgrades when the repository has a newer version; check mode first', async () => {
    const b = await lab.exec('h1', BUILD('1.1'));
    assert.equal(b.rc, 0, b.stderr);
    await apt.run(await h.ctx(), { update_cache: true });
    await lab.exec('h1', 'rm -f /var/cache/apt/*.bin');
    const snap = h.snapshot();
    assert.equal(
      (await apt.run(await h.ctx({ check: true }), { name: 'fabplay-demo', state: 'latest' })).changed,
      true,
    );
    assert.equal(h.snapshot(), snap, 'check mode wrote nothing');
    assert.equal(await installed(), 'install ok installed 1.0');
    assert.equal((await apt.run(await h.ctx(), { name: 'fabplay-demo', state: 'latest' })).changed, true);
    assert.equal(await installed(), 'install ok installed 1.1');
    assert.equal((await apt.run(await h.ctx(), { name: 'fabplay-demo', state: 'latest' })).changed, false);
  });

  it('package (no facts) finds apt; absent removes; an unknown package fails naming host and package', async () => {
    const r = await pkg.run(await h.ctx(), { name: 'fabplay-demo', state: 'absent' });
    assert.equal(r.changed, true);
    assert.equal(r.ansible_facts, undefined, "Ansible's package action sets no facts");
    assert.doesNotMatch(await installed(), /ok installed/);
    assert.equal((await pkg.run(await h.ctx(), { name: 'fabplay-demo', state: 'absent' })).changed, false);
    const bad = await apt.run(await h.ctx(), { name: ['fabplay-demo', 'fabplay-nonexistent'] });
    assert.equal(bad.failed, true);
    assert.match(String(bad.msg), /No package matching 'fabplay-nonexistent' is available \(apt on h1\)/);
  });
});
