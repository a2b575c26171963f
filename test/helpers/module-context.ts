import { LocalConnection } from '../../src/connection/local.js';
import { createModuleContext, type Step } from '../../src/modules/lib/context.js';
import type { BecomeSpec, Connection } from '../../src/connection/types.js';
import type { ModuleContext } from '../../src/modules/types.js';

/** A ModuleContext for tests, with the steps it took (probes, and changes sent or kept back). */
export type TestContext = ModuleContext & { steps: Step[]; warnings: string[] };

/**
 * A ModuleContext for unit tests of one module: a real connection (local by default), no executor;
 * the same context the executor makes (modules/lib/context.ts), so check mode keeps changes back
 * here too. `render` here only substitutes `{{ name }}` from vars; the real one is the executor's
 * templar.
 */
export function makeContext(
  opts: {
    check?: boolean;
    diff?: boolean;
    vars?: Record<string, unknown>;
    facts?: Record<string, unknown>;
    conn?: Connection;
    filesDir?: string;
    become?: BecomeSpec;
    /** the task's environment keyword */
    env?: Record<string, string>;
    log?: (msg: string, level: number) => void;
  } = {},
): TestContext {
  const conn = opts.conn ?? new LocalConnection('localhost');
  const vars = opts.vars ?? {};
  const h = createModuleContext({
    host: conn.host,
    conn,
    check: opts.check ?? false,
    diff: opts.diff ?? false,
    vars,
    facts: opts.facts ?? {},
    env: opts.env,
    become: opts.become,
    findFile: (_kind, name) => (opts.filesDir && !name.startsWith('/') ? `${opts.filesDir}/${name}` : name),
    render: (text, extra) =>
      text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => String({ ...vars, ...extra }[k] ?? '')),
    log: opts.log ?? (() => {}),
  });
  return Object.assign(h.ctx, { steps: h.steps, warnings: h.warnings });
}
