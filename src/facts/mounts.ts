/**
 * ansible_mounts, as Ansible's LinuxHardware.get_mount_facts builds it: each mtab entry whose
 * device is a path (or host:/path) and whose type is not `none`, with its statvfs sizes, its
 * UUID from lsblk and `,bind` added to the options of a bind mount (findmnt shows `[/dir]` in
 * its source). Ansible asks udevadm for a device lsblk gives no UUID; fabplay says N/A there.
 */

/** The script section: the mtab, statvfs of each mount point Ansible keeps, lsblk, findmnt. */
export const MOUNTS_SECTION = `
sec mtab
mt=/etc/mtab; [ -e $mt ] || mt=/proc/mounts
show $mt 2>/dev/null
sec mountstat
set --
while read -r d p t _; do
  case $d in /*|\\\\*|*:/*) ;; *) continue ;; esac
  [ "$t" = none ] || set -- "$@" "$(printf '%b' "$p")"
done 2>/dev/null <$mt
# no mount Ansible would report (a container's overlay root): no process to start
if [ $# -gt 0 ]; then
  stat -f -c '%s %S %b %a %c %d %n' -- "$@" 2>/dev/null
  sec lsblk; lsblk --list --noheadings --paths --output NAME,UUID --exclude 2 2>/dev/null
  sec findmnt; findmnt --list --noheadings --notruncate 2>/dev/null
fi
`;

/** `\\040` and the like in /proc/mounts fields, as Ansible's _replace_octal_escapes reads them. */
function unescape(field: string): string {
  return field.replace(/\\[0-9]{3}/g, (m) => String.fromCharCode(parseInt(m.slice(1), 8)));
}

/** get_mount_size's fields from a `stat -f` line (f_bsize f_frsize f_blocks f_bavail f_files f_ffree). */
function sizes(line: string): [string, Record<string, number>] | undefined {
  const m = /^(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (.*)$/.exec(line);
  if (!m) return undefined;
  const [bsize, frsize, blocks, bavail, files, ffree] = m.slice(1, 7).map(Number) as number[];
  return [
    m[7]!,
    {
      size_total: frsize! * blocks!,
      size_available: frsize! * bavail!,
      block_size: bsize!,
      block_total: blocks!,
      block_available: bavail!,
      block_used: blocks! - bavail!,
      inode_total: files!,
      // f_favail, which Linux sets to f_ffree
      inode_available: ffree!,
      inode_used: files! - ffree!,
    },
  ];
}

function uuidsOf(lsblk: string[]): Map<string, string> {
  const uuids = new Map<string, string>();
  for (const line of lsblk) {
    const m = /^(.*\S)\s+(\S+)$/.exec(line.trim());
    if (m && !uuids.has(m[1]!)) uuids.set(m[1]!, m[2]!);
  }
  return uuids;
}

function bindMountsOf(findmnt: string[]): Set<string> {
  const binds = new Set<string>();
  for (const line of findmnt) {
    const [target, source] = line.split(/\s+/).filter(Boolean);
    if (target && source && /\]/.test(source)) binds.add(target);
  }
  return binds;
}

export function mountFacts(
  mtab: string[],
  stats: string[],
  lsblk: string[],
  findmnt: string[],
): Record<string, unknown>[] {
  const bySize = new Map(stats.map(sizes).filter((s) => s !== undefined));
  const uuids = uuidsOf(lsblk);
  const binds = bindMountsOf(findmnt);
  const mounts: Record<string, unknown>[] = [];
  for (const line of mtab) {
    const fields = line.split(/\s+/).filter(Boolean);
    if (fields.length < 4) continue;
    const [device, mount, fstype, options] = fields.slice(0, 4).map(unescape) as string[];
    if ((!/^[/\\]/.test(device!) && !device!.includes(':/')) || fstype === 'none') continue;
    // Ansible's test for options that say bind already ends in a stray quote: it adds ",bind"
    const bind = binds.has(mount!) && !/bind.*"/.test(options!);
    mounts.push({
      mount,
      device,
      fstype,
      options: bind ? `${options},bind` : options,
      ...bySize.get(mount!),
      uuid: uuids.get(device!) || 'N/A',
    });
  }
  return mounts;
}
