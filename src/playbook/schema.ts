import type { AnySchemaObject, ValidateFunction } from 'ajv';
import { validator } from '../util/validators.js';
import { type PyFloat, isBoxedFloat } from '../util/py-float.js';
import { InputError, type SourcePos, didYouMean } from '../errors.js';
import { combineAll } from '../vars/hash-behaviour.js';
import { posOf } from '../yaml/load.js';
import { checkModuleDefaults } from './module-defaults.js';

/**
 * JSON schemas (ajv) for the values of play, block, task and role-entry keywords, and for
 * meta/argument_specs.yml. Unknown keys are found by the loader (it knows modules too); these
 * schemas check types. Strings are always allowed where a template (`{{ x }}`) could stand.
 */

const S = { type: 'string' };
const templ = { type: 'string' };
// Ansible's boolean() also takes the numbers 1 and 0 (1.0, 0.0); the preflight refuses other numbers
const boolish = { type: ['boolean', 'string', 'number'] };
const intish = { anyOf: [{ type: 'integer', minimum: 0 }, templ] };
const strOrList = {
  anyOf: [{ type: ['string', 'number'] }, { type: 'array', items: { type: ['string', 'number'] } }],
};
const condition = {
  anyOf: [{ type: ['string', 'boolean'] }, { type: 'array', items: { type: ['string', 'boolean'] } }],
};
const taskList = { type: ['array', 'null'] };

