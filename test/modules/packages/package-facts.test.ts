import { strict as assert } from 'node:assert';
import {
  aptEntries,
  byName,
  parseDpkgQuery,
  parseInstalledFiles,
  parsePolicyFiles,
  parseRpmQuery,
  parseShowSections,
} from '../../../src/modules/packages/package-lists.js';
import { packageFacts } from '../../../src/modules/packages/package-facts.js';
import { fakeContext, type FakeAnswer } from '../commands/helpers.js';

/**
 * package_facts' reading of the package tools. Samples, cut to a few packages: dpkg-query,
 * apt-cache policy and apt-cache show of Debian 12 (dpkg 1.21.22, apt 2.6.1) on the build machine,
 * where python3-apt (what Ansible reads) gave bash origin '' (its installed version is in no
 * index any more), debugedit origin 'Debian' and category 'admin' (the index's Section, where
 * dpkg's status file says 'devel'); rpm -qa of rpm 4.18 on a lab host with two packages built for
 * the lab test (one with Epoch: 7).
 */

const DPKG = [
  'bash\tamd64\t5.2.15-2+b8\tshells\tinstalled',
  'debugedit\tamd64\t1:5.0-5\tdevel\tinstalled',
  'libc6\ti386\t2.36-9+deb12u13\tlibs\tinstalled',
  'oldthing\tamd64\t1.0-1\tmisc\tconfig-files',
  '',
].join('\n');

const POLICY = `Package files:
 100 /var/lib/dpkg/status
     release a=now
 500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
     release v=12,o=Debian,a=oldstable-security,n=bookworm-security,l=Debian-Security,c=main,b=amd64
     origin deb.debian.org
 500 http://deb.debian.org/debian bookworm/main amd64 Packages
     release v=12.15,o=Debian,a=oldstable,n=bookworm,l=Debian,c=main,b=amd64
     origin deb.debian.org
 500 file:/srv/debs ./ Packages
Pinned packages:
`;

const POLICY_PKGS = `bash:
  Installed: 5.2.15-2+b8
  Candidate: 5.2.15-2+b13
  Version table:
     5.2.15-2+b13 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
 *** 5.2.15-2+b8 100
        100 /var/lib/dpkg/status
debugedit:
  Installed: 1:5.0-5
  Candidate: 1:5.0-5
  Version table:
 *** 1:5.0-5 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
        100 /var/lib/dpkg/status
libc6:i386:
  Installed: 2.36-9+deb12u13
  Candidate: 2.36-9+deb12u13
  Version table:
 *** 2.36-9+deb12u13 500
        500 file:/srv/debs ./ Packages
        100 /var/lib/dpkg/status
`;

const SHOW = `Package: debugedit
Version: 1:5.0-5
Architecture: amd64
Section: admin

Package: bash
Section: shells
Architecture: amd64
Version: 5.2.15-2+b8
`;

const RPM_QA = 'fabplay-plain\t0.9\t1\t(none)\tnoarch\nfabplay-epoch\t1.2\t3\t7\tnoarch\n';

describe('package_facts: reading the package tools', () => {
  it('names packages as python-apt does and leaves out what apt holds as not installed', () => {
    const pkgs = parseDpkgQuery(DPKG, 'amd64');
    assert.deepEqual(
      pkgs.map((p) => p.name),
      ['bash', 'debugedit', 'libc6:i386'],
    );
  });

  it("takes the origin of the installed version's first index, and the index's Section", () => {
    const origins = parsePolicyFiles(POLICY);
    assert.equal(origins.get('/var/lib/dpkg/status'), '');
    assert.equal(origins.get('http://deb.debian.org/debian bookworm/main amd64 Packages'), 'Debian');
    assert.equal(origins.get('file:/srv/debs ./ Packages'), '');
    const files = parseInstalledFiles(POLICY_PKGS);
    assert.deepEqual(files.get('bash'), ['/var/lib/dpkg/status']);
    assert.deepEqual(files.get('libc6:i386'), ['file:/srv/debs ./ Packages', '/var/lib/dpkg/status']);
    const entries = aptEntries(parseDpkgQuery(DPKG, 'amd64'), files, origins, parseShowSections(SHOW));
    assert.deepEqual(byName(entries), {
      bash: [
        {
          name: 'bash',
          version: '5.2.15-2+b8',
          arch: 'amd64',
          category: 'shells',
          origin: '',
          source: 'apt',
        },
      ],
      debugedit: [
        {
          name: 'debugedit',
          version: '1:5.0-5',
          arch: 'amd64',
          category: 'admin',
          origin: 'Debian',
          source: 'apt',
        },
      ],
      'libc6:i386': [
        {
          name: 'libc6:i386',
          version: '2.36-9+deb12u13',
          arch: 'i386',
          category: 'libs',
          origin: '',
          source: 'apt',
        },
      ],
    });
  });

  it('reads rpm -qa: a missing epoch is null, a present one a number', () => {
    assert.deepEqual(byName(parseRpmQuery(RPM_QA)), {
      'fabplay-plain': [
        { name: 'fabplay-plain', version: '0.9', release: '1', epoch: null, arch: 'noarch', source: 'rpm' },
      ],
      'fabplay-epoch': [
        { name: 'fabplay-epoch', version: '1.2', release: '3', epoch: 7, arch: 'noarch', source: 'rpm' },
      ],
    });
  });
});

