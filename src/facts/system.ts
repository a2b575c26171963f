import { memoryFacts } from './memory.js';
import { pyFloat } from '../util/py-float.js';

/** system, kernel, architecture, hostname, fqdn, domain, nodename (Ansible's `platform` subset). */
export function platformFacts(uname: string[], fqdnLines: string[]): Record<string, unknown> {
  const [system, kernel, kernelVersion, machine, nodename] = uname;
  const fqdnOut = fqdnLines[0]?.trim();
  const fqdn = fqdnOut && !/\s/.test(fqdnOut) ? fqdnOut : (nodename ?? '');
  const hostname = (nodename ?? '').split('.')[0]!;
  const arch = machine === 'i686' || machine === 'i586' || machine === 'i486' ? 'i386' : machine;
  return {
    system: system ?? 'Linux',
    kernel: kernel ?? '',
    kernel_version: kernelVersion ?? '',
    machine: machine ?? '',
    architecture: arch ?? '',
    nodename: nodename ?? '',
    hostname,
    fqdn,
    domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
  };
}

/** Ansible's service_mgr logic, reduced to what Linux hosts show. */
export function serviceMgr(proc1: string, paths: Set<string>): string {
  const init = proc1.trim();
  if (init === 'systemd' || paths.has('/run/systemd/system')) return 'systemd';
  if (init === 'openrc-init' || paths.has('/run/openrc') || paths.has('/sbin/openrc')) return 'openrc';
  if (paths.has('/sbin/initctl') && init === 'init') return 'upstart';
  if (paths.has('/etc/init.d')) return 'sysvinit';
  return 'service';
}

/** The package manager Ansible would pick for the OS family. */
export function pkgMgr(osFamily: string, paths: Set<string>): string {
  if (osFamily === 'RedHat') {
    if (paths.has('/usr/bin/dnf')) return 'dnf';
    if (paths.has('/usr/bin/yum')) return 'yum';
    if (paths.has('/usr/bin/microdnf')) return 'dnf';
  }
  if (osFamily === 'Debian' && paths.has('/usr/bin/apt-get')) return 'apt';
  if (osFamily === 'Suse' && paths.has('/usr/bin/zypper')) return 'zypper';
  const order: [string, string][] = [
    ['/usr/bin/dnf', 'dnf'],
    ['/usr/bin/yum', 'yum'],
    ['/usr/bin/apt-get', 'apt'],
    ['/usr/bin/zypper', 'zypper'],
    ['/sbin/apk', 'apk'],
    ['/usr/bin/pacman', 'pacman'],
  ];
  return order.find(([p]) => paths.has(p))?.[1] ?? 'unknown';
}

const SELINUX_MODES: Record<string, string> = {
  enforcing: 'enforcing',
  permissive: 'permissive',
  disabled: 'disabled',
};

/**
 * SELinux facts as Ansible 2.14 gathers them through libselinux (module_utils/compat/selinux.py
 * loads libselinux.so.1 with ctypes), read here from the files libselinux reads, no Python:
 * - no libselinux.so.1: the library is "missing" and nothing else is known;
 * - disabled unless selinuxfs is mounted AND /etc/selinux/config exists (libselinux's
 *   is_selinux_enabled), and then only the status: a config file on a host without SELinux
 *   (policycoreutils writes one on Debian) says nothing about the running system;
 * - enabled: mode from selinuxfs, config_mode and type from the config file (libselinux reads
 *   SELINUX= case-insensitively and takes "targeted" when SELINUXTYPE= is absent).
 */
