import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { programScript, needsExpansion } from '../../../src/modules/commands/expand-args.js';

/** Runs the script with sh in a known environment; each argument comes back on a line of its own. */
function expanded(args: string[], env: Record<string, string>): string[] {
  const script = programScript(['printf', '%s\\n', ...args]);
  const out = execFileSync('/bin/sh', ['-c', script], { env: { PATH: '/usr/bin:/bin', ...env } });
  return out.toString().split('\n').slice(0, -1);
}

describe('modules/commands: argument expansion as the command module does it', () => {
  it('knows which arguments need it', () => {
    assert.equal(needsExpansion(['ls', '-l', '/tmp/a~b', '$']), false);
    assert.equal(needsExpansion(['ls', '~/x']), true);
    assert.equal(needsExpansion(['echo', 'a${B}']), true);
  });

  it('gives what Python os.path.expanduser(os.path.expandvars(arg)) gives', () => {
    // the values printed by: env -i HOME=/h/ X=v python3 -c '...expanduser(expandvars(a))...'
    const args = [
      '$X',
      'a${X}b',
      '~/p',
      '~',
      '~root/q',
      '~no_such_user_x/r',
      '$UNSET${UNSET}${a-b}$1',
      '$X$X',
      "it's $X",
    ];
    assert.deepEqual(expanded(args, { HOME: '/h/', X: 'v' }), [
      'v',
      'avb',
      '/h/p',
      '/h',
      '/root/q',
      '~no_such_user_x/r',
      '$UNSET${UNSET}${a-b}$1',
      'vv',
      "it's v",
    ]);
  });

  it('takes the home from the passwd entry when HOME is not set', () => {
    assert.deepEqual(expanded(['~root', '~/x'], {}).slice(0, 1), ['/root']);
  });

  it('passes a value holding shell syntax on as text', () => {
    assert.deepEqual(expanded(['$X'], { X: '$(touch /nonexistent/x) `id` "; *' }), [
      '$(touch /nonexistent/x) `id` "; *',
    ]);
  });
});
