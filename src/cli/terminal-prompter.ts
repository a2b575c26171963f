import { UsageError } from '../errors.js';
import { askTerminal, tellTerminal } from '../connection/prompt.js';
import type { Prompter } from '../executor/api.js';

/**
 * vars_prompt's questions on the controlling terminal, asked only when stdin is one (as
 * ansible-playbook decides): the live view and --json keep stdout, the questions go to /dev/tty.
 */
export function terminalPrompter(warn: (text: string) => void): Prompter {
  return {
    // read when a vars_prompt asks: process.stdin, made at its first read, costs a run that asks
    // nothing the loading of Node's stream, readline and fs/promises modules
    get interactive() {
      return Boolean(process.stdin.isTTY);
    },
    ask(question, echo) {
      const answer = askTerminal(question, echo);
      if (answer === undefined)
        throw new UsageError(
          `vars_prompt: '${question.trim()}' was to be asked, but the terminal cannot be opened`,
          'pass the value with -e NAME=VALUE',
        );
      return answer;
    },
    tell(text) {
      tellTerminal(text);
    },
    warn(text) {
      warn(`[WARNING]: ${text}\n`);
    },
  };
}
