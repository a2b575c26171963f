import { defineModule, type ArgsOf } from '../lib/args.js';
import { FACTS_GATHERED, factResultName } from '../../facts/names.js';
import type { ModuleContext } from '../types.js';

const gatherArgs = {
  gather_subset: { type: 'any' },
  // a list since Ansible 2.11; one text is split at commas, as check_type_list does
  filter: { type: 'stringlist', exactItems: true },
  gather_timeout: { type: 'integer' },
  fact_path: { type: 'string' },
} as const;

/** setup's gather_subset, a list argument: a string is split at commas (a play's is not). */
function subsetArg(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v.split(',') : [v].flat().map(String);
}

/** Gathers with setup's arguments; the result names each fact as Ansible's setup does (facts/names.ts). */
async function gather(ctx: ModuleContext, args: ArgsOf<typeof gatherArgs>): Promise<Record<string, unknown>> {
  const facts = await ctx.gatherFacts({
    subset: subsetArg(args.gather_subset),
    filter: args.filter,
    factPath: args.fact_path,
    timeoutS: args.gather_timeout,
    warn: (msg) => ctx.warn(msg),
  });
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [factResultName(k), v]));
}

/** `setup`: gathers facts again (gather_subset, filter). */
export const setup = defineModule({
  name: 'setup',
  args: gatherArgs,
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, args) {
    return { changed: false, ansible_facts: await gather(ctx, args) };
  },
});

/**
 * `gather_facts`: setup, and the host counts as gathered (Ansible's gather_facts action marks it),
 * so `gathering = smart` does not gather it again. With other fact modules in facts_modules the
 * executor runs them instead (executor/facts-modules.ts).
 */
export const gatherFacts = defineModule({
  name: 'gather_facts',
  // parallel: how the fact modules of facts_modules run (executor/facts-modules.ts); setup alone is one
  args: { ...gatherArgs, parallel: { type: 'boolean' } },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, args) {
    return { changed: false, ansible_facts: { ...(await gather(ctx, args)), [FACTS_GATHERED]: true } };
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
