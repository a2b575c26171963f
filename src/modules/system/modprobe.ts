import { defineModule, ModuleFailure } from '../lib/args.js';
import { shlexSplit } from '../../util/shlex.js';

/**
 * community.general.modprobe: /proc/modules (and modules.builtin) say whether a kernel module is
 * there; `modprobe NAME params` loads it, `modprobe -r NAME` unloads it.
 */

/** Kernel module names use `_` where users write `-`. */
export function modName(n: string): string {
  return n.replace(/-/g, '_');
}

/** Is `name` in /proc/modules text, or built into the kernel (modules.builtin paths)? (pure) */
export function isLoaded(name: string, procModules: string, builtin: string): boolean {
  const want = modName(name);
  if (procModules.split('\n').some((l) => l.split(' ')[0] === want)) return true;
  return builtin
    .split('\n')
    .some((p) => modName(p.replace(/^.*\//, '').replace(/\.ko(\.\w+)?$/, '')) === want);
}

/** The modprobe argument vector for the wanted state (pure). */
export function modprobeArgv(name: string, state: 'present' | 'absent', params: string): string[] {
  return state === 'present' ? ['modprobe', name, ...shlexSplit(params)] : ['modprobe', '-r', name];
}

const PROBE =
  'cat /proc/modules; echo @@builtin; cat "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null; exit 0';

export const modprobe = defineModule({
  name: 'modprobe',
  args: {
    name: { type: 'string' },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
    params: { type: 'string', default: '' },
  },
  required: ['name'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (!/^[\w-]+$/.test(a.name))
      throw new ModuleFailure(`modprobe: '${a.name}' is not a kernel module name`);
    const out = (await ctx.probe(['sh', '-c', PROBE])).stdout;
    const [mods, builtin = ''] = out.split('@@builtin');
    const loaded = isLoaded(a.name, mods!, builtin);
    const changed = a.state === 'present' ? !loaded : loaded && !isLoaded(a.name, '', builtin);
    if (changed) await ctx.change(modprobeArgv(a.name, a.state as 'present' | 'absent', a.params));
    const result: Record<string, unknown> = { changed, name: a.name, params: a.params, state: a.state };
    if (changed && ctx.diff)
      result.diff = {
        before: `${a.name}: ${loaded ? 'loaded' : 'not loaded'}\n`,
        after: `${a.name}: ${a.state === 'present' ? 'loaded' : 'not loaded'}\n`,
      };
    return result as { changed: boolean };
  },
});
