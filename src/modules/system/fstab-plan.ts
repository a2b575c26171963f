/** mount's thinking about the fstab file, pure. */

export interface FstabEntry {
  src: string;
  path: string;
  fstype: string;
  opts: string;
  dump: string;
  passno: string;
}

/** fstab escapes blanks in fields as \040 (and tabs as \011). */
export const escapeField = (s: string) => s.replace(/ /g, '\\040').replace(/\t/g, '\\011');
export const unescapeField = (s: string) => s.replace(/\\040/g, ' ').replace(/\\011/g, '\t');

export function entryLine(e: FstabEntry): string {
  return [e.src, e.path, e.fstype, e.opts, e.dump, e.passno].map(escapeField).join(' ');
}

function parseLine(line: string): FstabEntry | undefined {
  const t = line.trim();
  if (!t || t.startsWith('#')) return undefined;
  const f = t.split(/\s+/).map(unescapeField);
  if (f.length < 3) return undefined;
  return {
    src: f[0]!,
    path: f[1]!,
    fstype: f[2]!,
    opts: f[3] ?? 'defaults',
    dump: f[4] ?? '0',
    passno: f[5] ?? '0',
  };
}

/** The entry for a mount point, if the file has one. */
export function findEntry(text: string, path: string): FstabEntry | undefined {
  return text
    .split('\n')
    .map(parseLine)
    .find((e) => e?.path === path);
}

/** The file with the mount point's line set to `entry` (or removed when undefined). */
export function editFstab(text: string, path: string, entry: FstabEntry | undefined): string {
  const out: string[] = [];
  let done = false;
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  for (const line of lines) {
    const e = parseLine(line);
    if (e?.path !== path) out.push(line);
    else if (entry && !done) {
      // keep the line as written when it already says the same thing
      const same = JSON.stringify(e) === JSON.stringify(entry);
      out.push(same ? line : entryLine(entry));
      done = true;
    }
  }
  if (entry && !done) out.push(entryLine(entry));
  return out.length ? `${out.join('\n')}\n` : '';
}

/** The mount command for an entry (a loop-mounted ISO is `-o loop,ro`). */
export function mountArgv(e: FstabEntry): string[] {
  const opts = e.opts
    .split(',')
    .filter((o) => o !== 'defaults' && o !== 'noauto' && o !== 'auto' && o !== '')
    .join(',');
  return ['mount', '-t', e.fstype, ...(opts ? ['-o', opts] : []), e.src, e.path];
}
