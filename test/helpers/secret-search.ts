import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files bigger than this are not read (none of the files a run writes comes near it). */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Regular files under `roots` modified since `sinceMs` (epoch ms): what a run wrote on the
 * controller. Symbolic links are not followed and unreadable directories are passed over.
 */
export function filesChangedSince(sinceMs: number, roots: string[]): string[] {
  const found = new Set<string>();
  const walk = (dir: string, depth: number): void => {
    if (depth > 12) return;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, depth + 1);
      else if (st.isFile() && st.mtimeMs >= sinceMs && st.size <= MAX_BYTES) found.add(p);
    }
  };
  for (const r of roots) walk(r, 0);
  return [...found].sort();
}

/** Each (file, value) where one of `values` occurs in the file's bytes. */
export function findIn(files: string[], values: string[]): { file: string; value: string }[] {
  const hits: { file: string; value: string }[] = [];
  for (const file of files) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      continue;
    }
    for (const value of values) if (data.includes(value)) hits.push({ file, value });
  }
  return hits;
}
