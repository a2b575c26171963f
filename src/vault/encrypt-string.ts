import { encryptVault, type VaultSecret } from './secrets.js';
import { UsageError } from '../errors.js';

/**
 * `vault encrypt_string`: each plaintext as a `!vault |` block to paste into YAML, in
 * ansible-vault's layout (`name: !vault |`, the envelope indented by 10 spaces, blocks joined by
 * newlines with no final one; a `# The encrypted version of ...` line on stderr for each when
 * there are several).
 */

export interface StringToEncrypt {
  text: string;
  /** where it came from, for the stderr note: 'the command line args', 'stdin', 'the interactive prompt' */
  from: string;
  name?: string;
}

const INDENT = ' '.repeat(10);

export function vaultYamlBlock(ciphertext: string, name?: string): string {
  const lines = [
    `${name ? `${name}: ` : ''}!vault |`,
    ...ciphertext
      .split('\n')
      .filter((l) => l)
      .map((l) => INDENT + l),
  ];
  return lines.join('\n');
}

/** Pair the args with the --name options, in order; args beyond the names have none (as Ansible). */
export function nameArgs(args: string[], names: string[], warn: (m: string) => void): StringToEncrypt[] {
  if (names.length && args.length > names.length) {
    warn('The number of --name options do not match the number of args.');
    warn(`The last named variable will be "${names[names.length - 1]}". The rest will not have names.`);
  }
  return args.map((text, i) => ({ text, from: 'the command line args', name: names[i] }));
}

export function encryptStrings(
  items: StringToEncrypt[],
  secret: VaultSecret,
  note: (m: string) => void,
): string {
  const blocks = items.map((item, i) => {
    if (item.text === '')
      throw new UsageError(`the plaintext provided from ${item.from} was empty, not encrypting`);
    if (items.length > 1)
      note(
        item.name
          ? `# The encrypted version of variable ("${item.name}", the string #${i + 1} from ${item.from}).\n`
          : `# The encrypted version of the string #${i + 1} from ${item.from}.)\n`,
      );
    return vaultYamlBlock(encryptVault(item.text, secret), item.name);
  });
  return blocks.join('\n');
}
