import assert from 'node:assert/strict';
import { apt } from '../../../src/modules/packages/apt.js';
import {
  aptCommands,
  cacheIsStale,
  parseAptPolicy,
  parseDpkgQuery,
  planPackages,
} from '../../../src/modules/packages/apt-plan.js';
import { getModule } from '../../../src/modules/registry.js';
import { fakeContext, schemaErrors } from '../commands/helpers.js';

const POLICY = `nginx:
  Installed: (none)
  Candidate: 1.22.1-9
  Version table:
     1.22.1-9 500
curl:
  Installed: 7.88.1-10
  Candidate: 7.88.1-11
tftpd-hpa:
  Installed: 5.2+20150808-1.4
  Candidate: 5.2+20150808-1.4
`;

describe('modules/packages: apt (pinned commands for Debian facts)', () => {
  it('parses apt-cache policy and plans the gap (pure)', () => {
    const known = parseAptPolicy(POLICY);
    assert.deepEqual(known.get('curl'), { installed: '7.88.1-10', candidate: '7.88.1-11' });
    assert.deepEqual(planPackages(['nginx', 'curl', 'tftpd-hpa', 'nope'], 'present', known), {
      install: ['nginx'],
      remove: [],
      missing: ['nope'],
    });
    assert.deepEqual(planPackages(['curl', 'tftpd-hpa'], 'latest', known).install, ['curl']);
    assert.deepEqual(planPackages(['curl=7.88.1-10', 'nginx'], 'absent', known).remove, ['curl']);
    assert.deepEqual(planPackages(['curl=7.88.1-1*'], 'present', known).install, []);
    assert.deepEqual(
      aptCommands(
        { install: ['nginx'], remove: ['x'], missing: [] },
        { installRecommends: false, purge: true },
      ),
      [
        [
          'apt-get',
          '-y',
          '-q',
          '-o',
          'Dpkg::Options::=--force-confdef',
          '-o',
          'Dpkg::Options::=--force-confold',
          '--no-install-recommends',
          'install',
          'nginx',
        ],
        [
          'apt-get',
          '-y',
          '-q',
          '-o',
          'Dpkg::Options::=--force-confdef',
          '-o',
          'Dpkg::Options::=--force-confold',
          'remove',
          '--purge',
          'x',
        ],
      ],
    );
    assert.equal(cacheIsStale(undefined, 100, 3600), true);
    assert.equal(cacheIsStale(100, 200, 3600), false);
    assert.equal(cacheIsStale(100, 5000, 3600), true);
  });

  it('converges: updates a stale cache, installs what is missing, with a diff', async () => {
    const ctx = fakeContext({
      diff: true,
      answers: [
        { match: 'date +%s', stdout: '100000\n50000\n' },
        { match: 'apt-cache policy', stdout: POLICY },
      ],
    });
    const r = await apt.run(ctx, {
      name: ['nginx', 'tftpd-hpa'],
      update_cache: true,
      cache_valid_time: 3600,
    });
    assert.equal(r.changed, true);
    assert.equal(r.cache_updated, true);
    assert.deepEqual(
      ctx.ran.filter((c) => c.startsWith('apt-')),
      [
        'apt-get update -q',
        'apt-cache policy nginx tftpd-hpa',
        'apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install nginx',
      ],
    );
    assert.match(JSON.stringify(r.diff), /nginx/);
  });

  it('re-run on a converged host: fresh cache is kept, nothing installed', async () => {
    const ctx = fakeContext({
      answers: [
        { match: 'date +%s', stdout: '100000\n99000\n' },
        { match: 'apt-cache policy', stdout: POLICY },
      ],
    });
    const r = await apt.run(ctx, { name: 'tftpd-hpa,curl', update_cache: 'yes', cache_valid_time: 3600 });
    assert.equal(r.changed, false);
    assert.equal(
      ctx.ran.some((c) => c.startsWith('apt-get')),
      false,
    );
  });

  it('present and installed per dpkg: no apt-cache policy (it loads the whole cache); else apt decides', async () => {
    const dpkg = 'curl\tii \t7.88.1-10\ntftpd-hpa\tii \t5.2+20150808-1.4\nold\trc \t1.0\n';
    assert.deepEqual([...parseDpkgQuery(dpkg).keys()], ['curl', 'tftpd-hpa'], 'rc: only config files left');
    const ctx = fakeContext({ answers: [{ match: 'dpkg-query', stdout: dpkg }] });
    assert.equal((await apt.run(ctx, { name: ['curl', 'tftpd-hpa=5.2*'] })).changed, false);
    assert.deepEqual(
      ctx.ran.filter((c) => /apt-|dpkg-query/.test(c)),
      ["dpkg-query -W -f '${Package}\t${db:Status-Abbrev}\t${Version}\n' -- curl tftpd-hpa"],
    );
    for (const args of [{ name: ['curl', 'old'] }, { name: 'curl=8*' }, { name: 'curl', state: 'latest' }]) {
      const c = fakeContext({
        answers: [
          { match: 'dpkg-query', stdout: dpkg },
          { match: 'apt-cache policy', stdout: POLICY },
        ],
      });
      await apt.run(c, args).catch(() => undefined);
      assert.ok(
        c.ran.some((x) => x.startsWith('apt-cache policy')),
        `${JSON.stringify(args)}: apt decides`,
      );
    }
  });

  it('check mode reports the change and runs nothing that changes the host', async () => {
    const ctx = fakeContext({ check: true, answers: [{ match: 'apt-cache', stdout: POLICY }] });
    const r = await apt.run(ctx, { name: 'nginx', state: 'present', update_cache: true });
    assert.equal(r.changed, true);
    assert.equal(
      ctx.ran.some((c) => c.startsWith('apt-get')),
      false,
    );
    // apt-cache builds its binary caches in memory: none written to /var/cache/apt
    assert.deepEqual(
      ctx.ran.filter((c) => c.startsWith('apt-cache')),
      ['apt-cache -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= policy nginx'],
    );
    const conv = fakeContext({ check: true, answers: [{ match: 'apt-cache', stdout: POLICY }] });
    assert.equal((await apt.run(conv, { name: 'curl' })).changed, false);
  });

  it('fails clearly on an unknown package and on bad arguments', async () => {
    const r = await apt.run(fakeContext({ answers: [{ match: 'apt-cache policy', stdout: POLICY }] }), {
      name: 'nginxx',
    });
    assert.equal(r.failed, true);
    assert.equal(r.msg, "No package matching 'nginxx' is available (apt on fakehost)");
    assert.ok(schemaErrors(apt, { name: 'x', state: 'instaled' }).length > 0);
    assert.ok(schemaErrors(apt, { name: 'x', update_cach: true }).length > 0);
    assert.equal(getModule('ansible.builtin.apt'), apt);
  });
});