export function selinuxFacts(
  paths: Set<string>,
  enforce: string[],
  policyvers: string[],
  config: string[],
): { selinux: Record<string, unknown>; selinux_python_present: boolean } {
  if (![...paths].some((p) => p.endsWith('/libselinux.so.1')))
    return { selinux: { status: 'Missing selinux Python library' }, selinux_python_present: false };
  if (!paths.has('/sys/fs/selinux/enforce') || !paths.has('/etc/selinux/config'))
    return { selinux: { status: 'disabled' }, selinux_python_present: true };
  const cfg: Record<string, string> = {};
  for (const l of config) {
    const m = /^\s*(SELINUX|SELINUXTYPE)=(\S*)/.exec(l);
    if (m && !(m[1]! in cfg)) cfg[m[1]!] = m[2]!;
  }
  const enforceValue = enforce[0]?.trim();
  return {
    selinux: {
      status: 'enabled',
      policyvers: Number(policyvers[0] ?? '') || 'unknown',
      config_mode: SELINUX_MODES[(cfg.SELINUX ?? '').toLowerCase()] ?? 'unknown',
      mode: enforceValue === '1' ? 'enforcing' : enforceValue === '0' ? 'permissive' : 'unknown',
      type: cfg.SELINUXTYPE || 'targeted',
    },
    selinux_python_present: true,
  };
}

/** ansible_python and ansible_python_version from the script's python section (none: no python). */
export function pythonFacts(lines: string[]): Record<string, unknown> {
  const [executable, type, version] = lines;
  if (!executable || !type || !version) return {};
  const [major, minor, micro, releaselevel, serial] = version.trim().split(' ');
  const info = [Number(major), Number(minor), Number(micro), releaselevel, Number(serial)];
  return {
    python: {
      executable: executable.trim(),
      has_sslcontext: true,
      type: type.trim(),
      version: { major: info[0], minor: info[1], micro: info[2], releaselevel, serial: info[4] },
      version_info: info,
    },
    python_version: `${major}.${minor}.${micro}`,
  };
}

export function userFacts(user: string[]): Record<string, unknown> {
  const [name, uid, gid, pw] = user;
  const f = (pw ?? '').split(':');
  return {
    user_id: name ?? '',
    user_uid: Number(uid),
    user_gid: Number(gid),
    user_gecos: f[4] ?? '',
    user_dir: f[5] ?? '',
    user_shell: f[6] ?? '',
  };
}

export function envFacts(lines: string[]): Record<string, unknown> {
  const env: Record<string, string> = {};
  for (const l of lines) {
    const at = l.indexOf('=');
    if (at > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(l.slice(0, at))) env[l.slice(0, at)] = l.slice(at + 1);
  }
  return { env };
}

export function dateTimeFacts(lines: string[]): Record<string, unknown> {
  const [
    epoch,
    year,
    month,
    day,
    hour,
    minute,
    second,
    tz,
    tzOffset,
    weekday,
    weekdayShort,
    monthName,
    monthShort,
    julian,
    weekdayNumber,
    weeknumberIso,
    weeknumber,
  ] = (lines[0] ?? '').split('|');
  return {
    date_time: {
      epoch,
      year,
      month,
      day,
      hour,
      minute,
      second,
      tz,
      tz_offset: tzOffset,
      weekday,
      weekday_short: weekdayShort,
      monthname: monthName,
      monthname_short: monthShort,
      julian,
      weekday_number: weekdayNumber,
      weeknumber: weeknumber,
      weeknumber_iso: weeknumberIso,
      date: `${year}-${month}-${day}`,
      time: `${hour}:${minute}:${second}`,
      // the same instant in UTC, as `date -u +%Y-%m-%dT%H:%M:%SZ` prints it
      iso8601: epoch ? new Date(Number(epoch) * 1000).toISOString().replace(/\.\d+Z$/, 'Z') : '',
    },
  };
}

/** Ansible's loadavg collector (os.getloadavg()): the 1, 5 and 15 minute averages, as floats. */
export function loadavgFacts(lines: string[]): Record<string, unknown> {
  const [m1, m5, m15] = (lines[0] ?? '').split(' ').map(Number);
  if ([m1, m5, m15].some((n) => n === undefined || Number.isNaN(n))) return {};
  return { loadavg: { '1m': pyFloat(m1!), '5m': pyFloat(m5!), '15m': pyFloat(m15!) } };
}

export function hardwareFacts(meminfo: string[], cpu: string[]): Record<string, unknown> {
  return {
    ...memoryFacts(meminfo),
    processor_count: Number(cpu[0] ?? 0),
    processor_vcpus: Number(cpu[1] ?? cpu[0] ?? 0),
    processor_nproc: Number(cpu[1] ?? cpu[0] ?? 0),
  };
}
