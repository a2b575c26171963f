import { InputError, didYouMean, type SourcePos } from '../errors.js';
import { posOf } from '../yaml/load.js';

/** One `vars_prompt` entry as written (templated when its play starts), with where it is. */
export interface VarPrompt {
  spec: Record<string, unknown>;
  pos: SourcePos;
}

/** The keys Ansible 2.14 accepts in an entry (Play._load_vars_prompt). */
export const PROMPT_KEYS = [
  'name',
  'prompt',
  'default',
  'private',
  'confirm',
  'encrypt',
  'salt_size',
  'salt',
  'unsafe',
] as const;

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A play's `vars_prompt`, checked as Ansible checks it when it loads the play: a list of
 * mappings, or one mapping standing for a list of one (`vars_prompt: {name: x}`); each needs a
 * `name` and takes only the keys above. Nothing (null, []) asks nothing.
 */
export function loadVarsPrompt(raw: unknown, what: string, pos: SourcePos): VarPrompt[] {
  if (raw === undefined || raw === null) return [];
  const list = isMapping(raw) ? [raw] : raw;
  if (!Array.isArray(list) || !list.every(isMapping))
    throw new InputError(
      `${what}: vars_prompt must be a mapping or a list of mappings (Ansible: "variable files must contain either a dictionary of variables, or a list of dictionaries")`,
      pos,
      'write `vars_prompt:` then `- name: VARIABLE` and `prompt: QUESTION` under it',
    );
  return list.map((spec, i) => {
    const at = posOf(list, i) ?? posOf(spec) ?? pos;
    if (!('name' in spec)) {
      const keys = Object.keys(spec);
      // the pre-2.0 form `vars_prompt: {username: "Enter username"}`, which 2.14 refuses too
      const old = keys.length === 1 && !(PROMPT_KEYS as readonly string[]).includes(keys[0]!);
      throw new InputError(
        `${what}: Invalid vars_prompt data structure, missing 'name' key`,
        at,
        old
          ? `write \`- name: ${keys[0]}\` and \`prompt: ${String(spec[keys[0]!])}\``
          : 'each entry needs `name: VARIABLE` (the question goes under `prompt:`)',
      );
    }
    for (const k of Object.keys(spec)) {
      if ((PROMPT_KEYS as readonly string[]).includes(k)) continue;
      const guess = didYouMean(k, PROMPT_KEYS);
      throw new InputError(
        `${what}: Invalid vars_prompt data structure, found unsupported key '${k}'`,
        posOf(spec, k) ?? at,
        guess ? `did you mean '${guess}'?` : `the keys are ${PROMPT_KEYS.join(', ')}`,
      );
    }
    return { spec, pos: at };
  });
}
