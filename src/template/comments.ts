import { createRequire } from 'node:module';

/**
 * Jinja2's trim_blocks also removes the newline after a comment (`{# ... #}`); nunjucks' lexer
 * only does it after a block tag. The lexer is patched here to do the same after a comment.
 */

const lexer = createRequire(import.meta.url)('nunjucks/src/lexer.js');
const proto = Object.getPrototypeOf(lexer.lex(''));
const nextToken = proto.nextToken as (this: Lexer) => { type: string } | null;

interface Lexer {
  trimBlocks: boolean;
  current(): string;
  forward(): void;
  isFinished(): boolean;
}

proto.nextToken = function (this: Lexer) {
  const tok = nextToken.call(this);
  if (tok?.type === lexer.TOKEN_COMMENT && this.trimBlocks && !this.isFinished()) {
    if (this.current() === '\n') this.forward();
    else if (this.current() === '\r') {
      this.forward();
      if (this.current() === '\n') this.forward();
    }
  }
  return tok;
};
