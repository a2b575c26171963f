import { defineModule, type ArgTable } from '../lib/args.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.wait_for_connection: waits until the host can be reached and run a command.
 * Each try drops the connection and makes it again (connect_timeout bounds the making, with no
 * ssh_retry of its own), then runs `echo pong`; a failed try waits `sleep` seconds. Ansible's
 * action runs its ping module instead, which needs Python there; fabplay needs only a shell.
 * In check mode it does nothing and is skipped, as Ansible's action returns.
 */

const args = {
  connect_timeout: { type: 'integer', pythonInt: true, default: 5 },
  delay: { type: 'integer', pythonInt: true, default: 0 },
  sleep: { type: 'integer', pythonInt: true, default: 1 },
  timeout: { type: 'integer', pythonInt: true, default: 600 },
} as const satisfies ArgTable;

const pause = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

/** One try: a fresh connection, then a command that must answer. */
async function tryOnce(ctx: ModuleContext, connectTimeout: number): Promise<void> {
  await ctx.reconnect?.({ connectTimeoutMs: connectTimeout * 1000, once: true });
  const r = await ctx.probe(['echo', 'pong'], { become: false, timeoutMs: connectTimeout * 1000 });
  if (r.stdout.trim() !== 'pong') throw new Error('ping test failed');
}

export const waitForConnection = defineModule({
  name: 'wait_for_connection',
  args,
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    if (ctx.wording(true, false)) return { changed: false, skipped: true };
    // no try at all: Ansible's action fails then with an UnboundLocalError
    if (a.timeout <= 0)
      return { changed: false, failed: true, msg: `timeout must be above 0, got ${a.timeout}` };
    const started = Date.now();
    if (a.delay > 0) await pause(a.delay);
    const end = Date.now() + a.timeout * 1000;
    let error: unknown;
    let ok = false;
    while (!ok && Date.now() < end) {
      try {
        await tryOnce(ctx, a.connect_timeout);
        ok = true;
      } catch (e) {
        error = e;
        ctx.log(`wait_for_connection: try failed (expected), again in ${a.sleep} s: ${(e as Error).message}`);
        await pause(a.sleep);
      }
    }
    const elapsed = Math.floor((Date.now() - started) / 1000);
    if (ok) return { changed: false, elapsed };
    return {
      changed: false,
      failed: true,
      elapsed,
      msg: `timed out waiting for ping module test: ${error instanceof Error ? error.message : String(error)}`,
    };
  },
});
