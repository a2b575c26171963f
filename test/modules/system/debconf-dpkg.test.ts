import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { debconf, debconfAnswers } from '../../../src/modules/system/debconf.js';
import { dpkgSelections } from '../../../src/modules/system/dpkg-selections.js';
import { makeContext } from '../../helpers/module-context.js';

/**
 * debconf's reading of debconf-show, and both modules in check mode on this (Debian) machine: they
 * read, report what they would change and send nothing. Runs beside Ansible on a lab host:
 * debconf-dpkg.lab.test.ts.
 */
describe('modules/system: debconf and dpkg_selections', () => {
  it("debconf-show's lines: the seen mark and spaces go, the value keeps its inner colons", () => {
    assert.deepEqual(debconfAnswers('* tzdata/Areas: Etc\n  tzdata/Zones/US:\n  pkg/url: http://a:80/x \n'), {
      'tzdata/Areas': 'Etc',
      'tzdata/Zones/US': '',
      'pkg/url': 'http://a:80/x',
    });
    assert.deepEqual(debconfAnswers(''), {});
  });

  const debian = existsSync('/usr/bin/debconf-show') && existsSync('/usr/bin/dpkg');

  it('check mode reads the answers and keeps debconf-set-selections back', async function () {
    if (!debian) this.skip();
    const ctx = makeContext({ check: true, diff: true });
    const args = {
      name: 'tzdata',
      question: 'tzdata/fabplay-unit',
      vtype: 'string',
      value: 'x',
      unseen: false,
    };
    const r = await debconf.run(ctx, args);
    assert.equal(r.changed, true);
    assert.deepEqual(r.current, { 'tzdata/fabplay-unit': 'x' });
    // a question the package had not: all its answers are `previous`, as Ansible's module reports them
    assert.equal((r.previous as Record<string, string>)['tzdata/fabplay-unit'], '');
    assert.ok('tzdata/Areas' in (r.previous as object));
    assert.deepEqual(
      ctx.steps.map((s) => [s.verb, s.sent]),
      [
        ['probe', true],
        ['change', false],
      ],
    );
    const only = await debconf.run(makeContext({ check: true }), { name: 'tzdata', unseen: false });
    assert.equal(only.changed, false);
    assert.ok('tzdata/Areas' in (only.current as object));
  });

  it('dpkg_selections in check mode: before and after, nothing sent', async function () {
    if (!debian) this.skip();
    const ctx = makeContext({ check: true });
    assert.deepEqual(await dpkgSelections.run(ctx, { name: 'bash', selection: 'hold' }), {
      changed: true,
      before: 'install',
      after: 'hold',
    });
    assert.deepEqual(await dpkgSelections.run(ctx, { name: 'bash', selection: 'install' }), {
      changed: false,
      before: 'install',
      after: 'install',
    });
    assert.deepEqual(await dpkgSelections.run(ctx, { name: 'fabplay-no-such-package', selection: 'hold' }), {
      changed: true,
      before: 'not present',
      after: 'hold',
    });
    assert.ok(ctx.steps.every((s) => s.verb === 'probe' || !s.sent));
  });
});
