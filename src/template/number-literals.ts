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
  forward(): void;
}

interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

const DIGITS = '\\d+(?:_\\d+)*';
/** Jinja2's float_re and integer_re (its prefixed ints, 0x10, are left to nunjucks) */
const FLOAT = new RegExp(`${DIGITS}(?:(?:\\.${DIGITS})?[eE][-+]?${DIGITS}|\\.${DIGITS})`, 'y');
const INT = new RegExp(`${DIGITS}`, 'y');
const isDigit = (c: number) => c >= 48 && c <= 57;
/** e, E or _ right after a number nunjucks read: its exponent or digit groups, which it cuts off */
const goesOn = (c: number) => c === 101 || c === 69 || c === 95;

// nunjucks lexes first: only a number it read short (`1e16` as a name, `1.5` of `1.5e-3`, `1` of
// `1_000`) is read again from where it started, so every other token costs one type check
proto.nextToken = function (this: Lexer) {
  const tok = nextToken.call(this) as Token | null;
  // (a regex literal's value is no text)
  if (!tok || typeof tok.value !== 'string' || !isDigit(tok.value.charCodeAt(0))) return tok;
  const numeric = tok.type === lexer.TOKEN_INT || tok.type === lexer.TOKEN_FLOAT;
  if (numeric ? !goesOn(this.str.charCodeAt(this.index)) : tok.type !== lexer.TOKEN_SYMBOL) return tok;
  const start = this.index - tok.value.length;
  // `x.1e5`: an attribute after a point is nunjucks' to read
  if (this.str[start - 1] === '.') return tok;
  FLOAT.lastIndex = INT.lastIndex = start;
  const float = FLOAT.exec(this.str);
  const m = float ?? INT.exec(this.str);
  // a word that only starts with digits (`1abc`) is nunjucks' to reject
  if (!m || /[\w]/.test(this.str[start + m[0].length] ?? '')) return tok;
  this.index = start;
  this.lineno = tok.lineno;
  this.colno = tok.colno;
  for (let i = 0; i < m[0].length; i++) this.forward();
  return {
    type: float ? lexer.TOKEN_FLOAT : lexer.TOKEN_INT,
    value: m[0].replace(/_/g, ''),
    lineno: tok.lineno,
    colno: tok.colno,
  };
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
