import nunjucks from 'nunjucks';

/**
 * Dict literals as Jinja2 reads them: a key is any expression (`{item.key: item.value}`,
 * `{'a' ~ k: 1}`, `{1: 'a'}`), and a bare name is the variable's value (`combine({item: x})`
 * keys on the item), where nunjucks takes only a name or a string and reads the name as text.
 * The parser (installed before nunjucks' Jinja2 compat wraps parseAggregate) builds an ExprKeyPair
 * per entry, which the compiler emits as `runtime.dictLiteral([[key, value], ...])` (dict-keys.ts).
 */

const nj = nunjucks as any;
const { nodes, lexer } = nj;

/** a `key: value` entry of a dict literal; keyword arguments keep nunjucks' Pair (names are text) */
export const ExprKeyPair = nodes.Pair.extend('ExprKeyPair');

const parseAggregate = nj.parser.Parser.prototype.parseAggregate;

function parseDict(this: any): unknown {
  const open = this.nextToken();
  const dict = new nodes.Dict(open.lineno, open.colno);
  for (;;) {
    if (this.skip(lexer.TOKEN_RIGHT_CURLY)) break;
    if (dict.children.length) {
      if (!this.skip(lexer.TOKEN_COMMA))
        this.fail('parseAggregate: expected comma after expression', open.lineno, open.colno);
      // Jinja2 takes a trailing comma: `{'a': 1,}`
      if (this.skip(lexer.TOKEN_RIGHT_CURLY)) break;
    }
    const key = this.parseExpression();
    if (!this.skip(lexer.TOKEN_COLON))
      this.fail('parseAggregate: expected colon after dict key', open.lineno, open.colno);
    dict.addChild(new ExprKeyPair(key.lineno, key.colno, key, this.parseExpression()));
  }
  return dict;
}

nj.parser.Parser.prototype.parseAggregate = function (this: any): unknown {
  if (this.peekToken().type === lexer.TOKEN_LEFT_CURLY) return parseDict.call(this);
  return parseAggregate.call(this);
};
