import { Templar, UnsafeText, revealDeep } from '../../template/index.js';
import { NativeText, handsTextOn, nativeTracked } from '../../template/native-text.js';
import { STORED_FORM } from '../types.js';
import { jinja2Native, nativeValue } from '../../template/native.js';
import { TemplateRuntimeError, UndefinedVariableError } from '../../template/errors.js';
import { UndefinedAccess } from '../../template/undefined.js';
import { undefinedMessage } from '../../template/undefined-message.js';
import { defineModule } from '../lib/args.js';
import { floatRepr, isBoxedFloat, unboxFloat } from '../../util/py-float.js';

/** A filter's own error is the whole message, as in Ansible; other errors keep fabplay's words. */
const filterOwnMessage = (e: unknown): string =>
  e instanceof TemplateRuntimeError && e.byFilter === 'error' ? e.detail : (e as Error).message;

/**
 * Ansible's debug marks what it prints to be shown without -v; a debug that failed (a template
 * error, a filter's error) has no mark, so its failure prints as any other.
 */
const SHOWN = { _ansible_verbose_always: true } as const;

/**
 * Ansible's debug sets `failed` last, over a variable named failed (`var: failed` shows the
 * variable's value under that key, then false replaces it); changed and skipped it leaves as the
 * variable gave them, so a truthy one marks the task changed or skipped.
 */
const NOT_FAILED = { failed: false } as const;

/** `var: x`, a variable's name alone (Ansible's templar looks such a name up without Jinja2) */
const BARE_NAME = /^\s*(\w*)\s*$/;

/**
 * A number as Ansible's (non-native) templating gives it back: as text, unless the expression
 * is a variable's name alone and the variable holds the number itself (not a template giving it),
 * which the templar hands back as it is.
 */
function numberAsTemplated(expr: string, value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value !== 'number' && !isBoxedFloat(value)) return value;
  const name = BARE_NAME.exec(expr)?.[1];
  const held = name ? vars[name] : undefined;
  if (typeof held === 'number' || isBoxedFloat(held)) return value;
  const n = unboxFloat(value);
  return Number.isInteger(n) && !isBoxedFloat(value) ? String(n) : floatRepr(n);
}

/** Prints a message or a variable's value (the output layer shows `msg` / the var). */
export const debug = defineModule({
  name: 'debug',
  args: {
    msg: { type: 'any' },
    // an expression: a string, or an UnsafeText when rendered from host data (never evaluated
    // then, see keepsUnsafe), which a JSON schema cannot name
    var: { type: 'any' },
    verbosity: { type: 'integer', default: 0, pythonInt: true },
  },
  supportsCheck: true,
  supportsDiff: false,
  // msg in stored form: whether its text is Ansible's NativeJinjaText, which a register keeps
  keepsUnsafe: ['var', 'msg'],
  async run(ctx, args) {
    // Ansible's debug action fails the task for both, before it looks at anything else
    if (args.msg !== undefined && args.var !== undefined)
      return { failed: true, msg: "'msg' and 'var' are incompatible options" };
    const level = Number(ctx.vars.ansible_verbosity ?? 0);
    if (args.verbosity > level)
      return { changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.', ...NOT_FAILED };
    if (args.var instanceof UnsafeText)
      // Ansible: an unsafe text templates to itself, which debug reports as not defined
      return { changed: false, [args.var.text]: 'VARIABLE IS NOT DEFINED!', ...SHOWN, ...NOT_FAILED };
    if (args.var !== undefined) {
      let value: unknown;
      let native = false;
      try {
        const templar = new Templar(ctx.vars, { searchPaths: ctx.searchPaths });
        const { value: v, read } = nativeTracked(() => templar.evaluate(String(args.var)));
        value = v;
        // a native text it gives as it read it (`d | to_json`) is registered as one
        native = typeof v === 'string' && read.has(v) && handsTextOn(String(args.var));
        if (value === undefined) value = 'VARIABLE IS NOT DEFINED!';
        // jinja2_native: text that is a Python literal shows as its value
        else if (jinja2Native()) value = nativeValue(value);
        else value = numberAsTemplated(String(args.var), value, ctx.vars);
      } catch (e) {
        // Ansible: only an undefined variable shows as not defined; a filter's or a syntax error
        // fails the task
        if (!(e instanceof UndefinedVariableError || e instanceof UndefinedAccess))
          return { changed: false, failed: true, msg: filterOwnMessage(e) };
        value = notDefined(e, level);
      }
      return {
        changed: false,
        [String(args.var)]: value,
        ...SHOWN,
        ...NOT_FAILED,
        ...(native ? { [STORED_FORM]: { [String(args.var)]: new NativeText(value as string) } } : {}),
      };
    }
    const msg = args.msg === undefined ? 'Hello world!' : revealDeep(args.msg);
    return {
      changed: false,
      msg: msg as string,
      ...SHOWN,
      ...NOT_FAILED,
      // a register keeps its native texts (Ansible's NativeJinjaText), a list's or dict's too
      ...(holdsNativeText(args.msg) ? { [STORED_FORM]: { msg: args.msg } } : {}),
    };
  },
});

/** Whether a value in stored form holds a native text (native-text.ts), at any depth. */
function holdsNativeText(v: unknown, depth = 0): boolean {
  if (v instanceof NativeText) return true;
  if (v instanceof UnsafeText) return v.native;
  if (depth > 32 || typeof v !== 'object' || v === null) return false;
  const items = Array.isArray(v) ? v : Object.getPrototypeOf(v) === Object.prototype ? Object.values(v) : [];
  return items.some((x) => holdsNativeText(x, depth + 1));
}

/**
 * Ansible's words for a var that is not defined; from -v on, its AnsibleUndefinedVariable's text
 * after them, Jinja2's message twice (the error's own, then the one it was raised from).
 */
function notDefined(e: UndefinedVariableError | UndefinedAccess, verbosity: number): string {
  if (verbosity < 1) return 'VARIABLE IS NOT DEFINED!';
  const said = e.origin ? undefinedMessage(e.origin) : e.detail;
  return `VARIABLE IS NOT DEFINED!: ${said}. ${said}`;
}
