import { defineModule, ModuleFailure } from '../lib/args.js';
import { runHanded } from '../lib/handed-args.js';
import { apt } from './apt.js';
import { dnf } from './dnf.js';
import { firstProgram, hostFact } from './host-facts.js';
import type { ModuleContext } from '../types.js';

/**
 * ansible.builtin.package: the generic front; runs apt or dnf according to the ansible_pkg_mgr
 * fact (or `use`), or to what the host has when facts were not gathered. As Ansible's package
 * action, it hands that module every argument but `use` (`update_cache` reaches apt; one the
 * module lacks fails there) over that module's module_defaults.
 */

const BY_MGR: Record<string, typeof apt | typeof dnf> = { apt, dnf, yum: dnf, dnf5: dnf };

/** The package manager module for a host (exported for tests). */
export async function pickManager(ctx: ModuleContext, use: string): Promise<string> {
  if (use !== 'auto') return use;
  const fact = hostFact(ctx, 'pkg_mgr');
  if (fact) return fact;
  const found = await firstProgram(ctx, ['apt-get', 'dnf', 'yum']);
  return found === 'apt-get' ? 'apt' : (found ?? 'unknown');
}

export const pkg = defineModule({
  name: 'package',
  args: {
    name: { type: 'stringlist', aliases: ['pkg'] },
    state: {
      type: 'string',
      // no default here: the manager module's own (or its module_defaults) applies
      enum: ['present', 'absent', 'latest', 'installed', 'removed'],
    },
    use: { type: 'string', default: 'auto' },
  },
  required: ['name'],
  freeKeys: true,
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const mgr = await pickManager(ctx, a.use);
    const mod = BY_MGR[mgr];
    if (!mod)
      throw new ModuleFailure(`package: no module for package manager '${mgr}' on ${ctx.host}`, {
        hint: 'fabplay drives apt and dnf/yum; set `use:` or gather facts',
      });
    const { use: _use, ...given } = a;
    // Ansible's action returns the manager module's result as it is: the manager it looked up
    // is no fact of the task's (a bare pkg_mgr fact would hide the gathered ansible_pkg_mgr)
    return runHanded(mod, ctx, { ...ctx.defaultsOf?.(mgr), ...given }, 'package');
  },
});
