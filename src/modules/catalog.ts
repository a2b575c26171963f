import type { ModuleDef } from './types.js';
import { importOwn, requireOwn } from '../util/import-own.js';

/**
 * The modules a run may use, each loaded when a playbook first names it (a run loads the few it
 * uses, not all of them: start-up time). The loader needs the free-form modules' argument tables
 * to split `command: chdir=/tmp ls`: those few are loaded synchronously when it meets one (SYNC).
 * registry.ts holds
 * every module loaded at once (tests, the build); a test checks the two agree, so a new module
 * goes in its category's index.ts and here.
 */

type Loader = () => Promise<ModuleDef<any>>;

/** One module file's definition. */
async function load(file: string, name: string): Promise<ModuleDef<any>> {
  return (await importOwn<Record<string, ModuleDef<any>>>(file, import.meta.url))[name]!;
}

/** the free-form modules, and setup (meta's file): file and export of each */
const SYNC: Record<string, [file: string, name: string]> = {
  command: ['./commands/command.js', 'command'],
  raw: ['./commands/raw.js', 'raw'],
  script: ['./commands/script.js', 'script'],
  shell: ['./commands/shell.js', 'shell'],
  include_vars: ['./logic/include-vars.js', 'includeVars'],
  meta: ['./logic/setup.js', 'meta'],
  setup: ['./logic/setup.js', 'setup'],
};

/** One of the SYNC modules, loaded now (the loader's code is synchronous). */
function loadNow(own: string): ModuleDef<any> {
  let m = loaded.get(own);
  if (!m) {
    const [file, name] = SYNC[own]!;
    m = requireOwn<Record<string, ModuleDef<any>>>(file, import.meta.url)[name]!;
    loaded.set(own, m);
  }
  return m;
}

const eager = (own: string): { load: Loader } => ({ load: async () => loadNow(own) });

const CATALOG: Record<string, { aliases?: string[]; load: Loader }> = {
  command: eager('command'),
  raw: eager('raw'),
  script: eager('script'),
  shell: eager('shell'),
  include_vars: eager('include_vars'),
  meta: eager('meta'),
  setup: { aliases: ['gather_facts'], ...eager('setup') },
  async_status: { load: () => load('./commands/async-status.js', 'asyncStatus') },
  assemble: { load: () => load('./files/assemble.js', 'assemble') },
  blockinfile: { load: () => load('./files/blockinfile.js', 'blockinfile') },
  copy: { load: () => load('./files/copy.js', 'copy') },
  fetch: { load: () => load('./files/fetch.js', 'fetch') },
  file: { load: () => load('./files/file.js', 'file') },
  find: { load: () => load('./files/find.js', 'find') },
  lineinfile: { load: () => load('./files/lineinfile.js', 'lineinfile') },
  replace: { load: () => load('./files/replace.js', 'replace') },
  slurp: { load: () => load('./files/slurp.js', 'slurp') },
  stat: { load: () => load('./files/stat.js', 'stat') },
  template: { load: () => load('./files/template.js', 'template') },
  tempfile: { load: () => load('./files/tempfile.js', 'tempfile') },
  get_url: { load: () => load('./net/get-url.js', 'getUrl') },
  uri: { load: () => load('./net/uri.js', 'uri') },
  apt: { load: () => load('./packages/apt.js', 'apt') },
  dnf: { aliases: ['yum'], load: () => load('./packages/dnf.js', 'dnf') },
  package: { load: () => load('./packages/package.js', 'pkg') },
  service: { load: () => load('./services/service.js', 'service') },
  systemd: {
    aliases: ['systemd_service'],
    load: () => load('./services/systemd.js', 'systemd'),
  },
  firewalld: { load: () => load('./system/firewalld.js', 'firewalld') },
  group: { load: () => load('./system/group.js', 'group') },
  hostname: { load: () => load('./system/hostname.js', 'hostname') },
  modprobe: { load: () => load('./system/modprobe.js', 'modprobe') },
  mount: { load: () => load('./system/mount.js', 'mount') },
  reboot: { load: () => load('./system/reboot.js', 'reboot') },
  restorecon: { load: () => load('./system/selinux.js', 'restorecon') },
  sefcontext: { load: () => load('./system/selinux.js', 'sefcontext') },
  seboolean: { load: () => load('./system/selinux.js', 'seboolean') },
  sysctl: { load: () => load('./system/sysctl.js', 'sysctl') },
  user: { load: () => load('./system/user.js', 'user') },
  wait_for: { load: () => load('./system/wait-for.js', 'waitFor') },
  debug: { load: () => load('./logic/debug.js', 'debug') },
  set_fact: { load: () => load('./logic/set-fact.js', 'setFact') },
  assert: { load: () => load('./logic/assert.js', 'assertModule') },
  fail: { load: () => load('./logic/fail.js', 'fail') },
  pause: { load: () => load('./logic/pause.js', 'pause') },
  ping: { load: () => load('./logic/ping.js', 'ping') },
  add_host: { load: () => load('./logic/inventory-change.js', 'addHost') },
  group_by: { load: () => load('./logic/inventory-change.js', 'groupBy') },
};

/** Short name of every module and alias -> the catalog's name. */
const canonical = new Map<string, string>();
for (const [name, e] of Object.entries(CATALOG))
  for (const n of [name, ...(e.aliases ?? [])]) {
    canonical.set(n, name);
    canonical.set(`ansible.builtin.${n}`, name);
    canonical.set(`ansible.legacy.${n}`, name);
  }

const loaded = new Map<string, ModuleDef<any>>();

/** The module's own name for a name a task may use (`copy`, `ansible.builtin.copy`, an alias). */
export function moduleName(name: string): string | undefined {
  return canonical.get(name);
}

/** Every name a task may use as its action. */
export function catalogNames(): string[] {
  return [...canonical.keys()];
}

/**
 * A module already loaded (loadModules), or one the loader needs at once (the free-form ones);
 * undefined for a name that is no module. Throws for a module not loaded yet: a caller's bug.
 */
export function loadedModule(name: string): ModuleDef<any> | undefined {
  const own = canonical.get(name);
  if (own === undefined) return undefined;
  const m = loaded.get(own) ?? (own in SYNC ? loadNow(own) : undefined);
  if (!m) throw new Error(`module '${own}' is used before loadModules() loaded it`);
  return m;
}

/** The free-form module of this name (`command: ls -l`), if it is one. */
export function freeFormModule(name: string): ModuleDef<any> | undefined {
  const own = canonical.get(name);
  if (own === undefined || !(own in SYNC)) return undefined;
  const m = loadNow(own);
  return m.freeForm || m.acceptsKeyValue === false ? m : undefined;
}

/** Loads the modules of these names (names that are no module are left out). */
export async function loadModules(names: Iterable<string>): Promise<void> {
  const todo = new Set<string>();
  for (const n of names) {
    const own = canonical.get(n);
    if (own !== undefined && !loaded.has(own)) todo.add(own);
  }
  await Promise.all(
    [...todo].map(async (own) => {
      loaded.set(own, await CATALOG[own]!.load());
    }),
  );
}
