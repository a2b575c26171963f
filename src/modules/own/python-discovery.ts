import { parseOsRelease } from '../../facts/distribution.js';
import { compareLoose } from '../../template/versions.js';
import type { ModuleContext } from '../types.js';

/**
 * Ansible's Python interpreter discovery (interpreter_discovery.py), for a module of the user's
 * own written for `#!/usr/bin/python`: the interpreters the host has, from Ansible's fallback
 * list, then the one its platform table names for the distribution in /etc/os-release. Ansible
 * runs a Python script to read that file; the file itself says the same.
 */

/** INTERPRETER_PYTHON_FALLBACK's default (ansible_interpreter_python_fallback overrides it) */
const FALLBACK = [
  'python3.11',
  'python3.10',
  'python3.9',
  'python3.8',
  'python3.7',
  'python3.6',
  'python3.5',
  '/usr/bin/python3',
  '/usr/libexec/platform-python',
  'python2.7',
  '/usr/bin/python',
  'python',
];

/** _INTERPRETER_PYTHON_DISTRO_MAP's default */
const DISTRO_MAP: Record<string, Record<string, string>> = {
  redhat: { '6': '/usr/bin/python', '8': '/usr/libexec/platform-python', '9': '/usr/bin/python3' },
  debian: { '8': '/usr/bin/python', '10': '/usr/bin/python3' },
  fedora: { '23': '/usr/bin/python3' },
  ubuntu: { '14': '/usr/bin/python', '16': '/usr/bin/python3' },
};

/** The distributions of the two families the map names (Ansible's OS_FAMILY_MAP, lowered) */
const FAMILY: Record<string, string> = Object.fromEntries([
  ...[
    'redhat rhel fedora centos scientific slc ascendos cloudlinux psbm oraclelinux ovs oel amazon',
    'virtuozzo xenserver alibaba euleros openeuler almalinux rocky tencentos eurolinux',
    'kylin linux advanced server',
  ]
    .join(' ')
    .split(' ')
    .map((d) => [d, 'redhat']),
  ...['debian', 'ubuntu', 'raspbian', 'neon', 'kde neon', 'linux mint', 'steamos', 'devuan', 'kali']
    .concat(['cumulus linux', 'pop!_os', 'parrot', 'pardus gnu/linux', 'uos', 'deepin', 'osmc'])
    .map((d) => [d, 'debian']),
]);

const DOC = 'https://docs.ansible.com/ansible-core/2.14/reference_appendices/interpreter_discovery.html';

/** The map's entry for a version: its own, else the nearest older one (Ansible's _version_fuzzy_match) */
function fuzzyMatch(version: string, map: Record<string, string>): string | undefined {
  if (map[version]) return map[version];
  const keys = Object.keys(map).sort(compareLoose);
  const newer = keys.findIndex((k) => compareLoose(k, version) > 0);
  const at = newer === -1 ? keys.length : newer;
  return map[keys[at === 0 ? 0 : at - 1]!];
}

export interface Discovered {
  interpreter: string;
  warnings: string[];
}

/** `mode`: auto, auto_legacy, auto_silent or auto_legacy_silent, as interpreter_python says */
export async function discoverPython(
  ctx: ModuleContext,
  mode: string,
  fallback = FALLBACK,
): Promise<Discovered> {
  const silent = mode.endsWith('_silent');
  const legacy = mode.startsWith('auto_legacy');
  const warnings: string[] = [];
  const warn = (w: string) => void (silent || warnings.push(w));
  const probe = `echo PLATFORM; uname; echo FOUND; ${fallback.map((p) => `command -v '${p}'`).join('; ')}; echo ENDFOUND`;
  const out = (await ctx.probe({ shell: probe }, { become: false, allowFail: true })).stdout;
  const m = /^PLATFORM[\r\n]+([\s\S]*)FOUND([\s\S]*)ENDFOUND/.exec(out);
  if (!m) throw new Error('unexpected output from Python interpreter discovery');
  const platform = m[1]!.trim().toLowerCase();
  const found = m[2]!
    .split(/\r?\n/)
    .filter((l) => l.startsWith('/'))
    .map((l) => l.trim());
  if (!found.length) {
    warn(`No python interpreters found for host ${ctx.host} (tried ${pyList(fallback)})`);
    return { interpreter: '/usr/bin/python', warnings };
  }
  const table = platform === 'linux' ? await platformInterpreter(ctx) : undefined;
  if (!table) {
    warn(
      `Platform ${platform} on host ${ctx.host} is using the discovered Python interpreter at ${found[0]}, ` +
        `but future installation of another Python interpreter could change the meaning of that path. ` +
        `See ${DOC} for more information.`,
    );
    return { interpreter: found[0]!, warnings };
  }
  const { distro, version, interpreter } = table;
  if (legacy && interpreter !== '/usr/bin/python' && found.includes('/usr/bin/python')) {
    warn(
      `Distribution ${distro} ${version} on host ${ctx.host} should use ${interpreter}, but is using ` +
        `/usr/bin/python for backward compatibility with prior Ansible releases. See ${DOC} for more information`,
    );
    return { interpreter: '/usr/bin/python', warnings };
  }
  if (found.includes(interpreter)) return { interpreter, warnings };
  if (!fallback.includes(interpreter))
    warn(`Platform interpreter ${interpreter} on host ${ctx.host} is missing from bootstrap list`);
  warn(
    `Distribution ${distro} ${version} on host ${ctx.host} should use ${interpreter}, but is using ${found[0]}, ` +
      `since the discovered platform python interpreter was not present. See ${DOC} for more information.`,
  );
  return { interpreter: found[0]!, warnings };
}

/** What the platform table names for the host's distribution; undefined where Ansible falls back */
async function platformInterpreter(
  ctx: ModuleContext,
): Promise<{ distro: string; version: string; interpreter: string } | undefined> {
  const read = await ctx.probe(
    { shell: 'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release' },
    { become: false, allowFail: true },
  );
  const os = parseOsRelease(read.stdout.split('\n'));
  const distro = os.ID ?? '';
  const version = os.VERSION_ID ?? '';
  if (!distro || !version) return undefined;
  const map = DISTRO_MAP[distro.toLowerCase()] ?? DISTRO_MAP[FAMILY[distro.toLowerCase()] ?? ''];
  const interpreter = map && fuzzyMatch(version, map);
  return interpreter ? { distro, version, interpreter } : undefined;
}

/** A list of text as Python prints it in the warning */
function pyList(items: string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`;
}

/**
 * The Python a module runs under on the host, as Ansible's _get_shebang picks it: the
 * ansible_python_interpreter the host has (templated), else the one discovery found for it
 * before (the `discovered_interpreter_python` fact), else discovery now (`discovered` then holds
 * what to make a fact of, with its warnings).
 */
export async function pythonFor(ctx: ModuleContext): Promise<{ path: string; discovered?: Discovered }> {
  const setting = ctx.vars.ansible_python_interpreter;
  const chosen = typeof setting === 'string' ? ctx.render(setting).trim() : '';
  if (chosen && !chosen.startsWith('auto')) return { path: chosen };
  const known = ctx.facts.discovered_interpreter_python;
  if (typeof known === 'string') return { path: known };
  const discovered = await discoverPython(ctx, chosen || 'auto');
  return { path: discovered.interpreter, discovered };
}
