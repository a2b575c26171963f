import nunjucks from 'nunjucks';
import { compileTemplate, templateCode, type CompiledTemplate } from './compiler.js';
import { env, known } from './env.js';
import { TemplateSyntaxError, copyLine } from './errors.js';
import { NATIVE_SLOT } from './native.js';
import type { TemplateLoader } from './loader.js';

/**
 * What rendering needs: nunjucks, the compiler, every filter, test, global and lookup. Templar
 * (index.ts) loads this file at its first render, so a run whose strings hold no template (or
 * `fabplay --version`) never compiles the half of fabplay that is the template engine.
 */

export { env, globals } from './env.js';
export { TemplarContext, runtime } from './runtime.js';
export { TemplateLoader } from './loader.js';
export { loopLookup } from './lookups.js';
export { escapeBackslashes } from './string-literals.js';
export { compileTemplate } from './compiler.js';

const nj = nunjucks as unknown as {
  runtime: { Frame: new () => { topLevel: boolean }; SafeString: new () => object };
};
export const SafeString = nj.runtime.SafeString;

export function topFrame(): { topLevel: boolean } {
  const f = new nj.runtime.Frame();
  f.topLevel = true; // top-level {% set %} writes to the context, where runNative reads it
  return f;
}

export function compiled(src: string, expression: string, loader?: TemplateLoader): CompiledTemplate {
  return asWritten(() => compileTemplate(src, env, known, loader?.syntax), src, expression);
}

/** Whether a template text parses (the preflight): its code is kept for its first render. */
export function checkSyntax(src: string, expression: string): void {
  asWritten(() => templateCode(src, env, known), src, expression);
}

/** `compile()`, with a syntax error shown for the expression as the user wrote it. */
function asWritten<T>(compile: () => T, src: string, expression: string): T {
  try {
    return compile();
  } catch (e) {
    if (e instanceof TemplateSyntaxError && e.expression !== expression) {
      // a lone expression is compiled wrapped in {% set %}: report the error of the text as written
      let detail = e.detail;
      if (src.startsWith('{% set ' + NATIVE_SLOT) && expression !== src) {
        try {
          templateCode(expression, env, known);
        } catch (e2) {
          if (e2 instanceof TemplateSyntaxError) detail = e2.detail;
        }
      }
      const err = new TemplateSyntaxError(detail, expression, undefined, e.hint);
      copyLine(e, err);
      throw err;
    }
    throw e;
  }
}
