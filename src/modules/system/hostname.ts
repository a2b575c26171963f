import { defineModule } from '../lib/args.js';
import { hostnameStrategy } from './hostname-strategy.js';

/**
 * ansible.builtin.hostname: the running and the permanent name through the strategy Ansible 2.14
 * picks for the host (hostname-strategy.ts); the name as it was, in the diff.
 */

/** The commands hostnamectl needs to set a name (pure). */
export function systemdHostnameCommands(name: string, staticName: string, transient: string): string[][] {
  return staticName === name && transient === name ? [] : [['hostnamectl', 'set-hostname', name]];
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
    // no check of the name's form: Ansible 2.14 writes any name (my_host, host., a 70-character
    // label, one with a space); only hostnamectl refuses more than 64 characters (the strategy)
    const s = await hostnameStrategy(ctx, a.use);
    const current = await s.current();
    const permanent = await s.permanent();
    let changed = false;
    // each step reads its name again, as Ansible's update_*_hostname do
    const steps = [
      async () => (await s.current()) !== a.name && (await s.setCurrent(a.name), true),
      async () => (await s.permanent()) !== a.name && (await s.setPermanent(a.name), true),
    ];
    if (s.permanentFirst) steps.reverse();
    for (const step of steps) if (await step()) changed = true;
    const before = a.name !== current ? current : permanent;
    // Ansible's socket.getfqdn(): the host's own idea of its full name after the change
    const fqdn = (
      await ctx.probe({ shell: 'hostname -f 2>/dev/null || hostname' }, { allowFail: true })
    ).stdout.trim();
    const short = a.name.split('.')[0]!;
    const result: Record<string, unknown> = {
      changed,
      name: a.name,
      ansible_facts: {
        ansible_hostname: short,
        ansible_nodename: a.name,
        ansible_fqdn: fqdn,
        ansible_domain: fqdn.split('.').slice(1).join('.'),
      },
    };
    // Ansible's result has the diff whenever the name changed
    if (changed) result.diff = { before: `hostname = ${before}\n`, after: `hostname = ${a.name}\n` };
    return result as { changed: boolean };
  },
});
