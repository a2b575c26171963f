import { defineModule, ModuleFailure } from '../lib/args.js';
import { editFstab, mountArgv, type FstabEntry } from './fstab-plan.js';
import { readText, updateText } from './text-file.js';
import type { FileDiff, ModuleContext } from '../types.js';

/**
 * ansible.posix.mount: keeps the mount point's line in the fstab file (present), and mounts,
 * unmounts or remounts it (mounted, unmounted, absent, remounted). findmnt tells what is mounted.
 */

async function isMounted(ctx: ModuleContext, path: string): Promise<boolean> {
  const r = await ctx.probe(['findmnt', '-n', '-M', path], { allowFail: true, become: false });
  return r.rc === 0 && r.stdout.trim() !== '';
}

export const mount = defineModule({
  name: 'mount',
  args: {
    path: { type: 'string', aliases: ['name'] },
    src: { type: 'string' },
    fstype: { type: 'string' },
    opts: { type: 'string' },
    dump: { type: 'string', default: '0' },
    passno: { type: 'string', default: '0' },
    state: { type: 'string', enum: ['mounted', 'unmounted', 'present', 'absent', 'remounted'] },
    fstab: { type: 'string', default: '/etc/fstab' },
    boot: { type: 'boolean', default: true },
  },
  required: ['path', 'state'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    const path = a.path.length > 1 ? a.path.replace(/\/+$/, '') : a.path;
    const needsEntry = a.state === 'present' || a.state === 'mounted';
    if (needsEntry && (!a.src || !a.fstype))
      throw new ModuleFailure(`mount: state=${a.state} needs src and fstype (path ${path})`);
    const mounted = await isMounted(ctx, path);
    const before = (await readText(ctx, a.fstab)) ?? '';
    let opts = a.opts ?? 'defaults';
    if (!a.boot && !opts.split(',').includes('noauto'))
      opts = opts === 'defaults' ? 'noauto' : `${opts},noauto`;
    const entry: FstabEntry | undefined = needsEntry
      ? { src: a.src!, path, fstype: a.fstype!, opts, dump: a.dump, passno: a.passno }
      : undefined;
    let fstab: { changed: boolean; diff?: FileDiff } = { changed: false };
    if (needsEntry || a.state === 'absent') {
      const after = editFstab(before, path, entry);
      if (after !== before) fstab = await updateText(ctx, a.fstab, before, after);
    }
    const steps: string[][] = [];
    if (a.state === 'mounted') {
      if (!mounted) steps.push(['mkdir', '-p', '--', path], mountArgv(entry!));
      else if (fstab.changed) steps.push(['umount', '--', path], mountArgv(entry!));
    } else if ((a.state === 'unmounted' || a.state === 'absent') && mounted)
      steps.push(['umount', '--', path]);
    else if (a.state === 'remounted')
      steps.push(['mount', '-o', a.opts ? `remount,${a.opts}` : 'remount', path]);
    for (const s of steps) await ctx.change(s);
    if (a.state === 'absent') await ctx.change(['rmdir', '--', path], { allowFail: true });
    const result: Record<string, unknown> = {
      changed: fstab.changed || steps.length > 0,
      name: path,
      src: a.src,
      fstype: a.fstype,
      opts,
      fstab: a.fstab,
      state: a.state,
    };
    if (fstab.diff) result.diff = fstab.diff;
    else if (steps.length && ctx.diff)
      result.diff = {
        before: `${path}: ${mounted ? 'mounted' : 'not mounted'}\n`,
        after: `${path}: ${a.state}\n`,
      };
    return result as { changed: boolean };
  },
});
