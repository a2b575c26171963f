import type { ModuleDef } from './types.js';
import { importOwn, requireOwn } from '../util/import-own.js';

/**
 * The modules a run may use, each loaded when a playbook first names it (a run loads the few it
 * uses, not all of them: start-up time). The loader needs the free-form modules' argument tables
 * to split `command: chdir=/tmp ls`: those few are loaded synchronously when it meets one (`sync`).
 * registry.ts holds every module loaded at once (tests, the build); a test checks the two agree,
 * so a new module goes in its category's index.ts and here.
 */

/**
 * Where each module is defined; `sync`: the free-form ones and setup, needed by the loader at once;
 * `collection`: the collection Ansible has it from (ansible-core 2.14 routes the short name and
 * ansible.builtin's to it), whose full name a task may use too (`ansible.posix.sysctl`).
 */
const CATALOG: Record<
  string,
  { file: string; export: string; aliases?: string[]; sync?: true; collection?: string }
> = {
  command: { file: './commands/command.js', export: 'command', sync: true },
  raw: { file: './commands/raw.js', export: 'raw', sync: true },
  script: { file: './commands/script.js', export: 'script', sync: true },
  shell: { file: './commands/shell.js', export: 'shell', sync: true },
  include_vars: { file: './logic/include-vars.js', export: 'includeVars', sync: true },
  meta: { file: './logic/setup.js', export: 'meta', sync: true },
  setup: { file: './logic/setup.js', export: 'setup', sync: true },
  gather_facts: { file: './logic/setup.js', export: 'gatherFacts', sync: true },
  expect: { file: './commands/expect.js', export: 'expect' },
  async_status: { file: './commands/async-status.js', export: 'asyncStatus' },
  assemble: { file: './files/assemble.js', export: 'assemble' },
  blockinfile: { file: './files/blockinfile.js', export: 'blockinfile' },
  copy: { file: './files/copy.js', export: 'copy' },
  fetch: { file: './files/fetch.js', export: 'fetch' },
  file: { file: './files/file.js', export: 'file' },
  find: { file: './files/find.js', export: 'find' },
  lineinfile: { file: './files/lineinfile.js', export: 'lineinfile' },
  replace: { file: './files/replace.js', export: 'replace' },
  slurp: { file: './files/slurp.js', export: 'slurp' },
  stat: { file: './files/stat.js', export: 'stat' },
  template: { file: './files/template.js', export: 'template' },
  synchronize: {
    file: './files/synchronize.js',
    export: 'synchronize',
    collection: 'ansible.posix',
  },
  tempfile: { file: './files/tempfile.js', export: 'tempfile' },
  unarchive: { file: './files/unarchive.js', export: 'unarchive' },
  get_url: { file: './net/get-url.js', export: 'getUrl' },
  uri: { file: './net/uri.js', export: 'uri' },
  git: { file: './net/git.js', export: 'git' },
  subversion: { file: './net/subversion.js', export: 'subversion' },
  apt: { file: './packages/apt.js', export: 'apt' },
  apt_key: { file: './packages/apt-key.js', export: 'aptKey' },
  apt_repository: { file: './packages/apt-repository.js', export: 'aptRepository' },
  rpm_key: { file: './packages/rpm-key.js', export: 'rpmKey' },
  dnf: { file: './packages/dnf.js', export: 'dnf', aliases: ['yum'] },
  package: { file: './packages/package.js', export: 'pkg' },
  package_facts: { file: './packages/package-facts.js', export: 'packageFacts' },
  pip: { file: './packages/pip.js', export: 'pip' },
  service: { file: './services/service.js', export: 'service' },
  service_facts: { file: './services/service-facts.js', export: 'serviceFacts' },
  systemd: { file: './services/systemd.js', export: 'systemd', aliases: ['systemd_service'] },
  sysvinit: { file: './services/sysvinit.js', export: 'sysvinit' },
  authorized_key: {
    file: './system/authorized-key.js',
    export: 'authorizedKey',
    collection: 'ansible.posix',
  },
  cron: { file: './system/cron.js', export: 'cron' },
  firewalld: { file: './system/firewalld.js', export: 'firewalld', collection: 'ansible.posix' },
  group: { file: './system/group.js', export: 'group' },
  hostname: { file: './system/hostname.js', export: 'hostname' },
  known_hosts: { file: './system/known-hosts.js', export: 'knownHosts' },
  modprobe: { file: './system/modprobe.js', export: 'modprobe', collection: 'community.general' },
  mount: { file: './system/mount.js', export: 'mount', collection: 'ansible.posix' },
  reboot: { file: './system/reboot.js', export: 'reboot' },
  sefcontext: { file: './system/selinux.js', export: 'sefcontext', collection: 'community.general' },
  seboolean: { file: './system/selinux.js', export: 'seboolean', collection: 'ansible.posix' },
  sysctl: { file: './system/sysctl.js', export: 'sysctl', collection: 'ansible.posix' },
  user: { file: './system/user.js', export: 'user' },
  wait_for: { file: './system/wait-for.js', export: 'waitFor' },
  yum_repository: { file: './system/yum-repository.js', export: 'yumRepository' },
  getent: { file: './system/getent.js', export: 'getent' },
  iptables: { file: './system/iptables.js', export: 'iptables' },
  debconf: { file: './system/debconf.js', export: 'debconf' },
  dpkg_selections: { file: './system/dpkg-selections.js', export: 'dpkgSelections' },
  wait_for_connection: { file: './system/wait-for-connection.js', export: 'waitForConnection' },
  debug: { file: './logic/debug.js', export: 'debug' },
  set_fact: { file: './logic/set-fact.js', export: 'setFact' },
  set_stats: { file: './logic/set-stats.js', export: 'setStats' },
  validate_argument_spec: { file: './logic/validate-argument-spec.js', export: 'validateArgumentSpec' },
  assert: { file: './logic/assert.js', export: 'assertModule' },
  fail: { file: './logic/fail.js', export: 'fail' },
  pause: { file: './logic/pause.js', export: 'pause' },
  ping: { file: './logic/ping.js', export: 'ping' },
  add_host: { file: './logic/inventory-change.js', export: 'addHost' },
  group_by: { file: './logic/inventory-change.js', export: 'groupBy' },
};

