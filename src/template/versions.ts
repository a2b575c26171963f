import { FilterError } from './errors.js';
import { splitKwargs } from './members.js';
import { pyStr, truthy } from './python.js';

/**
 * The `version` test (Ansible's version_compare): loose (the default), strict, semver/semantic
 * and pep440 version types, with Ansible's errors for bad input.
 */

type Compare = (a: string, b: string) => number;

/** LooseVersion: numbers numerically, words as text, '1.0rc1' > '1.0'. */
export function compareLoose(a: string, b: string): number {
  const parts = (v: string): Array<number | string> =>
    (v.match(/\d+|[a-zA-Z]+/g) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return compareParts(parts(a), parts(b));
}

function compareParts(x: Array<number | string>, y: Array<number | string>): number {
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (i >= x.length) return -1;
    if (i >= y.length) return 1;
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    if (typeof p === 'number') return 1;
    if (typeof q === 'number') return -1;
    return p < q ? -1 : 1;
  }
  return 0;
}

const cmpNum = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** StrictVersion: N.N[.N][{a|b}N]; a pre-release sorts before its release. */
function compareStrict(a: string, b: string): number {
  const parse = (v: string): [number[], [string, number] | undefined] => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:([ab])(\d+))?$/.exec(v);
    if (!m) throw new FilterError(`Version comparison failed: invalid version number '${v}'`);
    return [[+m[1]!, +m[2]!, +(m[3] ?? 0)], m[4] ? [m[4], +m[5]!] : undefined];
  };
  const [x, xp] = parse(a);
  const [y, yp] = parse(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return cmpNum(x[i]!, y[i]!);
  if (!xp || !yp) return xp ? -1 : yp ? 1 : 0;
  return xp[0] !== yp[0] ? (xp[0] < yp[0] ? -1 : 1) : cmpNum(xp[1], yp[1]);
}

/** Semantic Versioning 2.0: MAJOR.MINOR.PATCH[-pre][+build]; build metadata does not count. */
function compareSemver(a: string, b: string): number {
  const parse = (v: string): [number[], string[]] => {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
    if (!m) throw new FilterError(`Version comparison failed: invalid semantic version '${v}'`);
    return [[+m[1]!, +m[2]!, +m[3]!], m[4] ? m[4].split('.') : []];
  };
  const [x, xp] = parse(a);
  const [y, yp] = parse(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return cmpNum(x[i]!, y[i]!);
  if (!xp.length || !yp.length) return xp.length ? -1 : yp.length ? 1 : 0;
  // identifiers: numbers numerically and below words; a shorter list of equal ones sorts first
  for (let i = 0; i < Math.max(xp.length, yp.length); i++) {
    if (i >= xp.length || i >= yp.length) return i >= xp.length ? -1 : 1;
    const [p, q] = [xp[i]!, yp[i]!];
    if (p === q) continue;
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn) return cmpNum(Number(p), Number(q));
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/** PEP 440 (packaging.version): release, then dev < pre (a < b < rc) < final < post. */
function comparePep440(a: string, b: string): number {
  const parse = (v: string): number[] => {
    const m =
      /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i.exec(
        v.trim(),
      );
    if (!m) throw new FilterError(`Version comparison failed: Invalid version: '${v}'`);
    const release = m[2]!.split('.').map(Number);
    while (release.length > 1 && release[release.length - 1] === 0) release.pop();
    const preKind = m[3]?.toLowerCase();
    const pre =
      preKind === undefined ? undefined : preKind.startsWith('a') ? 0 : preKind.startsWith('b') ? 1 : 2;
    const post = m[5] ?? m[6];
    const dev = m[7];
    // sort key: epoch, release (padded), pre (dev-only sorts first, none sorts after any pre), post, dev
    const preKey =
      pre !== undefined
        ? [pre, Number(m[4] || 0)]
        : dev !== undefined && post === undefined
          ? [-1, 0]
          : [3, 0];
    const postKey = post !== undefined ? [1, Number(post || 0)] : [0, 0];
    const devKey = dev !== undefined ? [0, Number(dev || 0)] : [1, 0];
    return [
      Number(m[1] ?? 0),
      ...release.concat(Array(20 - release.length).fill(0)),
      ...preKey,
      ...postKey,
      ...devKey,
    ];
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return cmpNum(x[i]!, y[i]!);
  return 0;
}

const TYPES: Record<string, Compare> = {
  loose: compareLoose,
  strict: compareStrict,
  semver: compareSemver,
  semantic: compareSemver,
  pep440: comparePep440,
};

const OPS: Record<string, (c: number) => boolean> = {
  eq: (c) => c === 0,
  ne: (c) => c !== 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0,
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
};
const OP_NAMES: Record<string, string> = {
  '==': 'eq',
  '=': 'eq',
  eq: 'eq',
  '<': 'lt',
  lt: 'lt',
  '<=': 'le',
  le: 'le',
  '>': 'gt',
  gt: 'gt',
  '>=': 'ge',
  ge: 'ge',
  '!=': 'ne',
  '<>': 'ne',
  ne: 'ne',
};

/** `value is version(other, operator='eq', strict=None, version_type=None)`. */
export function versionTest(value: unknown, ...args: unknown[]): boolean {
  const { pos, kw } = splitKwargs(args);
  const other = pos[0] ?? kw.version;
  const op = pyStr(pos[1] ?? kw.operator ?? 'eq');
  const strict = pos[2] ?? kw.strict;
  const type = pos[3] ?? kw.version_type;
  const given = (v: unknown): boolean => v !== undefined && v !== null;
  if (given(strict) && given(type)) throw new FilterError("Cannot specify both 'strict' and 'version_type'");
  if (!truthy(value ?? '')) throw new FilterError('Input version value cannot be empty');
  if (!truthy(other ?? '')) throw new FilterError('Version parameter to compare against cannot be empty');
  let compare = compareLoose;
  if (truthy(strict ?? false)) compare = compareStrict;
  else if (given(type) && truthy(type)) {
    const c = TYPES[pyStr(type)];
    if (!c)
      throw new FilterError(
        `Invalid version type (${pyStr(type)}). Must be one of ${Object.keys(TYPES)
          .map((k) => `'${k}'`)
          .join(', ')}`,
      );
    compare = c;
  }
  const name = OP_NAMES[op];
  if (!name)
    throw new FilterError(
      `Invalid operator type (${op}). Must be one of ${Object.keys(OP_NAMES)
        .map((k) => `'${k}'`)
        .join(', ')}`,
    );
  return OPS[name]!(compare(pyStr(value), pyStr(other)));
}
