import { createRequire } from 'node:module';

/**
 * Comments as Jinja2 lexes them, where nunjucks' lexer differs: trim_blocks also removes the
 * newline after a comment (nunjucks: only after a block tag), and a `#}` outside a comment is
 * text (nunjucks: "unexpected end of comment").
 */

const lexer = createRequire(import.meta.url)('nunjucks/src/lexer.js');
const proto = Object.getPrototypeOf(lexer.lex(''));
const nextToken = proto.nextToken as (this: Lexer) => { type: string } | null;

interface Lexer {
  str: string;
  index: number;
  lineno: number;
  colno: number;
  tags: { COMMENT_END: string };
  trimBlocks: boolean;
  current(): string;
  forward(): void;
  isFinished(): boolean;
}

/** The text from `start` through the stray `#}` the lexer stopped at, as one data token. */
function strayCommentEnd(lx: Lexer, start: { index: number; lineno: number; colno: number }): object {
  const end = lx.index + lx.tags.COMMENT_END.length;
  const value = lx.str.slice(start.index, end);
  while (lx.index < end) lx.forward();
  return { type: lexer.TOKEN_DATA, value, lineno: start.lineno, colno: start.colno };
}

proto.nextToken = function (this: Lexer) {
  const start = { index: this.index, lineno: this.lineno, colno: this.colno };
  let tok: { type: string } | null;
  try {
    tok = nextToken.call(this);
  } catch (e) {
    if (e instanceof Error && e.message === 'unexpected end of comment') return strayCommentEnd(this, start);
    throw e;
  }
  if (tok?.type === lexer.TOKEN_COMMENT && this.trimBlocks && !this.isFinished()) {
    if (this.current() === '\n') this.forward();
    else if (this.current() === '\r') {
      this.forward();
      if (this.current() === '\n') this.forward();
    }
  }
  return tok;
};
