import { defineModule, ModuleFailure } from '../lib/args.js';
import { planPackages } from './apt-plan.js';
import { normState } from './apt.js';
import { dnfCommands, dnfFlags, parseRpmStates, REPOQUERY_QF, RPM_QF } from './dnf-plan.js';
import { applyPlan } from './pkg-common.js';

/**
 * ansible.builtin.dnf (and yum, which runs dnf): rpm -q says what is installed, dnf repoquery
 * what the repositories offer; the plan's dnf commands run unless in check mode.
 */

export const dnfArgs = {
  name: { type: 'stringlist', aliases: ['pkg'] },
  state: {
    type: 'string',
    enum: ['present', 'absent', 'latest', 'installed', 'removed'],
    default: 'present',
  },
  update_cache: { type: 'boolean', default: false, aliases: ['expire-cache'] },
  disable_gpg_check: { type: 'boolean', default: false },
  enablerepo: { type: 'stringlist' },
  disablerepo: { type: 'stringlist' },
} as const;

export const dnf = defineModule({
  name: 'dnf',
  aliases: ['yum'],
  args: dnfArgs,
  rules: { requiredOneOf: [['name', 'list', 'update_cache']], mutuallyExclusive: [['name', 'list']] },
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const names = a.name ?? [];
    if (!names.length && !a.update_cache)
      throw new ModuleFailure('dnf: give name (a package or a list) or update_cache: true');
    const opts = {
      disableGpgCheck: a.disable_gpg_check,
      enablerepo: a.enablerepo,
      disablerepo: a.disablerepo,
    };
    // metadata is a cache, not managed state: it is refreshed in check mode too, so that check
    // mode sees what the real run will see (`--refresh` on the query when names are given)
    const cacheUpdated = a.update_cache;
    if (!names.length) {
      await ctx.probe(['dnf', ...dnfFlags(opts), 'makecache', '--refresh']);
      return { changed: false, cache_updated: true };
    }
    const state = normState(a.state);
    const rpm = await ctx.probe(['rpm', '-q', '--qf', RPM_QF, ...names], {
      allowFail: true,
    });
    // repoquery only matters when something may have to come from a repository
    const repo =
      state === 'absent'
        ? { stdout: '' }
        : await ctx.probe(
            [
              'dnf',
              '-q',
              ...dnfFlags(opts).slice(1),
              ...(a.update_cache ? ['--refresh'] : []),
              'repoquery',
              '--latest-limit=1',
              '--qf',
              REPOQUERY_QF,
              ...names,
            ],
            { allowFail: true },
          );
    const known = parseRpmStates(rpm.stdout, repo.stdout);
    const plan = planPackages(names, state, known);
    const r = await applyPlan(ctx, 'dnf', plan, dnfCommands(plan, known, opts), { LC_ALL: 'C' });
    return { ...r, cache_updated: cacheUpdated };
  },
});
