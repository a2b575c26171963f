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
  const existing = (out.split(/\s+/)[0] ?? '').replace(/-/g, '');
  const op = attributes.startsWith('+') || attributes.startsWith('-') ? attributes[0]! : '=';
  const letters = op === '=' ? attributes : attributes.slice(1);
  if (existing === letters && op !== '-') return { changed: false };
  const r = await ctx.change(['chattr', `${op}${letters}`, path], { allowFail: true });
  if (r && (r.rc !== 0 || r.stderr))
    throw new ModuleFailure('chattr failed', {
      path,
      details: `Error while setting attributes: ${r.stdout}${r.stderr}`,
    });
  return { changed: true, before: existing, after: `${op}${letters}` };
}
