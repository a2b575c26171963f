import { strict as assert } from 'node:assert';
import { resolveMode } from '../../../src/modules/lib/file-attrs.js';
import { shlexSplit } from '../../../src/util/shlex.js';
import { validateCommand } from '../../../src/modules/lib/atomic-write.js';
import { expandTemplate, pyRegex } from '../../../src/modules/lib/py-regex.js';
import { ModuleFailure } from '../../../src/modules/lib/args.js';

describe('files lib: modes, validate commands, Python regexes (pure)', () => {
  it('resolves octal and symbolic modes as chmod does', () => {
    assert.equal(resolveMode(420, 0, false), 0o644);
    assert.equal(resolveMode('0644', 0, false), 0o644);
    assert.equal(resolveMode('1777', 0, true), 0o1777);
    assert.equal(resolveMode('u=rwX,g=rX,o=', 0o600, false), 0o640);
    assert.equal(resolveMode('u=rwX,g=rX,o=', 0o700, true), 0o750);
    assert.equal(resolveMode('a+x', 0o644, false), 0o755);
    assert.equal(resolveMode('+x', 0o600, false), 0o711);
    assert.equal(resolveMode('u+s,g+s,+t', 0o755, true), 0o7755);
    assert.equal(resolveMode('go=u', 0o700, false), 0o777);
    assert.equal(resolveMode('g-w,o-rwx', 0o777, false), 0o750);
    for (const bad of ['rw-r--r--', '0999', '99999', 'u=q', 'z+x', ''])
      assert.throws(() => resolveMode(bad, 0o644, false), ModuleFailure, bad);
  });

  it('splits validate like Python shlex and quotes every word for the shell', () => {
    assert.deepEqual(shlexSplit(`visudo -cf %s`), ['visudo', '-cf', '%s']);
    assert.deepEqual(shlexSplit(`sh -c 'test -s "$1"' x "%s"`), ['sh', '-c', 'test -s "$1"', 'x', '%s']);
    assert.equal(
      validateCommand('dhcpd -t -cf %s', "/etc/dhcp/.a b'c"),
      `dhcpd -t -cf '/etc/dhcp/.a b'\\''c'`,
    );
    assert.throws(() => validateCommand('true', '/x'), /must contain %s/);
    assert.throws(() => validateCommand("a 'b %s", '/x'), /bad validate command/);
  });

  it('reads Python regex syntax and expands Python replacement templates', () => {
    const m = pyRegex('^(?P<k>\\w+)=(?P=k)\\Z').exec('ab=ab');
    assert.ok(m);
    assert.equal(pyRegex('(?i)^HOST').test('host=1'), true);
    const g = pyRegex('(?P<a>x)(y)').exec('xy')!;
    assert.equal(expandTemplate('\\g<a>-\\2-\\g<1>\\n', g), 'x-y-x\n');
    assert.throws(() => pyRegex('('), /bad regular expression/);
  });
});