/**
 * Every name a task may give the module of this name and aliases: each short name, as
 * ansible.builtin's and ansible.legacy's, and as its collection's (the registry names them so too).
 */
export function taskNamesOf(name: string, aliases: readonly string[] = []): string[] {
  const collection = CATALOG[name]?.collection;
  return [name, ...aliases].flatMap((n) => [
    n,
    `ansible.builtin.${n}`,
    `ansible.legacy.${n}`,
    ...(collection ? [`${collection}.${n}`] : []),
  ]);
}

/** Every name a task may use (short, full, alias) -> the catalog's name. */
const canonical = new Map<string, string>();
for (const [name, e] of Object.entries(CATALOG))
  for (const n of taskNamesOf(name, e.aliases)) canonical.set(n, name);

const loaded = new Map<string, ModuleDef<any>>();

/** One of the `sync` modules, loaded now (the loader's code is synchronous). */
function loadNow(own: string): ModuleDef<any> {
  let m = loaded.get(own);
  if (!m) {
    const { file, export: name } = CATALOG[own]!;
    m = requireOwn<Record<string, ModuleDef<any>>>(file, import.meta.url)[name]!;
    loaded.set(own, m);
  }
  return m;
}

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
  const m = loaded.get(own) ?? (CATALOG[own]!.sync ? loadNow(own) : undefined);
  if (!m) throw new Error(`module '${own}' is used before loadModules() loaded it`);
  return m;
}

/** The free-form module of this name (`command: ls -l`), if it is one. */
export function freeFormModule(name: string): ModuleDef<any> | undefined {
  const own = canonical.get(name);
  if (own === undefined || !CATALOG[own]!.sync) return undefined;
  const m = loadNow(own);
  return m.freeForm || m.acceptsKeyValue === false ? m : undefined;
}

const LOADED = Promise.resolve();

/** Loads the modules of these names (names that are no module are left out). */
export function loadModules(names: Iterable<string>): Promise<void> {
  let todo: Set<string> | undefined;
  for (const n of names) {
    const own = canonical.get(n);
    if (own !== undefined && !loaded.has(own)) (todo ??= new Set()).add(own);
  }
  // all loaded (every task after a module's first): no set, no promise per name
  return todo ? loadNames(todo) : LOADED;
}

async function loadNames(todo: Set<string>): Promise<void> {
  await Promise.all(
    [...todo].map(async (own) => {
      const { file, export: name, sync } = CATALOG[own]!;
      const m = sync
        ? loadNow(own)
        : (await importOwn<Record<string, ModuleDef<any>>>(file, import.meta.url))[name]!;
      loaded.set(own, m);
    }),
  );
}
