/**
 * The script that becomes PID 1 of a lab host. It runs inside the host's fresh network, UTS, PID
 * and mount namespaces: it mounts the copy-on-write root (the lab's shared base layer and this
 * machine's / below the host's own upper layer), gives it fresh /proc, /sys, /dev, /run and /tmp,
 * pivots into it and starts sshd; once sshd listens it becomes the init, which prints READY and
 * reaps orphans forever, as an init must. Arguments: host state dir, lab state dir, host name, address with its prefix
 * length, gateway, the gateway's MAC address (a permanent neighbour: see lab/paths.ts mgmtMac),
 * optional fabric address.
 */
export const HOST_INIT = `#!/bin/sh
set -eu
H=$1 L=$2 NAME=$3 ADDR=$4 GW=$5 GWMAC=$6 FAB=\${7:-}
M=$H/merged
mount --make-rprivate /
mount -t overlay "fpl-$NAME" -o "lowerdir=$L/base:/,upperdir=$H/upper,workdir=$H/work" "$M"
mount -t proc proc "$M/proc"
mount -t sysfs sysfs "$M/sys"
# /dev: the lab's shared skeleton (device nodes, links), with this host's own ptys and shm
mount --bind "$L/dev" "$M/dev"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$M/dev/pts"
mount -t tmpfs -o mode=1777 shm "$M/dev/shm"
# /run: fresh, from the skeleton lab up wrote for this host (sshd config, host key, lock dir)
mount -t tmpfs -o mode=755 run "$M/run"
cp -a "$H/run/." "$M/run/"
mount -t tmpfs -o mode=1777 tmp "$M/tmp"
cd "$M"
pivot_root . mnt
cd /
umount -l /mnt
hostname "$NAME"
{
  echo "link set lo up"
  echo "addr add $ADDR brd + dev eth0"
  echo "link set eth0 up"
  echo "neigh add $GW lladdr $GWMAC dev eth0 nud permanent"
  echo "route add default via $GW"
  if [ -n "$FAB" ]; then echo "addr add $FAB/24 brd + dev fab0"; fi
  # a gate client's fab0 comes up without an address: it gets one from the segment's DHCP server
  if [ -e /sys/class/net/fab0 ]; then echo "link set fab0 up"; fi
} | ip -batch -
# a syslog, so daemons (dhcpd, sudo) can say what went wrong: /var/log/syslog points here
busybox syslogd -O /run/log/syslog
# -r: no re-exec of sshd for each connection (its dynamic linking and page faults were a quarter
# of the lab's CPU when a thousand hosts each take a login per run; a real server pays that on
# its own CPU, a lab host on the controller's)
/usr/sbin/sshd -r -f /run/fabplay/sshd_config
i=0
while ! grep -q '^ *[0-9]*: 00000000:0016 ' /proc/net/tcp; do
  i=$((i + 1)); [ $i -lt 500 ] || { echo "sshd did not start"; exit 1; }
  sleep 0.01
done
# READY comes from the init itself once it has its name: a test that looks at PID 1 right after
# lab up must not find perl there (a race on a loaded machine)
exec perl -e '$0 = "fabplay-lab-init"; $| = 1; print "READY\\n"; open(STDOUT, ">", "/dev/null");
  $SIG{TERM} = sub { exit 0 }; while (1) { sleep 1 if wait() == -1 }' </dev/null 2>/dev/null
`;

export const SSHD_CONFIG = `Port 22
ListenAddress 0.0.0.0
HostKey /run/fabplay/ssh_host_ed25519_key
AuthorizedKeysFile /run/fabplay/authorized_keys .ssh/authorized_keys
PermitRootLogin yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
PrintMotd no
PrintLastLog no
PidFile /run/sshd.pid
Subsystem sftp internal-sftp
MaxSessions 100
MaxStartups 200:30:400
AcceptEnv LANG LC_*
LogLevel ERROR
`;

/** The lab-wide /dev skeleton every host bind-mounts (made once per lab). */
export const DEV_SKELETON = `set -e
D=$1
mkdir -p "$D/pts" "$D/shm"
mknod -m 666 "$D/null" c 1 3; mknod -m 666 "$D/zero" c 1 5; mknod -m 666 "$D/full" c 1 7
mknod -m 666 "$D/random" c 1 8; mknod -m 666 "$D/urandom" c 1 9; mknod -m 666 "$D/tty" c 5 0
ln -s pts/ptmx "$D/ptmx"; ln -s /proc/self/fd "$D/fd"
ln -s /proc/self/fd/0 "$D/stdin"; ln -s /proc/self/fd/1 "$D/stdout"; ln -s /proc/self/fd/2 "$D/stderr"
`;
