import { LocalConnection } from '../../src/connection/local.js';
import { runOn } from '../../src/modules/lib/context.js';
import type { Connection } from '../../src/connection/types.js';
import type { ModuleContext } from '../../src/modules/types.js';

/**
 * A ModuleContext for unit tests of one module: a real connection (local by default), no executor.
 * `render` here only substitutes `{{ name }}` from vars; the real one is the executor's templar.
 */
export function makeContext(
  opts: {
    check?: boolean;
    diff?: boolean;
    vars?: Record<string, unknown>;
    conn?: Connection;
    filesDir?: string;
  } = {},
): ModuleContext {
  const conn = opts.conn ?? new LocalConnection('localhost');
  const vars = opts.vars ?? {};
  return {
    host: conn.host,
    conn,
    check: opts.check ?? false,
    diff: opts.diff ?? false,
    vars,
    facts: {},
    run: (argv, o) => runOn(conn, argv, o),
    findFile: (_kind, name) => (opts.filesDir && !name.startsWith('/') ? `${opts.filesDir}/${name}` : name),
    render: (text, extra) =>
      text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => String({ ...vars, ...extra }[k] ?? '')),
    log: () => {},
  };
}
