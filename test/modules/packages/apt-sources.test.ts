import assert from 'node:assert/strict';
import {
  addSource,
  dumpFiles,
  expandPath,
  InvalidSource,
  parseFile,
  parseRepo,
  removeSource,
  suggestFilename,
  type SourceFiles,
} from '../../../src/modules/packages/apt-sources.js';
import { keyIds, parseKeyId } from '../../../src/modules/packages/apt-key.js';
import { colonField, isKeyId, normalizeKeyId } from '../../../src/modules/packages/rpm-key.js';

// The expected values are what ansible-core 2.14's own code (apt_repository.SourcesList,
// apt_key.parse_key_id / parse_output_for_keys) answered for the same input on this machine.

const files = (entries: Record<string, string>): SourceFiles =>
  new Map(Object.entries(entries).map(([p, t]) => [p, parseFile(t)]));

describe('modules/packages: apt sources as Ansible reads and writes them', () => {
  it('writes a file back normalised: spacing, `# ` before disabled lines, comments kept', () => {
    const text =
      '## local media\n  deb   [trusted=yes] file:/srv/debs ./ #c1 # c2\n#deb http://x y\n#\n\n# plain comment\r\nfoo bar\n\tdeb-src  http://a b c\n#  # x\n';
    assert.equal(
      dumpFiles(files({ '/t.list': text })).get('/t.list'),
      '# # local media\ndeb [trusted=yes] file:/srv/debs ./ # c1 # c2\n# deb http://x y\n# \n\n# plain comment\nfoo bar\ndeb-src http://a b c\n#  # x\n',
    );
  });

  it('leaves out a file with no lines (Ansible removes it when it saves)', () => {
    assert.deepEqual(
      [...dumpFiles(files({ '/e.list': '', '/a.list': 'deb http://a b c' })).keys()],
      ['/a.list'],
    );
  });

  it('names the file after the URI, without options, scheme and user', () => {
    const cases: [string, string][] = [
      [
        'deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] https://download.docker.com/linux/debian bookworm stable',
        'download_docker_com_linux_debian.list',
      ],
      ['deb http://user:pw@mirror.example.net/debian bookworm main', 'mirror_example_net_debian.list'],
      ['deb file:/srv/extra ./', 'file_srv_extra.list'],
      ['deb-src ftp://ftp.example.org/pub/debian/ sid main', 'ftp_example_org_pub_debian.list'],
      ['deb http://[::1]:8080/deb ./', '8080_deb.list'],
      ['deb http://ünï.example/d x y', 'n_example_d.list'],
    ];
    for (const [line, name] of cases) assert.equal(suggestFilename(line, undefined), name, line);
    assert.equal(suggestFilename('deb http://a b c', 'mine'), 'mine.list');
    assert.equal(expandPath('mine.list', '/etc/apt/sources.list.d/'), '/etc/apt/sources.list.d/mine.list');
    assert.equal(expandPath('/srv/x.list', '/etc/apt/sources.list.d/'), '/srv/x.list');
  });

  it('enables a disabled copy instead of adding one; appends to the named file otherwise', () => {
    const before = files({ '/a.list': '# deb http://a b c\n', '/b.list': 'deb http://x y z\n' });
    const enabled = addSource(before, 'deb http://a b c', '/new.list');
    assert.equal(enabled.added, undefined);
    assert.equal(dumpFiles(enabled.files).get('/a.list'), 'deb http://a b c\n');
    const added = addSource(before, 'deb http://n o p', '/b.list');
    assert.equal(added.added, '/b.list');
    assert.equal(dumpFiles(added.files).get('/b.list'), 'deb http://x y z\ndeb http://n o p\n');
    assert.equal(dumpFiles(before).get('/b.list'), 'deb http://x y z\n', 'the input is left alone');
  });

  it('removes enabled copies only, with the index quirk of Ansible’s loop', () => {
    const before = files({
      '/r.list': 'deb http://a b c\ndeb http://a b c\nx\ndeb http://a b c\ndeb http://a  b c\n',
      '/d.list': '#deb http://a b c\n',
    });
    const after = dumpFiles(removeSource(before, 'deb http://a b c'));
    assert.equal(after.get('/r.list'), 'deb http://a b c\nx\ndeb http://a b c\n');
    assert.equal(after.get('/d.list'), '# deb http://a b c\n');
  });

  it('refuses what is no source line, in Ansible’s words', () => {
    assert.equal(parseRepo('  deb   http://a  b '), 'deb http://a b');
    assert.throws(
      () => parseRepo('# deb http://x y'),
      (e: Error) => e instanceof InvalidSource && e.message === ' deb http://x y',
    );
    assert.throws(
      () => parseRepo('foo bar'),
      (e: Error) => e instanceof InvalidSource && e.message === 'foo bar',
    );
  });
});

describe('modules/packages: key ids as apt_key and rpm_key read them', () => {
  it('apt_key: the id forms Ansible takes', () => {
    assert.deepEqual(parseKeyId('0xdeadbeef'), ['DEADBEEF', 'DEADBEEF', 'DEADBEEF']);
    assert.deepEqual(parseKeyId('deadbeefcafebabe'), ['CAFEBABE', 'DEADBEEFCAFEBABE', 'DEADBEEFCAFEBABE']);
    assert.deepEqual(parseKeyId(`0x${'A'.repeat(40)}`), ['AAAAAAAA', 'A'.repeat(16), 'A'.repeat(40)]);
    for (const bad of ['ABCDEF1', 'xyz', 'dead_beef', null])
      assert.equal(parseKeyId(bad), undefined, String(bad));
  });

  it('apt_key: the ids of pub and sub lines, not expired ones, long or short', () => {
    const out = `/etc/apt/trusted.gpg
--------------------
pub   rsa4096/B7C5D7D6350947F8 2023-01-21 [SC] [expires: 2031-01-19]
      ABC
uid           [ unknown] X
sub   rsa4096/6ED0E7B82643E131 2023-01-21 [S] [expires: 2031-01-19]
pub   rsa2048/0123456789ABCDEF 2010-01-01 [SC] [expired: 2011-01-01]
pub:-:2048:1:C0BA5CE6DC6315A3:1620000000:::-:::scESC::::::23::0:
`;
    assert.deepEqual(keyIds(out), ['B7C5D7D6350947F8', '6ED0E7B82643E131', 'C0BA5CE6DC6315A3']);
    assert.deepEqual(keyIds(out, true), ['350947F8', '2643E131', 'DC6315A3']);
  });

  it('rpm_key: what counts as an id, and the fields read from gpg', () => {
    assert.equal(isKeyId('0xDEADBEEF'), true);
    assert.equal(isKeyId('deadbeef.asc'), true, 'Ansible matches the start only');
    assert.equal(isKeyId('/etc/pki/key.asc'), false);
    assert.equal(normalizeKeyId(' 0xdeadbeef '), 'DEADBEEF');
    const colons =
      'pub:-:2048:1:B966B273C5FF9C13:1:::-:::scESC:\nfpr:::::::::E9C2A9BA70A4296C0BADE896B966B273C5FF9C13:\n';
    assert.equal(colonField(colons, 'pub', 4), 'B966B273C5FF9C13');
    assert.equal(colonField(colons, 'fpr', 9), 'E9C2A9BA70A4296C0BADE896B966B273C5FF9C13');
    assert.equal(colonField('uid:x', 'fpr', 9), undefined);
  });
});
