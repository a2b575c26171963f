import type { Task } from '../playbook/types.js';
import { UnsafeText, engine, isUnsafe, seal, type Templar } from '../template/index.js';
import { FilterError, UndefinedVariableError } from '../template/errors.js';
import { OMIT } from '../template/omit.js';
import { keywordBool } from '../util/ansible-bool.js';
import { UndefinedAccess } from '../template/undefined.js';
import type { ModuleResult } from '../modules/types.js';
import { isBoxedFloat } from '../util/py-float.js';
import { keyOf } from '../util/py-dict-keys.js';
import { tuplesAsLists } from '../template/tuples-as-lists.js';
import { NativeText } from '../template/native-text.js';

export { loopKeyword } from '../playbook/keywords.js';

export class LoopError extends Error {}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isBoxedFloat(v);
}

/**
 * The items of a task's loop, templated with the host's vars, in stored form: the items of an
 * unsafe list (registered lines, a lookup's result) are unsafe each (template/unsafe.ts).
 */
export function loopItems(task: Task, kwName: string, templar: Templar): unknown[] {
  const stored = templar.templateToStore(task.kw[kwName], task.pos);
  // Ansible's items hold lists where the loop's value had tuples (`d | dictsort`, indexed_items)
  const items = tuplesAsLists(itemsOf(kwName, revealTop(stored), templar));
  // every with_<lookup> is a lookup in Ansible, whose results are unsafe (allow_unsafe_lookups off)
  return isUnsafe(stored) || kwName !== 'loop' ? items.map(seal) : items;
}

/** The list or dict to take items from: an unsafe (or native) string as its text (loopItems seals the items). */
function revealTop(v: unknown): unknown {
  return v instanceof UnsafeText || v instanceof NativeText ? v.text : v;
}

function itemsOf(kwName: string, raw: unknown, templar: Templar): unknown[] {
  switch (kwName) {
    case 'loop':
      if (!Array.isArray(raw))
        throw new LoopError(
          `Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(raw)}`,
        );
      return raw;
    case 'with_items':
      // with_items flattens one level
      return asList(raw).flatMap((x) => (Array.isArray(x) ? x : [x]));
    case 'with_list':
      if (isDict(raw)) throw new LoopError('with_list expects a list');
      return asList(raw);
    case 'with_dict':
      if (!isDict(raw)) throw new LoopError(`with_dict expects a dict, got: ${JSON.stringify(raw)}`);
      return Object.entries(raw).map(([key, value]) => ({ key: keyOf(raw, key), value }));
    case 'with_indexed_items':
      // Ansible listifies a string first; a mapping is refused
      if (isDict(raw)) throw new LoopError('with_indexed_items expects a list');
      return asList(raw)
        .flatMap((x) => (Array.isArray(x) ? x : [x]))
        .map((x, i) => [i, x]);
    default: {
      const viaLookup = lookupItems(templar, kwName.slice('with_'.length), raw);
      if (viaLookup) return viaLookup;
      throw new LoopError(
        `unsupported loop lookup '${kwName}' (use loop:, with_items, with_list, with_dict, ...)`,
      );
    }
  }
}

/** A with_<lookup>'s items; the lookup's own error is the task's message, as in Ansible. */
function lookupItems(templar: Templar, name: string, raw: unknown): unknown[] | undefined {
  try {
    return engine().loopLookup(templar, name, raw);
  } catch (e) {
    if (e instanceof FilterError) throw new LoopError(e.message);
    throw e;
  }
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** loop_control with its settings templated once (label is templated per item, by the caller) */
export function loopControl(node: Pick<Task, 'kw' | 'pos'>, templar: Templar): Record<string, unknown> {
  const raw = (node.kw.loop_control ?? {}) as Record<string, unknown>;
  const lc: Record<string, unknown> = {};
  for (const k of ['loop_var', 'index_var', 'pause', 'extended', 'extended_allitems'])
    if (raw[k] !== undefined) lc[k] = templar.template(raw[k], node.pos);
  // converted as Ansible's post_validate does: a value that is no boolean fails the task
  for (const k of ['extended', 'extended_allitems'])
    if (lc[k] === OMIT) delete lc[k];
    else if (lc[k] !== undefined) lc[k] = keywordBool(k, lc[k]);
  return lc;
}

/** Loop variables for one item, as Ansible sets them. */
export function loopVars(
  task: Task,
  items: unknown[],
  index: number,
  loopControl: Record<string, unknown>,
): Record<string, unknown> {
  const loopVar = String(loopControl.loop_var ?? 'item');
  const v: Record<string, unknown> = { [loopVar]: items[index], ansible_loop_var: loopVar };
  if (loopControl.index_var !== undefined) {
    v[String(loopControl.index_var)] = index;
    v.ansible_index_var = String(loopControl.index_var);
  }
  // ansible_loop only with `extended`; previtem/nextitem only where there is one
  if (loopControl.extended !== true) return v;
  const n = items.length;
  const loop: Record<string, unknown> = {
    index: index + 1,
    index0: index,
    first: index === 0,
    last: index === n - 1,
    length: n,
    revindex: n - index,
    revindex0: n - index - 1,
  };
  if (loopControl.extended_allitems !== false) loop.allitems = items;
  if (index < n - 1) loop.nextitem = items[index + 1];
  if (index > 0) loop.previtem = items[index - 1];
  v.ansible_loop = loop;
  void task;
  return v;
}

/**
 * An item's loop_control.label, templated once the item ran, as Ansible's _run_loop does: an
 * undefined variable fails that item (its result kept, with Ansible's message); any other error
 * fails the whole task.
 */
export function labelItem(
  t: Templar,
  raw: unknown,
  res: ModuleResult,
): { label?: unknown; res: ModuleResult } {
  if (raw === undefined) return { res };
  try {
    const label = t.template(raw);
    return { label, res: { ...res, _ansible_item_label: label } };
  } catch (e) {
    if (!(e instanceof UndefinedVariableError || e instanceof UndefinedAccess)) throw e;
    return { res: { ...res, failed: true, msg: `Failed to template loop_control.label: ${e.message}` } };
  }
}
