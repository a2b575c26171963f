import { pyStr, truthy } from '../../template/python.js';
import { pySplitLines } from '../../util/py-text.js';
import { parseJsonFloats } from '../../util/py-float.js';
import type { ModuleResult } from '../types.js';

/**
 * A module's result from what it printed, as Ansible's ActionBase reads it (_parse_returned_data,
 * _filter_non_json_lines, remove_internal_keys and the executor's defaults). What a module
 * prints is data from the host: it is parsed as JSON, never evaluated.
 */

export interface ModuleRun {
  rc: number;
  stdout: string;
  stderr: string;
}

/** The JSON object in the output: lines before the first `{` line and after the last `}` line dropped */
function jsonPart(stdout: string): { text: string; junkAfter?: string[] } {
  const lines = stdout.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  const start = lines.findIndex((l) => l.trim().startsWith('{'));
  if (start < 0) throw new SyntaxError('No start of json char found');
  const rest = lines.slice(start);
  let tail = 0;
  while (tail < rest.length && !rest[rest.length - 1 - tail]!.trim().endsWith('}')) tail++;
  if (tail === rest.length) throw new SyntaxError('No end of json char found');
  const junk = rest.slice(rest.length - tail);
  return {
    text: rest.slice(0, rest.length - tail).join('\n'),
    junkAfter: junk.some((l) => l.trim()) ? junk : undefined,
  };
}

/** A result Ansible gives when the output holds no JSON object: MODULE FAILURE and what was printed */
function unparsed(run: ModuleRun, interpreter: string | undefined): ModuleResult {
  const data: ModuleResult = { failed: true, module_stdout: run.stdout, module_stderr: run.stderr };
  if (run.stderr.startsWith('Traceback')) data.exception = run.stderr;
  else if (run.stdout.startsWith('Traceback')) data.exception = run.stdout;
  let msg = 'MODULE FAILURE';
  if (interpreter !== undefined) {
    const missing = new RegExp(`${escapeRegExp(interpreter)}: (?:No such file or directory|not found)`);
    if (missing.test(run.stderr) || missing.test(run.stdout))
      msg = 'The module failed to execute correctly, you probably need to set the interpreter.';
  }
  data.msg = `${msg}\nSee stdout/stderr for the exact error`;
  data.rc = run.rc;
  return data;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The JSON object a module printed, and the warning for junk after it; the parse error when there is none */
function parsedOutput(stdout: string): { data: Record<string, unknown>; warnings: string[] } | SyntaxError {
  const warnings: string[] = [];
  try {
    const part = jsonPart(stdout);
    if (part.junkAfter)
      warnings.push(`Module invocation had junk after the JSON data: ${part.junkAfter.join('\n')}`);
    // Python's json.loads: 1.0 stays a float, NaN and Infinity are read (parseJsonFloats reads
    // output without such numbers as JSON.parse does)
    const parsed: unknown = parseJsonFloats(part.text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new SyntaxError('not an object');
    return { data: parsed as Record<string, unknown>, warnings };
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return e;
  }
}

/** The result, and the warnings Ansible prints while reading it. `interpreter`: the one it ran under. */
export function moduleResult(
  run: ModuleRun,
  interpreter: string | undefined,
): { result: ModuleResult; warnings: string[] } {
  const out = parsedOutput(run.stdout);
  if (out instanceof SyntaxError) return { result: unparsed(run, interpreter), warnings: [] };
  return { result: cleaned(out.data, out.warnings), warnings: out.warnings };
}

/** What Ansible's action makes of a module's JSON (warnings: where to add its own) */
function cleaned(data: Record<string, unknown>, warnings: string[]): ModuleResult {
  if ('results' in data && !Array.isArray(data.results)) {
    data.ansible_module_results = data.results;
    delete data.results;
    warnings.push("Found internal 'results' key in module return, renamed to 'ansible_module_results'.");
  }
  for (const key of Object.keys(data))
    if (
      (key.startsWith('_ansible_') && key !== '_ansible_parsed') ||
      key === 'add_host' ||
      key === 'add_group'
    ) {
      warnings.push(`Removed unexpected internal key in module return: ${key} = ${pyStr(data[key])}`);
      delete data[key];
    }
  for (const key of ['warnings', 'deprecations']) if (key in data && !truthy(data[key])) delete data[key];
  const facts = data.ansible_facts;
  if (facts && typeof facts === 'object')
    for (const k of Object.keys(facts))
      if (k.startsWith('discovered_interpreter_') || k.startsWith('ansible_discovered_interpreter_'))
        delete (facts as Record<string, unknown>)[k];
  if ('stdout' in data && !('stdout_lines' in data)) data.stdout_lines = pySplitLines(text(data.stdout));
  if ('stderr' in data && !('stderr_lines' in data)) data.stderr_lines = pySplitLines(text(data.stderr));
  // the executor's: rc is how an older module says it failed
  if (!('failed' in data)) data.failed = 'rc' in data && data.rc !== 0 && data.rc !== '0';
  return data as ModuleResult;
}

/** what Ansible splits: the value, or '' for None */
function text(v: unknown): string {
  return v === null || v === undefined ? '' : pyStr(v);
}

/**
 * A module's result read from its async job's output, as Ansible's async_wrapper writes it and
 * async_status returns it: the module's JSON, with what it wrote on stderr and the warning for
 * junk after the JSON; output holding no JSON is async_wrapper's failure (`data`: what was
 * printed). `cmd`: the command that ran the module.
 */
export function asyncModuleResult(run: ModuleRun, cmd: string): ModuleResult {
  const defaults = { stdout: '', stderr: '', stdout_lines: [] as string[], stderr_lines: [] as string[] };
  const out = parsedOutput(run.stdout);
  // Ansible's msg is async_wrapper's Python traceback, which ends with this error
  if (out instanceof SyntaxError)
    return {
      ...defaults,
      // async_wrapper's 1 for true, as Ansible shows it
      ...({ failed: 1 } as unknown as ModuleResult),
      cmd,
      data: run.stdout,
      stderr: run.stderr,
      msg: `ValueError: ${out.message}`,
    };
  const warnings: string[] = [];
  const result = cleaned(out.data, warnings);
  const all = [...(Array.isArray(result.warnings) ? result.warnings : []), ...out.warnings, ...warnings];
  if (all.length) result.warnings = all;
  if (run.stderr) {
    result.stderr = run.stderr;
    result.stderr_lines = pySplitLines(run.stderr);
  }
  return { ...defaults, ...result };
}
