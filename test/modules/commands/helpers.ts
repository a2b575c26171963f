import { Ajv } from 'ajv';
import { createModuleContext, type Step } from '../../../src/modules/lib/context.js';
import type { Connection, ReconnectOptions } from '../../../src/connection/types.js';
import type { ModuleContext, ModuleDef } from '../../../src/modules/types.js';

/**
 * Test helpers for the commands, net, packages, services and system modules:
 * - schemaErrors(): what ajv says about a module's arguments (the executor validates the same way);
 * - fakeContext(): a ModuleContext whose run() records the command lines and answers from a script,
 *   for unit tests that pin the exact commands a module emits for given facts (pyinfra style).
 */

export function schemaErrors(mod: ModuleDef<any>, args: Record<string, unknown>): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(mod.schema);
  if (validate(args)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

export interface FakeAnswer {
  /** a substring or a regexp of the command line */
  match: string | RegExp;
  rc?: number;
  /** the output, or a function giving it at the time of the call (a host whose state moves) */
  stdout?: string | (() => string);
  stderr?: string;
}

export interface FakeContext extends ModuleContext {
  /** every command line that reached the (fake) host, in order: probes and changes sent */
  ran: string[];
  /** what the module did through the context: probes, and changes sent or kept back by check mode */
  steps: Step[];
  warnings: string[];
}

/** The answer the script gives a command line; unscripted commands answer rc 0 unless `strict`. */
export function answerFor(answers: readonly FakeAnswer[], text: string, strict = false): FakeAnswer {
  const a = answers.find((x) => (typeof x.match === 'string' ? text.includes(x.match) : x.match.test(text)));
  if (!a && strict) throw new Error(`fake host: no scripted answer for: ${text}`);
  return a ?? { match: '' };
}

/**
 * A connection to no host: it records each command line and answers from a script. File transfers
 * are refused: the modules tested with it move no files.
 */
export function fakeConnection(
  answers: readonly FakeAnswer[],
  ran: string[],
  strict = false,
  reconnect?: (opts?: ReconnectOptions) => Promise<void>,
): Connection {
  const refuse = async (): Promise<never> => {
    throw new Error('fake host: no file transfers');
  };
  return {
    host: 'fakehost',
    kind: 'fake',
    connect: async () => {},
    async exec(text: string) {
      ran.push(text);
      const a = answerFor(answers, text, strict);
      const stdout = typeof a.stdout === 'function' ? a.stdout() : (a.stdout ?? '');
      return { rc: a.rc ?? 0, stdout: Buffer.from(stdout), stderr: Buffer.from(a.stderr ?? '') };
    },
    put: refuse,
    putFile: refuse,
    get: refuse,
    close: async () => {},
    ...(reconnect ? { reconnect } : {}),
  };
}

/**
 * A ModuleContext (the executor's own, modules/lib/context.ts) over fakeConnection: tests pin the
 * exact commands a module emits for given facts (pyinfra style), and check mode keeps changes back
 * exactly as on a real host.
 */
export function fakeContext(
  opts: {
    facts?: Record<string, unknown>;
    answers?: FakeAnswer[];
    check?: boolean;
    diff?: boolean;
    strict?: boolean;
    /** the fake host can reconnect (reboot, wait_for_connection) */
    reconnect?: (opts?: ReconnectOptions) => Promise<void>;
  } = {},
): FakeContext {
  const ran: string[] = [];
  const h = createModuleContext({
    host: 'fakehost',
    conn: fakeConnection(opts.answers ?? [], ran, opts.strict, opts.reconnect),
    check: opts.check ?? false,
    diff: opts.diff ?? false,
    vars: {},
    facts: opts.facts ?? {},
    findFile: (_k, name) => name,
    render: (t) => t,
    log: () => {},
  });
  return Object.assign(h.ctx, { ran, steps: h.steps, warnings: h.warnings });
}
