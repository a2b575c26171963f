import Module, { createRequire } from 'node:module';
import { ssh2Crypto } from './ssh2-crypto.js';

type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
const PROTOCOL_FILE = /[\\/]ssh2[\\/]lib[\\/]protocol[\\/][^\\/]+$/;
const ASN1_FILE = /[\\/]asn1[\\/]lib[\\/]ber[\\/][^\\/]+$/;
const INDEX_FILE = /[\\/]ssh2[\\/]lib[\\/]index\.js$/;

const require = createRequire(import.meta.url);

type Assert = ((...a: unknown[]) => void) & Record<string, (...a: unknown[]) => void>;

/**
 * Node's assert, loaded only when an assertion fails. asn1's writer (ssh2 parses every private key
 * with it) and ssh2's SFTP helpers for Node's fs API check their arguments with assert, ok and
 * equal; loading Node's assert loads its assertion errors, which make process.stderr (for their
 * colours): about 5 ms of every SSH run, for checks that pass. A check that passes returns here;
 * one that fails, and every other function, is Node's own, with its own error.
 */
export function assertWhenFailing(): Assert {
  let real: Assert | undefined;
  const load = (): Assert => (real ??= require('node:assert') as Assert);
  const ok = (...args: unknown[]): void => {
    if (args.length === 0 || !args[0]) load().ok!(...args);
  };
  const equal = (...args: unknown[]): void => {
    // assert.equal compares with ==
    if (args.length < 2 || args[0] != args[1]) load().equal!(...args);
  };
  return new Proxy(ok as Assert, {
    apply: (_t, _self, args: unknown[]) => ok(...args),
    get: (_t, key) => (key === 'ok' ? ok : key === 'equal' ? equal : Reflect.get(load(), key)),
    has: (_t, key) => key in load(),
  });
}

type Class = new (...a: unknown[]) => object;

/**
 * ssh2's HTTP agents (lib/http-agents.js), loaded at their first use: that file loads Node's
 * http, https and tls, about 4 ms of every SSH run, and fabplay never makes an agent. Each class
 * is a stand-in that constructs, extends and answers instanceof as the real one does.
 */
function httpAgentsWhenUsed(requireFrom: NodeJS.Require): Record<string, Class> {
  let real: Record<string, Class> | undefined;
  const load = (): Record<string, Class> =>
    (real ??= requireFrom('./http-agents.js') as Record<string, Class>);
  const standIn = (name: string): Class => {
    const stand: Class = new Proxy(function agent() {} as unknown as Class, {
      construct: (_t, args: unknown[], target: Class) =>
        Reflect.construct(load()[name]!, args, target === stand ? load()[name]! : target),
      get: (_t, key) => Reflect.get(load()[name]!, key),
      has: (_t, key) => key in load()[name]!,
    });
    return stand;
  };
  return { SSHTTPAgent: standIn('SSHTTPAgent'), SSHTTPSAgent: standIn('SSHTTPSAgent') };
}

/**
 * `load()` (which requires ssh2) with ssh2's protocol files given ssh2Crypto for `crypto`
 * (ssh2-crypto.ts), they and asn1's files an assert that loads Node's when a check fails, and
 * its index its HTTP agents when used. They all load with ssh2 itself, so the hook is in place
 * only meanwhile.
 */
export function loadSsh2<T>(load: () => T): T {
  const m = Module as unknown as { _load: Load };
  const original = m._load;
  m._load = function (this: unknown, request, parent, isMain) {
    const from = parent?.filename ?? '';
    if ((request === 'crypto' || request === 'node:crypto') && PROTOCOL_FILE.test(from)) return ssh2Crypto;
    if (
      (request === 'assert' || request === 'node:assert') &&
      (ASN1_FILE.test(from) || PROTOCOL_FILE.test(from))
    )
      return assertWhenFailing();
    if (request === './http-agents.js' && INDEX_FILE.test(from))
      return httpAgentsWhenUsed(createRequire(from));
    return original.call(this, request, parent, isMain);
  };
  try {
    return load();
  } finally {
    m._load = original;
  }
}
