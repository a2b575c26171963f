import { defineModule, ModuleFailure } from '../lib/args.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.reboot: notes the boot id, asks the host to reboot, closes the connection,
 * then reconnects (Connection.reconnect) until the boot id differs and test_command succeeds,
 * or reboot_timeout passes.
 */

const BOOT_ID = ['cat', '/proc/sys/kernel/random/boot_id'];

/** The shutdown command: delay in whole minutes as shutdown takes it (pure). */
export function rebootArgv(preRebootDelaySec: number, msg: string): string[] {
  return [
    'shutdown',
    '-r',
    preRebootDelaySec > 0 ? `+${Math.max(1, Math.round(preRebootDelaySec / 60))}` : 'now',
    msg,
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bootId(ctx: ModuleContext): Promise<string> {
  return (await ctx.run(BOOT_ID, { become: false })).stdout.trim();
}

export const reboot = defineModule({
  name: 'reboot',
  args: {
    reboot_timeout: { type: 'integer', default: 600 },
    connect_timeout: { type: 'integer', unsupported: true },
    pre_reboot_delay: { type: 'integer', default: 0 },
    post_reboot_delay: { type: 'integer', default: 0 },
    test_command: { type: 'string', default: 'whoami' },
    msg: { type: 'string', default: 'Reboot initiated by fabplay' },
    reboot_command: { type: 'string' },
  },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    if (ctx.check) return { changed: true, rebooted: false, msg: 'would reboot (check mode)' };
    const conn = ctx.conn;
    if (!conn.reconnect)
      throw new ModuleFailure(
        `reboot: the ${conn.kind} connection to ${ctx.host} cannot reconnect, so fabplay cannot wait for the host`,
      );
    const before = await bootId(ctx);
    const started = Date.now();
    const argv = a.reboot_command ? ['sh', '-c', a.reboot_command] : rebootArgv(a.pre_reboot_delay, a.msg);
    try {
      // the link may drop before the command returns: that is the reboot working
      await ctx.run(argv, { allowFail: true, timeoutMs: 30000 });
    } catch (e) {
      ctx.log(`reboot: ${(e as Error).message}`);
    }
    await conn.close();
    const deadline = started + a.reboot_timeout * 1000;
    let lastError = '';
    while (Date.now() < deadline) {
      await sleep(2000);
      try {
        await conn.reconnect();
        const now = await bootId(ctx);
        if (now === before) {
          // still the old system (shutdown not done yet): drop and try again
          await conn.close();
          continue;
        }
        if (a.post_reboot_delay > 0) await sleep(a.post_reboot_delay * 1000);
        await ctx.run({ shell: a.test_command });
        return { changed: true, rebooted: true, elapsed: Math.round((Date.now() - started) / 1000) };
      } catch (e) {
        lastError = (e as Error).message;
        await conn.close().catch(() => {});
      }
    }
    return {
      changed: true,
      failed: true,
      rebooted: false,
      elapsed: Math.round((Date.now() - started) / 1000),
      msg: `Timed out waiting for ${ctx.host} to come back after reboot (${a.reboot_timeout}s)${lastError ? `: ${lastError}` : ''}`,
    };
  },
});
