// Facts: runs the one gathering script on a host and turns its output into ansible_* facts.
import type { Connection } from '../connection/types.js';
import { distributionFacts } from './distribution.js';
import { networkFacts } from './network.js';
import { MOUNTS_SECTION, mountFacts } from './mounts.js';
import { DEFAULT_FACT_PATH, localFacts, localFactsScript } from './local.js';
import { PYTHON_SECTION, factsScript, sections } from './script.js';
import { selectSubsets, subsetFact } from './subsets.js';
import { VIRTUAL_SECTION, virtualFacts } from './virtual.js';
import {
  dateTimeFacts,
  envFacts,
  hardwareFacts,
  loadavgFacts,
  pkgMgr,
  platformFacts,
  selinuxFacts,
  serviceMgr,
  userFacts,
  pythonFacts,
} from './system.js';

export { factsScript } from './script.js';
export { DEFAULT_FACT_PATH } from './local.js';
export { selectSubsets } from './subsets.js';

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
  /** hears the warnings Ansible's setup gives (a custom fact that failed to load) */
  warn?: (msg: string) => void,
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
    Object.assign(
      facts,
      networkFacts(sec('sysnet'), sec('addrs'), sec('route4'), sec('route6'), sec('bridges')),
    );
  if (subsets.has('hardware')) {
    Object.assign(facts, hardwareFacts(sec('meminfo'), sec('cpuinfo')));
    const id = sec('machine_id')[0];
    if (id) facts.machine_id = id.trim();
    facts.mounts = mountFacts(sec('mtab'), sec('mountstat'), sec('lsblk'), sec('findmnt'));
  }
  if (subsets.has('local')) {
    const { local, warnings } = localFacts(sec('local'), factPath);
    for (const w of warnings) warn?.(w);
    // kept with its prefix, as Ansible's namespace_facts does: ansible_facts.ansible_local
    if (local) facts.ansible_local = local;
  }
  if (subsets.has('loadavg')) Object.assign(facts, loadavgFacts(sec('loadavg')));
  if (subsets.has('virtual')) Object.assign(facts, virtualFacts(sec));
  if (subsets.has('python')) Object.assign(facts, pythonFacts(sec('python')));
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
    /** hears the warnings Ansible's setup gives (a custom fact that failed to load) */
    warn?: (msg: string) => void;
  } = {},
): Promise<Record<string, unknown>> {
  const subsets = selectSubsets(opts.subset);
  const factPath = opts.factPath ?? DEFAULT_FACT_PATH;
  // the sections that start processes on the host only when their facts are asked for
  const script = factsScript(
    (subsets.has('local') ? localFactsScript(factPath) : '') +
      (subsets.has('python') ? PYTHON_SECTION : '') +
      (subsets.has('hardware') ? MOUNTS_SECTION : '') +
      (subsets.has('virtual') ? VIRTUAL_SECTION : ''),
  );
  // in a subshell of the connection's shell: no sh to start, no stdin to decode
  const timeoutMs = opts.timeoutS ? opts.timeoutS * 1000 : undefined;
  const r = await conn.exec(script, { inline: true, env: opts.env, timeoutMs });
  if (r.timedOut)
    throw new Error(`${conn.host}: fact gathering did not finish within gather_timeout (${opts.timeoutS} s)`);
  const out = r.stdout.toString('utf8');
  if (!out.includes('@@end')) {
    throw new Error(`${conn.host}: fact gathering failed (rc=${r.rc}): ${r.stderr.toString('utf8').trim()}`);
  }
  // the gathering's metadata, as Ansible's setup adds it
  const facts = {
    ...factsFromOutput(out, subsets, factPath, opts.warn),
    gather_subset: subsetFact(opts.subset),
    module_setup: true,
  };
  const filters = opts.filter === undefined ? [] : Array.isArray(opts.filter) ? opts.filter : [opts.filter];
  if (filters.length === 0 || filters.every((f) => f === '' || f === '*')) return facts;
  return Object.fromEntries(Object.entries(facts).filter(([k]) => filters.some((f) => globMatch(f, k))));
}
