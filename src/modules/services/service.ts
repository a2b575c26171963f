import { defineModule, ModuleFailure, type ArgsOf } from '../lib/args.js';
import { runHanded } from '../lib/handed-args.js';
import type { ModuleContext, ModuleResult } from '../types.js';
import { applyServicePlan } from './apply.js';
import { notFound, readSysv, serviceManager } from './observe.js';
import { sysvCommands, type WantedState } from './service-plan.js';
import { systemd } from './systemd.js';
import { sysvinit } from './sysvinit.js';

/**
 * ansible.builtin.service, as Ansible's service action runs it: the module of ansible_service_mgr
 * (or `use`) with the task's arguments over that module's module_defaults. Under systemd the
 * systemd module, the arguments it has no use for dropped with Ansible's warning; under sysvinit
 * the init script (`service NAME status|start|...`) and update-rc.d or chkconfig, or the sysvinit
 * module itself when an argument or a module_default only it reads is given.
 * `started` does nothing when `status` says the service runs.
 */

/**
 * What only an init-script manager reads, of what the service action hands on: dropped with a
 * warning before the systemd module (Ansible's UNUSED_PARAMS, in its order), the reason to run the
 * sysvinit module itself.
 */
const INIT_SCRIPT_ONLY = ['pattern', 'runlevel', 'sleep', 'arguments', 'args'] as const;

const args = {
  name: { type: 'string' },
  state: { type: 'string', enum: ['started', 'stopped', 'restarted', 'reloaded'] },
  enabled: { type: 'boolean' },
  use: { type: 'string', default: 'auto' },
  // `args` is its own entry (not an alias) so that the warnings name what the task wrote
  arguments: { type: 'string' },
  args: { type: 'string' },
  pattern: { type: 'string' },
  sleep: { type: 'integer' },
  runlevel: { type: 'string' },
} as const;
type Args = ArgsOf<typeof args>;

/** The arguments the task gave, but `use`, as the service action hands them on. */
function handedOn(a: Args): Record<string, unknown> {
  const { use: _use, ...rest } = a;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

function underSystemd(ctx: ModuleContext, a: Args): Promise<ModuleResult> {
  const given = handedOn(a);
  for (const k of INIT_SCRIPT_ONLY)
    if (k in given) {
      delete given[k];
      ctx.warn(`Ignoring "${k}" as it is not used in "systemd"`);
    }
  return runHanded(systemd, ctx, { ...ctx.defaultsOf?.('systemd'), ...given }, 'service');
}

function underSysvinit(ctx: ModuleContext, a: Args): Promise<ModuleResult> {
  const defaults = ctx.defaultsOf?.('sysvinit') ?? {};
  if (INIT_SCRIPT_ONLY.some((k) => a[k] !== undefined) || Object.keys(defaults).length)
    return runHanded(sysvinit, ctx, { ...defaults, ...handedOn(a) }, 'service');
  return initScript(ctx, a);
}

/** fabplay's own way with an init script: `service NAME status`, then the verbs that differ. */
async function initScript(ctx: ModuleContext, a: Args): Promise<ModuleResult> {
  // the modules the action hands the task to check these themselves, over their module_defaults
  if (a.name === undefined) throw new ModuleFailure('missing required arguments: name');
  if (a.state === undefined && a.enabled === undefined)
    throw new ModuleFailure('one of the following is required: state, enabled', { name: a.name });
  const { state: cur, tool } = await readSysv(ctx, a.name);
  if (!cur.exists) throw notFound(a.name);
  const want = { state: a.state as WantedState | undefined, enabled: a.enabled };
  return applyServicePlan(ctx, a.name, cur, want, sysvCommands(a.name, cur, want, tool));
}

export const service = defineModule({
  name: 'service',
  args,
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const mgr = a.use !== 'auto' ? a.use : await serviceManager(ctx);
    if (mgr === 'systemd') return underSystemd(ctx, a);
    if (mgr === 'sysvinit') return underSysvinit(ctx, a);
    if (mgr !== 'service')
      throw new ModuleFailure(
        `service: fabplay drives systemd and sysvinit, not '${mgr}' (host ${ctx.host})`,
      );
    // Ansible's own service module, for a host with neither: fabplay's init script path
    const unread = INIT_SCRIPT_ONLY.filter((k) => a[k] !== undefined);
    if (unread.length)
      throw new ModuleFailure(
        `service: fabplay does not implement ${unread.join(', ')} where the service manager is '${mgr}' (host ${ctx.host})`,
      );
    return initScript(ctx, a);
  },
});
