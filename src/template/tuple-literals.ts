import nunjucks from 'nunjucks';

/**
 * Tuple literals as Jinja2 reads them: `(1, 2)`, `(1,)` and `()` are tuples, `(1)` is 1. nunjucks
 * fails on `(1,)` and `()` and cannot tell `(1,)` from `(1)`; this parser (installed before
 * nunjucks' Jinja2 compat wraps parseAggregate) marks a Group that is a tuple, which the compiler
 * emits as `runtime.tuple([...])` (util/py-tuple.ts).
 */

const nj = nunjucks as any;
const { nodes, lexer } = nj;

const parseAggregate = nj.parser.Parser.prototype.parseAggregate;

function parseParens(this: any): unknown {
  const open = this.nextToken();
  const group = new nodes.Group(open.lineno, open.colno);
  let comma = false;
  while (!this.skip(lexer.TOKEN_RIGHT_PAREN)) {
    if (group.children.length) {
      if (!this.skip(lexer.TOKEN_COMMA))
        this.fail('parseAggregate: expected comma after expression', open.lineno, open.colno);
      comma = true;
      if (this.skip(lexer.TOKEN_RIGHT_PAREN)) break;
    }
    group.addChild(this.parseExpression());
  }
  group.isTuple = comma || group.children.length !== 1;
  return group;
}

nj.parser.Parser.prototype.parseAggregate = function (this: any): unknown {
  if (this.peekToken().type === lexer.TOKEN_LEFT_PAREN) return parseParens.call(this);
  return parseAggregate.call(this);
};
