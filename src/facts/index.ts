// Facts: runs the one gathering script on a host and turns its output into ansible_* facts.
import type { Connection } from '../connection/types.js';
import { distributionFacts } from './distribution.js';
import { networkFacts } from './network.js';
import { DEFAULT_FACT_PATH, localFacts, localFactsScript } from './local.js';
import { factsScript, sections } from './script.js';
import {
  dateTimeFacts,
  envFacts,
  hardwareFacts,
  pkgMgr,
  platformFacts,
  selinuxFacts,
  serviceMgr,
  userFacts,
  pythonFacts,
} from './system.js';

export { factsScript } from './script.js';
export { DEFAULT_FACT_PATH } from './local.js';

/** The subsets Ansible knows that fabplay fills; `min` is always in unless `!min`. */
const MIN = [
  'platform',
  'distribution',
  'pkg_mgr',
  'service_mgr',
  'selinux',
  'fips',
  'user',
  'env',
  'date_time',
  'local',
];
const ALL = [...MIN, 'network', 'hardware'];
const ALIASES: Record<string, string[]> = {
  all: ALL,
  min: MIN,
  network: ['network'],
  interfaces: ['network'],
  hardware: ['hardware'],
  local: ['local'],
  devices: ['hardware'],
  virtual: [],
  ohai: [],
  facter: [],
};

/**
 * Which collectors a gather_subset list selects, by Ansible's rules: no positive entry means all;
 * `!x` removes x; `!all` keeps only min; min is always in unless `!min`.
 */
export function selectSubsets(subset: string[] | undefined): Set<string> {
  const include = new Set<string>();
  const exclude = new Set<string>();
  let withMin = true;
  for (const raw of subset ?? []) {
    const neg = raw.trim().startsWith('!');
    const name = raw.trim().replace(/^!/, '');
    if (neg && name === 'min') {
      withMin = false;
    } else if (neg && name === 'all') {
      for (const n of ALL) if (!MIN.includes(n)) exclude.add(n);
    } else {
      for (const n of ALIASES[name] ?? [name]) (neg ? exclude : include).add(n);
    }
  }
  if (include.size === 0) for (const n of ALL) include.add(n);
  if (withMin) for (const n of MIN) include.add(n);
  else for (const n of MIN) if (!(subset ?? []).includes(n)) include.delete(n);
  for (const n of exclude) include.delete(n);
  return include;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name) || re.test(`ansible_${name}`);
}

/** Turns the script's output into facts (keys without the ansible_ prefix). */
export function factsFromOutput(
  out: string,
  subsets: Set<string>,
  factPath = DEFAULT_FACT_PATH,
): Record<string, unknown> {
  const s = sections(out);
  const sec = (n: string) => s.get(n) ?? [];
  const paths = new Set(sec('paths'));
  const facts: Record<string, unknown> = {};
  const dist = distributionFacts(sec('os_release'), sec('debian_version'), sec('redhat_release'));
  if (subsets.has('platform')) Object.assign(facts, platformFacts(sec('uname'), sec('fqdn')));
  if (subsets.has('distribution')) Object.assign(facts, dist);
  if (subsets.has('pkg_mgr')) facts.pkg_mgr = pkgMgr(dist.os_family!, paths);
  if (subsets.has('service_mgr')) facts.service_mgr = serviceMgr(sec('proc1')[0] ?? '', paths);
  if (subsets.has('selinux')) {
    Object.assign(
      facts,
      selinuxFacts(paths, sec('selinux_enforce'), sec('selinux_policyvers'), sec('selinux_config')),
    );
  }
  // Ansible's fips collector: true only when the kernel says FIPS mode is on
  if (subsets.has('fips')) facts.fips = (sec('fips')[0] ?? '').trim() === '1';
  if (subsets.has('user')) Object.assign(facts, userFacts(sec('user')));
  if (subsets.has('env')) Object.assign(facts, envFacts(sec('env')));
  if (subsets.has('date_time')) Object.assign(facts, dateTimeFacts(sec('date')));
  if (subsets.has('network'))
    Object.assign(facts, networkFacts(sec('sysnet'), sec('addrs'), sec('route4'), sec('route6')));
  if (subsets.has('hardware')) {
    Object.assign(facts, hardwareFacts(sec('meminfo'), sec('cpuinfo')));
    const id = sec('machine_id')[0];
    if (id) facts.machine_id = id.trim();
  }
  if (subsets.has('local')) {
    const { local } = localFacts(sec('local'), factPath);
    // kept with its prefix, as Ansible's namespace_facts does: ansible_facts.ansible_local
    if (local) facts.ansible_local = local;
  }
  Object.assign(facts, pythonFacts(sec('python')));
  facts.gather_subset = [...subsets].sort();
  return facts;
}

/** Runs one remote script; returns the `ansible_facts` dict (keys without the ansible_ prefix). */
export async function gatherFacts(
  conn: Connection,
  opts: {
    subset?: string[];
    filter?: string | string[];
    factPath?: string;
    env?: Record<string, string>;
    /**
     * gather_timeout, in seconds: Ansible bounds its slow collectors (mounts) with it; fabplay's
     * one script has none of those, so the bound is on the whole script (0: none)
     */
    timeoutS?: number;
  } = {},
): Promise<Record<string, unknown>> {
  const subsets = selectSubsets(opts.subset);
  const factPath = opts.factPath ?? DEFAULT_FACT_PATH;
  const script = factsScript(subsets.has('local') ? localFactsScript(factPath) : '');
  // in a subshell of the connection's shell: no sh to start, no stdin to decode
  const timeoutMs = opts.timeoutS ? opts.timeoutS * 1000 : undefined;
  const r = await conn.exec(script, { inline: true, env: opts.env, timeoutMs });
  if (r.timedOut)
    throw new Error(`${conn.host}: fact gathering did not finish within gather_timeout (${opts.timeoutS} s)`);
  const out = r.stdout.toString('utf8');
  if (!out.includes('@@end')) {
    throw new Error(`${conn.host}: fact gathering failed (rc=${r.rc}): ${r.stderr.toString('utf8').trim()}`);
  }
  const facts = factsFromOutput(out, subsets, factPath);
  const filters = opts.filter === undefined ? [] : Array.isArray(opts.filter) ? opts.filter : [opts.filter];
  if (filters.length === 0 || filters.every((f) => f === '' || f === '*')) return facts;
  return Object.fromEntries(Object.entries(facts).filter(([k]) => filters.some((f) => globMatch(f, k))));
}