/** The module's failure (a ModuleFailure comes back as failed: true with its msg). */
async function failsWith(p: Promise<{ failed?: boolean; msg?: string }>, msg: RegExp) {
  const r = await p;
  assert.equal(r.failed, true);
  assert.match(String(r.msg), msg);
}

/** A host with these tools (and Python bindings) found by the discovery probe. */
function host(discovered: string, more: FakeAnswer[] = []) {
  return fakeContext({
    answers: [
      { match: 'found()', stdout: `${discovered}\nnode=h1\n` },
      { match: 'dpkg --print-architecture', stdout: 'amd64\n' },
      { match: 'dpkg-query', stdout: DPKG },
      { match: /^apt-cache policy$/, stdout: POLICY },
      { match: /^apt-cache policy /, stdout: POLICY_PKGS },
      { match: 'apt-cache show', stdout: SHOW },
      { match: 'rpm -qa', stdout: RPM_QA },
      ...more,
    ],
  });
}

const DEBIAN = 'apt=/usr/bin/apt\nrpm=/usr/bin/rpm\npython=/usr/bin/python3\nlib=apt\nlib=rpm';

describe('package_facts: which managers, as Ansible 2.14 picks them', () => {
  it('auto takes the first usable one, apt before rpm; strategy all merges both', async () => {
    const auto = await packageFacts.run(host(DEBIAN), {});
    const names = Object.keys((auto.ansible_facts as { packages: object }).packages);
    assert.deepEqual(names, ['bash', 'debugedit', 'libc6:i386']);
    const all = await packageFacts.run(host(DEBIAN), { manager: ['rpm', 'apt'], strategy: 'all' });
    assert.equal(Object.keys((all.ansible_facts as { packages: object }).packages).length, 5);
  });

  it('a tool without its Python binding is passed by with Ansible warning (rpm here)', async () => {
    const ctx = host('apt=/usr/bin/apt\nrpm=/usr/bin/rpm\npython=/usr/bin/python3\nlib=apt');
    const r = await packageFacts.run(ctx, { manager: ['rpm', 'apt'] });
    assert.equal(Object.keys((r.ansible_facts as { packages: object }).packages).length, 3);
    assert.deepEqual(ctx.warnings, [
      `Found "rpm" but Failed to import the required Python library (rpm) on h1's Python /usr/bin/python3. Please read the module documentation and install it in the appropriate location. If the required library is installed, but Ansible is using the wrong Python interpreter, please consult the documentation on ansible_python_interpreter`,
    ]);
    assert.ok(!ctx.ran.some((c) => c.startsWith('rpm ')));
  });

  it('fails as Ansible when none is usable or a name is unknown; refuses managers fabplay cannot read', async () => {
    await failsWith(
      packageFacts.run(host('python=/usr/bin/python3'), { manager: ['apt'] }),
      /Could not detect a supported package manager from the following list: \['apt'\], or the required Python library is not installed/,
    );
    await failsWith(
      packageFacts.run(host(DEBIAN), { manager: ['apt', 'yum'] }),
      /Unsupported package managers requested: yum/,
    );
    await failsWith(
      packageFacts.run(host(DEBIAN), { manager: ['auto', 'yum'] }),
      /Could not auto detect a usable package manager, check warnings for details/,
    );
    await failsWith(
      packageFacts.run(host(`pacman=/usr/bin/pacman\n${DEBIAN}`), { manager: ['pacman', 'apt'] }),
      /the host has pacman/,
    );
    // not there: passed by, as Ansible's unavailable managers
    const r = await packageFacts.run(host(DEBIAN), { manager: ['pacman', 'apt'] });
    assert.equal(r.changed, false);
  });
});
