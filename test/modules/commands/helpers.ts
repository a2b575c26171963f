import { Ajv } from 'ajv';
import { CommandError } from '../../../src/errors.js';
import { cmd } from '../../../src/util/shell.js';
import type { ModuleContext, ModuleDef, RunOptions, RunResult } from '../../../src/modules/types.js';

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
  stdout?: string;
  stderr?: string;
}

export interface FakeContext extends ModuleContext {
  /** every command line run, in order */
  ran: string[];
}

export function fakeContext(
  opts: { facts?: Record<string, unknown>; answers?: FakeAnswer[]; check?: boolean; diff?: boolean } = {},
): FakeContext {
  const ran: string[] = [];
  const ctx: FakeContext = {
    host: 'fakehost',
    conn: {
      host: 'fakehost',
      kind: 'fake',
      connect: async () => {},
      exec: async () => ({ rc: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) }),
      put: async () => {},
      putFile: async () => {},
      get: async () => Buffer.alloc(0),
      close: async () => {},
    },
    check: opts.check ?? false,
    diff: opts.diff ?? false,
    vars: {},
    facts: opts.facts ?? {},
    ran,
    async run(argv: readonly string[] | { shell: string }, o: RunOptions = {}): Promise<RunResult> {
      const text = 'shell' in argv ? argv.shell : cmd(argv);
      ran.push(text);
      const a = (opts.answers ?? []).find((x) =>
        typeof x.match === 'string' ? text.includes(x.match) : x.match.test(text),
      );
      const r: RunResult = { rc: a?.rc ?? 0, stdout: a?.stdout ?? '', stderr: a?.stderr ?? '', cmd: text };
      if (r.rc !== 0 && !o.allowFail) throw new CommandError('fakehost', text, r.rc, r.stdout, r.stderr);
      return r;
    },
    findFile: (_k, name) => name,
    render: (t) => t,
    log: () => {},
  };
  return ctx;
}
