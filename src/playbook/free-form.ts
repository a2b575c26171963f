/**
 * Free-form module text (`shell: |` scripts) the way Ansible's split_args/join_args give it back:
 * words are cut on single spaces and newlines, then glued back where a quote or a Jinja2 block was
 * open, so the command keeps its newlines and runs of spaces; a lone `\` word outside quotes is a
 * line continuation (dropped with its line end). key=value words of the module's own options
 * (`creates=x`) are taken out.
 */

import { decodeEscapes, splitKeyValue } from './kv.js';

/** The quote still open after `word`, given the one open before it (a quote after `\` is escaped). */
function quoteAfter(word: string, open: string | undefined): string | undefined {
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if ((c === '"' || c === "'") && word[i - 1] !== '\\') {
      if (!open) open = c;
      else if (c === open) open = undefined;
    }
  }
  return open;
}

function count(word: string, s: string): number {
  return word.split(s).length - 1;
}

/** Jinja2 nesting depth after `word` for one kind of block (`{{`/`}}`), never below 0. */
function depthAfter(word: string, depth: number, open: string, close: string): number {
  const diff = count(word, open) - count(word, close);
  return diff === 0 ? depth : Math.max(0, depth + diff);
}

/** Python's split_args: the words, each with its own spacing and line ends kept. */
export function splitFreeForm(text: string): string[] {
  const params: string[] = [];
  const lines = text.split('\n');
  let quote: string | undefined;
  const depth = { print: 0, block: 0, comment: 0 };
  lines.forEach((line, lineIdx) => {
    let continued = false;
    line.split(' ').forEach((word, idx) => {
      if (word === '' && idx !== 0) {
        if (params.length) params[params.length - 1] += ' ';
        return;
      }
      if (word === '\\' && !quote) {
        continued = true;
        return;
      }
      const wasQuoted = quote !== undefined;
      quote = quoteAfter(word, quote);
      const inJinja = () => depth.print > 0 || depth.block > 0 || depth.comment > 0;
      let appended = false;
      if (quote && !wasQuoted && !inJinja()) {
        params.push(word);
        appended = true;
      } else if (inJinja() || quote || wasQuoted) {
        const last = params.length - 1;
        if (idx === 0 && wasQuoted) params[last] += word;
        else if (line.includes(' ')) params[last] += (idx > 0 ? ' ' : '') + word;
        else params[last] += '\n' + word;
        appended = true;
      }
      for (const [key, open, close] of [
        ['print', '{{', '}}'],
        ['block', '{%', '%}'],
        ['comment', '{#', '#}'],
      ] as const) {
        const before = depth[key];
        depth[key] = depthAfter(word, before, open, close);
        if (depth[key] !== before && !appended) {
          params.push(word);
          appended = true;
        }
      }
      if (!inJinja() && !quote && !appended && word !== '') params.push(word);
    });
    if (lines.length > 1 && lineIdx !== lines.length - 1 && !continued && params.length)
      params[params.length - 1] += '\n';
  });
  return params;
}

/** Python's join_args: words glued with a space, except after a line end. */
export function joinFreeForm(words: readonly string[]): string {
  let out = '';
  for (const w of words) out += out === '' || out.endsWith('\n') ? w : ' ' + w;
  return out;
}

/** The command text of free-form `text`, without the words that set one of `keys` (key=value). */
export function freeFormCommand(text: string, keys: ReadonlySet<string>): string {
  const words = splitFreeForm(text).filter((w) => {
    const kv = splitKeyValue(decodeEscapes(w.trim()));
    return !kv || !keys.has(kv[0]);
  });
  return joinFreeForm(words);
}
