import { existsSync } from 'node:fs';
import { InputError, RunStopError } from '../errors.js';
import { FACTS_GATHERED } from '../facts/names.js';
import { loadPlayVarsFile } from '../playbook/vars-files.js';
import type { Play } from '../playbook/types.js';
import { UndefinedVariableError } from '../template/errors.js';
import { Templar } from '../template/index.js';
import { isTemplate } from '../template/native.js';
import { UndefinedAccess } from '../template/undefined.js';
import { ParsedFiles } from '../util/parsed-files.js';
import { combineInto } from '../vars/hash-behaviour.js';
import type { Vars } from '../vars/precedence.js';
import { playFieldError } from './play-fields.js';
import { hostState, type PlayState } from './state.js';
import { varsFilesNameVars } from './vars.js';
import { varsFilePath } from '../playbook/vars-file-path.js';

/**
 * How an entry whose name needs a variable nobody defined is taken: an error at the field (the
 * play's own, when it names no template), left out (the play without a host: a host's inventory
 * variables or facts may define it), or, for a host whose facts were gathered, the end of the run
 * (Ansible's "an undefined variable was found when attempting to template the vars_files item").
 */
type OnUndefined = 'error' | 'skip' | 'stop';

/**
 * The play's vars_files read with `templar`: each entry's name rendered (a list: its first file
 * that exists), the files combined in order. `lenient`: any entry that cannot be rendered or found
 * is left out (the play's vars before its vars_prompt is answered).
 */
export function readVarsFiles(play: Play, templar: Templar, onUndefined: OnUndefined, lenient = false): Vars {
  const out: Vars = {};
  for (const [i, entry] of play.varsFiles.entries()) {
    const pos = play.varsFilesPos?.[i] ?? play.pos;
    try {
      const names = Array.isArray(entry) ? entry : [entry];
      let candidates: string[];
      try {
        candidates = names.map((f) => varsFilePath(play.playbookDir, String(templar.template(f, pos))));
      } catch (e) {
        const undefinedName = e instanceof UndefinedVariableError || e instanceof UndefinedAccess;
        if (undefinedName && onUndefined === 'skip') continue;
        if (undefinedName && onUndefined === 'stop')
          throw new RunStopError(
            'an undefined variable was found when attempting to template the vars_files item ' +
              `'${names.map(String).join(', ')}': ${(e as Error).message}`,
            pos,
          );
        throw playFieldError(play, 'vars_files', e, { pos, hint: VARS_FILES_HINT });
      }
      const file = candidates.find((f) => existsSync(f));
      if (!file) throw new InputError(`vars_files: none of ${candidates.join(', ')} exists`, pos);
      combineInto(out, parsedVarsFiles.get(file, play.pos));
    } catch (e) {
      if (!lenient) throw e;
    }
  }
  return out;
}

/**
 * A vars file parsed once while it is unchanged: a templated name is rendered at each host's task,
 * and the play's start reads the list three times (vars_prompt, boolean keywords, the play).
 */
const parsedVarsFiles = new ParsedFiles({ fromPath: loadPlayVarsFile });

const VARS_FILES_HINT =
  'define the variable in the play vars, the inventory or with -e, or gather the facts it names';

/** Whether some vars_files name is a template: then each host may read other files. */
export function varsFilesPerHost(play: Play): boolean {
  return play.varsFiles.some((e) =>
    (Array.isArray(e) ? e : [e]).some((f) => typeof f === 'string' && isTemplate(f)),
  );
}

/**
 * The vars_files a host's task sees. Names that are templates are rendered with the host's
 * variables at each task, as Ansible's get_vars renders them (facts gathered by then count); an
 * entry naming a variable the host lacks is left out until its facts are gathered, then it ends
 * the run. Plain names are the files the play read when it started.
 */
export function hostVarsFiles(ps: PlayState, host: string): Vars {
  if (!varsFilesPerHost(ps.play)) return ps.varsFiles;
  const gathered = !!hostState(ps.run, host).facts?.[FACTS_GATHERED];
  const templar = new Templar(varsFilesNameVars(ps, host));
  return readVarsFiles(ps.play, templar, gathered ? 'stop' : 'skip');
}
