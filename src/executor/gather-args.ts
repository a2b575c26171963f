import { InputError, type SourcePos } from '../errors.js';
import type { Play } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import { defaultArgs } from './module-defaults.js';

export interface GatherArgs {
  subset?: unknown;
  factPath?: unknown;
  /** gather_timeout in seconds; undefined or 0: no bound */
  timeoutS?: number;
}

const PLAY_GATHER_KEYWORDS = ['gather_subset', 'fact_path', 'gather_timeout'];

/**
 * The arguments of the play's fact gathering, as Ansible's gather_facts action builds setup's:
 * the play's gather_subset, gather_timeout and fact_path (templated), over the `setup` entry of
 * the play's module_defaults.
 */
export function gatherArgs(play: Play, templar: Templar): GatherArgs {
  const own: Record<string, unknown> = {};
  for (const k of PLAY_GATHER_KEYWORDS) {
    const v = play.kw[k];
    if (v !== undefined && v !== null) own[k] = templar.template(v, play.pos);
  }
  const levels = play.kw.module_defaults === undefined ? [] : [play.kw.module_defaults];
  const args = { ...defaultArgs('setup', levels, templar, play.pos), ...own };
  return {
    subset: args.gather_subset,
    factPath: args.fact_path,
    timeoutS: seconds(args.gather_timeout, play.pos),
  };
}

function seconds(v: unknown, pos: SourcePos): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isInteger(n) || n < 0 || String(v).trim() === '')
    throw new InputError(
      `gather_timeout must be a whole number of seconds, not ${JSON.stringify(v)}`,
      pos,
      'give gather_timeout as a number, e.g. gather_timeout: 30',
    );
  return n;
}
