import nunjucks from 'nunjucks';

/**
 * Jinja2's conditional expression (parse_condexpr): the `else` part is itself one, so
 * `'a' if x == 1 else 'b' if x == 2 else 'c'` chains, and `a if b if c` nests. nunjucks reads
 * only an `or` expression after `else` and stops at the second `if` with a syntax error.
 */

const { Parser } = (nunjucks as any).parser;
const { InlineIf } = (nunjucks as any).nodes;

Parser.prototype.parseInlineIf = function (this: any): unknown {
  let node = this.parseOr();
  while (this.skipSymbol('if')) {
    const cond = this.parseOr();
    const body = node;
    node = new InlineIf(body.lineno, body.colno);
    node.body = body;
    node.cond = cond;
    node.else_ = this.skipSymbol('else') ? this.parseInlineIf() : null;
  }
  return node;
};