/** keyword -> [schema, what it must be, said to the user] */
const KW: Record<string, [AnySchemaObject, string]> = {
  // Ansible takes any scalar: a task shows its action for a name that is no text, a play str(name)
  name: [{ type: ['string', 'number', 'boolean', 'null'] }, 'a string'],
  hosts: [strOrList, 'a host pattern or a list of patterns'],
  vars: [
    { anyOf: [{ type: ['object', 'null'] }, { type: 'array', items: { type: 'object' } }] },
    'a mapping of variable names to values',
  ],
  vars_files: [
    { type: ['string', 'array'], items: { anyOf: [S, { type: 'array', items: S }] } },
    'a list of file names (an item may be a list: the first file that exists)',
  ],
  roles: [
    { type: ['array', 'null'], items: { type: ['object', 'string'] } },
    'a list of role names or mappings',
  ],
  pre_tasks: [taskList, 'a list of tasks'],
  tasks: [taskList, 'a list of tasks'],
  post_tasks: [taskList, 'a list of tasks'],
  handlers: [taskList, 'a list of tasks'],
  block: [{ type: 'array' }, 'a list of tasks'],
  rescue: [taskList, 'a list of tasks'],
  always: [taskList, 'a list of tasks'],
  gather_facts: [boolish, 'a boolean'],
  gather_subset: [strOrList, 'a string or a list'],
  gather_timeout: [intish, 'a number of seconds'],
  fact_path: [S, 'a path'],
  serial: [
    {
      anyOf: [
        { type: 'integer', minimum: 1 },
        { type: 'string', pattern: '^(\\d+%?|.*\\{\\{.*)$' },
        {
          type: 'array',
          minItems: 1,
          items: {
            anyOf: [
              { type: 'integer', minimum: 1 },
              { type: 'string', pattern: '^(\\d+%?|.*\\{\\{.*)$' },
            ],
          },
        },
      ],
    },
    "a positive number, a percentage like '30%', or a list of them",
  ],
  max_fail_percentage: [
    {
      anyOf: [
        { type: 'number', minimum: 0, maximum: 100 },
        { type: 'string', pattern: '^(\\d+(\\.\\d+)?%?|.*\\{\\{.*)$' },
      ],
    },
    'a number from 0 to 100',
  ],
  order: [
    {
      anyOf: [
        { enum: ['default', 'sorted', 'reverse_sorted', 'inventory', 'reverse_inventory', 'shuffle'] },
        { type: 'string', pattern: '\\{\\{' },
      ],
    },
    'one of default, inventory, reverse_inventory, sorted, reverse_sorted, shuffle',
  ],
  // free and host_pinned run as fabplay's one strategy (docs/executor-differences.md)
  strategy: [
    { anyOf: [{ enum: ['linear', 'free', 'host_pinned'] }, { type: 'string', pattern: '\\{\\{' }] },
    "'linear', 'free' or 'host_pinned'",
  ],
  any_errors_fatal: [boolish, 'a boolean'],
  force_handlers: [boolish, 'a boolean'],
  become: [boolish, 'a boolean'],
  become_user: [{ type: ['string', 'number'] }, 'a user name'],
  become_method: [S, 'a method name such as sudo or su'],
  become_exe: [S, 'a path'],
  become_flags: [S, 'a string'],
  remote_user: [{ type: ['string', 'number'] }, 'a user name'],
  check_mode: [boolish, 'a boolean'],
  diff: [boolish, 'a boolean'],
  ignore_errors: [boolish, 'a boolean'],
  ignore_unreachable: [boolish, 'a boolean'],
  no_log: [boolish, 'a boolean'],
  run_once: [boolish, 'a boolean'],
  delegate_facts: [boolish, 'a boolean'],
  connection: [S, 'a connection name'],
  port: [intish, 'a port number'],
  timeout: [intish, 'a number of seconds'],
  throttle: [intish, 'a number'],
  tags: [strOrList, 'a tag or a list of tags'],
  environment: [{ type: ['object', 'string', 'array'] }, 'a mapping of variable names to values'],
  collections: [{ type: 'array', items: S }, 'a list of collection names'],
  module_defaults: [{ type: ['object', 'array'] }, 'a mapping'],
  // fabplay has no debugger: the keyword is accepted and has no effect (nothing prompts)
  debugger: [{ type: ['string', 'null'] }, 'a string'],
  when: [condition, 'a condition or a list of conditions'],
  changed_when: [condition, 'a condition or a list of conditions'],
  failed_when: [condition, 'a condition or a list of conditions'],
  until: [condition, 'a condition or a list of conditions'],
  loop: [{ type: ['array', 'string'] }, 'a list, or a template that gives a list'],
  loop_control: [
    {
      type: 'object',
      properties: {
        loop_var: S,
        index_var: S,
        label: {},
        pause: { type: ['number', 'string'] },
        extended: boolish,
        extended_allitems: boolish,
      },
      additionalProperties: false,
    },
    'a mapping with loop_var, index_var, label, pause, extended',
  ],
  register: [{ type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, 'a variable name'],
  notify: [strOrList, 'a handler name or a list of handler names'],
  listen: [strOrList, 'a topic or a list of topics'],
  retries: [intish, 'a number'],
  delay: [{ anyOf: [{ type: 'number', minimum: 0 }, templ] }, 'a number of seconds'],
  delegate_to: [{ type: ['string'] }, 'a host name'],
  async: [intish, 'a number of seconds'],
  poll: [intish, 'a number of seconds'],
  args: [{ type: ['object', 'string'] }, 'a mapping of module arguments'],
};

/** `vars:` as a list of mappings (Ansible accepts it) becomes one mapping, later entries winning (combine_vars). */
export function varsMapping(v: unknown): Record<string, unknown> {
  if (Array.isArray(v)) return combineAll(v as Record<string, unknown>[]);
  return (v ?? {}) as Record<string, unknown>;
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(key: string): ValidateFunction | undefined {
  const entry = KW[key];
  if (!entry) return undefined;
  let v = compiled.get(key);
  if (!v) {
    v = validator('keywords', key, entry[0]);
    compiled.set(key, v);
  }
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '...' : v}'`;
  return String(v);
}

/**
 * Checks the type of every known keyword in `obj` (with_* lookups take anything).
 * `what` names the object for the message (`play "web"`, `task "copy config"`).
 */
export function checkKeywordTypes(
  obj: Record<string, unknown>,
  keys: Iterable<string>,
  what: string,
  fallback: SourcePos,
): void {
  for (const key of keys) {
    if (!(key in obj)) continue;
    const v = validatorFor(key);
    // a whole float is checked, and used, as its number (`delay: 1.0`); a name as its text ('1.0')
    if (isBoxedFloat(obj[key])) obj[key] = key === 'name' ? String(obj[key]) : (obj[key] as PyFloat).value;
    if (key === 'module_defaults') checkModuleDefaults(obj[key], posOf(obj, key) ?? fallback, what);
    if (!v || v(obj[key])) continue;
    const extra = v.errors?.find((e) => e.keyword === 'additionalProperties');
    if (extra) {
      const prop = (extra.params as { additionalProperty: string }).additionalProperty;
      const value = obj[key] as Record<string, unknown>;
      const known = Object.keys((KW[key]![0] as { properties?: object }).properties ?? {});
      const guess = didYouMean(prop, known);
      throw new InputError(
        `${what}: '${key}' has no '${prop}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
        posOf(value, prop) ?? posOf(obj, key) ?? fallback,
        guess ? undefined : `'${key}' takes: ${known.join(', ')}`,
      );
    }
    if (key === 'register')
      // Ansible's wording, which playbooks and their tests look for
      throw new InputError(
        `${what}: Invalid variable name in 'register' specified: '${String(obj[key])}'`,
        posOf(obj, key) ?? fallback,
        'a registered name is a variable name: letters, digits and _, not starting with a digit',
      );
    throw new InputError(
      `${what}: '${key}' must be ${KW[key]![1]}, not ${typeName(obj[key])}`,
      posOf(obj, key) ?? fallback,
    );
  }
}

const optionSchema = {
  $id: 'argspec-option',
  type: 'object',
  properties: {
    type: {
      enum: [
        'str',
        'int',
        'bool',
        'list',
        'dict',
        'path',
        'raw',
        'float',
        'bytes',
        'bits',
        'jsonarg',
        'json',
      ],
    },
    required: { type: 'boolean' },
    default: {},
    choices: { type: 'array' },
    elements: { enum: ['str', 'int', 'bool', 'list', 'dict', 'path', 'raw', 'float'] },
    options: { type: 'object', additionalProperties: { $ref: 'argspec-option' } },
    description: {},
    version_added: {},
    aliases: { type: 'array', items: S },
    no_log: { type: 'boolean' },
  },
  // other keys: Ansible ignores them, or acts on them and the role check refuses them (specKeyRefused)
};

const argumentSpecsSchema = {
  type: 'object',
  required: ['argument_specs'],
  properties: {
    argument_specs: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          short_description: S,
          description: {},
          author: {},
          version_added: {},
          options: { type: ['object', 'null'], additionalProperties: { $ref: 'argspec-option' } },
        },
        // Ansible takes `options` (and short_description for the task's name) and ignores the rest
      },
    },
  },
};
// made at first use: most runs have no role with argument specs
let argSpecsValidator: ValidateFunction | undefined;
const ARG_SPECS = 'argument_specs';

/** Every schema here by name, with the schemas their `$ref`s name (the build precompiles them). */
export function keywordSchemas(): { name: string; schema: AnySchemaObject }[] {
  return [
    ...Object.entries(KW).map(([name, [schema]]) => ({ name, schema })),
    { name: ARG_SPECS, schema: argumentSpecsSchema },
  ];
}
export const KEYWORD_REFS: readonly AnySchemaObject[] = [optionSchema];

/** Validates a parsed meta/argument_specs.yml; the error points at the offending entry. */
export function checkArgumentSpecsFile(doc: unknown, file: string): void {
  const validateArgSpecs = (argSpecsValidator ??= validator(
    'keywords',
    ARG_SPECS,
    argumentSpecsSchema,
    KEYWORD_REFS,
  ));
  if (validateArgSpecs(doc)) return;
  const err = validateArgSpecs.errors![0]!;
  // walk instancePath to the deepest loaded object for a position
  const parts = err.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc;
  let pos = posOf(doc) ?? { file, line: 1, col: 1 };
  for (const p of parts) {
    if (node === null || typeof node !== 'object') break;
    pos = posOf(node, p) ?? pos;
    node = (node as Record<string, unknown>)[p];
  }
  const where = parts.length ? parts.join('.') : 'the file';
  let msg = `${where} ${err.message ?? 'is invalid'}`;
  if (err.keyword === 'additionalProperties')
    msg = `${where}: unknown key '${(err.params as { additionalProperty: string }).additionalProperty}'`;
  if (err.keyword === 'enum')
    msg += `: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  throw new InputError(
    `argument specs: ${msg}`,
    pos,
    'see meta/argument_specs.yml in the Ansible docs (argument_specs: main: options: ...)',
  );
}
