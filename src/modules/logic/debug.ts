import { Templar, UnsafeText } from '../../template/index.js';
import type { ModuleDef } from '../types.js';

interface DebugArgs {
  msg?: unknown;
  /** an expression; UnsafeText when it was rendered from host data (never evaluated then) */
  var?: string | UnsafeText;
  verbosity?: number;
}

/** Prints a message or a variable's value (the output layer shows `msg` / the var). */
export const debug: ModuleDef<DebugArgs> = {
  name: 'debug',
  schema: {
    type: 'object',
    properties: {
      msg: {},
      // a string, or an UnsafeText (see keepsUnsafe), which a JSON schema cannot name
      var: {},
      verbosity: { type: 'integer', default: 0 },
    },
    additionalProperties: false,
  },
  supportsCheck: true,
  supportsDiff: false,
  acceptsKeyValue: true,
  keepsUnsafe: ['var'],
  async run(ctx, args) {
    const level = Number(ctx.vars.ansible_verbosity ?? 0);
    if ((args.verbosity ?? 0) > level)
      return { changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.' };
    if (args.var instanceof UnsafeText)
      // Ansible: an unsafe text templates to itself, which debug reports as not defined
      return { changed: false, [args.var.text]: 'VARIABLE IS NOT DEFINED!' };
    if (args.var !== undefined) {
      let value: unknown;
      try {
        value = new Templar(ctx.vars, { searchPaths: ctx.searchPaths }).evaluate(String(args.var));
        if (value === undefined) value = 'VARIABLE IS NOT DEFINED!';
        // Ansible's (non-native) templating shows a number given by `var:` as text
        else if (typeof value === 'number') value = String(value);
      } catch {
        value = 'VARIABLE IS NOT DEFINED!';
      }
      return { changed: false, [String(args.var)]: value };
    }
    return { changed: false, msg: (args.msg === undefined ? 'Hello world!' : args.msg) as string };
  },
};
