import { formatPos } from '../errors.js';
import type { ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import { whenConditions, type Scope } from './scope.js';
import { errText } from './task-args.js';
import { noteTemplatedConditions } from './templated-conditions.js';
import { undefinedInConditional } from '../template/undefined-message.js';

/**
 * A task's `when` (its own and the blocks' and roles' above it): Ansible 2.14's skipped result for
 * the first condition that is false; a condition that fails to render fails the task. `notes`
 * hears the warnings for conditions written as templates.
 */
export function whenFalse(
  task: Task,
  scope: Scope,
  templar: Templar,
  notes?: string[],
): ModuleResult | undefined {
  for (const c of whenConditions(scope, task)) {
    if (notes) noteTemplatedConditions(c, notes);
    let ok: boolean;
    try {
      ok = templar.isTrue(c, task.pos);
    } catch (e) {
      throw new Error(
        `The conditional check '${String(c)}' failed. The error was: ${undefinedInConditional(String(c), e) ?? errText(e)} (task at ${formatPos(task.pos)})`,
      );
    }
    // Ansible 2.14's skipped result (false_condition came with 2.15)
    if (!ok) return { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
  }
  return undefined;
}
