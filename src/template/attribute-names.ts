import nunjucks from 'nunjucks';

/**
 * `foo.true`, `foo.null`, `foo.none`: Jinja2 reads any name after a dot as an attribute, also the
 * words nunjucks' lexer turns into the literals true, false and none (a JSON object's keys often
 * are such words). The parser's postfix reading is redone here with those tokens taken as names.
 */

const nj = nunjucks as any;
const { nodes, lexer } = nj;

const NAME_TOKENS = new Set([lexer.TOKEN_SYMBOL, lexer.TOKEN_BOOLEAN, lexer.TOKEN_NONE]);

function parsePostfix(this: any, start: unknown): unknown {
  let node = start;
  let tok = this.peekToken();
  while (tok) {
    if (tok.type === lexer.TOKEN_LEFT_PAREN) {
      node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
    } else if (tok.type === lexer.TOKEN_LEFT_BRACKET) {
      const lookup = this.parseAggregate();
      if (lookup.children.length > 1) this.fail('invalid index');
      node = new nodes.LookupVal(tok.lineno, tok.colno, node, lookup.children[0]);
    } else if (tok.type === lexer.TOKEN_OPERATOR && tok.value === '.') {
      this.nextToken();
      const val = this.nextToken();
      if (!NAME_TOKENS.has(val.type))
        this.fail('expected name as lookup value, got ' + val.value, val.lineno, val.colno);
      const name = new nodes.Literal(val.lineno, val.colno, val.value);
      node = new nodes.LookupVal(tok.lineno, tok.colno, node, name);
    } else break;
    tok = this.peekToken();
  }
  return node;
}

nj.parser.Parser.prototype.parsePostfix = parsePostfix;
