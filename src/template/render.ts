import { engine } from './engine-loader.js';
import type { TemplateLoader } from './loader.js';
import { NATIVE_SLOT, nativeSource } from './native.js';
import { jinjaSource } from './newlines.js';
import { pyStr } from './python.js';
import { asTemplateError } from './render-errors.js';
import type { TemplarContext } from './runtime.js';
import { PlainUndefined, Undefined, UndefinedAccess } from './undefined.js';
import { undefinedInside } from './undefined-inside.js';

// Running the engine: a template text rendered to a string, one expression to its value.

/**
 * Renders template text as Jinja2 does: line ends read as `\n`, the last one dropped
 * (newlines.ts). `newContext` gives a render's context (without variables for an import without
 * context).
 */
export function renderJinja(
  text: string,
  expression: string,
  newContext: (withVariables?: boolean) => TemplarContext,
  loader?: TemplateLoader,
): string {
  const { compiled, env, runtime, topFrame } = engine();
  const source = jinjaSource(text, loader?.syntax?.keepTrailingNewline);
  const { root, blocks } = compiled(source, expression, loader);
  const context = newContext();
  for (const [name, block] of Object.entries(blocks)) context.addBlock(name, block);
  let out = '';
  let failure: unknown;
  const renderEnv = loader ? loader.envFor((withVars) => newContext(withVars)) : env;
  root(renderEnv, context, topFrame(), runtime, (err, res) => {
    failure = err;
    out = res ?? '';
  });
  if (failure) throw asTemplateError(failure, expression);
  return out;
}

/** The value of one expression (`{{ expr }}` alone), undefined parts refused as in Ansible. */
export function evaluateNative(expr: string, expression: string, newContext: () => TemplarContext): unknown {
  const { compiled, env, runtime, topFrame, SafeString } = engine();
  const { root } = compiled(nativeSource(expr), expression);
  const context = newContext();
  let failure: unknown;
  root(env, context, topFrame(), runtime, (err) => {
    failure = err;
  });
  if (failure) throw asTemplateError(failure, expression);
  const value = context.ctx[NATIVE_SLOT];
  // Jinja2's plain Undefined (an inline if without else) prints as nothing, and a list or dict
  // holding one as its repr, which Ansible cannot read back: text
  if (value instanceof PlainUndefined) return '';
  const inside = { plain: false };
  const undef = value instanceof Undefined ? value : undefinedInside(value, inside);
  if (undef)
    throw asTemplateError(new UndefinedAccess(undef.variable, undef.detail, undef.origin), expression);
  if (inside.plain) return pyStr(value);
  if (value instanceof SafeString) return String(value);
  return value;
}
