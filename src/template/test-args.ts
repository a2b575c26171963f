import nunjucks from 'nunjucks';

/**
 * Tests as Jinja2 reads them. A test's single argument without parentheses (parse_test):
 * `x is sameas true`, `n is divisibleby 3`, `v is ansible.builtin.version '2.0', '>='` takes only
 * '2.0'. nunjucks' parser reads the test as an expression (`x is sameas [1]` subscripts the name)
 * and fails at an argument. The argument is one primary expression with its postfix
 * (`x is sameas y.z`), unless the next word is `else`, `or` or `and`; `is` there is an error.
 */

const nj = nunjucks as any;
const { nodes, lexer } = nj;

const ARGUMENT_STARTS = new Set([
  lexer.TOKEN_SYMBOL,
  lexer.TOKEN_STRING,
  lexer.TOKEN_INT,
  lexer.TOKEN_FLOAT,
  lexer.TOKEN_BOOLEAN,
  lexer.TOKEN_NONE,
  lexer.TOKEN_LEFT_BRACKET,
  lexer.TOKEN_LEFT_CURLY,
]);
const NOT_AN_ARGUMENT = new Set(['else', 'or', 'and']);

/** The test's name, dotted or not (`defined`, `ansible.builtin.match`; `none`, `true` are literals). */
function parseTestName(this: any): any {
  const tok = this.nextToken();
  if (tok?.type === lexer.TOKEN_NONE || tok?.type === lexer.TOKEN_BOOLEAN) {
    this.pushToken(tok);
    return this.parsePrimary(true);
  }
  if (tok?.type !== lexer.TOKEN_SYMBOL) this.fail('expected the name of a test', tok?.lineno, tok?.colno);
  let name: any = new nodes.Symbol(tok.lineno, tok.colno, tok.value);
  while (this.skipValue(lexer.TOKEN_OPERATOR, '.')) {
    const part = this.expect(lexer.TOKEN_SYMBOL);
    name = new nodes.LookupVal(
      part.lineno,
      part.colno,
      name,
      new nodes.Literal(part.lineno, part.colno, part.value),
    );
  }
  return name;
}

/** One `is` test on `node`, as Jinja2's parse_test reads it. */
function parseTest(this: any, node: any): unknown {
  const not = this.skipSymbol('not');
  let test = parseTestName.call(this);
  const next = this.peekToken();
  if (next?.type === lexer.TOKEN_LEFT_PAREN) {
    test = new nodes.FunCall(test.lineno, test.colno, test, this.parseSignature());
  } else if (next && ARGUMENT_STARTS.has(next.type) && !NOT_AN_ARGUMENT.has(next.value)) {
    if (next.type === lexer.TOKEN_SYMBOL && next.value === 'is')
      this.fail('You cannot chain multiple tests with is', next.lineno, next.colno);
    const arg = this.parsePrimary();
    test = new nodes.FunCall(test.lineno, test.colno, test, new nodes.NodeList(arg.lineno, arg.colno, [arg]));
  }
  const is = new nodes.Is(node.lineno, node.colno, node, test);
  return not ? new nodes.Not(node.lineno, node.colno, is) : is;
}

/**
 * Filters and tests where Jinja2 reads them (parse_filter_expr): right after an operand, one
 * after the other, so a test binds as tightly as a filter. `x is number == true` is
 * `(x is number) == true`, `1 + x is number` is `1 + (x is number)`, and `x is sameas 1 is
 * sameas true` applies the tests in turn. nunjucks reads `is` below the comparisons.
 */
function parseFilter(this: any, node: any): unknown {
  for (;;) {
    if (this.skip(lexer.TOKEN_PIPE)) {
      const name = this.parseFilterName();
      node = new nodes.Filter(
        name.lineno,
        name.colno,
        name,
        new nodes.NodeList(name.lineno, name.colno, [node, ...this.parseFilterArgs(node)]),
      );
    } else if (this.skipSymbol('is')) node = parseTest.call(this, node);
    else return node;
  }
}

nj.parser.Parser.prototype.parseFilter = parseFilter;
// `is` is read with the filters above, not between the comparisons and `in`
nj.parser.Parser.prototype.parseIs = function (this: any): unknown {
  return this.parseCompare();
};
