import { FabError, formatPos } from '../errors.js';
import type { Task } from '../playbook/types.js';
import type { Templar } from '../template/index.js';
import { OMIT, isUnsafe } from '../template/index.js';
import { TemplateRuntimeError, UndefinedVariableError } from '../template/errors.js';
import { isBoxedFloat } from '../util/py-float.js';
import { NativeText } from '../template/native-text.js';
import { copyKeyTypes } from '../util/py-dict-keys.js';
import { pyArgFailure } from './py-exception.js';
import { VARIABLE_PARAMS, VARIABLE_PARAMS_WARNING } from '../playbook/variable-params.js';
import { isPlainObject, pyStr } from '../template/python.js';

// A task's module arguments templated, and the words of a failure to template them.

/** The args without `omit` values; unsafe values (host data, kept marked for set_fact) and native texts as they are. */
export function dropOmitted(v: unknown): unknown {
  if (isUnsafe(v) || v instanceof NativeText) return v;
  if (Array.isArray(v)) return v.filter((x) => x !== OMIT).map(dropOmitted);
  if (v && typeof v === 'object' && !(v instanceof Buffer) && !isBoxedFloat(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== OMIT) out[k] = dropOmitted(x);
    copyKeyTypes(v, out);
    return out;
  }
  return v;
}

function pyKey(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Templates a task's args one key at a time, so an error names the argument and its expression.
 * `defaults` (module_defaults, templated) come under them: a task argument that is `omit` drops
 * the default too, as in Ansible.
 */
export function templateArgs(
  task: Task,
  templar: Templar,
  keepsUnsafe?: true | readonly string[],
  defaults: Record<string, unknown> = {},
  warn: (msg: string) => void = () => {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  // `copy: "{{ copy_args }}"`, `args: "{{ a_mapping }}"`: the arguments come from a template;
  // the task's own win
  const fromVar = task.args[VARIABLE_PARAMS] ?? task.kw.args;
  if (typeof fromVar === 'string') {
    Object.assign(out, variableParams(fromVar, task, templar));
    warn(VARIABLE_PARAMS_WARNING);
  }
  for (const [k, raw] of Object.entries(task.args)) {
    if (k === VARIABLE_PARAMS) continue;
    try {
      // set_fact's keys may be templates, as in Ansible
      const key = task.action === 'set_fact' && k.includes('{{') ? pyKey(templar.template(k, task.pos)) : k;
      out[key] =
        keepsUnsafe === true || keepsUnsafe?.includes(k)
          ? templar.templateToStore(raw, task.pos)
          : templar.template(raw, task.pos);
    } catch (e) {
      throw argFailure(e, k, raw, task);
    }
  }
  return dropOmitted(out) as Record<string, unknown>;
}

/** The mapping a template gives as a task's arguments; anything else fails the task in Ansible's words. */
function variableParams(written: string, task: Task, templar: Templar): Record<string, unknown> {
  let v: unknown;
  try {
    v = templar.template(written, task.pos);
  } catch (e) {
    throw argFailure(e, VARIABLE_PARAMS, written, task);
  }
  if (!isPlainObject(v)) throw new TemplateFailure(`invalid or malformed argument: '${pyStr(v)}'`, true);
  return v;
}

/** An argument that failed to template, or an error the action raised (ActionRaised); `worded`: the message is whole, in Ansible's words. */
export class TemplateFailure extends Error {
  constructor(
    message: string,
    readonly worded = false,
  ) {
    super(message);
  }
}

/**
 * Ansible's `msg` for an argument that failed to template, since playbooks test it: a filter's own
 * error is the whole message (`Mandatory variable 'x'  not defined.`), an undefined variable starts
 * with Ansible's sentence; both keep fabplay's details (argument, expression, place) after it.
 */
function argFailure(e: unknown, k: string, raw: unknown, task: Task): Error {
  const py = pyArgFailure(e, k, raw, task.pos);
  if (py) return py;
  if (e instanceof TemplateRuntimeError && e.byFilter === 'error') return new TemplateFailure(e.detail, true);
  if (e instanceof TemplateRuntimeError && e.byFilter === 'type')
    return new TemplateFailure(
      `Unexpected templating type error occurred on (${typeof raw === 'string' ? raw : JSON.stringify(raw)}): ${e.detail}. ${e.detail}`,
      true,
    );
  const text = `argument '${k}': ${errText(e)}; the expression was: ${JSON.stringify(raw)}`;
  if (!(e instanceof UndefinedVariableError)) return new TemplateFailure(text);
  return new TemplateFailure(
    `The task includes an option with an undefined variable. The error was: ${text}\n\nThe error appears to be in ${formatPos(task.pos)}`,
    true,
  );
}

export function errText(e: unknown): string {
  if (e instanceof FabError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
