// fabplay in a real terminal: a detached tmux session (120x40), its whole screen and scrollback
// captured once the run ends. Used by the live view's tests.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, tsxLoader } from './cli.js';
import { hasCommand } from '../roles/checkers.js';

const tmux = (...args: string[]) => spawnSync('tmux', args, { encoding: 'utf8' });
const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `args` of fabplay in a detached tmux session; the whole screen and scrollback when it ends. */
export async function inTerminal(args: string[], cwd: string, timeoutMs = 60000): Promise<string> {
  assert.ok(hasCommand('tmux'), 'tmux is missing: ./scripts/setup.sh installs it');
  const session = `fabplay-live-${process.pid}-${Date.now()}`;
  const cmd = [
    `cd ${shq(cwd)} &&`,
    `env -u CI FABPLAY_RETRY_DIR=${shq(join(cwd, 'retry'))}`,
    `node --import ${shq(tsxLoader)} ${shq(join(repoRoot, 'test/helpers/cli-entry.ts'))}`,
    ...args.map(shq),
    '; echo "EXIT=$?"; sleep 600',
  ].join(' ');
  assert.equal(tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', cmd).status, 0);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session).stdout;
      if (/^EXIT=\d+/m.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`fabplay did not end in ${timeoutMs / 1000} s:\n${screen}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    tmux('kill-session', '-t', session);
  }
}
