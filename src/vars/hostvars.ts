import { lazyVarsView } from '../template/index.js';
import { LAZY } from '../template/python.js';
import { HOSTVARS } from '../template/hostvars-view.js';
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
  /**
   * other names a host is found by, and whether each is listed among the keys (Ansible finds its
   * localhost as `127.0.0.1` or `::1`, and lists it as `localhost` whatever its name)
   */
  aliases: ReadonlyMap<string, { host: string; listed: boolean }> = new Map(),
): Vars {
  const hostNames = new Set(hosts);
  const known = { has: (k: string) => hostNames.has(k) || hostNames.has(aliases.get(k)?.host ?? '') };
  const named = (k: string) => (hostNames.has(k) ? k : aliases.get(k)!.host);
  const listed = new Set([...hosts, ...[...aliases].filter(([, a]) => a.listed).map(([k]) => k)]);
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
      if (key === LAZY || key === HOSTVARS) return true;
      if (typeof key !== 'string' || !known.has(key)) return undefined;
      return viewOf(named(key));
    },
    has: (_t, key) => key === LAZY || (typeof key === 'string' && known.has(key)),
    ownKeys: () => [...listed],
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && listed.has(key)
        ? { enumerable: true, configurable: true, value: viewOf(named(key)), writable: false }
        : undefined,
  });
}

export { lazyVarsView };
