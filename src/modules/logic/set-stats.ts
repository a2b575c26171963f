import { defineModule } from '../lib/args.js';
import { boolOf } from '../../util/ansible-bool.js';
import { isVariableName } from '../../preflight/keywords.js';

/**
 * Ansible's set_stats action: the run's custom stats (shown after the recap with
 * show_custom_stats). The result only carries them; the executor adds them up
 * (executor/custom-stats.ts), per host or for the whole run.
 */
export const setStats = defineModule({
  name: 'set_stats',
  args: {
    data: { type: 'any' },
    per_host: { type: 'any' },
    aggregate: { type: 'any' },
  },
  supportsCheck: true,
  supportsDiff: false,
  async run(_ctx, args) {
    const data = args.data ?? {};
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      return { changed: false, failed: true, msg: "The 'data' option needs to be a dictionary/hash" };
    const bad = Object.keys(data).find((k) => !isVariableName(k));
    if (bad !== undefined)
      return {
        changed: false,
        failed: true,
        msg:
          `The variable name '${bad}' is not valid. Variables must start with a letter or underscore character, ` +
          'and contain only letters, numbers and underscores.',
      };
    // Ansible's boolean(strict=False): a word it does not know is false
    const flag = (v: unknown, dflt: boolean): boolean => (v === undefined || v === null ? dflt : !!boolOf(v));
    return {
      changed: false,
      // in the order Ansible's sorted JSON shows them
      ansible_stats: { aggregate: flag(args.aggregate, true), data, per_host: flag(args.per_host, false) },
    };
  },
});
