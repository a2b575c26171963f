/**
 * The apt module's thinking, pure: what `apt-cache policy` says about each package, and the
 * apt-get commands that close the gap to the wanted state. Tested as data.
 */

export interface PkgState {
  /** installed version, or undefined when not installed */
  installed?: string;
  /** the version apt would install, or undefined when no source has the package */
  candidate?: string;
}

/** Parses `apt-cache policy a b` (packages apt does not know are absent from the result). */
export function parseAptPolicy(out: string): Map<string, PkgState> {
  const map = new Map<string, PkgState>();
  let cur: PkgState | undefined;
  for (const line of out.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) {
      cur = {};
      map.set(head[1]!, cur);
      continue;
    }
    const m = /^\s+(Installed|Candidate):\s*(.+)$/.exec(line);
    if (m && cur) {
      const v = m[2]!.trim() === '(none)' ? undefined : m[2]!.trim();
      if (m[1] === 'Installed') cur.installed = v;
      else cur.candidate = v;
    }
  }
  return map;
}

/**
 * Parses `dpkg-query -W -f '${Package}\t${db:Status-Abbrev}\t${Version}\n'`: only fully
 * installed packages (`ii`, or `hi` when held) count; anything else is left to apt-cache.
 */
export function parseDpkgQuery(out: string): Map<string, PkgState> {
  const map = new Map<string, PkgState>();
  for (const line of out.split('\n')) {
    const [name, status, version] = line.split('\t');
    if (name && version && /^[ih]i/.test(status ?? '')) map.set(name, { installed: version });
  }
  return map;
}

/** `nginx=1.22*` into name and version pattern. */
export function splitSpec(spec: string, sep = '='): { name: string; version?: string } {
  const i = spec.indexOf(sep);
  return i > 0 ? { name: spec.slice(0, i), version: spec.slice(i + 1) } : { name: spec };
}

function versionMatches(installed: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(installed);
}

export interface PkgPlan {
  install: string[];
  remove: string[];
  /** packages no source has (a failure for present/latest) */
  missing: string[];
}

/** Which of the wanted packages must be installed, upgraded or removed. */
export function planPackages(
  specs: string[],
  state: 'present' | 'absent' | 'latest',
  known: Map<string, PkgState>,
): PkgPlan {
  const plan: PkgPlan = { install: [], remove: [], missing: [] };
  for (const spec of specs) {
    const { name, version } = splitSpec(spec);
    const s = known.get(name) ?? {};
    if (state === 'absent') {
      if (s.installed && (!version || versionMatches(s.installed, version))) plan.remove.push(name);
      continue;
    }
    if (!s.installed && !s.candidate) {
      plan.missing.push(name);
      continue;
    }
    if (!s.installed) plan.install.push(spec);
    else if (version && !versionMatches(s.installed, version)) plan.install.push(spec);
    else if (state === 'latest' && !version && s.candidate && s.candidate !== s.installed)
      plan.install.push(spec);
  }
  return plan;
}

export interface AptOptions {
  purge?: boolean;
  installRecommends?: boolean;
  defaultRelease?: string;
  allowDowngrade?: boolean;
}

const APT_GET = [
  'apt-get',
  '-y',
  '-q',
  '-o',
  'Dpkg::Options::=--force-confdef',
  '-o',
  'Dpkg::Options::=--force-confold',
];

/** The apt-get argument vectors for a plan (run with DEBIAN_FRONTEND=noninteractive). */
export function aptCommands(plan: PkgPlan, o: AptOptions = {}): string[][] {
  const out: string[][] = [];
  if (plan.install.length) {
    const argv = [...APT_GET];
    if (o.installRecommends === false) argv.push('--no-install-recommends');
    if (o.installRecommends === true) argv.push('--install-recommends');
    if (o.defaultRelease) argv.push('-t', o.defaultRelease);
    if (o.allowDowngrade) argv.push('--allow-downgrades');
    out.push([...argv, 'install', ...plan.install]);
  }
  if (plan.remove.length) out.push([...APT_GET, 'remove', ...(o.purge ? ['--purge'] : []), ...plan.remove]);
  return out;
}

/** The cache is stale when it was never updated or is older than cache_valid_time seconds. */
export function cacheIsStale(mtimeSec: number | undefined, nowSec: number, validSec: number): boolean {
  if (mtimeSec === undefined) return true;
  if (validSec <= 0) return true;
  return nowSec - mtimeSec > validSec;
}
