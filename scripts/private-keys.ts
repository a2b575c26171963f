/**
 * Finds private keys in the files git tracks, so none is ever committed: a test that needs a key
 * makes it at run time. Run by `npm test` (`npm run check:keys`); exits 1 naming each file:line.
 * What counts as a private key: a whole PEM block (markers and base64 body) whose label ends in PRIVATE KEY (OpenSSH, PKCS#1,
 * PKCS#8, EC, DSA, encrypted ones too) and a PuTTY key file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// the whole block, so that code naming the marker (as the lab's key writer does) is not a key
const PEM_PRIVATE =
  /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----\r?\n(?:[A-Za-z-]+: [^\n]*\r?\n)*(?:\r?\n)?(?:[A-Za-z0-9+/=]{4,}\r?\n)+-----END \1-----/;
const PUTTY_PRIVATE = /^PuTTY-User-Key-File-\d+:/m;

export interface KeyFinding {
  file: string;
  line: number;
  kind: string;
}

/** Every tracked file of the repository at `repo`, as git's index lists it. */
function trackedFiles(repo: string): string[] {
  const r = spawnSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ls-files in ${repo}: ${r.stderr.trim()}`);
  return r.stdout.split('\0').filter((f) => f !== '');
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export function findPrivateKeys(repo: string): KeyFinding[] {
  const found: KeyFinding[] = [];
  for (const file of trackedFiles(repo)) {
    const path = join(repo, file);
    let text: string;
    try {
      if (!statSync(path).isFile()) continue;
      text = readFileSync(path, 'latin1');
    } catch {
      continue; // deleted in the work tree: what is committed is checked by the next commit's run
    }
    for (const [re, kind] of [
      [PEM_PRIVATE, 'PEM private key'],
      [PUTTY_PRIVATE, 'PuTTY private key'],
    ] as const) {
      const m = re.exec(text);
      if (m) found.push({ file, line: lineOf(text, m.index), kind });
    }
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const repo = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
  const found = findPrivateKeys(repo);
  for (const f of found)
    console.error(
      `${f.file}:${f.line}: ${f.kind} in a tracked file; remove it (git rm) and make it at run time`,
    );
  if (found.length > 0) process.exit(1);
  console.log('check:keys: no private key in any tracked file');
}
