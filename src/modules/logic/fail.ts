import type { ModuleDef } from '../types.js';

/** Fails the task with a message. */
export const fail: ModuleDef<{ msg?: unknown }> = {
  name: 'fail',
  schema: { type: 'object', properties: { msg: {} }, additionalProperties: false },
  supportsCheck: true,
  supportsDiff: false,
  acceptsKeyValue: true,
  async run(_ctx, args) {
    return { changed: false, failed: true, msg: (args.msg ?? 'Failed as requested from task') as string };
  },
};
