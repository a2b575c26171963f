import { concatValue, expressionValue, keepsNativeText, keepsText } from './eval-concat.js';
import { handsTextOn, nativeTracked } from './native-text.js';
import { engine } from './engine-loader.js';
import { jinja2Native, nativeValue, singleExpression } from './native.js';
import { jinjaSource, restoreTrailingNewlines } from './newlines.js';
import { isPlainObject, pyStr } from './python.js';
import { isBoxedFloat } from '../util/py-float.js';
import { isTuple } from '../util/py-tuple.js';
import { markUnsafe, tracked } from './unsafe.js';

// What one templated string gives: Ansible's choice between an expression's native value, the
// rendered text, and text read back as a literal (its concat and jinja2_native rules).

/** What a string's render needs from its Templar. */
export interface StringRenderer {
  /** one expression's value */
  runNative(expr: string, written: string): unknown;
  /** template text rendered to a string */
  renderSource(text: string, written: string): string;
  /** whether a variable of that name is set (not a global, not undefined) */
  hasVar(name: string): boolean;
}

/**
 * A rendered string, and whether its result is a text Ansible keeps as NativeJinjaText
 * (native-text.ts): one expression whose last step is a string filter, or that gives a native
 * text it read. What a render built from unsafe parts is marked (a container) or noted.
 */
export function renderMarked(written: string, by: StringRenderer): { value: unknown; native: boolean } {
  let native = false;
  // one expression's value, and whether it is native text
  const evaluate = (expr: string, keeps: (e: string) => boolean): unknown => {
    const { value: v, read } = nativeTracked(() => by.runNative(expr, written));
    native = typeof v === 'string' && (keeps(expr) || (read.has(v) && handsTextOn(expr)));
    return v;
  };
  const { value, unsafe } = tracked(() => {
    const s = engine().escapeBackslashes(written);
    const expr = singleExpression(s);
    // Ansible gives a text back the newlines `written` ended with that Jinja2 dropped
    const restored = (v: unknown): unknown =>
      typeof v === 'string' ? restoreTrailingNewlines(v, written) : v;
    // jinja2_native: whatever the template gives, a Python literal in text becomes its value,
    // except the text of a string filter (to_json ...: Ansible's NativeJinjaText)
    if (jinja2Native()) {
      if (expr === undefined) return restored(nativeValue(by.renderSource(s, written)));
      const v = evaluate(expr, keepsNativeText);
      return native ? v : nativeValue(v);
    }
    if (expr !== undefined) {
      const v = evaluate(expr, keepsText);
      if (native) return v;
      // Ansible's shortcut for `{{ name }}` of a variable that holds a number or None: its value
      const bare = /^\{\{\s*(\w*)\s*\}\}$/.exec(written)?.[1];
      if (bare !== undefined && by.hasVar(bare) && (v === null || typeof v === 'number' || isBoxedFloat(v)))
        return v;
      return expressionValue(v, expr);
    }
    // `{{ expr }}` and trailing blanks (a `>` block's newline): Ansible's concat renders the text
    // and literal_evals what starts with [ or {, which gives the list or dict back
    const head = s.trimEnd();
    const lone = head !== s ? singleExpression(head) : undefined;
    if (lone === undefined) return restored(concatValue(by.renderSource(s, written)));
    const v = evaluate(lone, keepsText);
    const nativeText = native;
    native = false; // what is added to it is new text
    if ((Array.isArray(v) && !isTuple(v)) || isPlainObject(v)) return v;
    // Jinja2 drops one newline at the end: `{{ x }}\n` is one part (a native text stays text,
    // other text reads back); anything more is a concatenation, whose text reads back
    const tail = jinjaSource(s.slice(head.length));
    const text = (v === null ? '' : pyStr(v)) + tail;
    return restored(tail === '' && nativeText ? text : concatValue(text));
  });
  return { value: unsafe ? markUnsafe(value) : value, native };
}
