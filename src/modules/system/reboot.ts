import { defineModule, ModuleFailure, type ArgsOf, type ArgTable } from '../lib/args.js';
import type { ModuleContext, ModuleResult } from '../types.js';

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
  return (await ctx.probe(BOOT_ID, { become: false })).stdout.trim();
}

const args = {
  reboot_timeout: { type: 'integer', pythonInt: true, default: 600 },
  connect_timeout: { type: 'integer', pythonInt: true, unsupported: true },
  pre_reboot_delay: { type: 'integer', pythonInt: true, default: 0 },
  post_reboot_delay: { type: 'integer', pythonInt: true, default: 0 },
  test_command: { type: 'string', default: 'whoami' },
  msg: { type: 'string', default: 'Reboot initiated by fabplay' },
  reboot_command: { type: 'string' },
} as const satisfies ArgTable;
type RebootArgs = ArgsOf<typeof args>;

export const reboot = defineModule({
  name: 'reboot',
  args,
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, a) {
    const done = await ctx.changes('reboot', () => rebootAndWait(ctx, a));
    return done ?? { changed: true, rebooted: false, msg: 'would reboot (check mode)' };
  },
});

async function rebootAndWait(ctx: ModuleContext, a: RebootArgs): Promise<ModuleResult> {
  const reconnect = ctx.reconnect;
  if (!reconnect)
    throw new ModuleFailure(
      `reboot: the ${ctx.connectionKind} connection to ${ctx.host} cannot reconnect, so fabplay cannot wait for the host`,
    );
  const before = await bootId(ctx);
  const started = Date.now();
  const argv = a.reboot_command ? ['sh', '-c', a.reboot_command] : rebootArgv(a.pre_reboot_delay, a.msg);
  try {
    // the link may drop before the command returns: that is the reboot working
    await ctx.change(argv, { allowFail: true, timeoutMs: 30000 });
  } catch (e) {
    ctx.log(`reboot: ${(e as Error).message}`);
  }
  await ctx.disconnect();
  const deadline = started + a.reboot_timeout * 1000;
  let lastError = '';
  while (Date.now() < deadline) {
    await sleep(2000);
    try {
      await reconnect();
      const now = await bootId(ctx);
      if (now === before) {
        // still the old system (shutdown not done yet): drop and try again
        await ctx.disconnect();
        continue;
      }
      if (a.post_reboot_delay > 0) await sleep(a.post_reboot_delay * 1000);
      await ctx.probe({ shell: a.test_command });
      return { changed: true, rebooted: true, elapsed: Math.round((Date.now() - started) / 1000) };
    } catch (e) {
      lastError = (e as Error).message;
      await ctx.disconnect().catch(() => {});
    }
  }
  return {
    changed: true,
    failed: true,
    rebooted: false,
    elapsed: Math.round((Date.now() - started) / 1000),
    msg: `Timed out waiting for ${ctx.host} to come back after reboot (${a.reboot_timeout}s)${lastError ? `: ${lastError}` : ''}`,
  };
}
