import { createRequire } from 'node:module';

/**
 * trim_blocks around `{% raw %}` as Jinja2 has it: the line end after `{% raw %}` is part of the
 * raw text, and the one after `{% endraw %}` is dropped like after any block tag. nunjucks does
 * the opposite (its lexer trims after the opening tag; the end tag is read by a regex that trims
 * nothing), so its parseRaw is wrapped.
 */

interface Tokenizer {
  trimBlocks: boolean;
  current(): string;
  forward(): void;
}
interface ParserLike {
  tokens: Tokenizer;
}

const { Parser } = createRequire(import.meta.url)('nunjucks/src/parser.js') as {
  Parser: { prototype: { parseRaw(this: ParserLike, tagName?: string): unknown } };
};
const parseRaw = Parser.prototype.parseRaw;

Parser.prototype.parseRaw = function (this: ParserLike, tagName?: string): unknown {
  const tokens = this.tokens;
  const trim = tokens.trimBlocks;
  tokens.trimBlocks = false;
  let node: unknown;
  try {
    node = parseRaw.call(this, tagName);
  } finally {
    tokens.trimBlocks = trim;
  }
  if (trim && tokens.current() === '\n') tokens.forward();
  return node;
};
