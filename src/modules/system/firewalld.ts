import { defineModule, ModuleFailure } from '../lib/args.js';

/**
 * ansible.posix.firewalld: asks firewall-cmd (--query-service/--query-port) in the permanent
 * and/or runtime configuration, and adds or removes only where the answer differs.
 */

export interface FirewallItem {
  kind: 'service' | 'port';
  value: string;
}

/** The configurations a task touches: permanent, runtime (immediate), or both. (pure) */
export function scopes(permanent: boolean | undefined, immediate: boolean): ('permanent' | 'runtime')[] {
  if (permanent === undefined || permanent === false) return ['runtime'];
  return immediate ? ['permanent', 'runtime'] : ['permanent'];
}

function base(zone: string | undefined, scope: 'permanent' | 'runtime'): string[] {
  return [
    'firewall-cmd',
    ...(scope === 'permanent' ? ['--permanent'] : []),
    ...(zone ? [`--zone=${zone}`] : []),
  ];
}

export function queryArgv(
  item: FirewallItem,
  zone: string | undefined,
  scope: 'permanent' | 'runtime',
): string[] {
  return [...base(zone, scope), `--query-${item.kind}=${item.value}`];
}

export function changeArgv(
  item: FirewallItem,
  zone: string | undefined,
  scope: 'permanent' | 'runtime',
  enable: boolean,
): string[] {
  return [...base(zone, scope), `--${enable ? 'add' : 'remove'}-${item.kind}=${item.value}`];
}

export const firewalld = defineModule({
  name: 'firewalld',
  args: {
    service: { type: 'string' },
    port: { type: 'string' },
    zone: { type: 'string' },
    state: { type: 'string', enum: ['enabled', 'disabled', 'present', 'absent'] },
    permanent: { type: 'boolean' },
    immediate: { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false, unsupported: { allow: [false] } },
  },
  required: ['state'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const items: FirewallItem[] = [];
    if (a.service) items.push({ kind: 'service', value: a.service });
    if (a.port) {
      if (!/^\d+(-\d+)?\/(tcp|udp|sctp|dccp)$/.test(a.port))
        throw new ModuleFailure(
          `firewalld: port must look like 8080/tcp or 60000-60010/udp, got '${a.port}'`,
        );
      items.push({ kind: 'port', value: a.port });
    }
    if (!items.length) throw new ModuleFailure('firewalld: give service or port');
    if (a.state === 'present' || a.state === 'absent')
      throw new ModuleFailure(
        `firewalld: state ${a.state} is for zones; use enabled or disabled for a service or port`,
      );
    const enable = a.state === 'enabled';
    const todo: string[][] = [];
    for (const scope of scopes(a.permanent, a.immediate))
      for (const it of items) {
        const q = await ctx.probe(queryArgv(it, a.zone, scope), { allowFail: true });
        if (q.rc > 1)
          throw new ModuleFailure(
            `firewalld: ${q.cmd} failed on ${ctx.host}: ${(q.stderr || q.stdout).trim()}`,
          );
        if ((q.rc === 0) !== enable) todo.push(changeArgv(it, a.zone, scope, enable));
      }
    for (const c of todo) await ctx.change(c);
    const what = items.map((i) => `${i.kind} ${i.value}`).join(', ');
    const result: Record<string, unknown> = {
      changed: todo.length > 0,
      msg: todo.length ? `Changed ${what} to ${a.state}` : `${what} already ${a.state}`,
    };
    if (todo.length && ctx.diff)
      result.diff = {
        before: `${what}: ${enable ? 'disabled' : 'enabled'}\n`,
        after: `${what}: ${a.state}\n`,
      };
    return result as { changed: boolean };
  },
});
