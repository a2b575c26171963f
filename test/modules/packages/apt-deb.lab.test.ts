import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { labContexts } from '../system/lab-context.js';
import { apt } from '../../../src/modules/packages/apt.js';

// .deb files built on the spot: hello 2.6-1 as a file, hello 2.10-3 in a file: repository (the
// host's only source) and needs-hello, which depends on hello (>= 2.10). The expected results
// are ansible-playbook 2.14's on the same files and lab host (apt: deb=..., dpkg_selections target).
const BUILD = `set -e
build() { # name version depends
  d=$(mktemp -d); mkdir -p "$d/DEBIAN" "$d/usr/share/$1"
  printf 'Package: %s\\nVersion: %s\\nArchitecture: all\\n%bMaintainer: fabplay <t@example.invalid>\\nDescription: fabplay apt deb test\\n' "$1" "$2" "$3" > "$d/DEBIAN/control"
  echo "$2" > "$d/usr/share/$1/version"
  dpkg-deb --root-owner-group --build "$d" "/srv/$4/$1_$2_all.deb" >/dev/null; rm -rf "$d"
}
mkdir -p /srv/debs /srv/repo
build hello 2.6-1 '' debs
build needs-hello 1.0 'Depends: hello (>= 2.10)\\n' debs
build hello 2.10-3 '' repo
cd /srv/repo && dpkg-scanpackages -m . /dev/null 2>/dev/null > Packages
mkdir -p /etc/apt/disabled && mv /etc/apt/sources.list /etc/apt/sources.list.d/* /etc/apt/disabled/ 2>/dev/null || true
echo 'deb [trusted=yes] file:/srv/repo ./' > /etc/apt/sources.list.d/fabplay-test.list
apt-get update -q >/dev/null
# dpkg --simulate logs to /var/log (left out of the snapshot): have it in the overlay already
touch /var/log/dpkg.log
`;

