import type { ModuleResult } from '../modules/types.js';
import { isPlainObject, truthy } from '../template/python.js';

/**
 * How Ansible 2.14 reads a result's flags (executor/task_result.py, TaskResult): by Python's
 * truthiness of the value as the module gave it, so a module of the user's own saying
 * `"failed": "0"` failed and one saying `"failed": []` or `{}` did not.
 */

/** The items of a looped result (`results`), none for another. */
function itemsOf(res: ModuleResult): unknown[] {
  return Array.isArray(res.results) ? res.results : [];
}

/** TaskResult._check_key: the result's own value, else whether any item of its `results` says so. */
function checkKey(res: ModuleResult, key: string): boolean {
  if (res[key] !== undefined) return truthy(res[key]);
  return itemsOf(res).some((r) => isPlainObject(r) && truthy(r[key]));
}

/** TaskResult.is_changed. */
export function isChanged(res: ModuleResult): boolean {
  return checkKey(res, 'changed');
}

/**
 * TaskResult.is_failed: where failed_when decided (on the result or on any loop item), its verdict
 * counts, not `failed` (which an exhausted `until` sets).
 */
export function isFailed(res: ModuleResult): boolean {
  const decided =
    'failed_when_result' in res || itemsOf(res).some((r) => isPlainObject(r) && 'failed_when_result' in r);
  return checkKey(res, decided ? 'failed_when_result' : 'failed');
}

/** TaskResult.is_unreachable. */
export function isUnreachable(res: ModuleResult): boolean {
  return checkKey(res, 'unreachable');
}

/** TaskResult.is_skipped: every item of `results` skipped (and there is one), or the result's own. */
export function isSkipped(res: ModuleResult): boolean {
  const items = itemsOf(res);
  if (items.length && items.every((r) => isPlainObject(r) && truthy(r.skipped))) return true;
  return truthy(res.skipped);
}
