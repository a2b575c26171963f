import { pyYamlDump } from '../template/filters/pyyaml.js';
import { stringifyFloats } from '../util/py-float.js';

/** callback_result_format and callback_format_pretty, as the default callback reads them. */
export interface ResultFormat {
  format: 'json' | 'yaml';
  /** true: every result indented; false: none; unset: yaml's and those asked for (-vvv, debug) */
  pretty?: boolean;
}

/**
 * A result as Ansible's callback dumps it (_dump_results): JSON, compact unless indented, or
 * YAML after a line break, indented under the host's line. `asked`: the result is indented by
 * default (-vvv, or its module marks it so).
 */
export function dumpResult(r: Record<string, unknown>, asked: boolean, fmt: ResultFormat): string {
  const indent =
    fmt.pretty === false ? undefined : asked || fmt.pretty === true || fmt.format === 'yaml' ? 4 : undefined;
  if (fmt.format === 'json') return indent ? stringifyFloats(r, indent) : pyCompactJson(r);
  const lossy = fmt.pretty !== false;
  const shown = lossy ? withoutLineLists(r) : r;
  const text = pyYamlDump(shown, indent ?? 2, false, lossy ? 'lossy' : 'exact');
  // textwrap.indent: blank lines stay empty
  const pad = ' '.repeat(indent ?? 4);
  return `\n${text.replace(/\n$/, '').replace(/^(?=.*\S)/gm, pad)}`;
}

/** The lossy YAML's `<omitted>` for stdout_lines and stderr_lines beside stdout and stderr. */
function withoutLineLists(r: Record<string, unknown>): Record<string, unknown> {
  const out = { ...r };
  for (const k of ['stdout', 'stderr']) if (k in out && `${k}_lines` in out) out[`${k}_lines`] = '<omitted>';
  return out;
}

/** json.dumps' compact form (separators `, ` and `: `), which Ansible's callback prints without -v. */
export function pyCompactJson(v: unknown): string {
  // a string holds no raw newline, so each newline of the indented form is structural
  return stringifyFloats(v, 1)
    .replace(/([[{])\n\s*/g, '$1')
    .replace(/\n\s*([\]}])/g, '$1')
    .replace(/,\n\s*/g, ', ');
}
