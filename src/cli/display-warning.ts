import { wrap } from '../util/py-textwrap.js';

/** A warning as ansible-playbook's Display prints it on stderr off a terminal: `[WARNING]: ` and the text wrapped to 79 columns. */
export function displayWarning(text: string): string {
  return wrap(`[WARNING]: ${text}`, 79).join('\n') + '\n';
}
