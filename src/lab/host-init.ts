/**
 * The script that becomes PID 1 of a lab host. It runs inside the host's fresh network, UTS, PID
 * and mount namespaces: it mounts the copy-on-write root (the lab's shared base layer and this
 * machine's / below the host's own upper layer), gives it fresh /proc, /sys, /dev, /run and /tmp,
 * pivots into it, starts sshd and prints READY once sshd listens. Then it reaps orphans forever,
 * as an init must. Arguments: host state dir, lab state dir, host name, address, gateway,
 * optional fabric address.
 */
export const HOST_INIT = `#!/bin/sh
set -eu
H=$1 L=$2 NAME=$3 ADDR=$4 GW=$5 FAB=\${6:-}
M=$H/merged
mount --make-rprivate /
mount -t overlay "fpl-$NAME" -o "lowerdir=$L/base:/,upperdir=$H/upper,workdir=$H/work" "$M"
mount -t proc proc "$M/proc"
mount -t sysfs sysfs "$M/sys"
mount -t tmpfs -o mode=755,size=64k devtmp "$M/dev"
for d in null zero full random urandom tty; do : > "$M/dev/$d"; mount --bind "/dev/$d" "$M/dev/$d"; done
mkdir "$M/dev/pts" "$M/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$M/dev/pts"
mount -t tmpfs -o mode=1777 shm "$M/dev/shm"
ln -s pts/ptmx "$M/dev/ptmx"; ln -s /proc/self/fd "$M/dev/fd"
ln -s /proc/self/fd/0 "$M/dev/stdin"; ln -s /proc/self/fd/1 "$M/dev/stdout"; ln -s /proc/self/fd/2 "$M/dev/stderr"
mount -t tmpfs -o mode=755 run "$M/run"
mkdir -p "$M/run/lock" "$M/run/sshd" "$M/run/fabplay"
chmod 1777 "$M/run/lock"
cp "$H/ssh_host_ed25519_key" "$L/authorized_keys" "$L/sshd_config" "$M/run/fabplay/"
chmod 600 "$M/run/fabplay/ssh_host_ed25519_key"; chmod 644 "$M/run/fabplay/authorized_keys"
mount -t tmpfs -o mode=1777 tmp "$M/tmp"
cd "$M"
pivot_root . mnt
cd /
umount -l /mnt
hostname "$NAME"
ip link set lo up
ip addr add "$ADDR/24" brd + dev eth0
ip link set eth0 up
ip route add default via "$GW"
if [ -n "$FAB" ]; then ip addr add "$FAB/24" brd + dev fab0; ip link set fab0 up; fi
/usr/sbin/sshd -f /run/fabplay/sshd_config
i=0
while ! grep -q '^ *[0-9]*: 00000000:0016 ' /proc/net/tcp; do
  i=$((i + 1)); [ $i -lt 500 ] || { echo "sshd did not start"; exit 1; }
  sleep 0.01
done
echo READY
exec perl -e '$0 = "fabplay-lab-init"; $SIG{TERM} = sub { exit 0 }; while (1) { sleep 1 if wait() == -1 }' </dev/null >/dev/null 2>&1
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
