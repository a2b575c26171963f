/** os-release ID -> Ansible's `distribution` name. */
const NAMES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  rhel: 'RedHat',
  centos: 'CentOS',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  fedora: 'Fedora',
  ol: 'OracleLinux',
  amzn: 'Amazon',
  sles: 'SLES',
  sles_sap: 'SLES_SAP',
  'opensuse-leap': 'openSUSE Leap',
  'opensuse-tumbleweed': 'openSUSE Tumbleweed',
  opensuse: 'openSUSE',
  alpine: 'Alpine',
  arch: 'Archlinux',
  gentoo: 'Gentoo',
  linuxmint: 'Linux Mint',
  kali: 'Kali',
  raspbian: 'Debian',
  devuan: 'Devuan',
  pop: 'Pop!_OS',
};

/** Ansible's `os_family` for each distribution. */
const FAMILIES: Record<string, string> = {
  Debian: 'Debian',
  Ubuntu: 'Debian',
  Kali: 'Debian',
  'Linux Mint': 'Debian',
  Devuan: 'Debian',
  'Pop!_OS': 'Debian',
  RedHat: 'RedHat',
  CentOS: 'RedHat',
  Rocky: 'RedHat',
  AlmaLinux: 'RedHat',
  Fedora: 'RedHat',
  OracleLinux: 'RedHat',
  Amazon: 'RedHat',
  SLES: 'Suse',
  SLES_SAP: 'Suse',
  'openSUSE Leap': 'Suse',
  'openSUSE Tumbleweed': 'Suse',
  openSUSE: 'Suse',
  Alpine: 'Alpine',
  Archlinux: 'Archlinux',
  Gentoo: 'Gentoo',
};

export function parseOsRelease(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let v = m[2]!;
    if (/^".*"$/.test(v)) v = v.slice(1, -1).replace(/\\(["$`\\])/g, '$1');
    else if (/^'.*'$/.test(v)) v = v.slice(1, -1);
    out[m[1]!] = v;
  }
  return out;
}

/** distribution, its version, major version, release and os_family, as Ansible reports them. */
export function distributionFacts(
  osRelease: string[],
  debianVersion: string[],
  redhatRelease: string[],
): Record<string, string> {
  const os = parseOsRelease(osRelease);
  const id = (os.ID ?? '').toLowerCase();
  const distribution = NAMES[id] ?? (os.NAME ? os.NAME.split(' ')[0]! : 'NA');
  let version = os.VERSION_ID ?? 'NA';
  const deb = debianVersion[0]?.trim();
  // Ansible takes Debian's point release from /etc/debian_version (12.11, not 12)
  if (distribution === 'Debian' && deb && /^\d+(\.\d+)*$/.test(deb)) version = deb;
  const rh = /release ([\d.]+)/.exec(redhatRelease[0] ?? '');
  if (FAMILIES[distribution] === 'RedHat' && rh && rh[1]!.startsWith(version)) version = rh[1]!;
  let release = os.VERSION_CODENAME ?? '';
  if (!release) release = /\(([^)]+)\)/.exec(os.VERSION ?? '')?.[1] ?? 'NA';
  if (!release && redhatRelease[0]) release = /\(([^)]+)\)/.exec(redhatRelease[0])?.[1] ?? 'NA';
  return {
    distribution,
    distribution_version: version,
    distribution_major_version: version.split('.')[0] ?? 'NA',
    distribution_release: release,
    os_family: FAMILIES[distribution] ?? distribution,
  };
}
