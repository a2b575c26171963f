/**
 * PEP 440 versions and version specifiers, for the pip module's check mode: whether an installed
 * version satisfies a requirement's specifiers (pre-releases allowed, as Ansible asks). Written
 * from the PEP's rules; a specifier the PEP does not allow (a legacy one) satisfies nothing.
 */

const VERSION_RE = new RegExp(
  '^v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)' +
    '(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d+)?)?' +
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' +
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
  'i',
);

export interface Version {
  epoch: number;
  release: number[];
  pre?: [string, number];
  post?: number;
  dev?: number;
  local?: (string | number)[];
}

const PRE_LETTER: Record<string, string> = { a: 'a', alpha: 'a', b: 'b', beta: 'b' };

/** A PEP 440 version (spaces around it allowed), or undefined when the text is not one. */
export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const v: Version = { epoch: Number(m[1] ?? 0), release: m[2]!.split('.').map(Number) };
  if (m[3]) v.pre = [PRE_LETTER[m[3].toLowerCase()] ?? 'rc', Number(m[4] ?? 0)];
  if (m[5] !== undefined) v.post = Number(m[5]);
  else if (m[6]) v.post = Number(m[7] ?? 0);
  if (m[8]) v.dev = Number(m[9] ?? 0);
  if (m[10]) v.local = m[10].split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? Number(s) : s.toLowerCase()));
  return v;
}

function cmp(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpRelease(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = cmp(a[i] ?? 0, b[i] ?? 0);
    if (c) return c;
  }
  return 0;
}

// a dev release of a plain version comes before its pre-releases; no pre-release after them
function preRank(v: Version): [number, string, number] {
  if (v.pre) return [0, v.pre[0], v.pre[1]];
  return v.post === undefined && v.dev !== undefined ? [-1, '', 0] : [1, '', 0];
}

function cmpLocal(a: Version['local'], b: Version['local']): number {
  if (!a || !b) return cmp(a ? 1 : 0, b ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    // a number segment sorts after a word
    if (typeof x !== typeof y) return typeof x === 'number' ? 1 : -1;
    const c = cmp(x, y);
    if (c) return c;
  }
  return 0;
}

/** PEP 440's order: negative, 0 or positive. */
export function compareVersions(a: Version, b: Version): number {
  const pa = preRank(a);
  const pb = preRank(b);
  return (
    cmp(a.epoch, b.epoch) ||
    cmpRelease(a.release, b.release) ||
    cmp(pa[0], pb[0]) ||
    cmp(pa[1], pb[1]) ||
    cmp(pa[2], pb[2]) ||
    cmp(a.post ?? -1, b.post ?? -1) ||
    cmp(a.dev ?? Infinity, b.dev ?? Infinity) ||
    cmpLocal(a.local, b.local)
  );
}

const publicOf = (v: Version): Version => ({ ...v, local: undefined });
const baseOf = (v: Version): Version => ({ epoch: v.epoch, release: v.release });
const isPre = (v: Version): boolean => v.pre !== undefined || v.dev !== undefined;

/** The text of a version as PEP 440 normalises it (for `===`). */
export function normalVersion(v: Version): string {
  let s = (v.epoch ? `${v.epoch}!` : '') + v.release.join('.');
  if (v.pre) s += v.pre.join('');
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local) s += `+${v.local.join('.')}`;
  return s;
}

/** PEP 440 prefix matching (`==1.4.*`): same epoch, the release padded with zeros starts the same. */
function prefixMatch(v: Version, prefix: Version): boolean {
  return v.epoch === prefix.epoch && prefix.release.every((n, i) => (v.release[i] ?? 0) === n);
}

/** Whether `installed` satisfies one specifier (operator and version text as written). */
export function specifierContains(op: string, text: string, installed: string): boolean {
  const v = parseVersion(installed);
  if (op === '===') return (v ? normalVersion(v) : installed).toLowerCase() === text.trim().toLowerCase();
  if (!v) return false;
  const wild = text.trim().endsWith('.*');
  const spec = parseVersion(wild ? text.trim().slice(0, -2) : text);
  if (!spec || (wild && !['==', '!='].includes(op))) return false;
  if (spec.local && !['==', '!='].includes(op)) return false;
  switch (op) {
    case '==':
    case '!=': {
      const equal = wild ? prefixMatch(v, spec) : compareVersions(spec.local ? v : publicOf(v), spec) === 0;
      return op === '==' ? equal : !equal;
    }
    case '~=': {
      if (spec.release.length < 2) return false;
      const prefix = { epoch: spec.epoch, release: spec.release.slice(0, -1) };
      return compareVersions(publicOf(v), spec) >= 0 && prefixMatch(v, prefix);
    }
    case '<=':
      return compareVersions(publicOf(v), spec) <= 0;
    case '>=':
      return compareVersions(publicOf(v), spec) >= 0;
    case '<':
      // not a pre-release of the version named, unless that is a pre-release itself
      return (
        compareVersions(v, spec) < 0 &&
        !(!isPre(spec) && isPre(v) && compareVersions(baseOf(v), baseOf(spec)) === 0)
      );
    case '>':
      // neither a post-release nor a local version of the version named
      return (
        compareVersions(v, spec) > 0 &&
        !(
          spec.post === undefined &&
          v.post !== undefined &&
          compareVersions(baseOf(v), baseOf(spec)) === 0
        ) &&
        !(v.local && compareVersions(baseOf(v), baseOf(spec)) === 0)
      );
    default:
      return false;
  }
}
