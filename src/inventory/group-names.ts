// Ansible's TRANSFORM_INVALID_GROUP_CHARS ([defaults] force_valid_group_names): a group name that
// is no valid variable name (`web-servers`, `1st`) is kept with a warning (never, the default),
// kept silently (ignore), or has each such character replaced by `_` with a warning (always) or
// without one (silently). Ansible applies it wherever a group is made (inventory.group.Group).
import type { Inventory } from './types.js';

export const GROUP_NAME_MODES = ['never', 'always', 'ignore', 'silently'] as const;
export type GroupNameMode = (typeof GROUP_NAME_MODES)[number];

/**
 * Python's `^[\d\W]|[^\w]` (C.INVALID_VARIABLE_NAMES): a leading digit, or any non-word
 * character. Made at its first use: V8 reads its Unicode classes when it makes it, and compiles
 * them when it first runs, together about 1.5 ms, which names in ASCII_VALID never need.
 */
let invalid: RegExp | undefined;
const INVALID = (): RegExp => (invalid ??= /^[\p{Nd}]|[^\p{L}\p{N}\p{Mn}\p{Pc}]/gu);
/** Names INVALID passes, in ASCII (every run makes the groups `all` and `ungrouped`). */
const ASCII_VALID = /^[A-Za-z_][A-Za-z0-9_]*$/;

const KEPT = 'Invalid characters were found in group names but not replaced, use -vvvv to see details';
const REPLACED =
  'Invalid characters were found in group names and automatically replaced, use -vvvv to see details';

/** The name a new group gets under the inventory's mode, with Ansible's warning (once per inventory). */
export function safeGroupName(inv: Inventory, name: string): string {
  const mode = inv.groupNameMode ?? 'never';
  if (mode === 'ignore' || ASCII_VALID.test(name) || !name.match(INVALID())) return name;
  const replace = mode === 'always' || mode === 'silently';
  const warning = mode === 'never' ? KEPT : mode === 'always' ? REPLACED : undefined;
  if (warning && !inv.warnings?.includes(warning)) inv.warnings?.push(warning);
  return replace ? name.replace(INVALID(), '_') : name;
}
