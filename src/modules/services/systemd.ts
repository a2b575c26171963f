import { defineModule, ModuleFailure } from '../lib/args.js';
import { applyServicePlan } from './apply.js';
import { notFound, readSystemd } from './observe.js';
import { systemdCommands, type WantedState } from './service-plan.js';
import type { ModuleContext, ModuleResult } from '../types.js';

/** ansible.builtin.systemd (systemd_service): systemctl show, then the systemctl verbs that differ. */

export const systemdArgs = {
  name: { type: 'string', aliases: ['service', 'unit'] },
  state: { type: 'string', enum: ['started', 'stopped', 'restarted', 'reloaded'] },
  enabled: { type: 'boolean' },
  masked: { type: 'boolean' },
  daemon_reload: { type: 'boolean', default: false, aliases: ['daemon-reload'] },
  daemon_reexec: { type: 'boolean', default: false, aliases: ['daemon-reexec'] },
  scope: { type: 'string', enum: ['system', 'user', 'global'], default: 'system' },
  no_block: { type: 'boolean', default: false },
} as const;

export async function runSystemd(
  ctx: ModuleContext,
  a: {
    name?: string;
    state?: string;
    enabled?: boolean;
    masked?: boolean;
    daemon_reload?: boolean;
    daemon_reexec?: boolean;
    scope?: string;
    no_block?: boolean;
  },
): Promise<ModuleResult> {
  const sysctl = [
    'systemctl',
    ...(a.scope && a.scope !== 'system' ? [`--${a.scope}`] : []),
    ...(a.no_block ? ['--no-block'] : []),
  ];
  // daemon-reload changes no unit state: Ansible does it outside changed, never in check mode
  if (a.daemon_reexec) await ctx.change([...sysctl, 'daemon-reexec']);
  if (a.daemon_reload) await ctx.change([...sysctl, 'daemon-reload']);
  if (!a.name) {
    if (a.daemon_reload || a.daemon_reexec) return { changed: false };
    throw new ModuleFailure('systemd: name is required unless daemon_reload or daemon_reexec is set');
  }
  const { state: cur, show } = await readSystemd(ctx, a.name, sysctl);
  if (!cur.exists && a.masked !== true) throw notFound(a.name);
  const want = { state: a.state as WantedState | undefined, enabled: a.enabled, masked: a.masked };
  const r = await applyServicePlan(ctx, a.name, cur, want, systemdCommands(a.name, cur, want, sysctl));
  return { ...r, status: show };
}

export const systemd = defineModule({
  name: 'systemd',
  aliases: ['systemd_service'],
  args: systemdArgs,
  rules: {
    requiredOneOf: [['state', 'enabled', 'masked', 'daemon_reload', 'daemon_reexec']],
    requiredBy: { state: ['name'], enabled: ['name'], masked: ['name'] },
  },
  supportsCheck: true,
  supportsDiff: true,
  run: (ctx, a) => runSystemd(ctx, a),
});
