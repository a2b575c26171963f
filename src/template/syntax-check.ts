import { TemplateSyntaxError } from './errors.js';
import { engine } from './engine-loader.js';
import { isTemplate, nativeSource, singleExpression } from './native.js';

/**
 * Whether template text parses (syntax, known filters and tests), without rendering it: the
 * error a render would throw, or undefined. For the preflight, which knows no variables yet.
 */
export function templateSyntaxError(text: string): TemplateSyntaxError | undefined {
  if (!isTemplate(text)) return undefined;
  try {
    const expr = singleExpression(text);
    engine().checkSyntax(expr !== undefined ? nativeSource(expr) : text, text);
    return undefined;
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return e;
    throw e;
  }
}

/** Whether a bare expression (`when:`, `until:`) parses, as Templar.evaluate compiles it. */
export function expressionSyntaxError(expr: string): TemplateSyntaxError | undefined {
  const text = expr.trim();
  if (!text) return undefined;
  if (isTemplate(text)) return templateSyntaxError(text);
  try {
    engine().checkSyntax(nativeSource(text), expr);
    return undefined;
  } catch (e) {
    if (!(e instanceof TemplateSyntaxError)) throw e;
    // the detail of the expression as written, not of the {% set %} it is wrapped in to run
    return templateSyntaxError(`{{ ${text} }}`) ?? e;
  }
}
