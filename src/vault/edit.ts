import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { shlexSplit } from '../util/shlex.js';
import { shredFile } from './files.js';
import { VaultError } from './secrets.js';

/**
 * `vault create` and `vault edit`: the plaintext goes to a 0600 file in a 0700 directory of its
 * own, $EDITOR (default vi) edits it, and the file is overwritten and removed afterwards whatever
 * happens: the editor fails, cannot start, or fabplay gets SIGINT, SIGTERM or SIGHUP.
 */

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function editorCommand(file: string): string[] {
  let words: string[];
  try {
    words = shlexSplit(process.env.EDITOR || 'vi');
  } catch (e) {
    throw new VaultError(`cannot read $EDITOR: ${(e as Error).message}`);
  }
  if (!words.length) words = ['vi'];
  return [...words, file];
}

function runEditor(cmd: string[], onChild: (pid: number | undefined) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'inherit' });
    onChild(child.pid);
    child.on('error', (e) =>
      reject(
        new VaultError(`cannot run the editor "${cmd.join(' ')}": ${e.message}`, undefined, 'set $EDITOR'),
      ),
    );
    child.on('exit', (code, signal) =>
      code === 0
        ? resolvePromise()
        : reject(
            new VaultError(
              `the editor "${cmd.join(' ')}" ${signal ? `was killed by ${signal}` : `exited with ${code}`}; nothing was saved`,
            ),
          ),
    );
  });
}

/** The text after editing `initial` (a file named like `like`, for the editor's syntax highlighting). */
export async function editInTempFile(initial: Buffer, like: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-vault-'));
  const file = join(dir, `edit${extname(like)}`);
  let editorPid: number | undefined;
  const cleanup = (): void => {
    shredFile(file);
    rmSync(dir, { recursive: true, force: true });
  };
  const handlers = Object.entries(SIGNALS).map(([sig, code]) => {
    const h = (): void => {
      if (editorPid !== undefined)
        try {
          process.kill(editorPid, 'SIGTERM');
        } catch {
          /* the editor ended already */
        }
      cleanup();
      process.exit(code);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  try {
    writeFileSync(file, initial, { mode: 0o600 });
    await runEditor(editorCommand(file), (pid) => (editorPid = pid));
    return readFileSync(file);
  } finally {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
    cleanup();
  }
}
