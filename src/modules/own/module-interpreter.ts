import { basename } from 'node:path';
import { shlexSplit } from '../../util/shlex.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { pythonFor, type Discovered } from './python-discovery.js';

export interface Interpreter {
  /** the `#!` line the module runs under, as Ansible writes it back into the file */
  line: string;
  /** the interpreter's path or name (for the "set the interpreter" hint) */
  path: string;
  discovered?: Discovered;
}

/**
 * The interpreter for a `#!` line, as Ansible's _get_shebang picks it: for `python`, the
 * ansible_python_interpreter the host has (or discovery, for `auto`); for another name,
 * `ansible_<name>_interpreter` when set; else the line's own.
 */
export async function interpreterOf(ctx: ModuleContext, shebang: string): Promise<Interpreter> {
  const words = shlexSplit(shebang.slice(2).trim());
  const given = words[0] ?? '';
  const name = basename(given).trim();
  const extra = words.slice(1);
  const line = (path: string) => `#!${[path, ...extra].join(' ')}`;
  if (name === 'python') {
    const py = await pythonFor(ctx);
    return { line: line(py.path), path: py.path, discovered: py.discovered };
  }
  const setting = ctx.vars[`ansible_${name}_interpreter`];
  const chosen = typeof setting === 'string' ? ctx.render(setting).trim() : '';
  return chosen ? { line: line(chosen), path: chosen } : { line: shebang.trim(), path: given };
}

/** Discovery's interpreter becomes a fact of the host, its warnings the result's, as in Ansible. */
export function withDiscovery(result: ModuleResult, found: Interpreter['discovered']): ModuleResult {
  if (!found) return result;
  const facts = (result.ansible_facts ?? {}) as Record<string, unknown>;
  const warnings = Array.isArray(result.warnings) ? result.warnings : [];
  return {
    ...result,
    ansible_facts: { ...facts, discovered_interpreter_python: found.interpreter },
    ...(found.warnings.length ? { warnings: [...warnings, ...found.warnings] } : {}),
  };
}
