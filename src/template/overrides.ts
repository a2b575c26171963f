import type { JinjaSyntax } from './compiler.js';
import { TemplateSyntaxError } from './errors.js';
import { literalEval } from '../util/py-literal.js';

/**
 * A template's first line `#jinja2:key:value, key:value` sets Jinja2's syntax for that template
 * (Ansible's JINJA2_OVERRIDE): the marker strings, trim_blocks, lstrip_blocks, keep_trailing_newline,
 * newline_sequence, line_statement_prefix.
 */

const HEADER = '#jinja2:';

const TAGS: Record<string, keyof NonNullable<JinjaSyntax['tags']>> = {
  block_start_string: 'blockStart',
  block_end_string: 'blockEnd',
  variable_start_string: 'variableStart',
  variable_end_string: 'variableEnd',
  comment_start_string: 'commentStart',
  comment_end_string: 'commentEnd',
};
const FLAGS: Record<string, 'trimBlocks' | 'lstripBlocks' | 'keepTrailingNewline'> = {
  trim_blocks: 'trimBlocks',
  lstrip_blocks: 'lstripBlocks',
  keep_trailing_newline: 'keepTrailingNewline',
};
const NEWLINES = ['\n', '\r', '\r\n'];

/** A Python literal as the header holds it (Ansible reads it with ast.literal_eval): a string or True/False. */
function literal(text: string, pair: string): string | boolean {
  const v = literalEval(text)?.value;
  if (typeof v !== 'string' && typeof v !== 'boolean')
    throw headerError(`'${pair}': the value must be a quoted string, True or False`);
  return v;
}

function headerError(detail: string): TemplateSyntaxError {
  return new TemplateSyntaxError(
    `failed to parse jinja2 override ${detail}`,
    HEADER,
    undefined,
    `write it as ${HEADER}variable_start_string:'[[', variable_end_string:']]'`,
  );
}

/** The settings of a `#jinja2:` first line applied over `base`, and the text after it; undefined without one. */
export function templateHeader(
  text: string,
  base: JinjaSyntax | undefined,
): { syntax: JinjaSyntax; body: string } | undefined {
  if (!text.startsWith(HEADER)) return undefined;
  const eol = text.indexOf('\n');
  const line = text.slice(HEADER.length, eol < 0 ? undefined : eol);
  const syntax: JinjaSyntax = { ...base, tags: { ...base?.tags } };
  for (const pair of line.split(',')) {
    const at = pair.indexOf(':');
    if (at < 0)
      throw headerError(
        `'${pair.trim()}': did you use something different from colon as key-value separator?`,
      );
    const key = pair.slice(0, at).trim();
    const value = literal(pair.slice(at + 1).trim(), pair.trim());
    if (key in TAGS && typeof value === 'string') syntax.tags![TAGS[key]!] = value;
    else if (key === 'line_statement_prefix' && typeof value === 'string') syntax.lineStatementPrefix = value;
    else if (key in FLAGS && typeof value === 'boolean') syntax[FLAGS[key]!] = value;
    else if (key === 'newline_sequence' && typeof value === 'string' && NEWLINES.includes(value))
      syntax.newlineSequence = value;
    else
      throw headerError(
        `'${pair.trim()}': fabplay takes ${[...Object.keys(TAGS), ...Object.keys(FLAGS), 'line_statement_prefix', "newline_sequence ('\\n', '\\r' or '\\r\\n')"].join(', ')} there`,
      );
  }
  return { syntax, body: eol < 0 ? '' : text.slice(eol + 1) };
}
