import { ModuleFailure } from './args.js';
import { modeString, resultModeString, type RemoteStat } from './remote-stat.js';
import { cmd } from '../../util/shell.js';
import type { ModuleContext } from '../types.js';

/**
 * owner, group and mode as Ansible takes them: modes as a YAML octal number (0644 arrives as 420),
 * text '0644' or '644', or symbolic 'u=rw,g=r,o=r'; owner and group by name or numeric id.
 */

export interface WantedAttrs {
  owner?: string;
  group?: string;
  mode?: string | number;
}

const CLASS_MASK = { u: 0o4700, g: 0o2070, o: 0o1007 } as const;
const CLASS_SHIFT = { u: 6, g: 3, o: 0 } as const;

/** Applies a symbolic mode ('u=rwX,g-w,o+t') to the current permission bits. */
function applySymbolic(spec: string, current: number, isDir: boolean): number {
  let mode = current;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)$/.exec(clause);
    if (!m) throw new ModuleFailure(`bad symbolic permission for mode: ${spec}`);
    const who = (m[1] || 'a').replace(/a/g, 'ugo');
    const classes = [...new Set(who.split(''))] as ('u' | 'g' | 'o')[];
    for (const [, op, perms] of m[2]!.matchAll(/([-+=])([ugo]|[rwxXst]*)/g)) {
      let bits = 0;
      for (const c of classes) {
        const sh = CLASS_SHIFT[c];
        if (perms === 'u' || perms === 'g' || perms === 'o') {
          bits |= ((mode >> CLASS_SHIFT[perms]) & 7) << sh;
          continue;
        }
        for (const p of perms!) {
          if (p === 'r') bits |= 4 << sh;
          else if (p === 'w') bits |= 2 << sh;
          else if (p === 'x') bits |= 1 << sh;
          else if (p === 'X' && (isDir || (current & 0o111) !== 0)) bits |= 1 << sh;
          else if (p === 's' && c === 'u') bits |= 0o4000;
          else if (p === 's' && c === 'g') bits |= 0o2000;
          else if (p === 't' && c === 'o') bits |= 0o1000;
        }
      }
      const mask = classes.reduce((acc, c) => acc | CLASS_MASK[c], 0);
      if (op === '=') mode = (mode & ~mask) | bits;
      else if (op === '+') mode |= bits;
      else mode &= ~bits;
    }
  }
  return mode;
}

/**
 * The permission bits a `mode:` argument asks for, given the current bits (symbolic modes are
 * relative to them). Throws ModuleFailure for a mode Ansible would refuse.
 */
export function resolveMode(mode: string | number, current: number, isDir: boolean): number {
  if (typeof mode === 'number') {
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777)
      throw new ModuleFailure(
        `mode ${mode} is not a permission mode (0 to 07777); quote octal modes, as in mode: '0644'`,
      );
    return mode;
  }
  const s = mode.trim();
  if (/^[0-7]{1,5}$/.test(s)) {
    const v = parseInt(s, 8);
    if (v > 0o7777) throw new ModuleFailure(`mode '${mode}' is not a permission mode (0 to 07777)`);
    return v;
  }
  if (/^[ugoa]*[-+=]/.test(s)) return applySymbolic(s, current, isDir);
  throw new ModuleFailure(`mode must be in octal or symbolic form, got '${mode}'`, {});
}

function ownerMatches(want: string, id: number | undefined, name: string | undefined): boolean {
  return /^\d+$/.test(want) ? Number(want) === id : want === name;
}

/** What differs between a path's attributes and the wanted ones, with before/after for diffs. */
export interface AttrChanges {
  owner?: string;
  group?: string;
  /** wanted permission bits */
  mode?: number;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export function attrChanges(st: RemoteStat, want: WantedAttrs): AttrChanges {
  const ch: AttrChanges = { before: {}, after: {} };
  if (want.owner !== undefined && !ownerMatches(want.owner, st.uid, st.owner)) {
    ch.owner = want.owner;
    ch.before.owner = st.owner;
    ch.after.owner = want.owner;
  }
  if (want.group !== undefined && !ownerMatches(want.group, st.gid, st.group)) {
    ch.group = want.group;
    ch.before.group = st.group;
    ch.after.group = want.group;
  }
  if (want.mode !== undefined && want.mode !== 'preserve' && st.type !== 'link') {
    const m = resolveMode(want.mode, st.mode ?? 0, st.type === 'directory');
    if (m !== st.mode) {
      ch.mode = m;
      ch.before.mode = resultModeString(st.mode);
      ch.after.mode = resultModeString(m);
    }
  }
  return ch;
}

export function hasChanges(ch: AttrChanges): boolean {
  return ch.owner !== undefined || ch.group !== undefined || ch.mode !== undefined;
}

/** The commands that apply attribute changes (chown before chmod: chown clears setuid bits). */
export function attrCommands(path: string, ch: AttrChanges, opts: { noFollow?: boolean } = {}): string[][] {
  const out: string[][] = [];
  const h = opts.noFollow ? ['-h'] : [];
  if (ch.owner !== undefined)
    out.push(['chown', ...h, '--', ch.group ? `${ch.owner}:${ch.group}` : ch.owner, path]);
  else if (ch.group !== undefined) out.push(['chgrp', ...h, '--', ch.group, path]);
  if (ch.mode !== undefined) out.push(['chmod', '--', modeString(ch.mode)!, path]);
  return out;
}

/**
 * Runs several argument vectors as one remote change (`a && b && c`): one round trip. Says
 * whether it was sent (false in check mode, or with nothing to do).
 */
export async function runSteps(ctx: ModuleContext, steps: string[][]): Promise<boolean> {
  if (steps.length === 0) return false;
  return (await ctx.change({ shell: steps.map((s) => cmd(s)).join(' && ') })) !== undefined;
}

/** Applies owner/group/mode to an existing path (a change); says whether anything differed. */
export async function applyAttrs(
  ctx: ModuleContext,
  st: RemoteStat,
  want: WantedAttrs,
  opts: { noFollow?: boolean } = {},
): Promise<AttrChanges & { changed: boolean; sent: boolean }> {
  const ch = attrChanges(st, want);
  const changed = hasChanges(ch);
  const sent = await runSteps(ctx, attrCommands(st.path, ch, opts));
  return { ...ch, changed, sent };
}

/** Checks a mode argument early, so a bad one fails before anything is written. */
export function checkModeArg(mode: string | number | undefined): void {
  if (mode === undefined || mode === 'preserve') return;
  resolveMode(mode, 0o644, false);
}
