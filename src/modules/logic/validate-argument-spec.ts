import { defineModule } from '../lib/args.js';
import { Templar } from '../../template/index.js';
import {
  IMPLEMENTED_SPEC_KEYS,
  argumentSpecErrors,
  pyClass,
  specKeyRefused,
} from '../../playbook/arg-spec-validator.js';
import { pyRepr } from '../../template/python.js';
import type { ArgumentSpecOption } from '../../playbook/types.js';
import { textClassOf } from '../../playbook/text-origin.js';

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Ansible's validate_argument_spec action: the task's variables named in argument_spec (templated)
 * and provided_arguments over them, checked against the spec with Ansible's messages.
 */
export const validateArgumentSpec = defineModule({
  name: 'validate_argument_spec',
  args: {
    argument_spec: { type: 'any' },
    provided_arguments: { type: 'any' },
    validate_args_context: { type: 'any' },
  },
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, args) {
    const context = args.validate_args_context ?? {};
    // Ansible's action raises these as errors: the result is the message alone
    const fail = (msg: string) => ({ failed: true, msg });
    const given = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    if (!('argument_spec' in given)) return fail(`"argument_spec" arg is required in args: ${pyRepr(given)}`);
    const spec = args.argument_spec;
    const provided = 'provided_arguments' in given ? args.provided_arguments : {};
    if (!isMapping(spec))
      return fail(`Incorrect type for argument_spec, expected dict and got ${pyClass(spec)}`);
    if (!isMapping(provided))
      return fail(`Incorrect type for provided_arguments, expected dict and got ${pyClass(provided)}`);
    const refused = specKeyRefused(spec);
    if (refused)
      return fail(
        `fabplay's validate_argument_spec does not implement '${refused}' (it checks ${IMPLEMENTED_SPEC_KEYS})`,
      );
    // the spec's names among the task's variables, templated, under the arguments given
    const templar = new Templar(ctx.vars, { searchPaths: ctx.searchPaths });
    const fromVars: Record<string, unknown> = {};
    // a variable's text is named by its class as Ansible's would be (playbook/text-origin.ts);
    // provided_arguments come templated, as plain str
    const textClasses: Record<string, string> = {};
    for (const name of Object.keys(spec))
      if (name in ctx.vars) {
        fromVars[name] = templar.template(ctx.vars[name]);
        const cls = name in provided ? undefined : textClassOf(ctx.vars[name], ctx.vars, new Set());
        if (cls) textClasses[name] = cls;
      }
    const errors = argumentSpecErrors(
      spec as Record<string, ArgumentSpecOption>,
      { ...fromVars, ...provided },
      { textClasses },
    );
    if (errors.length)
      return {
        changed: false,
        failed: true,
        msg: `Validation of arguments failed:\n${errors.join('\n')}`,
        argument_spec_data: spec,
        argument_errors: errors,
        validate_args_context: context,
      };
    return { changed: false, msg: 'The arg spec validation passed', validate_args_context: context };
  },
});
