import { defineModule, ModuleFailure } from '../lib/args.js';
import { shlexSplit } from '../../util/shlex.js';

/**
 * community.general.modprobe: /proc/modules (and modules.builtin) say whether a kernel module is
 * there (a file it cannot read fails the task, as in Ansible); `modprobe NAME params` loads it, `modprobe -r NAME` unloads it.
 */

/** Kernel module names use `_` where users write `-`. */
export function modName(n: string): string {
  return n.replace(/-/g, '_');
}

/** Is `name` in /proc/modules text (`-` read as `_`)? (pure) */
export function inProcModules(name: string, procModules: string): boolean {
  return procModules.split('\n').some((l) => l.startsWith(`${modName(name)} `));
}

/** Is `name` built into the kernel: a modules.builtin path ending in `/NAME.ko`, as written? (pure) */
export function isBuiltin(name: string, builtin: string): boolean {
  return builtin.split('\n').some((p) => p.trimEnd().endsWith(`/${name}.ko`));
}

/** The modprobe argument vector for the wanted state (pure). */
export function modprobeArgv(name: string, state: 'present' | 'absent', params: string): string[] {
  return state === 'present' ? ['modprobe', name, ...shlexSplit(params)] : ['modprobe', '-r', name];
}

/**
 * /proc/modules, then the kernel's modules.builtin, each after a line naming it, or a line saying
 * why it cannot be read (Ansible's module opens them and fails when it cannot).
 */
const PROBE = [
  'for f in /proc/modules "/lib/modules/$(uname -r)/modules.builtin"; do',
  '  echo "@@file $f"',
  '  if [ ! -e "$f" ]; then echo "@@error 2"; elif [ ! -r "$f" ]; then echo "@@error 13"; else cat "$f"; fi',
  'done; exit 0',
].join('\n');

const ERRNO: Record<string, string> = { '2': 'No such file or directory', '13': 'Permission denied' };

/** The probe's files: path, and content or Python's words for why it could not be opened (pure). */
export function probedFiles(out: string): { path: string; text?: string; error?: string }[] {
  return out
    .split(/^@@file /m)
    .slice(1)
    .map((part) => {
      const [path = '', ...lines] = part.split('\n');
      const err = /^@@error (\d+)$/.exec(lines[0] ?? '')?.[1];
      return err
        ? { path, error: `[Errno ${err}] ${ERRNO[err]}: '${path}'` }
        : { path, text: lines.join('\n') };
    });
}

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
    const [proc, builtin] = probedFiles((await ctx.probe(['sh', '-c', PROBE])).stdout);
    const result: Record<string, unknown> = {
      changed: false,
      name: a.name,
      params: a.params,
      state: a.state,
    };
    // as Ansible's module_loaded: modules.builtin is read only for a module /proc/modules lacks
    const fail = (f: { error?: string } | undefined) => {
      if (f?.error) throw new ModuleFailure(f.error, result);
    };
    fail(proc);
    let loaded = inProcModules(a.name, proc?.text ?? '');
    if (!loaded) {
      fail(builtin);
      loaded = isBuiltin(a.name, builtin?.text ?? '');
    }
    const changed = a.state === 'present' ? !loaded : loaded && !isBuiltin(a.name, builtin?.text ?? '');
    if (changed) await ctx.change(modprobeArgv(a.name, a.state as 'present' | 'absent', a.params));
    result.changed = changed;
    if (changed && ctx.diff)
      result.diff = {
        before: `${a.name}: ${loaded ? 'loaded' : 'not loaded'}\n`,
        after: `${a.name}: ${a.state === 'present' ? 'loaded' : 'not loaded'}\n`,
      };
    return result as { changed: boolean };
  },
});
