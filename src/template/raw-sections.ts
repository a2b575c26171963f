/**
 * Jinja2's lexer refuses a `{% raw %}` with no `{% endraw %}` after it ("Missing end of raw
 * directive"); nunjucks renders what follows as ordinary template text. Tags are skipped as the
 * lexer does: a raw tag inside `{{ ... }}`, `{# ... #}` or a quoted string opens nothing.
 */
const RAW_OPEN = /^\{%-?\s*raw\s*-?%\}/;
const RAW_END = /\{%-?\s*endraw\s*-?%\}/g;

/** The offset of the first raw section left open, or undefined. */
export function unclosedRawAt(src: string): number | undefined {
  let i = src.indexOf('{');
  while (i >= 0 && i < src.length - 1) {
    const kind = src[i + 1];
    let next = i + 1;
    if (kind === '#') next = closeOf(src, i + 2, '#}', false);
    else if (kind === '{') next = closeOf(src, i + 2, '}}', true);
    else if (kind === '%') {
      if (RAW_OPEN.test(src.slice(i, i + 24))) {
        RAW_END.lastIndex = i;
        const m = RAW_END.exec(src);
        if (!m) return i;
        next = m.index + m[0].length;
      } else next = closeOf(src, i + 2, '%}', true);
    }
    i = src.indexOf('{', next);
  }
  return undefined;
}

/** Where a tag opened before `from` ends (after `close`); quoted strings hide a `close` inside them. */
function closeOf(src: string, from: number, close: string, quotes: boolean): number {
  let quote = '';
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (quotes && (c === '"' || c === "'")) quote = c;
    else if (src.startsWith(close, i)) return i + close.length;
  }
  return src.length;
}
