import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under /tmp for one test; remove it with rmTree. */
export function tempDir(prefix = 'fabplay-files-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function rmTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A hash of a directory tree: names, types, modes, owners, link targets and content. Equal hashes
 * before and after mean a check-mode run left the tree byte-for-byte unchanged.
 */
export function treeHash(dir: string): string {
  const h = createHash('sha1');
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = join(rel, name);
      const full = join(dir, r);
      const st = lstatSync(full);
      h.update(`${r}\0${st.mode}\0${st.uid}\0${st.gid}\0`);
      if (st.isSymbolicLink()) h.update(readlinkSync(full));
      else if (st.isDirectory()) walk(r);
      else if (st.isFile()) h.update(readFileSync(full));
    }
  };
  walk('');
  return h.digest('hex');
}

/** Names of leftover temporary files (ours are `.NAME.fabplay-...`). */
export function tempLeftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = join(rel, name);
      if (name.includes('.fabplay-')) out.push(r);
      if (lstatSync(join(dir, r)).isDirectory()) walk(r);
    }
  };
  walk('');
  return out;
}

export function modeOf(path: string): number {
  return lstatSync(path).mode & 0o7777;
}
