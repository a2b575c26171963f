import { defineModule, toBool } from '../lib/args.js';
import { FACTS_CACHEABLE } from '../types.js';
import { UnsafeText } from '../../template/unsafe.js';
import { NativeText } from '../../template/native-text.js';
import { jinja2Native } from '../../template/native.js';

const BOOL_WORDS = new Set(['true', 'false', 'yes', 'no']);

/** Sets host variables for the rest of the run (the executor stores ansible_facts as host facts). */
export const setFact = defineModule({
  name: 'set_fact',
  // every other key is a variable to set
  args: { cacheable: { type: 'any' } },
  freeKeys: true,
  supportsCheck: true,
  supportsDiff: false,
  keepsUnsafe: true,
  async run(_ctx, args) {
    const facts: Record<string, unknown> = { ...args };
    const cacheable = facts.cacheable !== undefined && toBool(facts.cacheable, 'cacheable');
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
    // Ansible's set_fact turns these words into booleans, unless jinja2_native is on
    if (!jinja2Native())
      for (const [k, v] of Object.entries(facts)) {
        const text =
          typeof v === 'string' ? v : v instanceof UnsafeText || v instanceof NativeText ? v.text : undefined;
        if (text !== undefined && BOOL_WORDS.has(text.toLowerCase()))
          facts[k] = ['true', 'yes'].includes(text.toLowerCase());
      }
    return cacheable
      ? { changed: false, ansible_facts: facts, [FACTS_CACHEABLE]: true }
      : { changed: false, ansible_facts: facts };
  },
});
