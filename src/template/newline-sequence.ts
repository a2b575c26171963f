import { createRequire } from 'node:module';

/**
 * Jinja2's newline_sequence other than `\n` (the template module's argument, a `#jinja2:` line):
 * the line ends of the template's text parts and of its string literals become it while the
 * template is parsed; what an expression prints keeps its own line ends.
 */

interface DataNode {
  value: unknown;
}
interface ParsedNode {
  findAll(type: unknown): DataNode[];
}

const { TemplateData } = createRequire(import.meta.url)('nunjucks/src/nodes.js') as { TemplateData: unknown };

let current: string | undefined;

/** The line end a string literal being parsed takes for a `\n` in its source; undefined: `\n`. */
export function literalNewline(): string | undefined {
  return current;
}

/** `parse()` with the text parts and string literals carrying `sequence` for each `\n` of the source. */
export function withNewlineSequence<T>(sequence: string | undefined, parse: () => T): T {
  if (sequence === undefined || sequence === '\n') return parse();
  current = sequence;
  try {
    const ast = parse();
    for (const node of (ast as ParsedNode).findAll(TemplateData))
      if (typeof node.value === 'string') node.value = node.value.replace(/\n/g, sequence);
    return ast;
  } finally {
    current = undefined;
  }
}
