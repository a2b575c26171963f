import { UnsafeText } from '../../template/index.js';
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
    const bad = Object.keys(facts).find((k) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
    if (bad !== undefined)
      return {
        changed: false,
        failed: true,
        msg: `The variable name '${bad}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`,
      };
    // Ansible (jinja2_native off) turns a text value true/false/yes/no, any case, into a boolean
    for (const [k, v] of Object.entries(facts)) {
      const text = typeof v === 'string' ? v : v instanceof UnsafeText ? v.text : undefined;
      const word = text?.toLowerCase();
      if (word === 'true' || word === 'yes') facts[k] = true;
      else if (word === 'false' || word === 'no') facts[k] = false;
    }
    return { changed: false, ansible_facts: facts };
  },
};
