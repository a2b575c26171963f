import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { yumRepository } from '../../../src/modules/system/yum-repository.js';
import {
  dumpRepos,
  parseRepoFile,
  withSection,
  writeRepoFile,
} from '../../../src/modules/system/yum-repo-file.js';
import { makeContext } from '../../helpers/module-context.js';
import { checkModuleArgs } from '../../../src/executor/module-context.js';

/**
 * The expected bytes below are what ansible-playbook 2.14's yum_repository wrote for the same
 * task (connection local, Debian 12); the lab test and differential fixtures 189-190 run it live.
 */
const SEED =
  '# comment\n[DEFAULT]\nfoo=bar\n\n[Zed]\nBaseURL=http://z\n  http://z2\n\n  http://z3\n# c\n' +
  'Name: zed ; not inline\n\n[epel]\nname=old\n[other] trailing\nbaseurl: http://o\nname = other\n';

describe('modules/system: yum_repository', () => {
  describe('the .repo file (pure)', () => {
    it('reads as configparser: keys lower-cased, continuation lines, DEFAULT shown in every section', () => {
      const data = parseRepoFile(SEED, '/r/common.repo');
      assert.deepEqual([...data.sections.keys()], ['Zed', 'epel', 'other']);
      assert.equal(data.sections.get('Zed')!.get('baseurl'), 'http://z\nhttp://z2\n\nhttp://z3');
      assert.equal(
        dumpRepos(data),
        '[Zed]\nbaseurl = http://z\nhttp://z2\n\nhttp://z3\nfoo = bar\nname = zed ; not inline\n\n' +
          '[epel]\nfoo = bar\nname = old\n\n[other]\nbaseurl = http://o\nfoo = bar\nname = other\n\n',
      );
    });

    it('writes the whole file back, the replaced section last, comments gone', () => {
      const data = parseRepoFile(SEED, '/r/common.repo');
      const opts = new Map([
        ['baseurl', 'http://a\n http://b'],
        ['name', 'True'],
      ]);
      assert.equal(
        writeRepoFile(withSection(data, 'epel', opts)),
        '[DEFAULT]\nfoo = bar\n\n[Zed]\nbaseurl = http://z\n\thttp://z2\n\t\n\thttp://z3\n' +
          'name = zed ; not inline\n\n[other]\nbaseurl = http://o\nname = other\n\n' +
          '[epel]\nbaseurl = http://a\n\t http://b\nname = True\n\n',
      );
    });

    it('no section left: no file (DEFAULT alone does not keep it)', () => {
      const data = parseRepoFile('[DEFAULT]\na=1\n[x]\nb=2\n', 'f');
      assert.equal(writeRepoFile(withSection(data, 'x', undefined)), undefined);
      assert.equal(dumpRepos(withSection(data, 'nothere', undefined)), dumpRepos(data));
    });

    it('refuses what configparser refuses, naming the file and line', () => {
      assert.throws(() => parseRepoFile('a=1\n', '/r/x.repo'), /no section headers: \/r\/x.repo, line 1/);
      assert.throws(() => parseRepoFile('[a]\nb=1\nB=2\n', 'f'), /option 'b' in section 'a' already exists/);
      assert.throws(() => parseRepoFile('[a]\nnovalue\n', 'f'), /parsing errors: \[line 2\]/);
    });
  });

  describe('on files (local connection, a temporary directory)', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'fabplay-yumrepo-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const epel = () => ({
      name: 'epel',
      description: 'EPEL YUM repo',
      baseurl: ['http://a/x', 'http://b/y'],
      gpgkey: 'http://k',
      gpgcheck: 'yes',
      enabled: false,
      exclude: 'pkg1, pkg2',
      includepkgs: ['a', 'b'],
      cost: '1000',
      ip_resolve: 4,
      reposdir: dir,
      file: 'common',
    });
    const EPEL_FILE =
      '[epel]\nbaseurl = http://a/x\n\thttp://b/y\ncost = 1000\nenabled = 0\nexclude = pkg1  pkg2\n' +
      'gpgcheck = 1\ngpgkey = http://k\nincludepkgs = a b\nip_resolve = 4\nname = EPEL YUM repo\n\n';

    it('check mode, then the file, then nothing to do; diff of the sorted dump in every mode', async () => {
      const file = join(dir, 'common.repo');
      const c = await yumRepository.run(makeContext({ check: true }), epel());
      assert.equal(c.changed, true);
      assert.equal(existsSync(file), false);
      const r = await yumRepository.run(makeContext(), epel());
      assert.equal(r.changed, true);
      assert.deepEqual(r.diff, c.diff);
      assert.equal((r.diff as { before: string }).before, '');
      assert.equal((r.diff as { before_header: string }).before_header, file);
      assert.equal(readFileSync(file, 'utf8'), EPEL_FILE);
      assert.equal(statSync(file).mode & 0o777, 0o644);
      assert.deepEqual(await yumRepository.run(makeContext(), epel()), {
        changed: false,
        repo: 'epel',
        state: 'present',
        diff: r.diff && { ...(r.diff as object), before: (r.diff as { after: string }).after },
      });
    });

    it('a file in another layout with the same options is left alone; mode is applied', async () => {
      const file = join(dir, 'same.repo');
      writeFileSync(file, '[same]\nname=s\nbaseurl=http://s\nenabled=1\n');
      const args = { name: 'same', description: 's', baseurl: 'http://s', enabled: true, reposdir: dir };
      assert.equal((await yumRepository.run(makeContext(), args)).changed, false);
      assert.equal(
        (await yumRepository.run(makeContext({ check: true }), { ...args, mode: '0600' })).changed,
        true,
      );
      assert.equal(statSync(file).mode & 0o777, 0o644);
      assert.equal((await yumRepository.run(makeContext(), { ...args, mode: '0600' })).changed, true);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(readFileSync(file, 'utf8'), '[same]\nname=s\nbaseurl=http://s\nenabled=1\n');
    });

    it('a symlinked .repo file keeps its link; the file it names gets the bytes', async () => {
      writeFileSync(join(dir, 'target.file'), '[l]\nname=l\nbaseurl=http://l\n');
      symlinkSync('target.file', join(dir, 'link.repo'));
      const args = { name: 'n', description: 'n', baseurl: 'http://n', reposdir: dir, file: 'link' };
      assert.equal((await yumRepository.run(makeContext(), args)).changed, true);
      assert.equal(lstatSync(join(dir, 'link.repo')).isSymbolicLink(), true);
      assert.equal(
        readFileSync(join(dir, 'target.file'), 'utf8'),
        '[l]\nname = l\nbaseurl = http://l\n\n[n]\nbaseurl = http://n\nname = n\n\n',
      );
    });

    it("a directory where the file goes: changed in check mode, Ansible's failure when run", async () => {
      mkdirSync(join(dir, 'd.repo'));
      const args = { name: 'd', description: 'd', baseurl: 'http://d', reposdir: dir };
      assert.equal((await yumRepository.run(makeContext({ check: true }), args)).changed, true);
      const r = await yumRepository.run(makeContext(), args);
      assert.equal(r.failed, true);
      assert.equal(r.msg, `Problems handling file ${join(dir, 'd.repo')}.`);
      assert.equal(r.details, `[Errno 21] Is a directory: '${join(dir, 'd.repo')}'`);
    });

    it('state=absent removes the section, and the file with the last one', async () => {
      const file = join(dir, 'two.repo');
      writeFileSync(file, '[a]\nname=a\nbaseurl=http://a\n[b]\nname=b\nbaseurl=http://b\n');
      const rm = (name: string, check = false) =>
        yumRepository.run(makeContext({ check }), { name, state: 'absent', reposdir: dir, file: 'two' });
      assert.equal((await rm('zzz')).changed, false);
      assert.equal((await rm('a')).changed, true);
      assert.equal(readFileSync(file, 'utf8'), '[b]\nname = b\nbaseurl = http://b\n\n');
      assert.equal((await rm('b', true)).changed, true);
      assert.equal(existsSync(file), true);
      assert.equal((await rm('b')).changed, true);
      assert.equal(existsSync(file), false);
      assert.equal((await rm('b')).changed, false);
    });

    it('fails as Ansible does (its words), and clearly where Ansible would stop with a traceback', async () => {
      const run = async (a: Record<string, unknown>) =>
        String((await yumRepository.run(makeContext(), { reposdir: dir, ...a })).msg);
      assert.equal(
        await run({ name: 'x', description: 'x' }),
        "Parameter 'baseurl', 'metalink' or 'mirrorlist' is required.",
      );
      assert.equal(await run({ name: 'x', baseurl: 'http://x' }), "Parameter 'description' is required.");
      assert.equal(
        await run({ name: 'x', description: 'x', baseurl: 'u', reposdir: join(dir, 'no') }),
        `Repo directory '${join(dir, 'no')}' does not exist.`,
      );
      assert.match(await run({ name: 'x', params: { a: 1 } }), /params option to yum_repository was removed/);
      writeFileSync(join(dir, 'bad.repo'), 'baseurl=http://x\n');
      assert.match(
        await run({ name: 'bad', state: 'absent' }),
        /cannot parse .*bad.repo: file contains no section headers/,
      );
      assert.match(
        await run({ name: 'DEFAULT', description: 'd', baseurl: 'u' }),
        /cannot be a repository id/,
      );
      // choices are compared as text, as Ansible does after its str conversion: YAML's 0 is '0'
      assert.deepEqual(checkModuleArgs(yumRepository, { name: 'x', keepcache: 0, ip_resolve: 6 }), []);
      assert.match(
        checkModuleArgs(yumRepository, { name: 'x', keepcache: true }).join(),
        /keepcache.* must be one of: 0, 1, got: true/,
      );
    });
  });
});
