import { defineModule, ModuleFailure } from '../lib/args.js';
import { serviceManager } from '../services/observe.js';
import { readText, updateText } from './text-file.js';
import type { FileDiff, ModuleContext } from '../types.js';

/**
 * ansible.builtin.hostname: under systemd `hostnamectl set-hostname`; elsewhere (Debian's and the
 * generic file strategy) /etc/hostname plus `hostname NAME` for the running system.
 */

/** A valid host name: labels of letters, digits and hyphens (RFC 1123), at most 253 characters. */
export function validHostname(name: string): boolean {
  return (
    name.length <= 253 &&
    name.split('.').every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))
  );
}

/** The commands hostnamectl needs to set a name (pure). */
export function systemdHostnameCommands(name: string, staticName: string, transient: string): string[][] {
  return staticName === name && transient === name ? [] : [['hostnamectl', 'set-hostname', name]];
}

async function current(ctx: ModuleContext): Promise<string> {
  return (await ctx.probe(['hostname'])).stdout.trim();
}

export const hostname = defineModule({
  name: 'hostname',
  args: {
    name: { type: 'string' },
    use: { type: 'string', enum: ['systemd', 'debian', 'generic', 'alpine', 'redhat'] },
  },
  required: ['name'],
  supportsCheck: true,
  supportsDiff: true,
  async run(ctx, a) {
    if (!validHostname(a.name))
      throw new ModuleFailure(
        `hostname: '${a.name}' is not a valid host name (letters, digits, hyphens, dots)`,
      );
    const use = a.use ?? ((await serviceManager(ctx)) === 'systemd' ? 'systemd' : 'debian');
    const running = await current(ctx);
    let changed = false;
    let diff: FileDiff | undefined;
    if (use === 'systemd') {
      const stat = (await ctx.probe(['hostnamectl', '--static'], { allowFail: true })).stdout.trim();
      const cmds = systemdHostnameCommands(a.name, stat, running);
      changed = cmds.length > 0;
      for (const c of cmds) await ctx.change(c);
      if (changed && ctx.diff) diff = { before: `hostname = ${stat}\n`, after: `hostname = ${a.name}\n` };
    } else {
      const before = await readText(ctx, '/etc/hostname');
      const file =
        before?.trim() === a.name
          ? { changed: false }
          : await updateText(ctx, '/etc/hostname', before, `${a.name}\n`);
      changed = file.changed;
      diff = (file as { diff?: FileDiff }).diff;
      if (running !== a.name) {
        changed = true;
        await ctx.change(['hostname', a.name]);
        diff ??= ctx.diff
          ? { before: `hostname = ${running}\n`, after: `hostname = ${a.name}\n` }
          : undefined;
      }
    }
    const short = a.name.split('.')[0]!;
    const result: Record<string, unknown> = {
      changed,
      name: a.name,
      ansible_facts: {
        ansible_hostname: short,
        ansible_nodename: a.name,
        ansible_fqdn: a.name,
        ansible_domain: a.name.split('.').slice(1).join('.'),
      },
    };
    if (diff) result.diff = diff;
    return result as { changed: boolean };
  },
});
