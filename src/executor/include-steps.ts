import { markUnsafe, type Templar } from '../template/index.js';
import { withoutInternalKeys } from './internal-keys.js';
import type { Include } from '../playbook/types.js';
import { includedFileArg, includedFilePath } from '../playbook/include-file.js';
import type { PlayState } from './state.js';
import { hostState, varsChanged } from './state.js';
import type { Scope } from './scope.js';
import { childScope, parentRoleParams, whenConditions } from './scope.js';
import { loopControl, loopItems, loopKeyword, loopVars } from './loops.js';
import { nodeTemplar } from './action.js';
import { dropOmitted } from './task-args.js';

/** One file (or role) an include_tasks / include_role loads: per loop item, or one without a loop. */
export interface IncludeStep {
  /** the scope its tasks run in: the include's vars and loop variables, `apply` keywords */
  inner: Scope;
  /** include_tasks: the path of the task file */
  file?: string;
  /** include_role: its arguments, rendered */
  roleArgs?: Record<string, unknown>;
  /** what `register:` records for this item, as Ansible's include result */
  registered: Record<string, unknown>;
  /** the loop variables of this item (none without a loop) */
  loopVars: Record<string, unknown>;
}

/**
 * The include task's own evaluation: `when` (none when false), loop items, the file name or role
 * arguments, the include's vars. Nothing is loaded here; a failure is the include task's.
 */
export function includeSteps(
  ps: PlayState,
  inc: Include,
  scope: Scope,
  vars: Record<string, unknown>,
  templar: Templar,
): IncludeStep[] {
  for (const c of whenConditions(scope, inc)) if (!templar.isTrue(c, inc.pos)) return [];
  const lk = loopKeyword(inc);
  const items = lk ? loopItems(inc as never, lk, templar) : [undefined];
  const lc = loopControl(inc as never, templar);
  return items.map((_, i) => {
    const lv = lk ? loopVars(inc as never, items, i, lc) : {};
    const t = lk ? nodeTemplar({ ...vars, ...lv }, inc, scope, ps.play.playbookDir) : templar;
    // stored as variables: what was rendered from host data stays unsafe (template/unsafe.ts)
    const incVars = {
      ...scope.includeVars,
      ...(inc.type === 'include_role' ? parentRoleParams(scope) : {}),
      ...lv,
      ...((t.templateToStore(inc.kw.vars ?? {}) ?? {}) as object),
    };
    const applyKw = (inc.args.apply ?? {}) as Record<string, unknown>;
    const includeRawVars = {
      ...scope.includeRawVars,
      ...(inc.kw.vars as Record<string, unknown> | undefined),
    };
    const inner = childScope({ ...scope, includeVars: incVars, includeRawVars }, applyKw);
    const loopPart = lk ? { ansible_loop_var: lv.ansible_loop_var, item: items[i] } : {};
    if (inc.type === 'include_role') {
      // an argument rendered to `omit` is left out, as for a module
      const a = dropOmitted(t.template(inc.args, inc.pos)) as Record<string, unknown>;
      return { inner, roleArgs: a, registered: { ...loopPart, include_args: a }, loopVars: lv };
    }
    const file = String(t.template(includedFileArg(inc), inc.pos));
    const { file: _f, _raw_params: _r, ...rest } = inc.args;
    return {
      inner,
      file: includedFilePath(inc, file),
      registered: { ...loopPart, include: file, include_args: rest },
      loopVars: lv,
    };
  });
}

/**
 * What makes two hosts' includes the same file for Ansible (its IncludedFile): the file, the
 * include's arguments and the loop variables. A value that cannot be written out makes the
 * include the host's own.
 */
export function includedFileKey(step: IncludeStep): string {
  try {
    return JSON.stringify([step.file, step.registered.include_args, step.loopVars]);
  } catch {
    return `${step.file}\0${ownKeys++}`;
  }
}
let ownKeys = 0;

/** `register:` on an include records its result (host data without internal keys, as any registered result). */
export function registerInclude(
  ps: PlayState,
  host: string,
  inc: Include,
  result: Record<string, unknown>,
): void {
  const name = inc.kw.register;
  if (typeof name !== 'string') return;
  const hs = hostState(ps.run, host);
  hs.hostFacts[name] = markUnsafe(withoutInternalKeys(result));
  varsChanged(hs);
}

/** A keyword's rendered value, or undefined when it cannot be rendered. */
export function safeTemplate(templar: Templar, value: unknown): unknown {
  try {
    return templar.template(value);
  } catch {
    return undefined;
  }
}
