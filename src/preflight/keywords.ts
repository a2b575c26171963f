import { loopKeys } from '../playbook/keywords.js';
import type { SourcePos } from '../errors.js';
import { DEBUGGER_VALUES } from '../playbook/debugger-keyword.js';
import { boolOf } from '../util/ansible-bool.js';
import { isTemplated } from '../playbook/load-context.js';
import { posOf } from '../yaml/load.js';
import { CONDITION_KEYWORDS, checkCondition, checkTemplates } from './expressions.js';
import type { Problems } from './problems.js';
import { isBoxedFloat } from '../util/py-float.js';

/**
 * Keyword values Ansible rejects at load (duplicate loops, bad variable names) or for certain
 * when the task runs (a boolean keyword that is not a boolean, retries that are not a number),
 * and the syntax of every expression a keyword holds.
 */

const BOOL_KEYWORDS = [
  'become',
  'ignore_errors',
  'ignore_unreachable',
  'no_log',
  'check_mode',
  'diff',
  'run_once',
  'any_errors_fatal',
  'gather_facts',
  'force_handlers',
  'delegate_facts',
];
const LOOP_CONTROL_BOOLS = ['extended', 'extended_allitems'];
const INT_KEYWORDS = ['retries', 'delay', 'timeout', 'throttle'];

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

/** Python's str.isidentifier() and not a keyword: Ansible's test for a variable name. */
export function isVariableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PY_KEYWORDS.has(name);
}

const NAME_HINT = 'a variable name starts with a letter or _ and holds only letters, digits and _';

/** The names of a vars mapping (play, block, task or role vars). */
export function checkVarNames(vars: unknown, where: SourcePos, what: string, out: Problems): void {
  if (!vars || typeof vars !== 'object' || Array.isArray(vars)) return;
  for (const k of Object.keys(vars))
    if (!isVariableName(k))
      out.loadError(
        posOf(vars, k) ?? where,
        `invalid variable name in vars specified for ${what}: '${k}' is not a valid variable name`,
        NAME_HINT,
      );
}

/** The literal values of these keys that are no boolean (a template is checked when it runs). */
function checkBooleans(
  kw: Record<string, unknown>,
  names: readonly string[],
  at: (k: string) => SourcePos,
  what: string,
  out: Problems,
): void {
  for (const k of names) {
    const v = kw[k];
    if (v === undefined || v === null || typeof v === 'boolean' || isTemplated(v)) continue;
    if (boolOf(v) === undefined)
      out.error(
        at(k),
        `${what}: '${k}' is ${JSON.stringify(v)}, not a boolean`,
        'write true or false (Ansible also reads yes/no, on/off, y/n, t/f and 1/0)',
      );
  }
}

/** Checks the keywords of a play, block or task; `kw` keeps the positions of its keys. */
export function checkKeywords(
  kw: Record<string, unknown>,
  where: SourcePos,
  what: string,
  out: Problems,
  /** keywords the caller checks itself */
  skip: readonly string[] = [],
): void {
  const at = (k: string): SourcePos => posOf(kw, k) ?? where;
  checkBooleans(kw, BOOL_KEYWORDS, at, what, out);
  // loop_control's switches are converted as the task's own keywords are
  const lc = kw.loop_control;
  if (lc && typeof lc === 'object' && !Array.isArray(lc))
    checkBooleans(
      lc as Record<string, unknown>,
      LOOP_CONTROL_BOOLS,
      (k) => posOf(lc, k) ?? at('loop_control'),
      `${what}: loop_control`,
      out,
    );
  for (const k of INT_KEYWORDS) {
    const v = kw[k];
    if (v === undefined || v === null || isTemplated(v)) continue;
    // a whole float (`retries: 3.0`) counts as its number, as the keyword's int() takes it
    const ok =
      typeof v === 'number' || isBoxedFloat(v) || (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v));
    if (!ok)
      out.error(
        at(k),
        `${what}: '${k}' is ${JSON.stringify(v)}, not a whole number`,
        `write a number, as in ${k}: 3`,
      );
  }
  checkDebuggerKeyword(kw.debugger, at('debugger'), what, out);
  const loops = loopKeys(kw);
  if (loops.length > 1)
    out.loadError(
      at(loops[1]!),
      `${what}: duplicate loop (${loops.map((l) => `'${l}'`).join(' and ')}); a task has one loop`,
      `keep one: write the items under 'loop:'`,
    );
  for (const k of CONDITION_KEYWORDS) if (k in kw && !skip.includes(k)) checkCondition(kw[k], at(k), k, out);
  if (typeof kw.register === 'string' && !isTemplated(kw.register) && !isVariableName(kw.register))
    out.loadError(
      at('register'),
      `${what}: invalid variable name in 'register': '${kw.register}'`,
      NAME_HINT,
    );
  checkVarNames(kw.vars, at('vars'), what, out);
  for (const [k, v] of Object.entries(kw))
    if (!(CONDITION_KEYWORDS as readonly string[]).includes(k) && k !== 'vars')
      checkTemplates(v, at(k), `${what}: ${k}`, out);
  const vars = kw.vars;
  if (vars && typeof vars === 'object')
    for (const [k, v] of Object.entries(vars))
      checkTemplates(v, posOf(vars, k) ?? at('vars'), `${what}: vars ${k}`, out);
}

/** A value Ansible refuses fails the task there; any other says it starts no debugger here. */
function checkDebuggerKeyword(v: unknown, pos: SourcePos, what: string, out: Problems): void {
  if (v === undefined || v === null || v === 'never' || isTemplated(v)) return;
  if (!DEBUGGER_VALUES.includes(v as string))
    out.error(
      pos,
      `${what}: 'debugger' is ${JSON.stringify(v)}, not one of ${DEBUGGER_VALUES.join(', ')}`,
      'Ansible fails the task with such a value',
    );
  else
    out.warn(
      pos,
      `${what}: 'debugger: ${String(v)}' starts no debugger: fabplay runs unattended`,
      'the task runs as without it; remove the keyword to quiet this',
    );
}
