import { lazyVarsView } from '../template/index.js';
import { LAZY } from '../template/python.js';
import type { Vars } from './precedence.js';

/**
 * The `hostvars` variable: `hostvars['web1'].x` is web1's `x`, templated with web1's own
 * variables, computed only when a template asks for it. `varsOf` gives a host's raw variables
 * (the executor composes them); each host's view is built once, and again when `versionOf` says
 * its variables changed since (a set_fact, a register, facts).
 */
export function makeHostvars(
  hosts: readonly string[],
  varsOf: (host: string) => Vars | undefined,
  versionOf: (host: string) => number = () => 0,
): Vars {
  const known = new Set(hosts);
  const views = new Map<string, { version: number; view: Vars }>();
  const viewOf = (host: string): Vars | undefined => {
    const version = versionOf(host);
    const hit = views.get(host);
    if (hit && hit.version === version) return hit.view;
    const vars = varsOf(host);
    if (!vars) return undefined;
    const view = lazyVarsView(vars);
    views.set(host, { version, view });
    return view;
  };
  return new Proxy({} as Vars, {
    get(_t, key) {
      if (key === LAZY) return true;
      if (typeof key !== 'string' || !known.has(key)) return undefined;
      return viewOf(key);
    },
    has: (_t, key) => key === LAZY || (typeof key === 'string' && known.has(key)),
    ownKeys: () => [...known],
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && known.has(key)
        ? { enumerable: true, configurable: true, value: viewOf(key), writable: false }
        : undefined,
  });
}

export { lazyVarsView };
