import { defineModule } from '../lib/args.js';

/** `setup`: gathers facts again (gather_subset, filter). */
export const setup = defineModule({
  name: 'setup',
  aliases: ['gather_facts'],
  args: {
    gather_subset: { type: 'any' },
    filter: { type: 'string' },
    gather_timeout: { type: 'integer' },
    fact_path: { type: 'string' },
  },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, args) {
    const subset = args.gather_subset === undefined ? undefined : [args.gather_subset].flat().map(String);
    const facts = await ctx.gatherFacts({
      subset,
      filter: args.filter,
      factPath: args.fact_path,
      timeoutS: args.gather_timeout,
    });
    // the result names each fact as Ansible's setup does: ansible_<name>
    const named = Object.entries(facts).map(([k, v]) => [k.startsWith('ansible_') ? k : `ansible_${k}`, v]);
    return { changed: false, ansible_facts: Object.fromEntries(named) as Record<string, unknown> };
  },
});

/** `meta`: handled by the executor itself; declared so the loader knows the name. */
export const meta = defineModule({
  name: 'meta',
  args: {},
  freeKeys: true,
  supportsCheck: true,
  supportsDiff: false,
  freeForm: '_raw_params',
  async run() {
    return { changed: false, failed: true, msg: 'meta is run by the executor' };
  },
});
