import { ModuleFailure } from './args.js';
import { quote } from '../../util/shell.js';
import type { ModuleContext } from '../types.js';

/**
 * The `attributes` argument (Ansible's set_attributes_if_different): Linux file flags read with
 * `lsattr -d` and set with `chattr`. `+i` adds, `-i` removes, `=ie` or `ie` sets exactly. As in
 * Ansible, the wanted letters are compared with lsattr's as text, so `+i` (or any `-`) runs chattr
 * and reports a change on every run unless the flags read are exactly the letters given; no
 * lsattr reads as no flags, and without chattr nothing is done.
 */

export interface FlagsOutcome {
  changed: boolean;
  /** for the diff: lsattr's flags before, and the chattr argument after */
  before?: string;
  after?: string;
}

// prints the flags (lsattr's first word, '-' included) or `@nochattr`; nothing when lsattr fails
const READ = (path: string): string =>
  `command -v chattr >/dev/null 2>&1 || { echo @nochattr; exit 0; }; lsattr -d -- ${quote(path)} 2>/dev/null; :`;

/** Sets `attributes` on an existing path (a change); `exists` false: check mode on a path not made yet. */
export async function applyFlags(
  ctx: ModuleContext,
  path: string,
  attributes: string | undefined,
  exists = true,
): Promise<FlagsOutcome> {
  if (attributes === undefined) return { changed: false };
  if (!exists) return { changed: true };
  const out = (await ctx.probe({ shell: READ(path) }, { allowFail: true })).stdout.trim();
  if (out === '@nochattr') return { changed: false };
  const existing = flagsOf(out);
  const wanted = wantedFlags(attributes);
  if (!wanted.differs(existing)) return { changed: false };
  chattrFailed(path, await ctx.change(['chattr', wanted.arg, path], { allowFail: true }));
  return { changed: true, before: existing, after: wanted.arg };
}

/**
 * `attributes` with recurse (Ansible's recursive_set_attributes): everything below a directory,
 * each compared as applyFlags compares the path; when one differs, chattr runs over the tree. A
 * symlink in it fails as it does in Ansible (chattr cannot read a link's flags), before any change.
 */
export async function applyTreeFlags(ctx: ModuleContext, dir: string, attributes: string): Promise<boolean> {
  const link = (await ctx.probe(['find', dir, '-mindepth', '1', '-type', 'l', '-print', '-quit'])).stdout;
  if (link.trim())
    throw new ModuleFailure('chattr failed', {
      path: link.trim(),
      details: `Error while setting attributes: chattr: Operation not supported while reading flags on ${link.trim()}`,
    });
  const listing = `command -v chattr >/dev/null 2>&1 || { echo @nochattr; exit 0; }; find ${quote(dir)} -mindepth 1 -exec lsattr -d -- {} + 2>/dev/null; :`;
  const out = (await ctx.probe({ shell: listing }, { allowFail: true })).stdout.trim();
  if (out === '@nochattr' || out === '') return false;
  const wanted = wantedFlags(attributes);
  if (!out.split('\n').some((line) => wanted.differs(flagsOf(line)))) return false;
  const cmd = ['find', dir, '-mindepth', '1', '-exec', 'chattr', wanted.arg, '{}', '+'];
  chattrFailed(dir, await ctx.change(cmd, { allowFail: true }));
  return true;
}

/** lsattr's flags (its first word) as letters. */
function flagsOf(lsattrLine: string): string {
  return (lsattrLine.split(/\s+/)[0] ?? '').replace(/-/g, '');
}

/**
 * The chattr argument and Ansible's comparison: the letters read against those given as text,
 * so `+i` differs unless they are exactly `i`, and `-i` always differs.
 */
function wantedFlags(attributes: string): { arg: string; differs: (existing: string) => boolean } {
  const op = attributes.startsWith('+') || attributes.startsWith('-') ? attributes[0]! : '=';
  const letters = op === '=' ? attributes : attributes.slice(1);
  return { arg: `${op}${letters}`, differs: (existing) => existing !== letters || op === '-' };
}

function chattrFailed(path: string, r: { rc: number; stdout: string; stderr: string } | undefined): void {
  if (r && (r.rc !== 0 || r.stderr))
    throw new ModuleFailure('chattr failed', {
      path,
      details: `Error while setting attributes: ${r.stdout}${r.stderr}`,
    });
}
