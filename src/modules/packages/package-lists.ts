/**
 * The installed packages as ansible-core 2.14's package_facts lists them, read from the package
 * tools' own output instead of their Python bindings (python3-apt, python3-rpm). Pure: text in,
 * entries out.
 */

export type PackageEntry = Record<string, string | number | null>;

/** dpkg-query's format: one line per package, the fields apt's cache takes from the status file. */
export const DPKG_FORMAT = '${Package}\\t${Architecture}\\t${Version}\\t${Section}\\t${db:Status-Status}\\n';

/** The dpkg states apt gives no installed version (python-apt: is_installed false). */
const NOT_INSTALLED = new Set(['not-installed', 'config-files']);

export interface DpkgPackage {
  /** as python-apt names it: the bare name, `name:arch` for a foreign architecture */
  name: string;
  arch: string;
  version: string;
  section: string;
}

/** Reads DPKG_FORMAT lines; `native` is `dpkg --print-architecture`. */
export function parseDpkgQuery(out: string, native: string): DpkgPackage[] {
  const found: DpkgPackage[] = [];
  for (const line of out.split('\n')) {
    const [pkg, arch, version, section, status] = line.split('\t');
    if (!pkg || status === undefined || NOT_INSTALLED.has(status)) continue;
    const foreign = arch !== native && arch !== 'all';
    found.push({ name: foreign ? `${pkg}:${arch}` : pkg, arch: arch!, version: version!, section: section! });
  }
  return found;
}

/**
 * `apt-cache policy` with no package: each index file (` 500 http://... Packages`) and the Origin
 * of its Release file (`release ...,o=Debian,...`); an index without one maps to ''.
 */
export function parsePolicyFiles(out: string): Map<string, string> {
  const origins = new Map<string, string>();
  let file: string | undefined;
  for (const line of out.split('\n')) {
    const f = /^ -?\d+ (.+)$/.exec(line);
    if (f) {
      file = f[1]!;
      origins.set(file, '');
      continue;
    }
    const rel = /^ {5}release (.*)$/.exec(line);
    if (rel && file !== undefined) {
      const o = rel[1]!.split(',').find((kv) => kv.startsWith('o='));
      origins.set(file, o ? o.slice(2) : '');
    } else if (!line.startsWith('     ')) file = undefined;
  }
  return origins;
}

/**
 * `apt-cache policy NAME...`: for each package, the index files of its installed version (`***`
 * row), in apt's order, which is the order of python-apt's Version.origins.
 */
export function parseInstalledFiles(out: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  let pkg: string | undefined;
  let inInstalled = false;
  for (const line of out.split('\n')) {
    const head = /^(\S.*):$/.exec(line);
    if (head) {
      pkg = head[1]!;
      inInstalled = false;
      continue;
    }
    const row = /^ (\*\*\*| {3}) \S+ -?\d+$/.exec(line);
    if (row) {
      inInstalled = row[1] === '***';
      if (inInstalled && pkg !== undefined) files.set(pkg, []);
      continue;
    }
    const file = /^ {8}-?\d+ (.+)$/.exec(line);
    if (file && inInstalled && pkg !== undefined) files.get(pkg)!.push(file[1]!);
  }
  return files;
}

/** What `apt-cache show NAME:ARCH=VERSION` is asked, for an installed package. */
export const showArg = (p: DpkgPackage) => `${p.name.split(':')[0]}:${p.arch}=${p.version}`;

/**
 * `apt-cache show NAME:ARCH=VERSION...` cut to its Package, Architecture, Version and Section
 * lines: the Section apt's cache holds for each version, which is the package index's when the
 * version is in one (it may differ from dpkg's status file), keyed as showArg asks.
 */
export function parseShowSections(out: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const rec of out.split(/\n\n+/)) {
    const f = new Map<string, string>();
    for (const line of rec.split('\n')) {
      const m = /^(Package|Architecture|Version|Section): (.*)$/.exec(line);
      if (m) f.set(m[1]!, m[2]!);
    }
    const key = `${f.get('Package')}:${f.get('Architecture')}=${f.get('Version')}`;
    if (f.has('Section') && !sections.has(key)) sections.set(key, f.get('Section')!);
  }
  return sections;
}

/** python-apt's entry: origin is the Origin of the first index holding the installed version. */
export function aptEntries(
  pkgs: DpkgPackage[],
  installedFiles: Map<string, string[]>,
  origins: Map<string, string>,
  sections: Map<string, string>,
): PackageEntry[] {
  return pkgs.map((p) => {
    const first = installedFiles.get(p.name)?.[0];
    return {
      name: p.name,
      version: p.version,
      arch: p.arch,
      category: sections.get(showArg(p)) ?? p.section,
      origin: (first !== undefined && origins.get(first)) || '',
      source: 'apt',
    };
  });
}

/** rpm's query format: the tags python-rpm's header gives package_facts. */
export const RPM_FORMAT = '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{EPOCH}\\t%{ARCH}\\n';

/** Reads RPM_FORMAT lines: a tag the header lacks prints `(none)`, which python-rpm gives as None. */
export function parseRpmQuery(out: string): PackageEntry[] {
  const found: PackageEntry[] = [];
  const tag = (v: string | undefined) => (v === undefined || v === '(none)' ? null : v);
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [name, version, release, epoch, arch] = line.split('\t');
    const e = tag(epoch);
    found.push({
      name: name!,
      version: tag(version),
      release: tag(release),
      epoch: e === null ? null : Number(e),
      arch: tag(arch),
      source: 'rpm',
    });
  }
  return found;
}

/** Ansible's get_packages: name -> every installed instance of that name. */
export function byName(entries: PackageEntry[]): Record<string, PackageEntry[]> {
  const out: Record<string, PackageEntry[]> = {};
  for (const e of entries) (out[String(e.name)] ??= []).push(e);
  return out;
}
