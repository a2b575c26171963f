// Python's ast.literal_eval, as Ansible's INI inventory applies it to every value (and jinja2_native
// to a template's output): `1` -> 1, `True` -> true, `"a b"` -> 'a b', `[1, 'x']` -> list.

import { pyEscapeAt } from './py-escapes.js';
import { PyFloat, isBoxedFloat, pyFloat } from './py-float.js';
import { keyText, putKey } from './py-dict-keys.js';
import { pyTuple } from './py-tuple.js';

class NotLiteral extends Error {}

/**
 * The value Ansible's INI plugin makes of `text` (ast.literal_eval, or the text itself); a tuple
 * reaches the host's variables as a list (`t=(1,2)` is [1, 2] there).
 */
export function iniValue(text: string): unknown {
  const r = literalEval(text.replace(/^[ \t]+/, ''), false, false);
  return r ? r.value : text;
}

/**
 * ast.literal_eval(ast.parse(text)): the literal's value, or undefined when text is no literal.
 * `jsonNames`: true, false and null count as True, False and None (Ansible's Json2Python pass).
 * `tuples`: `(1, 2)` is a tuple (util/py-tuple.ts); else a list.
 */
export function literalEval(text: string, jsonNames = false, tuples = true): { value: unknown } | undefined {
  // ast.parse refuses an indented expression
  if (/^[ \t]/.test(text)) return undefined;
  try {
    return { value: new LiteralParser(text, jsonNames, tuples).parseTop() };
  } catch (e) {
    if (e instanceof NotLiteral) return undefined;
    throw e;
  }
}

const JSON_NAMES: Record<string, unknown> = { true: true, false: false, null: null };

