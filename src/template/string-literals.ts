import { createRequire } from 'node:module';
import { pyEscapeAt } from '../util/py-escapes.js';
import { rawSectionEnd } from './native.js';
import { literalNewline } from './newline-sequence.js';

/**
 * Jinja2 decodes a string literal with Python's unicode-escape: `'\n'`, `'\x41'`, `'\101'` and
 * `'\u00e9'` are decoded, and an escape Python does not know keeps its backslash (`'\S'` stays `\S`,
 * so regexes written in templates work). nunjucks' lexer drops the backslash of unknown escapes and
 * knows only \n, \t and \r: its string reader is replaced with this one.
 */

interface TokenizerLike {
  str: string;
  index: number;
  isFinished(): boolean;
  current(): string;
  forward(): void;
}

function parseString(this: TokenizerLike, delimiter: string): string {
  this.forward();
  let str = '';
  while (!this.isFinished() && this.current() !== delimiter) {
    if (this.current() === '\\') {
      this.forward();
      const esc = pyEscapeAt(this.str, this.index);
      const [text, used] = typeof esc === 'object' ? [esc.text, esc.length] : ['\\', 0];
      str += text;
      for (let i = 0; i < used; i++) this.forward();
    } else {
      // Jinja2 turns the literal's line ends into newline_sequence before it decodes escapes
      const c = this.current();
      str += c === '\n' ? (literalNewline() ?? c) : c;
      this.forward();
    }
  }
  this.forward();
  return str;
}

const lexer = createRequire(import.meta.url)('nunjucks/src/lexer.js');
Object.getPrototypeOf(lexer.lex(''))._parseString = parseString;

/**
 * Ansible's _escape_backslashes for templates written in playbooks (not template files): inside
 * `{{ }}` every backslash of a string literal is doubled before Jinja2 reads it, so the literal
 * means its text as written (`regex_replace('\d', ...)` after YAML's own escapes). `{% %}` code,
 * comments and `{% raw %}` sections are left alone.
 */
export function escapeBackslashes(src: string): string {
  if (!src.includes('\\') || !src.includes('{{')) return src;
  let out = '';
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{', i);
    if (open < 0 || open === src.length - 1) return out + src.slice(i);
    const kind = src[open + 1];
    const rawEnd = rawSectionEnd(src, open);
    if (rawEnd !== undefined) {
      out += src.slice(i, rawEnd);
      i = rawEnd;
    } else if (kind === '#' || kind === '%') {
      const close = src.indexOf(kind + '}', open + 2);
      const stop = close < 0 ? src.length : close + 2;
      out += src.slice(i, stop);
      i = stop;
    } else if (kind === '{') {
      out += src.slice(i, open + 2);
      i = escapeInExpression(src, open + 2, (text) => (out += text));
    } else {
      out += src.slice(i, open + 1);
      i = open + 1;
    }
  }
  return out;
}

/** Copies one `{{ }}` body (and its end) through `emit`, literals doubled; returns where it stopped. */
function escapeInExpression(src: string, from: number, emit: (text: string) => void): number {
  let depth = 0;
  let i = from;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      // Jinja2's string token: a backslash takes the next character with it
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      emit(src.slice(i, j + 1).replace(/\\/g, '\\\\'));
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if ((c === '}' || c === ']' || c === ')') && depth > 0) depth--;
    else if (c === '}' && src[i + 1] === '}') {
      emit('}}');
      return i + 2;
    }
    emit(c);
    i++;
  }
  return i;
}
