import { ModuleFailure } from '../lib/args.js';
import { readText, updateText } from './text-file.js';
import type { ModuleContext } from '../types.js';

/**
 * Where Ansible 2.14's hostname module keeps a host's name, one strategy per kind of host:
 * systemd's hostnamectl, Debian's /etc/hostname (the running name is not touched without
 * systemd), Alpine's /etc/hostname plus `hostname -F`, Red Hat's /etc/sysconfig/network.
 */

export interface HostnameStrategy {
  current(): Promise<string>;
  permanent(): Promise<string>;
  setCurrent(name: string): Promise<void>;
  setPermanent(name: string): Promise<void>;
  /** systemd sets the permanent name first (NetworkManager complains otherwise) */
  permanentFirst: boolean;
}

export type StrategyName = 'systemd' | 'file' | 'alpine' | 'redhat';

// `use:` as Ansible 2.14 maps it (its STRATS: debian names the systemd strategy there)
const BY_USE: Record<string, StrategyName | undefined> = {
  systemd: 'systemd',
  debian: 'systemd',
  alpine: 'alpine',
  redhat: 'redhat',
};

// Ansible's platform subclasses, by distro.id() capitalised (Amzn and Rhel renamed as Ansible does)
const FILE_DISTROS =
  'Cumulus-linux Debian Deepin Devuan Kali Kylin Linaro Linuxmint Neon Parrot Pop Raspbian Ubuntu Uos Void';
const REDHAT_DISTROS =
  'Alinux Altlinux Amazon Anolis Centos Cloudlinux Cloudlinuxserver Eurolinux Oracle Redhat Scientific Virtuozzo';

/** The strategy for a distribution (os-release ID) of a host without systemd (pure). */
export function strategyForDistro(id: string): StrategyName | undefined {
  const cap = id.charAt(0).toUpperCase() + id.slice(1).toLowerCase();
  const name = cap === 'Amzn' ? 'Amazon' : cap === 'Rhel' ? 'Redhat' : cap;
  if (FILE_DISTROS.split(' ').includes(name)) return 'file';
  if (REDHAT_DISTROS.split(' ').includes(name)) return 'redhat';
  return name === 'Alpine' ? 'alpine' : undefined;
}

/** `HOSTNAME=` of /etc/sysconfig/network set to the name, or added (pure). */
export function setNetworkHostname(content: string, name: string): string {
  let found = false;
  const lines = (content.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((line) => {
    if (!line.trim().startsWith('HOSTNAME')) return line;
    found = true;
    return `HOSTNAME=${name}\n`;
  });
  if (found) return lines.join('');
  // a last line without its newline keeps it apart (Ansible glues the new line onto it)
  const text = lines.join('');
  return `${text}${text && !text.endsWith('\n') ? '\n' : ''}HOSTNAME=${name}\n`;
}

// Ansible's words when a command of a strategy fails
function commandFailed(r: { rc: number; stdout: string; stderr: string }): ModuleFailure {
  return new ModuleFailure(`Command failed rc=${r.rc}, out=${r.stdout}, err=${r.stderr}`);
}

function systemd(ctx: ModuleContext): HostnameStrategy {
  const read = async (which: string) => {
    const r = await ctx.probe(['hostnamectl', which, 'status'], { allowFail: true });
    if (r.rc !== 0) throw commandFailed(r);
    return r.stdout.trim();
  };
  const set = async (flags: string[], name: string) => {
    if (name.length > 64)
      throw new ModuleFailure(
        'name cannot be longer than 64 characters on systemd servers, try a shorter name',
      );
    const r = await ctx.change(['hostnamectl', ...flags, 'set-hostname', name], { allowFail: true });
    if (r && r.rc !== 0) throw commandFailed(r);
  };
  return {
    current: () => read('--transient'),
    permanent: () => read('--static'),
    setCurrent: (name) => set(['--transient'], name),
    setPermanent: (name) => set(['--pretty', '--static'], name),
    permanentFirst: true,
  };
}

/** /etc/hostname; without a command of its own the running name is the file's (Ansible's BaseStrategy). */
function file(ctx: ModuleContext, onSetCurrent?: () => Promise<void>): HostnameStrategy {
  const path = '/etc/hostname';
  const permanent = async () => (await readText(ctx, path))?.trim() ?? '';
  return {
    current: permanent,
    permanent,
    setCurrent: async () => onSetCurrent?.(),
    setPermanent: async (name) => void (await updateText(ctx, path, await readText(ctx, path), `${name}\n`)),
    permanentFirst: false,
  };
}

function redhat(ctx: ModuleContext): HostnameStrategy {
  const path = '/etc/sysconfig/network';
  const permanent = async () => {
    for (const line of ((await readText(ctx, path)) ?? '').split('\n'))
      if (line.trim().startsWith('HOSTNAME')) return (line.split('=')[1] ?? '').trim();
    throw new ModuleFailure(`Unable to locate HOSTNAME entry in ${path}`);
  };
  return {
    current: permanent,
    permanent,
    setCurrent: async () => undefined,
    setPermanent: async (name) => {
      const before = await readText(ctx, path);
      await updateText(ctx, path, before, setNetworkHostname(before ?? '', name));
    },
    permanentFirst: false,
  };
}

// Ansible's is_systemd_managed: systemctl on PATH and one of sd_booted's directories; else the distribution
const CHOOSE = `command -v systemctl >/dev/null 2>&1 && for c in /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/; do
  [ -e "$c" ] && { echo systemd; exit 0; }
done
ID=; [ -r /etc/os-release ] && . /etc/os-release; echo "id=$ID"`;

export async function hostnameStrategy(
  ctx: ModuleContext,
  use: string | undefined,
): Promise<HostnameStrategy> {
  let name: StrategyName | undefined;
  if (use !== undefined) {
    name = BY_USE[use];
    // Ansible's generic is its abstract BaseStrategy, which can read no name
    if (!name)
      throw new ModuleFailure(`use: ${use} has no way to read or set the host name (Ansible fails too)`);
  } else {
    const out = (await ctx.probe(['sh', '-c', CHOOSE], { allowFail: true })).stdout.trim();
    const id = out.startsWith('id=') ? out.slice(3) : '';
    name = out === 'systemd' ? 'systemd' : strategyForDistro(id);
    if (!name)
      throw new ModuleFailure(
        `hostname module cannot be used on platform Linux (${id ? id.charAt(0).toUpperCase() + id.slice(1) : 'OtherLinux'})`,
      );
  }
  if (name === 'systemd') return systemd(ctx);
  if (name === 'redhat') return redhat(ctx);
  if (name === 'file') return file(ctx);
  // Alpine: as in Ansible 2.14, `hostname -F` runs before the file is written (the current name
  // is set first), so the running name stays the file's old one until the next boot
  return file(ctx, async () => {
    const r = await ctx.change(['hostname', '-F', '/etc/hostname'], { allowFail: true });
    if (r && r.rc !== 0) throw commandFailed(r);
  });
}
