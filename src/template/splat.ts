import nunjucks from 'nunjucks';

/**
 * Python's `*args` and `**kwargs` in a call (`lookup('list', *phrases)`, `f(**opts)`), which
 * Jinja2 accepts and nunjucks' parser does not. The parser's argument list is re-read here with
 * the two forms added; the compiler (compiler.ts) turns them into JavaScript spreads.
 */

const nj = nunjucks as any;
const { nodes, lexer } = nj;

/** `*expr` among the positional arguments */
export const Splat = nodes.Node.extend('Splat', { fields: ['target'] });
/** `**expr` among the keyword arguments */
export const KwSplat = nodes.Node.extend('KwSplat', { fields: ['target'] });

function parseSignature(this: any, tolerant?: boolean, noParens?: boolean): unknown {
  let tok = this.peekToken();
  if (!noParens && tok.type !== lexer.TOKEN_LEFT_PAREN) {
    if (tolerant) return null;
    this.fail('expected arguments', tok.lineno, tok.colno);
  }
  if (tok.type === lexer.TOKEN_LEFT_PAREN) tok = this.nextToken();
  const args = new nodes.NodeList(tok.lineno, tok.colno);
  const kwargs = new nodes.KeywordArgs(tok.lineno, tok.colno);
  let checkComma = false;
  let splat = false;
  let kwSplat = false;
  // Jinja2's order: positional, then keywords and one `*x`, then one `**x`
  const ensure = (ok: boolean, at: any): void => {
    if (!ok) this.fail('invalid syntax for function call expression', at.lineno, at.colno);
  };
  for (;;) {
    tok = this.peekToken();
    if (!noParens && tok.type === lexer.TOKEN_RIGHT_PAREN) {
      this.nextToken();
      break;
    }
    if (noParens && tok.type === lexer.TOKEN_BLOCK_END) break;
    if (checkComma && !this.skip(lexer.TOKEN_COMMA))
      this.fail('parseSignature: expected comma after expression', tok.lineno, tok.colno);
    // a trailing comma: `f(a, )`
    if (checkComma && !noParens && this.peekToken().type === lexer.TOKEN_RIGHT_PAREN) continue;
    tok = this.peekToken();
    if (this.skipValue(lexer.TOKEN_OPERATOR, '**')) {
      ensure(!kwSplat, tok);
      kwSplat = true;
      kwargs.addChild(new KwSplat(tok.lineno, tok.colno, this.parseExpression()));
    } else if (this.skipValue(lexer.TOKEN_OPERATOR, '*')) {
      ensure(!splat && !kwSplat, tok);
      splat = true;
      args.addChild(new Splat(tok.lineno, tok.colno, this.parseExpression()));
    } else {
      const arg = this.parseExpression();
      if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) {
        ensure(!kwSplat, tok);
        kwargs.addChild(new nodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
      } else {
        ensure(!splat && !kwSplat && kwargs.children.length === 0, tok);
        args.addChild(arg);
      }
    }
    checkComma = true;
  }
  if (kwargs.children.length) args.addChild(kwargs);
  return args;
}

nj.parser.Parser.prototype.parseSignature = parseSignature;
