import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import { PyFloat } from '../util/py-float.js';

/**
 * Number literals as Jinja2 reads them: `1e16`, `1.5e-3` and `1_000` are numbers (nunjucks' lexer
 * reads `1e16` as a name), and a literal with a point or an exponent is a float even when it is
 * whole (`{{ 1.0 }}` prints '1.0'): such a literal parses to a PyFloat, which the compiler emits
 * as `runtime.float(n)`.
 */

const lexer = createRequire(import.meta.url)('nunjucks/src/lexer.js');
const proto = Object.getPrototypeOf(lexer.lex(''));
const nextToken = proto.nextToken as (this: Lexer) => unknown;

interface Lexer {
  str: string;
  index: number;
  lineno: number;
  colno: number;
  in_code: boolean;
  forward(): void;
}

const DIGITS = '\\d+(?:_\\d+)*';
/** Jinja2's float_re and integer_re (its prefixed ints, 0x10, are left to nunjucks) */
const FLOAT = new RegExp(`${DIGITS}(?:(?:\\.${DIGITS})?[eE][-+]?${DIGITS}|\\.${DIGITS})`, 'y');
const INT = new RegExp(`${DIGITS}`, 'y');

proto.nextToken = function (this: Lexer) {
  const c = this.str[this.index];
  if (!this.in_code || c === undefined || c < '0' || c > '9' || this.str[this.index - 1] === '.')
    return nextToken.call(this);
  FLOAT.lastIndex = INT.lastIndex = this.index;
  const float = FLOAT.exec(this.str);
  const m = float ?? INT.exec(this.str);
  // a word that only starts with digits (`1abc`) is nunjucks' to reject
  if (!m || /[\w]/.test(this.str[this.index + m[0].length] ?? '')) return nextToken.call(this);
  const tok = {
    type: float ? lexer.TOKEN_FLOAT : lexer.TOKEN_INT,
    value: m[0].replace(/_/g, ''),
    lineno: this.lineno,
    colno: this.colno,
  };
  for (let i = 0; i < m[0].length; i++) this.forward();
  return tok;
};

const { Parser } = (nunjucks as any).parser;
const parsePrimary = Parser.prototype.parsePrimary as (this: any, noPostfix?: boolean) => unknown;

Parser.prototype.parsePrimary = function (this: any, noPostfix?: boolean) {
  const tok = this.peekToken();
  if (tok?.type !== lexer.TOKEN_FLOAT) return parsePrimary.call(this, noPostfix);
  this.nextToken();
  const n = Number(tok.value);
  // a float that is not whole is a plain number; a whole one is boxed to stay a float
  const node = new (nunjucks as any).nodes.Literal(
    tok.lineno,
    tok.colno,
    Number.isInteger(n) ? new PyFloat(n) : n,
  );
  return noPostfix ? node : this.parsePostfix(node);
};
