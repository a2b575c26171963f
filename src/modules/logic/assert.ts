import { ActionRaised } from '../../errors.js';
import { Templar, UnsafeText } from '../../template/index.js';
import { defineModule } from '../lib/args.js';
import { typeName } from '../../template/python.js';
import { undefinedInConditional } from '../../template/undefined-message.js';

/** Evaluates conditions; fails with fail_msg at the first false one. */
export const assertModule = defineModule({
  name: 'assert',
  args: {
    that: { type: 'any' },
    fail_msg: { type: 'any' },
    msg: { type: 'any' },
    success_msg: { type: 'any' },
    quiet: { type: 'boolean', default: false },
  },
  required: ['that'],
  supportsCheck: true,
  supportsDiff: false,
  // a condition rendered from host data arrives as UnsafeText and is refused, never evaluated
  keepsUnsafe: ['that'],
  async run(ctx, args) {
    const bad =
      messageProblem(args.fail_msg ?? args.msg, 'fail_msg or msg') ??
      messageProblem(args.success_msg, 'success_msg');
    if (bad) return { failed: true, msg: bad };
    const conds = Array.isArray(args.that) ? args.that : [args.that];
    const templar = new Templar(ctx.vars, { searchPaths: ctx.searchPaths });
    for (const c of conds) {
      const shown = c instanceof UnsafeText ? c.text : c;
      let ok: boolean;
      try {
        ok = templar.isTrue(c);
      } catch (e) {
        // Ansible's action raises here: the task's result is the message alone (no changed), and
        // a loop's whole task fails
        throw new ActionRaised(
          `The conditional check '${String(c)}' failed. The error was: ${undefinedInConditional(String(c), e) ?? (e as Error).message}`,
        );
      }
      if (!ok)
        return {
          changed: false,
          failed: true,
          assertion: shown,
          evaluated_to: false,
          msg: (args.fail_msg ?? args.msg ?? 'Assertion failed') as string,
          // Ansible marks the result before evaluating: a failure shows indented without -v too
          ...(args.quiet ? {} : { _ansible_verbose_always: true }),
        };
    }
    const passed = { changed: false, msg: (args.success_msg ?? 'All assertions passed') as string };
    // as Ansible's assert: unless quiet, its result shows without -v (as debug's does)
    return args.quiet ? passed : { ...passed, _ansible_verbose_always: true };
  },
});

/** Ansible's assert takes a message as text or a list of texts, checked before any condition. */
function messageProblem(v: unknown, which: string): string | undefined {
  const isText = (x: unknown): boolean => typeof x === 'string' || x instanceof UnsafeText;
  if (v === undefined || v === null || isText(v)) return undefined;
  if (!Array.isArray(v))
    return `Incorrect type for ${which}, expected a string or list and got <class '${typeName(v)}'>`;
  return v.every(isText) ? undefined : `Type of one of the elements in ${which} list is not string type`;
}
