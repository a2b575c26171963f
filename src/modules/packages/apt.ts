import { defineModule, ModuleFailure } from '../lib/args.js';
import {
  aptCommands,
  cacheIsStale,
  parseAptPolicy,
  parseDpkgQuery,
  planPackages,
  splitSpec,
} from './apt-plan.js';
import { applyPlan } from './pkg-common.js';
import { installDebs } from './apt-deb.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.apt: reads `apt-cache policy` for the named packages, plans the apt-get
 * commands that close the gap, and runs them (not in check mode). The cache is refreshed first
 * when update_cache asks for it and it is older than cache_valid_time.
 */

export const aptArgs = {
  name: { type: 'stringlist', aliases: ['pkg', 'package'] },
  deb: { type: 'string' },
  state: {
    type: 'string',
    enum: ['present', 'absent', 'latest', 'installed', 'removed'],
    default: 'present',
  },
  update_cache: { type: 'boolean', aliases: ['update-cache'] },
  cache_valid_time: { type: 'integer', default: 0 },
  purge: { type: 'boolean', default: false },
  install_recommends: { type: 'boolean', aliases: ['install-recommends'] },
  default_release: { type: 'string', aliases: ['default-release'] },
  allow_downgrade: { type: 'boolean', default: false },
} as const;

const STAMP = '/var/lib/apt/periodic/update-success-stamp';
const LISTS = '/var/lib/apt/lists';
export const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };
/**
 * apt-cache builds its binary caches (/var/cache/apt/pkgcache.bin, srcpkgcache.bin) in memory
 * with these, instead of writing them when they are missing or older than the lists. Check mode
 * uses them: it must leave the host as it was. Outside check mode apt's own files are kept, as
 * apt-get does: a valid cache answers in about 0.1 s, where building it takes about 0.6 s of CPU.
 */
export const CACHES_IN_MEMORY = ['-o', 'Dir::Cache::pkgcache=', '-o', 'Dir::Cache::srcpkgcache='];

/** The host clock and the cache's last update, in seconds. */
async function cacheTimes(ctx: ModuleContext): Promise<{ now: number; mtime?: number }> {
  const script = 'date +%s; stat -c %Y -- "$@" 2>/dev/null; exit 0';
  const lines = (await ctx.probe(['sh', '-c', script, 'sh', STAMP, LISTS])).stdout.trim().split('\n');
  return { now: Number(lines[0]), mtime: lines[1] ? Number(lines[1]) : undefined };
}

async function dpkgInstalled(ctx: ModuleContext, names: string[]) {
  const format = '${Package}\t${db:Status-Abbrev}\t${Version}\n';
  const r = await ctx.probe(['dpkg-query', '-W', '-f', format, '--', ...names], {
    env: APT_ENV,
    allowFail: true,
  });
  return parseDpkgQuery(r.stdout);
}

export function normState(s: string): 'present' | 'absent' | 'latest' {
  return s === 'installed' ? 'present' : s === 'removed' ? 'absent' : (s as 'present' | 'absent' | 'latest');
}

export const apt = defineModule({
  name: 'apt',
  args: aptArgs,
  // Ansible's apt calls name `package`; upgrade and autoremove are options fabplay lacks
  rules: {
    mutuallyExclusive: [['deb', 'name', 'upgrade']],
    requiredOneOf: [['autoremove', 'deb', 'name', 'update_cache', 'upgrade']],
  },
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const names = a.name ?? [];
    const wantsUpdate = a.update_cache ?? a.cache_valid_time > 0;
    if (!names.length && !wantsUpdate && !a.deb)
      throw new ModuleFailure('apt: give name (a package or a list) or update_cache: true');
    if (a.deb && normState(a.state) !== 'present') throw new ModuleFailure('deb only supports state=present');
    let cacheUpdated = false;
    let times: { now: number; mtime?: number } = { now: 0 };
    if (wantsUpdate) {
      times = await cacheTimes(ctx);
      if (
        cacheIsStale(times.mtime, times.now, a.cache_valid_time) &&
        (await ctx.change(['apt-get', 'update', '-q'], { env: APT_ENV }))
      ) {
        cacheUpdated = true;
        times = await cacheTimes(ctx);
      }
    }
    // Ansible's result for deb carries nothing of the cache update before it
    if (a.deb)
      return installDebs(ctx, a.deb, {
        allowDowngrade: a.allow_downgrade,
        installRecommends: a.install_recommends,
        env: APT_ENV,
      });
    const extra = { cache_updated: cacheUpdated, cache_update_time: times.mtime };
    if (!names.length) return { changed: cacheUpdated, ...extra };
    const state = normState(a.state);
    const pkgNames = names.map((n) => splitSpec(n).name);
    // present and all installed: dpkg's database says so in a few ms, where apt-cache policy
    // loads the whole package cache (over a second here); anything else asks apt
    let plan =
      state === 'present' ? planPackages(names, state, await dpkgInstalled(ctx, pkgNames)) : undefined;
    if (!plan || plan.install.length || plan.missing.length) {
      // apt-cache keeps the cache it builds (a change); check mode builds it in memory
      const query = (cache: string[]) => ['apt-cache', ...cache, 'policy', ...pkgNames] as const;
      const opts = { env: APT_ENV, allowFail: true };
      const policy = (await ctx.change(query([]), opts)) ?? (await ctx.probe(query(CACHES_IN_MEMORY), opts));
      plan = planPackages(names, state, parseAptPolicy(policy.stdout));
    }
    const cmds = aptCommands(plan, {
      purge: a.purge,
      installRecommends: a.install_recommends,
      defaultRelease: a.default_release,
      allowDowngrade: a.allow_downgrade,
    });
    const r = await applyPlan(ctx, 'apt', plan, cmds, APT_ENV);
    return { ...r, ...extra };
  },
});
