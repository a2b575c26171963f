import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';

/**
 * Jinja2 joins string literals written one after the other into one, as Python does
 * (`'a' 'b'` is 'ab'; `'''x'''` is three literals, 'x' between two empty ones, which Ansible's
 * own tests write in regexes). nunjucks reads the second literal as a syntax error.
 */

const lexer = createRequire(import.meta.url)('nunjucks/src/lexer.js');
const { Parser } = (nunjucks as any).parser;
const parsePrimary = Parser.prototype.parsePrimary as (this: any, noPostfix?: boolean) => unknown;

Parser.prototype.parsePrimary = function (this: any, noPostfix?: boolean) {
  const first = this.peekToken();
  if (first?.type !== lexer.TOKEN_STRING) return parsePrimary.call(this, noPostfix);
  this.nextToken();
  let text = String(first.value);
  while (this.peekToken()?.type === lexer.TOKEN_STRING) text += String(this.nextToken().value);
  const node = new (nunjucks as any).nodes.Literal(first.lineno, first.colno, text);
  return noPostfix ? node : this.parsePostfix(node);
};
