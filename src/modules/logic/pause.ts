import { ModuleFailure, defineModule } from '../lib/args.js';
import { PY_INT_TEXT } from '../lib/int-args.js';
import { nowGlobal } from '../../template/datetime.js';
import { typeName } from '../../template/python.js';
import { floatRepr, isBoxedFloat } from '../../util/py-float.js';

/**
 * Waits; a prompt without a time does not wait (fabplay runs unattended). As Ansible's pause
 * action: minutes or seconds (not both) go through Python's int(), which cuts a float and reads
 * only text that spells an int, and it waits at least a second.
 */
export const pause = defineModule({
  name: 'pause',
  args: {
    seconds: { type: 'any' },
    minutes: { type: 'any' },
    prompt: { type: 'string' },
    echo: { type: 'boolean', default: true },
  },
  rules: { mutuallyExclusive: [['minutes', 'seconds']] },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, args) {
    const minutes = pyInt('minutes', args.minutes);
    const seconds = pyInt('seconds', args.seconds);
    if (args.prompt !== undefined && minutes === undefined && seconds === undefined)
      ctx.warn(
        `pause: not waiting for an answer to "${args.prompt}": fabplay runs unattended (user_input is empty)`,
      );
    const unit = minutes === undefined && seconds !== undefined ? 'seconds' : 'minutes';
    const wait = minutes !== undefined ? minutes * 60 : seconds;
    const start = String(nowGlobal());
    const t0 = performance.now();
    if (wait !== undefined) await new Promise((r) => setTimeout(r, Math.max(wait, 1) * 1000));
    const took = (performance.now() - t0) / 1000;
    const shown = Math.round((unit === 'minutes' ? took / 60 : took) * 100) / 100;
    return {
      changed: false,
      rc: 0,
      stderr: '',
      stdout: `Paused for ${floatRepr(shown)} ${unit}`,
      start,
      stop: String(nowGlobal()),
      delta: Math.trunc(took),
      user_input: '',
      echo: args.echo,
    };
  },
});

/** Python's int() of a pause length, with the argument spec's words when it cannot be one. */
function pyInt(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || isBoxedFloat(v)) return Math.trunc(Number(v));
  if (typeof v === 'boolean') return v ? 1 : 0;
  const why =
    typeof v === 'string'
      ? PY_INT_TEXT.test(v)
        ? undefined
        : `invalid literal for int() with base 10: '${v}'`
      : `int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`;
  if (why === undefined) return Number((v as string).replace(/_/g, ''));
  throw new ModuleFailure(
    `argument '${name}' is of type <class '${typeName(v)}'> and we were unable to convert to int: ${why}`,
  );
}
