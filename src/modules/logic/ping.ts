import { ModuleFailure } from '../lib/args.js';
import type { ModuleDef } from '../types.js';

/**
 * Ansible's ping: proves the host answers (here: a command runs through the connection, with the
 * task's become) and returns `ping: data`. data=crash fails, as Ansible's module raises then.
 */
export const ping: ModuleDef<{ data?: string }> = {
  name: 'ping',
  schema: { type: 'object', properties: { data: { type: 'string' } }, additionalProperties: false },
  supportsCheck: true,
  supportsDiff: false,
  acceptsKeyValue: true,
  async run(ctx, args) {
    const data = args.data ?? 'pong';
    if (data === 'crash') throw new ModuleFailure('boom');
    await ctx.probe(['true']);
    return { changed: false, ping: data };
  },
};