describe('modules/packages: apt deb (dpkg -i of files on the host) @lab', function () {
  this.timeout(180000);
  const lab = useLab({ hosts: 1 });
  const h = labContexts(lab);
  after(() => h.close());
  const versions = async () =>
    (
      await lab.exec(
        'h1',
        "dpkg-query -W -f='${Package} ${db:Status-Abbrev}${Version}\\n' hello needs-hello 2>/dev/null",
      )
    ).stdout.trim();
  const OLD = '/srv/debs/hello_2.6-1_all.deb';

  let httpd = '';
  before(async () => {
    const r = await lab.exec('h1', BUILD);
    assert.equal(r.rc, 0, r.stderr);
    // the files over HTTP on the host's loopback, for deb: URL (ended in after)
    const s = await lab.exec(
      'h1',
      'busybox httpd -f -p 127.0.0.1:18089 -h /srv/debs >/dev/null 2>&1 </dev/null & echo $!',
    );
    httpd = s.stdout.trim();
  });
  after(async () => {
    if (httpd) await lab.exec('h1', `kill ${httpd}`);
  });

  it('check mode asks dpkg --simulate and writes nothing; installs; a second run is ok', async () => {
    const snap = h.snapshot();
    const c = await apt.run(await h.ctx({ check: true }), { deb: OLD });
    assert.equal(c.changed, true, JSON.stringify(c));
    assert.deepEqual(c.stdout_lines, [
      'Selecting previously unselected package hello.',
      c.stdout_lines && (c.stdout_lines as string[])[1],
      `Preparing to unpack ${OLD} ...`,
    ]);
    assert.match(
      String((c.stdout_lines as string[])[1]),
      /^\(Reading database \.\.\. \d+ files and directories/,
    );
    assert.equal(h.snapshot(), snap, 'check mode wrote nothing');
    assert.equal(await versions(), '');

    const r = await apt.run(await h.ctx(), { deb: OLD });
    assert.equal(r.changed, true, JSON.stringify(r));
    assert.deepEqual((r.stdout_lines as string[]).slice(2), [
      `Preparing to unpack ${OLD} ...`,
      'Unpacking hello (2.6-1) ...',
      'Setting up hello (2.6-1) ...',
    ]);
    // Ansible's parse_diff of dpkg's output: all of it, without the last newline
    assert.deepEqual(r.diff, { prepared: String(r.stdout).replace(/\n$/, '') });
    assert.equal(await versions(), 'hello ii 2.6-1');

    const again = await apt.run(await h.ctx(), { deb: OLD });
    // ansible-playbook 2.14: diff is '' when nothing is installed
    assert.deepEqual(
      { changed: again.changed, stdout: again.stdout, stderr: again.stderr, diff: again.diff },
      { changed: false, stdout: '', stderr: '', diff: '' },
    );
  });

  it("fails with Ansible's words for a missing file and for state absent", async () => {
    const missing = await apt.run(await h.ctx(), { deb: '/srv/debs/nope.deb' });
    assert.equal(missing.failed, true);
    assert.equal(
      missing.msg,
      'Unable to install package: E:Could not open file /srv/debs/nope.deb - open (2: No such file or directory)',
    );
    const absent = await apt.run(await h.ctx(), { deb: OLD, state: 'absent' });
    assert.equal(absent.msg, 'deb only supports state=present');
  });

  it('installs a missing dependency through apt first, then the file', async () => {
    await lab.exec('h1', 'dpkg --purge hello');
    const r = await apt.run(await h.ctx(), { deb: '/srv/debs/needs-hello_1.0_all.deb' });
    assert.equal(r.changed, true, JSON.stringify(r));
    const lines = r.stdout_lines as string[];
    assert.ok(lines.includes('  hello'), 'apt names the dependency it installs');
    assert.ok(lines.includes('Setting up hello (2.10-3) ...'));
    assert.equal(lines[lines.length - 1], 'Setting up needs-hello (1.0) ...');
    assert.deepEqual(r.diff, {}, 'outside diff mode, an empty mapping (as ansible-playbook 2.14)');
    assert.equal(await versions(), 'hello ii 2.10-3\nneeds-hello ii 1.0');
  });

  it('refuses an older version than the installed one unless allow_downgrade', async () => {
    const old = await apt.run(await h.ctx(), { deb: OLD });
    assert.equal(old.failed, true);
    assert.equal(old.msg, 'A later version is already installed');
    assert.equal(await versions(), 'hello ii 2.10-3\nneeds-hello ii 1.0');
    // two files: needs-hello is installed in that version already, so only hello goes to dpkg
    const down = await apt.run(await h.ctx(), {
      deb: `${OLD},/srv/debs/needs-hello_1.0_all.deb`,
      allow_downgrade: true,
    });
    assert.equal(down.changed, true, JSON.stringify(down));
    assert.equal(down.stderr, 'dpkg: warning: downgrading hello from 2.10-3 to 2.6-1\n');
    assert.match(String(down.stdout), /Unpacking hello \(2\.6-1\) over \(2\.10-3\) \.\.\./);
    assert.match(await versions(), /^hello ii 2\.6-1/);
  });

  it('downloads a URL on the host first (a loopback HTTP server there), and removes the download', async () => {
    await lab.exec('h1', 'dpkg --purge needs-hello hello >/dev/null 2>&1; exit 0');
    const url = 'http://127.0.0.1:18089/hello_2.6-1_all.deb';
    const r = await apt.run(await h.ctx(), { deb: url });
    assert.equal(r.changed, true, JSON.stringify(r));
    assert.match(String(r.stdout), /Unpacking hello \(2\.6-1\) \.\.\./);
    assert.equal(await versions(), 'hello ii 2.6-1');
    assert.equal((await apt.run(await h.ctx(), { deb: url })).changed, false);
    const missing = await apt.run(await h.ctx(), { deb: 'http://127.0.0.1:18089/nope.deb' });
    assert.equal(missing.msg, 'Failure downloading http://127.0.0.1:18089/nope.deb, HTTP status 404');
    assert.equal((await lab.exec('h1', 'ls -d /tmp/.fabplay-apt-deb.* 2>/dev/null')).stdout, '');
  });

  it('fails naming a dependency apt cannot meet, in check mode too', async () => {
    const b = await lab.exec(
      'h1',
      `dpkg --purge needs-hello >/dev/null && d=$(mktemp -d) && dpkg-deb -R /srv/debs/needs-hello_1.0_all.deb "$d" && sed -i 's/^Version: .*/Version: 1.1/; s/^Depends: .*/Depends: fabplay-nowhere/' "$d/DEBIAN/control" && dpkg-deb --root-owner-group -b "$d" /srv/debs/broken.deb >/dev/null`,
    );
    assert.equal(b.rc, 0, b.stderr);
    for (const check of [false, true]) {
      const r = await apt.run(await h.ctx({ check }), { deb: '/srv/debs/broken.deb' });
      assert.equal(r.failed, true);
      assert.equal(r.msg, 'Dependency is not satisfiable: fabplay-nowhere\n');
    }
  });
});
