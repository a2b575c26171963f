import { strict as assert } from 'node:assert';
import { treePaths } from '../../../src/modules/files/unarchive-attrs.js';
import { escapeDecode } from '../../../src/modules/files/unarchive-handler.js';
import { parseTarList, tarArgv, tarDiffMatters } from '../../../src/modules/files/unarchive-tar.js';
import {
  compareZip,
  parseZipinfo,
  type ZipCompareInput,
  type ZipOnHost,
} from '../../../src/modules/files/unarchive-zip-compare.js';
import { parseUnzipVerbose, zipMembers } from '../../../src/modules/files/unarchive-zip.js';
import type { RemoteStat } from '../../../src/modules/lib/remote-stat.js';

/** unarchive's pure parts as data: the commands, the parsers, and ansible-core 2.14's rules. */

const O = {
  src: '/tmp/s/source',
  dest: '/srv/x',
  exclude: [] as string[],
  include: [] as string[],
  extraOpts: [] as string[],
  keepNewer: false,
  ioBufferSize: 65536,
};

describe('unarchive: tar commands and output', () => {
  it("builds tar's commands as Ansible does (flag, extra options, owner quoted, excludes without a trailing /)", () => {
    const o = {
      ...O,
      extraOpts: ['--strip-components=1'],
      exclude: ['d/sub/'],
      include: ['d/a'],
      owner: 'a b',
      keepNewer: true,
    };
    assert.deepEqual(tarArgv('/usr/bin/tar', '--list', '-z', o), [
      '/usr/bin/tar',
      '--list',
      '-C',
      '/srv/x',
      '-z',
      '--show-transformed-names',
      '--strip-components=1',
      '--exclude=d/sub',
      '-f',
      '/tmp/s/source',
      'd/a',
    ]);
    assert.deepEqual(tarArgv('tar', '--extract', '', { ...O, owner: 'a b', group: 'g', keepNewer: true }), [
      'tar',
      '--extract',
      '-C',
      '/srv/x',
      "--owner='a b'",
      '--group=g',
      '--keep-newer-files',
      '-f',
      '/tmp/s/source',
    ]);
  });

  it('reads names from the listing: octal escapes, a leading / dropped, excludes by fnmatch', () => {
    const out = 'd/\nd/caf\\303\\251.txt\n/abs/x\nd/skip.log\nd/back\\\\slash\n';
    assert.deepEqual(parseTarList(out, { ...O, exclude: ['*.log'] }), [
      'd/',
      'd/café.txt',
      'abs/x',
      'd/back\\slash',
    ]);
    assert.deepEqual(parseTarList('', O), []);
  });

  it('counts the --diff lines Ansible counts, and only those', () => {
    const m = (out: string, uid = 0, extra = {}) => tarDiffMatters(out, '', uid, { ...O, ...extra });
    assert.equal(m('d/a: Mod time differs'), true);
    assert.equal(m('d/a: Contents differ'), false);
    assert.equal(m('d/a: Size differs'), false);
    assert.equal(m('d/a: Mode differs'), true);
    assert.equal(m('d/a: Mode differs', 0, { mode: '0644' }), false);
    assert.equal(m('d/a: Uid differs'), true);
    assert.equal(m('d/a: Uid differs', 1000), false);
    assert.equal(m('d/a: Uid differs', 0, { owner: 'daemon' }), false);
    assert.equal(m('d/a: Gid differs', 0, { group: 'daemon' }), false);
    assert.equal(tarDiffMatters('', 'tar: d/a: Warning: Cannot stat: No such file or directory', 0, O), true);
    assert.equal(tarDiffMatters('', 'tar: : Warning: Cannot stat: No such file or directory', 0, O), false);
  });
});

