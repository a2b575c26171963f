import { defineModule, ModuleFailure } from '../lib/args.js';
import { applyServicePlan } from './apply.js';
import { notFound, readSysv, serviceManager } from './observe.js';
import { sysvCommands, type WantedState } from './service-plan.js';
import { runSystemd } from './systemd.js';

/**
 * ansible.builtin.service: follows ansible_service_mgr (or `use`): systemctl under systemd; under
 * sysvinit the init script (`service NAME status|start|...`) and update-rc.d or chkconfig.
 * `started` does nothing when `status` says the service runs.
 */

export const service = defineModule({
  name: 'service',
  args: {
    name: { type: 'string' },
    state: { type: 'string', enum: ['started', 'stopped', 'restarted', 'reloaded'] },
    enabled: { type: 'boolean' },
    use: { type: 'string', default: 'auto' },
    arguments: { type: 'string', aliases: ['args'], unsupported: true },
    pattern: { type: 'string', unsupported: true },
    sleep: { type: 'integer', unsupported: true },
    runlevel: { type: 'string', unsupported: true },
  },
  required: ['name'],
  rules: { requiredOneOf: [['state', 'enabled']] },
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (a.state === undefined && a.enabled === undefined)
      throw new ModuleFailure('service: give state or enabled (or both)', { name: a.name });
    const mgr = a.use !== 'auto' ? a.use : await serviceManager(ctx);
    if (mgr === 'systemd') return runSystemd(ctx, { name: a.name, state: a.state, enabled: a.enabled });
    if (mgr !== 'sysvinit' && mgr !== 'service')
      throw new ModuleFailure(
        `service: fabplay drives systemd and sysvinit, not '${mgr}' (host ${ctx.host})`,
      );
    const { state: cur, tool } = await readSysv(ctx, a.name);
    if (!cur.exists) throw notFound(a.name);
    const want = { state: a.state as WantedState | undefined, enabled: a.enabled };
    return applyServicePlan(ctx, a.name, cur, want, sysvCommands(a.name, cur, want, tool));
  },
});
