import type { ModuleDef } from '../types.js';

/** Sets host variables for the rest of the run (the executor stores ansible_facts as host facts). */
export const setFact: ModuleDef<Record<string, unknown>> = {
  name: 'set_fact',
  schema: { type: 'object', additionalProperties: true },
  supportsCheck: true,
  supportsDiff: false,
  acceptsKeyValue: true,
  keepsUnsafe: true,
  async run(_ctx, args) {
    const facts: Record<string, unknown> = { ...args };
    delete facts.cacheable;
    if (Object.keys(facts).length === 0)
      return {
        changed: false,
        failed: true,
        msg: 'No key/value pairs provided, at least one is required for this action to succeed',
      };
    return { changed: false, ansible_facts: facts };
  },
};
