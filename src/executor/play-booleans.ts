import { InputError } from '../errors.js';
import type { Play } from '../playbook/types.js';
import { OMIT, type Templar } from '../template/index.js';
import { keywordBool } from '../util/ansible-bool.js';
import { errText } from './task-args.js';

/** The play keywords Ansible converts when the play starts (always_post_validate), not per task. */
export interface PlayBooleans {
  /** undefined: not set (or rendering to omit), the [defaults] gathering decides */
  gatherFacts?: boolean;
  /** undefined: not set, --force-handlers / [defaults] force_handlers decide */
  forceHandlers?: boolean;
}

/**
 * gather_facts and force_handlers, rendered with the play's vars, vars_files and extra vars and
 * converted as Ansible's Play.post_validate does before the play's banner: a value that is no
 * boolean (or fails to render) stops the run there, naming the play.
 */
export function playBooleans(play: Play, templar: Templar): PlayBooleans {
  const read = (name: string): boolean | undefined => {
    const raw = play.kw[name];
    if (raw === undefined) return undefined;
    try {
      const v = templar.template(raw, play.pos);
      return v === OMIT ? undefined : keywordBool(name, v);
    } catch (e) {
      throw new InputError(`play ${JSON.stringify(play.name)}: ${errText(e)}`, play.pos);
    }
  };
  return { gatherFacts: read('gather_facts'), forceHandlers: read('force_handlers') };
}
