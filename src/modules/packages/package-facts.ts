import { defineModule, ModuleFailure, type ArgTable } from '../lib/args.js';
import { FIND_BIN_SH, keyValues } from '../lib/bin-path.js';
import {
  aptEntries,
  byName,
  DPKG_FORMAT,
  parseDpkgQuery,
  parseInstalledFiles,
  parsePolicyFiles,
  parseRpmQuery,
  RPM_FORMAT,
  showArg,
  parseShowSections,
  type PackageEntry,
} from './package-lists.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.package_facts: ansible_facts.packages, name -> the installed instances, for the
 * managers asked (auto: every one, in ansible-core 2.14's order), the first usable one (strategy
 * first) or all. apt is read with dpkg-query and apt-cache, rpm with rpm -qa: the entries equal
 * what Ansible's python3-apt and python3-rpm give. A manager counts as usable as in Ansible: its
 * tool is there and so is its Python binding (without it Ansible warns and passes it by; a host
 * with no Python at all, where Ansible cannot run, is judged by the tool alone). pacman, apk, pkg,
 * pkg_info and portage are not read: a host that has one Ansible would use fails the task.
 */

/**
 * The order `auto` tries them in. Ansible 2.14 takes them from a set of classes, whose order
 * changes from run to run (a Debian lab host with rpm and python3-rpm got rpm's empty list once,
 * apt's the next times); fabplay tries apt, then rpm, always.
 */
const AUTO_ORDER = ['apt', 'rpm', 'pkg_info', 'portage', 'pacman', 'apk', 'pkg'] as const;
type Manager = (typeof AUTO_ORDER)[number];

/** The program whose presence makes a manager Ansible cannot read through fabplay usable. */
const UNREAD_CLI: Partial<Record<Manager, string>> = {
  pkg_info: 'pkg_info',
  portage: 'qlist',
  pacman: 'pacman',
  apk: 'apk',
  pkg: 'pkg',
};

const args = {
  manager: { type: 'stringlist', default: ['auto'] },
  strategy: { type: 'string', enum: ['first', 'all'], default: 'first' },
} as const satisfies ArgTable;

const PYTHONS = '/usr/libexec/platform-python /usr/bin/python3 /usr/bin/python2';

/**
 * One probe: the tools, the Python bindings when their tool is there (on the interpreters
 * Ansible's respawn tries), the first Python found and the node name (for Ansible's warning).
 */
const DISCOVER = `${FIND_BIN_SH}
for n in pkg_info qlist pacman rpm apk pkg apt apt-get aptitude; do found "$n"; done
for p in ${PYTHONS}; do [ -x "$p" ] && { echo "python=$p"; break; }; done
lib() { for p in ${PYTHONS}; do [ -x "$p" ] && "$p" -c "import $1" 2>/dev/null && { echo "lib=$1"; return; }; done; }
[ -n "$(found rpm)" ] && lib rpm
[ -n "$(found apt)$(found apt-get)$(found aptitude)" ] && lib apt
echo "node=$(uname -n)"
exit 0`;

interface Host {
  bins: Set<string>;
  libs: Set<string>;
  python?: string;
  node: string;
}

export function parseHost(out: string): Host {
  const bins = new Set<string>();
  const libs = new Set<string>();
  for (const line of out.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (key === 'lib') libs.add(line.slice(eq + 1));
    else if (key !== 'python' && key !== 'node') bins.add(key);
  }
  const kv = keyValues(out);
  return { bins, libs, python: kv.get('python'), node: kv.get('node') ?? '' };
}

/** Ansible's missing_required_lib() words, after `Found "TOOL" but `. */
function missingLib(lib: string, h: Host): string {
  return (
    `Failed to import the required Python library (${lib}) on ${h.node}'s Python ${h.python}.` +
    ' Please read the module documentation and install it in the appropriate location.' +
    ' If the required library is installed, but Ansible is using the wrong Python interpreter,' +
    ' please consult the documentation on ansible_python_interpreter'
  );
}

