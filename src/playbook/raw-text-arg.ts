/**
 * Marks the argument a module's free-form text filled (`include_vars: a.yml` gives `file`), on the
 * task's written arguments: Ansible's parser keeps such text as `_raw_params`, which
 * display_args_to_stdout shows, where the same argument given by name shows under its name. A
 * hidden symbol key: Object.keys, JSON, schemas and deep comparisons never see it (a copy of the
 * arguments is marked again).
 */
export const RAW_TEXT_ARG = Symbol('fabplay.rawTextArg');

/** The written arguments with `key` marked as filled by free-form text. */
export function markRawText(args: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.defineProperty(args, RAW_TEXT_ARG, { value: key, enumerable: false, configurable: true });
}

/** The argument free-form text filled, if any. */
export function rawTextArg(args: Record<string, unknown>): string | undefined {
  const key = (args as { [RAW_TEXT_ARG]?: unknown })[RAW_TEXT_ARG];
  return typeof key === 'string' ? key : undefined;
}
