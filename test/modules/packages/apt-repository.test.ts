import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptRepository } from '../../../src/modules/packages/apt-repository.js';
import { makeContext } from '../../helpers/module-context.js';

/**
 * apt_repository through a local connection on sources in a temporary directory: APT_CONFIG (the
 * task's environment) moves apt's Dir::Etc there, as differential fixtures 205-206 do beside
 * ansible-playbook 2.14. These cover what those cannot: the refusals, and check mode's writes.
 */
describe('modules/packages: apt_repository (local, APT_CONFIG)', () => {
  let dir: string;
  let parts: string;
  const ctx = (opts: { check?: boolean; diff?: boolean } = {}) =>
    makeContext({ ...opts, env: { APT_CONFIG: join(dir, 'apt.conf') } });
  const run = (args: Record<string, unknown>, opts: { check?: boolean; diff?: boolean } = {}) =>
    aptRepository.run(ctx(opts), { update_cache: false, ...args } as never);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fp-aptrepo-'));
    parts = join(dir, 'etc', 'sources.list.d');
    mkdirSync(parts, { recursive: true });
    writeFileSync(join(dir, 'apt.conf'), `Dir::Etc "${dir}/etc/";\n`);
    writeFileSync(join(parts, 'a.list'), 'deb   http://a b c\n#deb http://e f g\n');
    writeFileSync(join(parts, 'empty.list'), '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('check mode: the change and its diffs, nothing written', async () => {
    const r = await run({ repo: 'deb http://e f g' }, { check: true, diff: true });
    assert.equal(r.changed, true);
    assert.deepEqual(r.diff, [
      {
        before: 'deb http://a b c\n# deb http://e f g\n',
        after: 'deb http://a b c\ndeb http://e f g\n',
        before_header: join(parts, 'a.list'),
        after_header: join(parts, 'a.list'),
      },
    ]);
    assert.equal(readFileSync(join(parts, 'a.list'), 'utf8'), 'deb   http://a b c\n#deb http://e f g\n');
    assert.equal(existsSync(join(parts, 'empty.list')), true);
  });

  it('writes every file normalised, removes the empty one, sets mode on a new file; then nothing to do', async () => {
    const r = await run({ repo: 'deb http://n o p', mode: '0640' });
    assert.deepEqual(r, { changed: true, repo: 'deb http://n o p', state: 'present', diff: {} });
    assert.equal(readFileSync(join(parts, 'a.list'), 'utf8'), 'deb http://a b c\n# deb http://e f g\n');
    assert.equal(readFileSync(join(parts, 'n.list'), 'utf8'), 'deb http://n o p\n');
    assert.equal(statSync(join(parts, 'n.list')).mode & 0o777, 0o640);
    assert.equal(existsSync(join(parts, 'empty.list')), false);
    assert.equal((await run({ repo: 'deb http://n o p', mode: '0640' })).changed, false);
  });

  it('a PPA: removed or found without Launchpad, refused where it needs it', async () => {
    writeFileSync(join(parts, 'p.list'), 'deb http://ppa.launchpad.net/o/tools/ubuntu jammy main\n');
    assert.equal((await run({ repo: 'ppa:o/tools', codename: 'jammy' }, { check: true })).changed, false);
    const gone = await run({ repo: 'ppa:o/tools', codename: 'jammy', state: 'absent' }, { check: true });
    assert.equal(gone.changed, true);
    assert.match(String((await run({ repo: 'ppa:o/other', codename: 'jammy' })).msg), /needs Launchpad/);
  });

  it('fails in Ansible’s words on bad input, and refuses a relative file name', async () => {
    const failure = async (args: Record<string, unknown>) => {
      const r = await run(args);
      assert.equal(r.failed, true, JSON.stringify(r));
      return r.msg;
    };
    assert.equal(await failure({ repo: '' }), "Please set argument 'repo' to a non-empty value");
    assert.equal(await failure({ repo: 'foo bar' }), 'Invalid repository string: foo bar');
    assert.match(String(await failure({ repo: 'deb http://a b c', filename: 'sub/x' })), /relative path/);
  });
});
