import { posix } from 'node:path';

/**
 * One-line apt sources (sources.list and sources.list.d/*.list) as ansible-core 2.14's
 * apt_repository reads and writes them: each line parsed into enabled/source/comment, and the
 * whole file written back from that (whitespace collapsed, `#deb` as `# deb`, a trailing comment
 * after ` # `). Pure: the module reads the files and writes what dumpFiles() answers.
 */

export interface SourceLine {
  /** the line's index when read; Ansible removes by it (see removeSource) */
  n: number;
  /** starts with deb or deb-src */
  valid: boolean;
  enabled: boolean;
  source: string;
  comment: string;
}

/** file path -> its lines, in the order the module read them */
export type SourceFiles = Map<string, SourceLine[]>;

export class InvalidSource extends Error {}

const SOURCE_TYPES = new Set(['deb', 'deb-src']);

/** Python's str.split() with no argument. */
const words = (s: string) => s.split(/\s+/).filter((w) => w !== '');

/** A line as Ansible's SourcesList._parse reads it. */
export function parseLine(raw: string): Omit<SourceLine, 'n'> {
  let line = raw.trim();
  let enabled = true;
  let comment = '';
  if (line.startsWith('#')) {
    enabled = false;
    line = line.slice(1);
  }
  const hash = line.indexOf('#');
  if (hash > 0) {
    comment = line.slice(hash + 1).trim();
    line = line.slice(0, hash);
  }
  let source = line.trim();
  let valid = false;
  if (source) {
    const chunks = words(source);
    if (SOURCE_TYPES.has(chunks[0]!)) {
      valid = true;
      source = chunks.join(' ');
    }
  }
  return { valid, enabled, source, comment };
}

/** The repo argument as a source, or InvalidSource (Ansible's message carries the line so). */
export function parseRepo(repo: string): string {
  const p = parseLine(repo);
  if (!p.valid || !p.enabled) {
    let line = repo.trim();
    if (line.startsWith('#')) line = line.slice(1);
    const hash = line.indexOf('#');
    throw new InvalidSource(hash > 0 ? line.slice(0, hash) : line);
  }
  return p.source;
}

/** A file's text (Python's text mode: \r\n and \r end lines too) as its lines. */
export function parseFile(text: string): SourceLine[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, n) => ({ n, ...parseLine(l) }));
}

function dumpLine(l: SourceLine): string {
  return `${l.enabled ? '' : '# '}${l.source}${l.comment ? ` # ${l.comment}` : ''}\n`;
}

/** Each file with lines, as Ansible writes it; a file without lines is not there (it is removed). */
export function dumpFiles(files: SourceFiles): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, lines] of files) if (lines.length) out.set(path, lines.map(dumpLine).join(''));
  return out;
}

/** The file Ansible picks for a new source: `filename`.list, or one named after its host part. */
export function suggestFilename(source: string, filename: string | undefined): string {
  if (filename !== undefined) return `${filename}.list`;
  const line = source.replace(/\[[^\]]+\]/g, '').replace(/[\p{L}\p{N}_]+:\/\//gu, '');
  const parts = words(line).filter((p) => !SOURCE_TYPES.has(p));
  if (parts.length === 0) throw new InvalidSource(`${source} (no URI)`);
  const host = parts[0]!.includes('@') ? parts[0]!.slice(parts[0]!.indexOf('@') + 1) : parts[0]!;
  return `${words(host.replace(/[^a-zA-Z0-9]/g, ' ')).join('_')}.list`;
}

/** Python's os.path.abspath for an absolute path: normalised, no trailing slash. */
function absPath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Where a file name lands: in the parts directory unless it holds a slash. */
export function expandPath(name: string, sourceparts: string): string {
  return name.includes('/') ? name : absPath(posix.join(sourceparts, name));
}

function copyFiles(files: SourceFiles): SourceFiles {
  return new Map([...files].map(([p, lines]) => [p, lines.map((l) => ({ ...l }))]));
}

/**
 * The files with `source` present: every line of it already there (disabled too) is enabled,
 * else it is appended to `file`. `added`: the file appended to (Ansible applies `mode` to it).
 */
export function addSource(
  files: SourceFiles,
  source: string,
  file: string,
): { files: SourceFiles; added?: string } {
  const out = copyFiles(files);
  let found = false;
  for (const lines of out.values())
    for (const l of lines)
      if (l.valid && l.source === source) {
        l.enabled = true;
        found = true;
      }
  if (found) return { files: out };
  const lines = out.get(file) ?? [];
  out.set(file, lines);
  lines.push({ n: lines.length, valid: true, enabled: true, source, comment: '' });
  return { files: out, added: file };
}

/**
 * The files with each enabled line of `source` removed (disabled ones stay). As Ansible's loop,
 * it pops by the index the line was read at while walking the shrinking list: a second match in
 * one file may take a neighbour or be skipped (kept so, for the same bytes).
 */
export function removeSource(files: SourceFiles, source: string): SourceFiles {
  const out = copyFiles(files);
  for (const lines of out.values()) {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.valid && l.enabled && l.source === source && l.n < lines.length) lines.splice(l.n, 1);
    }
  }
  return out;
}
