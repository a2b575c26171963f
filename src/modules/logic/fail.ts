import { defineModule } from '../lib/args.js';

/** Fails the task with a message. */
export const fail = defineModule({
  name: 'fail',
  args: { msg: { type: 'any' } },
  supportsCheck: true,
  supportsDiff: false,
  async run(_ctx, args) {
    return { changed: false, failed: true, msg: (args.msg ?? 'Failed as requested from task') as string };
  },
});