describe('unarchive: zip listing and comparison', () => {
  const ZIPINFO = [
    'Archive:  /tmp/s/source',
    'Zip file size: 900 bytes, number of entries: 4',
    'drwxr-xr-x  3.0 unx        0 bx stor 20200102.030405 d/',
    '-rw-r--r--  3.0 unx       17 tx stor 20200102.030405 d/a file.txt',
    'lrwxrwxrwx  3.0 unx        5 bx stor 20200102.030405 d/link',
    '-rw-a--     2.0 fat        4 tx stor 20200102.030405 d/fat.txt',
    '4 files, 26 bytes uncompressed, 26 bytes compressed:  0.0%',
  ].join('\n');

  it('takes the member lines of zipinfo -T -s, names with spaces whole', () => {
    const e = parseZipinfo(ZIPINFO);
    assert.deepEqual(
      e.map((x) => [x.ztype, x.permstr, x.size, x.path, x.time]),
      [
        ['d', 'rwxr-xr-x', 0, 'd/', '2020-01-02 03:04:05'],
        ['-', 'rw-r--r--', 17, 'd/a file.txt', '2020-01-02 03:04:05'],
        ['l', 'rwxrwxrwx', 5, 'd/link', '2020-01-02 03:04:05'],
        ['-', 'rw-a--', 4, 'd/fat.txt', '2020-01-02 03:04:05'],
      ],
    );
  });

  it("reads names and CRC-32s from unzip -v; include lists a member once per pattern that matches (Ansible's loop)", () => {
    const out = [
      'Archive:  x.zip',
      ' Length   Method    Size  Cmpr    Date    Time   CRC-32   Name',
      '--------  ------  ------- ---- ---------- ----- --------  ----',
      '       0  Stored        0   0% 2020-01-02 03:04 00000000  d/',
      '      17  Stored       17   0% 2020-01-02 03:04 1c291ca3  d/a file.txt',
      '--------          -------  ---                            -------',
      '      17               17   0%                            2 files',
    ].join('\n');
    const { names, crcs } = parseUnzipVerbose(out);
    assert.deepEqual(names, ['d/', 'd/a file.txt']);
    assert.equal(crcs.get('d/a file.txt'), 0x1c291ca3);
    assert.deepEqual(zipMembers(names, { include: ['d/*', '*.txt'], exclude: [] }), [
      'd/',
      'd/a file.txt',
      'd/a file.txt',
    ]);
    assert.deepEqual(zipMembers(names, { include: [], exclude: ['*.txt'] }), ['d/']);
  });

  const root = {
    umask: 0o022,
    uid: 0,
    gid: 0,
    user: 'root',
    group: 'root',
    groups: [0],
    futOwner: 'root',
    futUid: 0,
    futGroup: 'root',
    futGid: 0,
  };
  const file = (extra: Partial<RemoteStat> = {}): RemoteStat => ({
    path: 'x',
    exists: true,
    type: 'file',
    mode: 0o644,
    uid: 0,
    gid: 0,
    owner: 'root',
    group: 'root',
    size: 17,
    mtime: 1577934245,
    ...extra,
  });
  function input(onHost: Record<string, ZipOnHost>, extra: Partial<ZipCompareInput> = {}): ZipCompareInput {
    return {
      rc: 0,
      entries: parseZipinfo(ZIPINFO).slice(1, 2),
      crcs: new Map([['d/a file.txt', 0x1c291ca3]]),
      onHost: new Map(Object.entries(onHost)),
      runner: root,
      excludes: [],
      keepNewer: false,
      ...extra,
    };
  }
  const same: ZipOnHost = { st: file(), timestamp: 1577934245, crc: 0x1c291ca3 };

  it('is unpacked when type, mtime, size, CRC, mode and owner agree', () => {
    assert.deepEqual(compareZip(input({ 'd/a file.txt': same })), {
      unarchived: true,
      diff: '',
      excludes: [],
    });
  });

  it('itemizes each difference as Ansible does', () => {
    const c = (h: ZipOnHost, extra = {}) => compareZip(input({ 'd/a file.txt': h }, extra)).diff;
    assert.equal(compareZip(input({})).diff, '>f++++++.?? d/a file.txt\n');
    assert.equal(c({ ...same, st: file({ type: 'directory' }) }), 'cf++++++.?? d/a file.txt\n');
    assert.equal(c({ ...same, timestamp: 1577934246 }), '.f..t....?? d/a file.txt\n');
    assert.equal(c({ ...same, st: file({ size: 3 }), crc: 1 }), '.fcs.....?? d/a file.txt\n');
    assert.equal(c({ ...same, st: file({ mode: 0o600 }) }), '.f...p...?? d/a file.txt\n');
    assert.equal(c(same, { mode: '0600' }), '.f...p...?? d/a file.txt\n');
    assert.equal(c({ ...same, st: file({ owner: 'daemon', uid: 1 }) }), '.f....o..?? d/a file.txt\n');
    assert.equal(c({ ...same, st: file({ group: 'daemon', gid: 1 }) }), '.f....g..?? d/a file.txt\n');
    // a zipinfo that failed (an include matching nothing) is never "unpacked"
    assert.equal(compareZip(input({ 'd/a file.txt': same }, { rc: 11 })).unarchived, false);
  });

  it('keep_newer: an older file is replaced, a newer one is left out (unzip -x)', () => {
    const older = compareZip(
      input({ 'd/a file.txt': { ...same, st: file({ mtime: 1 }) } }, { keepNewer: true }),
    );
    assert.equal(older.diff, '.f..t....?? d/a file.txt\n');
    const newer = compareZip(
      input({ 'd/a file.txt': { ...same, st: file({ mtime: 2e9, size: 1 }) } }, { keepNewer: true }),
    );
    assert.deepEqual(newer, { unarchived: true, diff: '', excludes: ['d/a file.txt'] });
  });

  it('FAT attributes: 666 less the umask; a non-root user asked for another owner fails', () => {
    const fat = parseZipinfo(ZIPINFO).slice(3);
    const st = file({ size: 4, mode: 0o644 });
    const ok = compareZip(
      input(
        { 'd/fat.txt': { st, timestamp: 1577934245, crc: 7 } },
        { entries: fat, crcs: new Map([['d/fat.txt', 7]]) },
      ),
    );
    assert.equal(ok.unarchived, true);
    const user = { ...root, uid: 1000, user: 'me', futOwner: 'daemon', futUid: 1 };
    assert.throws(
      () => compareZip(input({ 'd/a file.txt': same }, { runner: user })),
      /Cannot change ownership of d\/a file.txt to daemon, as user me/,
    );
  });
});

describe('unarchive: helpers', () => {
  it('decodes as codecs.escape_decode', () => {
    assert.equal(escapeDecode('a\\tb\\nc\\101\\\\'), 'a\tb\ncA\\');
  });

  it('applies attributes to each member and each top directory once', () => {
    assert.deepEqual(treePaths('/srv/x', ['d/', 'd/a', 'e', 'f/g/h']), [
      '/srv/x/d/',
      '/srv/x/d/a',
      '/srv/x/e',
      '/srv/x/f/g/h',
      '/srv/x/f',
    ]);
  });
});
