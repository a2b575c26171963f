import nunjucks from 'nunjucks';

/**
 * Jinja2's `{% include name [ignore missing] [with context|without context] %}`: nunjucks' parser
 * knows no context clause. A node parsed `without context` gets `withoutContext`, and the compiler
 * (compiler.ts compileInclude) renders that template with the globals only.
 */

const nj = nunjucks as any;
const { nodes } = nj;

function parseInclude(this: any): unknown {
  const tag = this.peekToken();
  if (!this.skipSymbol('include')) this.fail('parseInclude: expected include');
  const node = new nodes.Include(tag.lineno, tag.colno);
  node.template = this.parseExpression();
  if (this.skipSymbol('ignore') && this.skipSymbol('missing')) node.ignoreMissing = true;
  const context = this.parseWithContext();
  node.withoutContext = context === false;
  this.advanceAfterBlockEnd(tag.value);
  return node;
}

nj.parser.Parser.prototype.parseInclude = parseInclude;
