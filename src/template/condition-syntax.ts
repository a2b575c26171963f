import { createRequire } from 'node:module';
import { engine } from './engine-loader.js';
import { TemplateSyntaxError } from './errors.js';

// Ansible 2.14 judges a condition (when, changed_when, failed_when, until, assert's that) as
// `{% if COND %}`, where Jinja2 parses no inline if at the top (parse_tuple(with_condexpr=False)):
// `when: "a if b else c"` fails to parse there, `when: "(a if b else c)"` holds.

const checked = new Map<string, boolean>();

/** Fails as Jinja2 does when the condition's outermost expression is an inline if. */
export function checkConditionSyntax(expr: string): void {
  let top = checked.get(expr);
  if (top === undefined) {
    top = topIsInlineIf(expr);
    checked.set(expr, top);
  }
  if (top)
    throw new TemplateSyntaxError(
      "expected token 'end of statement block', got 'if'",
      `{% if ${expr} %} True {% else %} False {% endif %}`,
      undefined,
      'a condition cannot be an inline if at its top: put it in parentheses',
    );
}

function topIsInlineIf(expr: string): boolean {
  engine(); // the parser's extensions (conditional-expr.ts and others) are loaded with it
  // required here, not imported: as the engine, nunjucks loads with the first template or condition
  const nunjucks = createRequire(import.meta.url)('nunjucks');
  try {
    const root = nunjucks.parser.parse(`{{ ${expr} }}`);
    const output = root.children.length === 1 ? root.children[0] : undefined;
    const node =
      output?.typename === 'Output' && output.children.length === 1 ? output.children[0] : undefined;
    return node?.typename === 'InlineIf';
  } catch {
    return false; // the evaluation reports what does not parse
  }
}