class LiteralParser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly jsonNames = false,
    private readonly tuples = true,
  ) {}

  private tuple(items: unknown[]): unknown[] {
    return this.tuples ? pyTuple(items) : items;
  }

  parseTop(): unknown {
    this.skip();
    if (this.i >= this.s.length) throw new NotLiteral();
    const first = this.parseExpr();
    this.skip();
    let value: unknown = first;
    // a bare `1, 2` is a tuple
    if (this.peek() === ',') {
      const items = [first];
      while (this.peek() === ',') {
        this.i++;
        this.skip();
        if (this.i >= this.s.length) break;
        items.push(this.parseExpr());
        this.skip();
      }
      value = this.tuple(items);
    }
    if (this.i < this.s.length) throw new NotLiteral();
    return value;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  /** whitespace and a trailing comment */
  private skip(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      // newlines: a template's output may end with one (Python's parser allows it there)
      if (c === ' ' || c === '\t' || c === '\f' || c === '\n' || c === '\r') this.i++;
      else if (c === '#') this.i = this.s.length;
      else break;
    }
  }

  private expect(c: string): void {
    this.skip();
    if (this.peek() !== c) throw new NotLiteral();
    this.i++;
  }

  private parseExpr(): unknown {
    this.skip();
    const c = this.peek();
    if (c === undefined) throw new NotLiteral();
    if (c === '-' || c === '+') {
      this.i++;
      this.skip();
      const n = this.parseNumber();
      return c === '-' ? (isBoxedFloat(n) ? new PyFloat(-n.value) : -n) : n;
    }
    if (c === '[') return this.parseSeq('[', ']');
    if (c === '(') return this.parseParen();
    if (c === '{') return this.parseDict();
    if (/[0-9.]/.test(c)) return this.parseNumber();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i))?.[0];
    if (word !== undefined) {
      const next = this.s[this.i + word.length];
      if ((next === "'" || next === '"') && /^(r|u|b|br|rb)$/i.test(word)) return this.parseStrings();
      this.i += word.length;
      if (word === 'True') return true;
      if (word === 'False') return false;
      if (word === 'None') return null;
      if (this.jsonNames && word in JSON_NAMES) return JSON_NAMES[word];
      throw new NotLiteral();
    }
    if (c === "'" || c === '"') return this.parseStrings();
    throw new NotLiteral();
  }

  private parseNumber(): number | PyFloat {
    const rest = this.s.slice(this.i);
    const d = '[0-9](?:_?[0-9])*';
    const patterns = [
      /^0[xX](?:_?[0-9a-fA-F])+/,
      /^0[oO](?:_?[0-7])+/,
      /^0[bB](?:_?[01])+/,
      new RegExp(`^(?:(?:${d})?\\.${d}|${d}\\.?)(?:[eE][+-]?${d})`),
      new RegExp(`^(?:(?:${d})?\\.${d}|${d}\\.)`),
      /^(?:[1-9](?:_?[0-9])*|0(?:_?0)*)/,
    ];
    for (const re of patterns) {
      const m = re.exec(rest);
      if (!m) continue;
      const text = m[0].replace(/_/g, '');
      const after = rest[m[0].length];
      // `1j` (complex), `01` (not Python 3) and `1abc` are no literals we keep
      if (after !== undefined && /[A-Za-z0-9_.]/.test(after)) throw new NotLiteral();
      this.i += m[0].length;
      if (/^0[xob]/i.test(text)) return Number(text.toLowerCase());
      // a point or an exponent makes a float, whole or not
      return /[.eE]/.test(text) ? pyFloat(Number(text)) : Number(text);
    }
    throw new NotLiteral();
  }

  private parseSeq(open: string, close: string): unknown[] {
    this.expect(open);
    const items: unknown[] = [];
    for (;;) {
      this.skip();
      if (this.peek() === close) {
        this.i++;
        return items;
      }
      items.push(this.parseExpr());
      this.skip();
      if (this.peek() === ',') this.i++;
      else if (this.peek() !== close) throw new NotLiteral();
    }
  }

  /** `(1)` is 1, `()`, `(1,)` and `(1, 2)` are tuples (lists to JSON) */
  private parseParen(): unknown {
    this.expect('(');
    this.skip();
    if (this.peek() === ')') {
      this.i++;
      return this.tuple([]);
    }
    const first = this.parseExpr();
    this.skip();
    if (this.peek() === ')') {
      this.i++;
      return first;
    }
    const items = [first];
    while (this.peek() === ',') {
      this.i++;
      this.skip();
      if (this.peek() === ')') break;
      items.push(this.parseExpr());
      this.skip();
    }
    this.expect(')');
    return this.tuple(items);
  }

  private parseDict(): Record<string, unknown> {
    this.expect('{');
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skip();
      if (this.peek() === '}') {
        this.i++;
        return out;
      }
      const key = this.parseExpr();
      // sets ({1, 2}) have no JSON form; keep the text
      this.expect(':');
      const value = this.parseExpr();
      if (keyText(key) === undefined) throw new NotLiteral();
      putKey(out, key, value);
      this.skip();
      if (this.peek() === ',') this.i++;
      else if (this.peek() !== '}') throw new NotLiteral();
    }
  }

  /** one or more adjacent string literals, concatenated */
  private parseStrings(): string {
    let out = '';
    let any = false;
    for (;;) {
      this.skip();
      const m = /^(r|u|b|br|rb)?('''|"""|'|")/i.exec(this.s.slice(this.i));
      if (!m) break;
      any = true;
      const raw = (m[1] ?? '').toLowerCase().includes('r');
      const q = m[2]!;
      this.i += m[0].length;
      out += this.readString(q, raw);
    }
    if (!any) throw new NotLiteral();
    return out;
  }

  private readString(q: string, raw: boolean): string {
    let out = '';
    while (this.i < this.s.length) {
      if (this.s.startsWith(q, this.i)) {
        this.i += q.length;
        return out;
      }
      const c = this.s[this.i]!;
      if (c === '\\') {
        const n = this.s[this.i + 1];
        if (n === undefined) break;
        if (raw) {
          out += c + n;
          this.i += 2;
          continue;
        }
        out += this.escape();
        continue;
      }
      if (c === '\n' && q.length === 1) break;
      out += c;
      this.i++;
    }
    throw new NotLiteral();
  }

  private escape(): string {
    const n = this.s[this.i + 1]!;
    const esc = pyEscapeAt(this.s, this.i + 1);
    if (esc === 'malformed') throw new NotLiteral();
    if (esc) {
      this.i += 1 + esc.length;
      return esc.text;
    }
    // unknown escapes keep the backslash
    this.i += 2;
    return '\\' + n;
  }
}
