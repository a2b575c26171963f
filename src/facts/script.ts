/**
 * The one script gather_facts runs on a host: plain POSIX sh and the usual base tools (uname,
 * cat, ip), no Python. Each section starts with a `@@name` line; parse.ts cuts them apart.
 */
const FACTS_SCRIPT = `
# ansible_env is the environment the host gives, before this script adds to PATH
env0=$(env)
PATH=$PATH:/usr/sbin:/sbin:/usr/bin:/bin
sec() { printf '\\n@@%s\\n' "$1"; }
# a file's lines with the shell's own read: a process on the host costs several ms, cat is one
show() { while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "$l"; done < "$1"; }
# this shell's ids and allowed CPUs, from the kernel's own status file
uid=; gid=; cpus=; vxid=
while read -r k a b _; do
  case $k in Uid:) uid=$b ;; Gid:) gid=$b ;; Cpus_allowed_list:) cpus=$a ;; VxID:) vxid=$a ;; esac
done 2>/dev/null </proc/self/status
# how many CPUs a list like 0-3,8 names (shell arithmetic, no process)
ncpus() {
  n=0; IFS=,
  for r in $1; do case $r in *-*) n=$((n + \${r#*-} - \${r%-*} + 1)) ;; ?*) n=$((n + 1)) ;; esac; done
  unset IFS; echo $n
}
sec uname
K=/proc/sys/kernel
if [ -r $K/ostype ] && [ -r $K/arch ]; then show $K/ostype; show $K/osrelease; show $K/version; show $K/arch; show $K/hostname
else uname -s; uname -r; uname -v; uname -m; uname -n; fi
sec fqdn; hostname -f 2>/dev/null || true
sec os_release; show /etc/os-release 2>/dev/null || show /usr/lib/os-release 2>/dev/null
sec debian_version; show /etc/debian_version 2>/dev/null
sec redhat_release; show /etc/redhat-release 2>/dev/null
sec proc1; show /proc/1/comm 2>/dev/null
sec paths
for p in /run/systemd/system /sbin/openrc /sbin/openrc-run /run/openrc /etc/init.d /sbin/initctl \\
  /usr/bin/dnf /usr/bin/yum /usr/bin/apt-get /usr/bin/zypper /sbin/apk /usr/bin/pacman /usr/bin/microdnf \\
  /sys/fs/selinux/enforce /etc/selinux/config \\
  /lib/*/libselinux.so.1 /usr/lib/*/libselinux.so.1 /lib64/libselinux.so.1 /usr/lib64/libselinux.so.1 \\
  /lib/libselinux.so.1 /usr/lib/libselinux.so.1; do [ -e "$p" ] && echo "$p"; done
sec selinux_enforce; show /sys/fs/selinux/enforce 2>/dev/null
sec selinux_policyvers; show /sys/fs/selinux/policyvers 2>/dev/null
sec selinux_config; show /etc/selinux/config 2>/dev/null
sec fips; show /proc/sys/crypto/fips_enabled 2>/dev/null
sec sysnet
for d in /sys/class/net/*; do
  [ -e "$d/type" ] || continue
  n=\${d##*/}; k=plain
  [ -d "$d/bridge" ] && k=bridge
  [ -d "$d/bonding" ] && k=bonding
  m=; [ -e "$d/device/driver/module" ] && m=$(readlink "$d/device/driver/module" 2>/dev/null); m=\${m##*/}
  t=; a=; u=; o=; f=
  read -r t 2>/dev/null < "$d/type"; read -r a 2>/dev/null < "$d/address"
  read -r u 2>/dev/null < "$d/mtu"; read -r o 2>/dev/null < "$d/operstate"; read -r f 2>/dev/null < "$d/flags"
  printf '%s %s %s %s %s %s %s %s\\n' "$n" "$t" "\${a:--}" "$u" "$o" "$f" "$k" "\${m:--}"
done
# each bridge: its id, whether STP is on, its ports
sec bridges
for d in /sys/class/net/*/bridge; do
  [ -d "$d" ] || continue
  b=\${d%/bridge}; id=; s=
  read -r id 2>/dev/null <"$d/bridge_id"; read -r s 2>/dev/null <"$d/stp_state"
  set --; for i in "$b"/brif/*; do [ -e "$i" ] && set -- "$@" "\${i##*/}"; done
  printf '%s %s %s %s\\n' "\${b##*/}" "\${id:--}" "\${s:--}" "$*"
done
sec addrs; ip -o addr show 2>/dev/null
sec route4; ip -4 route show default 2>/dev/null
sec route6; ip -6 route show default 2>/dev/null
sec user
pw=
if [ -n "$uid" ]; then
  while IFS= read -r l; do r=\${l#*:*:}; if [ "\${r%%:*}" = "$uid" ]; then pw=$l; break; fi; done 2>/dev/null </etc/passwd
fi
if [ -n "$pw" ]; then printf '%s\\n' "\${pw%%:*}" "$uid" "$gid" "$pw"
else id -un; id -u; id -g; getent passwd "$(id -un)" 2>/dev/null; fi
sec env; printf '%s\\n' "$env0"
sec date; date '+%s|%Y|%m|%d|%H|%M|%S|%Z|%z|%A|%a|%B|%b|%j|%u|%V|%W'
sec meminfo; show /proc/meminfo 2>/dev/null
sec cpuinfo
on=; read -r on 2>/dev/null </sys/devices/system/cpu/online
if [ -n "$on" ] && [ -n "$cpus" ]; then ncpus "$on"; ncpus "$cpus"
else grep -c '^processor' /proc/cpuinfo 2>/dev/null; nproc 2>/dev/null; fi
sec machine_id; show /etc/machine-id 2>/dev/null
sec loadavg; show /proc/loadavg 2>/dev/null
`;

/** ansible_python: the interpreter Ansible's modules would run under, if the host has one (a min collector). */
export const PYTHON_SECTION = `
sec python
for p in /usr/bin/python3 /usr/libexec/platform-python /usr/bin/python; do
  [ -x "$p" ] || continue
  "$p" -c 'import sys; print(sys.executable); print(sys.implementation.name); print(" ".join(map(str, sys.version_info)))' 2>/dev/null
  break
done
`;

/** The script with the sections only some subsets need (custom facts, mounts) and the end marker. */
export function factsScript(extraSections = ''): string {
  return `${FACTS_SCRIPT}${extraSections}\nsec end\n`;
}

/** Splits the script's output into its sections (name -> lines). */
export function sections(out: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let cur: string[] | undefined;
  for (const line of out.split('\n')) {
    const m = /^@@([a-z0-9_]+)$/.exec(line);
    if (m) {
      cur = [];
      map.set(m[1]!, cur);
    } else if (cur) cur.push(line);
  }
  for (const lines of map.values()) while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return map;
}
