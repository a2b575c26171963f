import { defineModule, ModuleFailure } from '../lib/args.js';
import { editSysctl, fileValue, normValue } from './sysctl-plan.js';
import { readText, updateText } from './text-file.js';

/**
 * ansible.posix.sysctl: keeps `key=value` in sysctl_file, reloads that file with `sysctl -p` when
 * it changed, and with sysctl_set also compares and sets the running kernel's value.
 */
export const sysctl = defineModule({
  name: 'sysctl',
  args: {
    name: { type: 'string', aliases: ['key'] },
    value: { type: 'string', aliases: ['val'] },
    state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
    sysctl_file: { type: 'string', default: '/etc/sysctl.conf' },
    reload: { type: 'boolean', default: true },
    sysctl_set: { type: 'boolean', default: false },
    ignoreerrors: { type: 'boolean', default: false },
  },
  required: ['name'],
  supportsCheck: true,
  // ansible.posix.sysctl returns no diff, even in diff mode
  supportsDiff: false,
  async run(ctx, a) {
    if (a.state === 'present' && (a.value === undefined || a.value.trim() === ''))
      throw new ModuleFailure(`sysctl: state=present needs a value for ${a.name}`);
    const value = a.value === undefined ? undefined : normValue(a.value);
    const before = await readText(ctx, a.sysctl_file);
    const inFile = fileValue(before ?? '', a.name);
    const after = editSysctl(before ?? '', a.name, a.state === 'present' ? value : undefined);
    const fileNeeds = a.state === 'present' ? inFile !== value : inFile !== undefined;
    const file = fileNeeds ? await updateText(ctx, a.sysctl_file, before, after) : { changed: false };
    let runtimeChanged = false;
    if (a.sysctl_set && a.state === 'present') {
      const cur = await ctx.probe(['sysctl', '-n', '-e', a.name], { allowFail: true });
      if (normValue(cur.stdout) !== value) {
        runtimeChanged = true;
        await ctx.change(['sysctl', '-w', `${a.name}=${value}`]);
      }
    }
    if (file.changed && a.reload)
      await ctx.change(['sysctl', ...(a.ignoreerrors ? ['-e'] : []), '-p', a.sysctl_file]);
    // ansible.posix.sysctl's result is `changed` alone
    return { changed: file.changed || runtimeChanged };
  },
});
