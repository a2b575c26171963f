import { defineModule } from '../lib/args.js';

/** Waits; a prompt without a time does not wait (fabplay runs unattended). */
export const pause = defineModule({
  name: 'pause',
  args: {
    seconds: { type: 'number' },
    minutes: { type: 'number' },
    prompt: { type: 'string' },
    echo: { type: 'boolean', default: true },
  },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, args) {
    if (args.prompt !== undefined && args.minutes === undefined && args.seconds === undefined)
      ctx.warn(
        `pause: not waiting for an answer to "${args.prompt}": fabplay runs unattended (user_input is empty)`,
      );
    const ms = ((args.minutes ?? 0) * 60 + (args.seconds ?? 0)) * 1000;
    const start = new Date();
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    const stop = new Date();
    return {
      changed: false,
      start: start.toISOString(),
      stop: stop.toISOString(),
      delta: Math.round((stop.getTime() - start.getTime()) / 1000),
      user_input: '',
      echo: args.echo,
    };
  },
});
