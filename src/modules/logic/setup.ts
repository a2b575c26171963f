import type { ModuleDef } from '../types.js';

/** `setup`: gathers facts again (gather_subset, filter). */
export const setup: ModuleDef<{ gather_subset?: string[] | string; filter?: string; fact_path?: string }> = {
  name: 'setup',
  aliases: ['gather_facts'],
  schema: {
    type: 'object',
    properties: {
      gather_subset: {},
      filter: { type: 'string' },
      gather_timeout: { type: 'integer' },
      fact_path: { type: 'string' },
    },
    additionalProperties: false,
  },
  supportsCheck: true,
  supportsDiff: false,
  acceptsKeyValue: true,
  async run(ctx, args) {
    const subset = args.gather_subset === undefined ? undefined : [args.gather_subset].flat().map(String);
    const facts = await ctx.gatherFacts({ subset, filter: args.filter, factPath: args.fact_path });
    return { changed: false, ansible_facts: facts };
  },
};

/** `meta`: handled by the executor itself; declared so the loader knows the name. */
export const meta: ModuleDef<Record<string, unknown>> = {
  name: 'meta',
  schema: { type: 'object' },
  supportsCheck: true,
  supportsDiff: false,
  freeForm: '_raw_params',
  async run() {
    return { changed: false, failed: true, msg: 'meta is run by the executor' };
  },
};
