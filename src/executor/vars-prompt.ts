import { InputError } from '../errors.js';
import type { Play } from '../playbook/types.js';
import type { VarPrompt } from '../playbook/vars-prompt.js';
import { FilterError } from '../template/errors.js';
import { cryptHash } from '../template/filters/password-hash.js';
import { Templar, seal } from '../template/index.js';
import { pyStr, truthy as pyTruthy } from '../template/python.js';
import { boolOf } from '../util/ansible-bool.js';
import type { Vars } from '../vars/precedence.js';
import type { Prompter } from './api.js';
import type { RunState } from './state.js';
import { playLevelVars } from './vars.js';

/**
 * vars_prompt as ansible-playbook 2.14 runs it (PlaybookExecutor, Display.do_var_prompt): when a
 * play starts, before its banner, its entries are templated with the play's variables and the
 * extra vars; a name given with -e is not asked; otherwise the question is asked when stdin is a
 * terminal, and without one Ansible warns once and takes the default (or the text 'None'). The
 * answers become play variables.
 */

const warned = new WeakSet<RunState>();

/** The play's vars_prompt answers (empty when it has none); `varsFiles` helps render the questions. */
export async function promptedVars(run: RunState, play: Play, varsFiles: () => Vars): Promise<Vars> {
  const prompts = play.varsPrompt ?? [];
  const out: Vars = {};
  if (!prompts.length) return out;
  const templar = new Templar(
    playLevelVars(play, run.req.extraVars, { vars: play.vars, varsFiles: varsFiles() }),
  );
  const prompter = run.req.prompter;
  let settled = false;
  for (const p of prompts) {
    const spec = templar.template(p.spec, p.pos) as Record<string, unknown>;
    const name = pyStr(spec.name);
    if (name in run.req.extraVars) continue;
    if (!settled) {
      // the live view stops redrawing before anything shows on the terminal
      await run.out.settle?.();
      settled = true;
    }
    let answer: string | undefined;
    if (prompter?.interactive) answer = ask(prompter, name, spec, p);
    else if (!warned.has(run)) {
      warned.add(run);
      prompter?.warn('Not prompting as we are not in interactive mode');
    }
    out[name] = answerValue(name, answer, spec, p);
  }
  return out;
}

function flag(spec: Record<string, unknown>, key: string, dflt: boolean, p: VarPrompt): boolean {
  const v = spec[key] ?? dflt;
  const b = boolOf(v);
  if (b === undefined)
    throw new InputError(
      `vars_prompt '${pyStr(spec.name)}': ${key}: '${pyStr(v)}' is not a valid boolean`,
      p.pos,
      `write ${key}: true or ${key}: false`,
    );
  return b;
}

/** The question as Ansible words it: `prompt [default]: `, `prompt: `, or `input for name: `. */
export function questionOf(name: string, spec: Record<string, unknown>): string {
  const prompt = 'prompt' in spec ? spec.prompt : name;
  const dflt = spec.default;
  if (pyTruthy(prompt) && dflt !== undefined && dflt !== null) return `${pyStr(prompt)} [${pyStr(dflt)}]: `;
  if (pyTruthy(prompt)) return `${pyStr(prompt)}: `;
  return `input for ${name}: `;
}

function ask(prompter: Prompter, name: string, spec: Record<string, unknown>, p: VarPrompt): string {
  const question = questionOf(name, spec);
  const echo = !flag(spec, 'private', true, p);
  if (!flag(spec, 'confirm', false, p)) return prompter.ask(question, echo);
  for (;;) {
    const first = prompter.ask(question, echo);
    if (prompter.ask(`confirm ${question}`, echo) === first) return first;
    prompter.tell('***** VALUES ENTERED DO NOT MATCH ****');
  }
}

/** An empty answer (or none) takes the default; then `encrypt` hashes it and `unsafe` keeps it from templating. */
function answerValue(
  name: string,
  answer: string | undefined,
  spec: Record<string, unknown>,
  p: VarPrompt,
): unknown {
  let value: unknown = answer;
  if (!answer && spec.default !== undefined && spec.default !== null) value = spec.default;
  if (pyTruthy(spec.encrypt)) {
    if (value === undefined)
      // Ansible 2.14 stops with an unexpected exception (crypt() of None) here
      throw new InputError(
        `vars_prompt '${name}': there is nothing to encrypt: stdin is not a terminal, so nothing was asked, and there is no default`,
        p.pos,
        `pass the value with -e ${name}=... (it is used as given, not encrypted), or run from a terminal`,
      );
    try {
      value = cryptHash(pyStr(value), pyStr(spec.encrypt), { salt: spec.salt, saltSize: spec.salt_size });
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      throw new InputError(
        `vars_prompt '${name}': ${e.message}`,
        p.pos,
        'encrypt takes sha512_crypt, sha256_crypt or md5_crypt',
      );
    }
  }
  // Ansible's to_text: no answer at all is the text 'None'
  const text = pyStr(value);
  return pyTruthy(spec.unsafe) ? seal(text) : text;
}
