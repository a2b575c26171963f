import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openConnection } from '../../../src/connection/index.js';
import { makeContext } from '../../helpers/module-context.js';
import type { Connection } from '../../../src/connection/types.js';
import type { ModuleContext } from '../../../src/modules/types.js';
import type { TestLab } from '../../helpers/lab.js';

/**
 * ModuleContexts over a real SSH connection to a lab host, and a snapshot of the host's overlay
 * upper layer (every file it wrote) to prove that check mode wrote nothing.
 */
export function labContexts(lab: TestLab, host = 'h1') {
  let conn: Connection | undefined;
  return {
    async ctx(
      opts: { check?: boolean; diff?: boolean; facts?: Record<string, unknown> } = {},
    ): Promise<ModuleContext> {
      conn ??= await openConnection(lab.spec(host));
      return makeContext({ conn, check: opts.check, diff: opts.diff, facts: opts.facts });
    },
    async close() {
      await conn?.close();
      conn = undefined;
    },
    snapshot(): string {
      return snapshot(lab.upperDir(host));
    },
  };
}

/** Paths, sizes and mtimes under a directory, as one comparable string. */
export function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      // sshd and the shell write logs and sockets on their own; they are not module changes
      if (/\/(run|tmp|var\/log|root\/\.[a-z_]+history)(\/|$)/.test(p.slice(dir.length))) continue;
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      out.push(`${p.slice(dir.length)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort().join('\n');
}