/** A tool with its Python binding, as Ansible's LibMgr.is_available (and its warning without it). */
function usableLib(ctx: ModuleContext, h: Host, lib: 'rpm' | 'apt', tools: string[]): boolean {
  const tool = tools.find((t) => h.bins.has(t));
  if (!tool) return false;
  if (h.libs.has(lib) || h.python === undefined) return true;
  ctx.warn(`Found "${tool}" but ${missingLib(lib, h)}`);
  return false;
}

const C = { LANG: 'C', LC_ALL: 'C' };

async function aptPackages(ctx: ModuleContext): Promise<PackageEntry[]> {
  const native = (await ctx.probe(['dpkg', '--print-architecture'], { env: C })).stdout.trim();
  const pkgs = parseDpkgQuery(
    (await ctx.probe(['dpkg-query', '-W', '-f', DPKG_FORMAT], { env: C })).stdout,
    native,
  );
  if (!pkgs.length) return [];
  // each apt-cache builds apt's cache anew where it is not kept on disk (Docker images): the
  // three run at once
  const [files, policy, show] = await Promise.all([
    ctx.probe(['apt-cache', 'policy'], { env: C }),
    ctx.probe(['apt-cache', 'policy', ...pkgs.map((p) => p.name)], { env: C }),
    // only the lines read: the records with their descriptions would be megabytes
    ctx.probe(
      [
        'sh',
        '-c',
        `apt-cache show "$@" | grep -E '^(Package|Architecture|Version|Section): |^$'`,
        'sh',
        ...pkgs.map(showArg),
      ],
      { env: C, allowFail: true },
    ),
  ]);
  return aptEntries(
    pkgs,
    parseInstalledFiles(policy.stdout),
    parsePolicyFiles(files.stdout),
    parseShowSections(show.stdout),
  );
}

async function rpmPackages(ctx: ModuleContext): Promise<PackageEntry[]> {
  return parseRpmQuery((await ctx.probe(['rpm', '-qa', '--queryformat', RPM_FORMAT], { env: C })).stdout);
}

/** Python's repr of a list of names, as Ansible's message shows it. */
const pyList = (names: string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;

export const packageFacts = defineModule({
  name: 'package_facts',
  args,
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const asked = a.manager.map((m) => m.toLowerCase());
    const managers = asked.includes('auto') ? [...asked.filter((m) => m !== 'auto'), ...AUTO_ORDER] : asked;
    const unknown = [...new Set(managers.filter((m) => !(AUTO_ORDER as readonly string[]).includes(m)))];
    if (unknown.length)
      throw new ModuleFailure(
        a.manager.includes('auto')
          ? 'Could not auto detect a usable package manager, check warnings for details.'
          : `Unsupported package managers requested: ${unknown.join(', ')}`,
      );
    const host = parseHost((await ctx.probe(['sh', '-c', DISCOVER])).stdout);
    const packages: Record<string, PackageEntry[]> = {};
    let found = 0;
    for (const m of new Set(managers as Manager[])) {
      if (found && a.strategy === 'first') break;
      const cli = UNREAD_CLI[m];
      if (cli !== undefined) {
        if (!host.bins.has(cli)) continue;
        throw new ModuleFailure(
          `package_facts: the host has ${cli}, so Ansible would list its packages with the ${m} manager; ` +
            'fabplay reads only apt and rpm: name them with manager: [apt] or [rpm]',
        );
      }
      if (
        m === 'rpm'
          ? !usableLib(ctx, host, 'rpm', ['rpm'])
          : !usableLib(ctx, host, 'apt', ['apt', 'apt-get', 'aptitude'])
      )
        continue;
      found++;
      Object.assign(packages, byName(m === 'rpm' ? await rpmPackages(ctx) : await aptPackages(ctx)));
    }
    if (!found)
      throw new ModuleFailure(
        `Could not detect a supported package manager from the following list: ${pyList(managers)}, ` +
          'or the required Python library is not installed. Check warnings for details.',
      );
    return { changed: false, ansible_facts: { packages } };
  },
});
