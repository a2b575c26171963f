import { TemplateSyntaxError } from './errors.js';
import { normalizeTags } from './native.js';
import { unclosedRawAt } from './raw-sections.js';
import { lib, parser, transformer } from './nunjucks-patched.js';
import { AnsibleCompiler, type KnownNames } from './ansible-compiler.js';
import { withNewlineSequence } from './newline-sequence.js';
import { unixLineEnds } from './newlines.js';

/**
 * Templates compiled with Jinja2's meaning (ansible-compiler.ts), each once per text and syntax:
 * the generated code is kept for the preflight, the function for the renders.
 */

export type { KnownNames };

export type RootRenderFunc = (
  env: unknown,
  context: unknown,
  frame: unknown,
  runtime: unknown,
  cb: (err: unknown, out?: string) => void,
) => void;

/**
 * The transformer changes a sync template only for super() in a {% block %} and the async tags
 * (ifAsync, asyncEach, asyncAll); elsewhere it walks the tree four times for nothing, a third of
 * the cost of compiling a short template.
 */
function needsTransform(src: string): boolean {
  return /super|async/i.test(src);
}

/** A compiled template: its body and its `{% block %}`s (which `{% extends %}` swaps). */
export interface CompiledTemplate {
  root: RootRenderFunc;
  blocks: Record<string, RootRenderFunc>;
}

/** Jinja2's syntax settings a template module, lookup or `#jinja2:` header may change. */
export interface JinjaSyntax {
  /** Jinja2's line_statement_prefix: a line starting with it is a `{% %}` statement */
  lineStatementPrefix?: string;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  /** the line end of the template's text and string literals (Jinja2's newline_sequence): `\n` unless set */
  newlineSequence?: string;
  /** Jinja2's keep_trailing_newline: the source's last line end is rendered too */
  keepTrailingNewline?: boolean;
  tags?: {
    blockStart?: string;
    blockEnd?: string;
    variableStart?: string;
    variableEnd?: string;
    commentStart?: string;
    commentEnd?: string;
  };
}

const cache = new Map<string, CompiledTemplate>();
const codes = new Map<string, string>();
const MAX_CACHE = 20000;

const keyOf = (src: string, syntax?: JinjaSyntax): string =>
  syntax ? `${JSON.stringify(syntax)}\0${src}` : src;

/**
 * A template's JavaScript, parsed and generated once per text (and syntax); a syntax error, an
 * unknown filter or test throws here. The preflight stops at this step: the code waits, cached,
 * for the template's first render (compileTemplate), which only turns it into a function.
 */
export function templateCode(src: string, env: object, known: KnownNames, syntax?: JinjaSyntax): string {
  const key = keyOf(src, syntax);
  const hit = codes.get(key);
  if (hit !== undefined) return hit;
  // Jinja2 refuses what nunjucks would render (raw-sections.ts); custom tags have no raw section there
  if (!syntax?.tags && unclosedRawAt(src) !== undefined)
    throw new TemplateSyntaxError('Missing end of raw directive', src);
  let code: string;
  try {
    const opts = { ...(env as { opts?: object }).opts, ...syntax };
    // Jinja2's lexer reads \r\n and \r as \n everywhere, string literals included (newlines.ts)
    const lines = unixLineEnds(src);
    const text = syntax?.lineStatementPrefix ? lineStatements(lines, syntax) : lines;
    const ast = withNewlineSequence(syntax?.newlineSequence, () =>
      parser.parse(syntax?.tags ? text : normalizeTags(text), [], opts),
    );
    const c = new (AnsibleCompiler as any)('template', false);
    c.known = known;
    c.compile(needsTransform(src) ? transformer.transform(ast, [], 'template') : ast);
    code = c.getCode();
  } catch (e) {
    throw syntaxError(e, src);
  }
  if (codes.size >= MAX_CACHE) codes.clear();
  codes.set(key, code);
  return code;
}

/** Compiles a template once; later calls with the same text (and syntax) reuse the function. */
export function compileTemplate(
  src: string,
  env: object,
  known: KnownNames,
  syntax?: JinjaSyntax,
): CompiledTemplate {
  const key = keyOf(src, syntax);
  const hit = cache.get(key);
  if (hit) return hit;
  const code = templateCode(src, env, known, syntax);
  let out: CompiledTemplate;
  try {
    const props = new Function(code)() as Record<string, RootRenderFunc>;
    const blocks: Record<string, RootRenderFunc> = {};
    for (const [k, fn] of Object.entries(props)) if (k.startsWith('b_')) blocks[k.slice(2)] = fn;
    out = { root: props.root!, blocks };
  } catch (e) {
    throw new TemplateSyntaxError(`cannot compile: ${(e as Error).message}`, src);
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, out);
  return out;
}

/** Each line statement (`: if x`) rewritten as the tag it stands for; its line's newline goes with it. */
function lineStatements(src: string, syntax: JinjaSyntax): string {
  const prefix = syntax.lineStatementPrefix!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [open, close] = [syntax.tags?.blockStart ?? '{%', syntax.tags?.blockEnd ?? '%}'];
  return src.replace(new RegExp(`^[ \\t\\v]*${prefix}(.*?)(?:\\r?\\n|$)`, 'gm'), `${open}$1${close}`);
}

function syntaxError(e: unknown, src: string): TemplateSyntaxError {
  const err = e as { message?: string; lineno?: number; colno?: number };
  // nunjucks: "(unknown path) [Line 1, Column 4]\n  parseAggregate: expected ..."
  let msg = String(err.message ?? e)
    .replace(/^Template render error:\s*/, '')
    .replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/, '')
    .trim();
  msg = msg.replace(/^(parse\w*|compile\w*|assertType):\s*/, '');
  const line = err.lineno;
  const where = line !== undefined && src.includes('\n') ? ` (line ${line})` : '';
  const hint = /expected|unexpected|end of file|block end/.test(msg)
    ? 'check the {{ }} / {% %} pairs and the quoting inside the expression'
    : undefined;
  const out = new TemplateSyntaxError(msg + where, src, undefined, hint);
  (out as { templateLine?: number }).templateLine = line;
  return out;
}

export { lib };
