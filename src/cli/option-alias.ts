import { Option, type Command } from 'commander';

/**
 * ansible-playbook's other spelling of an option (`--key-file` for `--private-key`): hidden from
 * the help, its value goes where the option's does.
 */
export function addAlias(cmd: Command, flags: string, target: string, repeatable = false): Command {
  const alias = new Option(flags).hideHelp();
  cmd.addOption(alias);
  cmd.on(`option:${alias.name()}`, (given: string | undefined) => {
    // a flag without a value (commander hands it no value)
    const v = given ?? true;
    const prev = cmd.getOptionValue(target) as string[] | undefined;
    cmd.setOptionValue(target, repeatable ? [...(prev ?? []), v] : v);
  });
  return cmd;
}
