import { defineModule, ModuleFailure } from '../lib/args.js';

/**
 * Ansible's ping: proves the host answers (here: a command runs through the connection, with the
 * task's become) and returns `ping: data`. data=crash fails, as Ansible's module raises then.
 */
export const ping = defineModule({
  name: 'ping',
  args: { data: { type: 'string', default: 'pong' } },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, args) {
    const data = args.data;
    if (data === 'crash') throw new ModuleFailure('boom');
    await ctx.probe(['true']);
    return { changed: false, ping: data };
  },
});
