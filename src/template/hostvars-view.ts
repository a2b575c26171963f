import { LAZY, isLazy, isPlainObject } from './python.js';
import { Undefined } from './undefined.js';

/**
 * A host's variables, each templated when read by the Templar `templarOf` makes for them (once,
 * at the first read): what `hostvars[h]` shows.
 */
export function varsView(
  vars: Record<string, unknown>,
  templarOf: () => { lenientVar(key: string): unknown },
): Record<string, unknown> {
  let templar: { lenientVar(key: string): unknown } | undefined;
  const resolve = (key: string): unknown => {
    templar ??= templarOf();
    const v = templar.lenientVar(key);
    // lookupVar reveals an unsafe value: the render reading `hostvars[h].x` is noted unsafe
    return v instanceof Undefined ? undefined : v;
  };
  return new Proxy(vars, {
    get(target, key) {
      if (key === LAZY) return true;
      if (typeof key !== 'string' || !(key in target)) return undefined;
      return resolve(key);
    },
    has: (target, key) => key === LAZY || key in target,
    ownKeys: (target) => Reflect.ownKeys(target),
    getOwnPropertyDescriptor(target, key) {
      if (typeof key !== 'string' || !(key in target)) return undefined;
      return { enumerable: true, configurable: true, writable: false, value: resolve(key) };
    },
  });
}

/** Marks the `hostvars` view: a host it lacks is an undefined of its own (members.ts). */
export const HOSTVARS = Symbol('fabplay.hostvars');

export function isHostvars(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[HOSTVARS] === true;
}

/** Wraps a plain `hostvars` dict (host -> raw vars) so each host's entry is a view of its vars (varsView). */
export function hostvarsOf(
  raw: Record<string, unknown>,
  viewOfVars: (vars: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  const views = new Map<string, Record<string, unknown>>();
  const viewOf = (host: string): unknown => {
    let v = views.get(host);
    if (!v) {
      const hostRaw = raw[host];
      if (!isPlainObject(hostRaw)) return hostRaw;
      v = isLazy(hostRaw) ? hostRaw : viewOfVars(hostRaw);
      views.set(host, v);
    }
    return v;
  };
  return new Proxy(raw, {
    get(target, key) {
      if (key === LAZY || key === HOSTVARS) return true;
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return undefined;
      return viewOf(key);
    },
    has: (target, key) => key === LAZY || Object.prototype.hasOwnProperty.call(target, key),
    ownKeys: (target) => Reflect.ownKeys(target),
    getOwnPropertyDescriptor(target, key) {
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return undefined;
      return { enumerable: true, configurable: true, writable: false, value: viewOf(key) };
    },
  });
}
