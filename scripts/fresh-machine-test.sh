#!/usr/bin/env bash
# Runs the README's two commands (./scripts/main-job.sh, then ./scripts/test.sh) on a fresh
# Debian 12 machine: a minimal bookworm root made by mmdebstrap, with only what this kind of
# machine is booted with (Node.js and npm as installed here, the CA certificates from
# /usr/local/share/ca-certificates, npm's settings, git, python3, make, g++), and a clone of the
# repository. The commands run as root in a chroot, inside a mount and PID namespace of their
# own (fresh /proc, /sys and /dev, a private /run and /tmp), so whatever they leave running or
# mounted ends with the namespace; the script checks that nothing is left either way. The root
# is entered with pivot_root, so that nsenter into the lab's hosts stays inside it too.
#
# Usage: scripts/fresh-machine-test.sh [--aged-lists] [--keep] [--verbose] [REPO [REF]]
#   REPO          a repository path (default: the one this script sits in); REF default HEAD
#   --aged-lists  before ./scripts/test.sh, make the fresh machine's apt lists two days old
#                 (its /var/lib/apt/lists and update stamp), as on a controller whose last
#                 apt-get update is over a day old; main-job.sh's setup has just refreshed them
#   --keep        keep the root afterwards (its path is printed); nothing stays mounted
#   --verbose     stream the commands' output (it always goes to the log file too)
# Needs root, mmdebstrap (apt-get install mmdebstrap) and Debian's mirror (this machine's
# /etc/apt/sources.list*). The base root is built once and cached as a tarball in
# $FRESH_CACHE (default /var/cache/fabplay-fresh); every run unpacks a pristine copy of it.
# Prints each command's exit code and mocha's passing/pending/failing counts; exits 0 only when
# both commands exit 0.
set -euo pipefail

CACHE=${FRESH_CACHE:-/var/cache/fabplay-fresh}
SUITE=bookworm
# minbase plus what a new machine of this kind has beside Node.js (see node.md "On a new machine")
BASE_PKGS=ca-certificates,git,python3,make,g++,libstdc++6
aged=0 keep=0 verbose=0
while [ $# -gt 0 ]; do
  case $1 in
    --aged-lists) aged=1 ;;
    --keep) keep=1 ;;
    --verbose) verbose=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fresh-machine-test: unknown option $1 (see --help)" >&2; exit 5 ;;
    *) break ;;
  esac
  shift
done
repo=${1:-$(cd "$(dirname "$0")/.." && pwd)}
ref=${2:-HEAD}
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine-test: run as root" >&2; exit 1; }
command -v mmdebstrap >/dev/null || { echo "fresh-machine-test: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 1; }
sha=$(git -C "$repo" rev-parse --verify "$ref^{commit}") || { echo "fresh-machine-test: no commit $ref in $repo" >&2; exit 1; }

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/run.XXXXXX")
root=$work/root
log=$work/log
child=''
# the caller's stdout and stderr: a trap may fire while a command's output goes to the log
exec 3>&1 4>&2

# Kills only the namespace this script started (its PID 1 dies, so everything inside it dies),
# then makes sure nothing under $work is still mounted before removing it.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  exec 1>&3 2>&4
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$child" 2>/dev/null || break; sleep 1; done
    kill -KILL "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  local left
  left=$(findmnt -rn -o TARGET | grep -F "$work/" || true)
  if [ -n "$left" ]; then
    echo "fresh-machine-test: unmounting what was left: $left" >&2
    sort -r <<<"$left" | while read -r m; do umount -l "$m" || true; done
  fi
  if [ "$keep" -eq 1 ]; then
    echo "fresh-machine-test: kept $root (log: $log)"
  elif [ -z "$(findmnt -rn -o TARGET | grep -F "$work/" || true)" ]; then
    cp "$log" "$CACHE/last.log" 2>/dev/null || true
    rm -rf --one-file-system "$work"
    echo "fresh-machine-test: log in $CACHE/last.log"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "fresh-machine-test: interrupted" >&4; exit 99' INT TERM

# Runs "$@" in a mount and PID namespace of its own, in the background, and waits for it (so
# a signal reaches the trap at once and the trap can kill exactly this process).
in_namespace() {
  unshare --mount --pid --fork --kill-child --propagation private -- "$@" 3>&- 4>&- &
  child=$!
  local rc=0
  wait "$child" || rc=$?
  child=''
  return "$rc"
}

# 1. The base root, built once per package list and suite.
key=$(printf '%s %s %s' "$SUITE" "$BASE_PKGS" "$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null)" | sha256sum | cut -c1-16)
base=$CACHE/base-$SUITE-$key.tar
if [ ! -s "$base" ]; then
  echo "fresh-machine-test: building the $SUITE base root (once; cached as $base)"
  srcs=()
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -s "$f" ] && srcs+=("$f")
  done
  # the package lists stay, as on a new machine of this kind; apt's binary caches do not
  in_namespace mmdebstrap --quiet --variant=minbase --include="$BASE_PKGS" \
    --skip=cleanup/apt/lists "$SUITE" "$work/base.tar" "${srcs[@]}" >"$work/mmdebstrap.log" 2>&1 ||
    { tail -20 "$work/mmdebstrap.log" >&2; exit 1; }
  mv "$work/base.tar" "$base"
fi

# 2. A pristine copy, with what the machine is booted with.
mkdir "$root"
tar -C "$root" -xf "$base"
# Node.js: the nodejs package as installed here (its files, its dpkg entry) and npm as upgraded
# here in /usr/lib/node_modules
mapfile -t nodefiles < <(dpkg -L nodejs | grep -v '^/usr/lib/node_modules/' | while read -r f; do
  if [ -L "$f" ] || [ -f "$f" ]; then echo "${f#/}"; fi
done)
for f in /var/lib/dpkg/info/nodejs.*; do nodefiles+=("${f#/}"); done
tar -C / -cf - "${nodefiles[@]}" usr/lib/node_modules | tar -C "$root" -xf -
{ echo; dpkg-query -s nodejs; } >>"$root/var/lib/dpkg/status"
# the machine's CA certificates, and npm's settings (user and global)
cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
chroot "$root" update-ca-certificates >/dev/null
[ -f /root/.npmrc ] && cp /root/.npmrc "$root/root/.npmrc"
[ -f /usr/etc/npmrc ] && mkdir -p "$root/usr/etc" && cp /usr/etc/npmrc "$root/usr/etc/npmrc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo fresh >"$root/etc/hostname"
# the repository, at the commit asked for
git clone -q --no-checkout "$repo" "$root/root/fabplay"
git -C "$root/root/fabplay" checkout -q --detach "$sha"
echo "fresh-machine-test: $repo at $sha in $root"

# 3. The README's two commands, in the root. The environment is the one this machine's
# sessions get for certificates (tools read these), nothing else of the caller's.
envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb)
for v in NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE GIT_SSL_CAINFO REQUESTS_CA_BUNDLE; do
  [ -n "${!v:-}" ] && envs+=("$v=${!v}")
done
# The root becomes the namespace's own root with pivot_root, not a bare chroot(2): the lab enters
# its hosts' mount namespaces with nsenter, and setns() puts a process at the namespace's root,
# which under a plain chroot would be this machine's / (the hosts' files would land here).
inner='set -u
r=$1 aged=$2; shift 2
mount --bind "$r" "$r"
mount -t proc proc "$r/proc"
mount --rbind /sys "$r/sys"
mount --rbind /dev "$r/dev"
mount -t tmpfs -o mode=1777 shm "$r/dev/shm"
mount -t tmpfs -o mode=755 run "$r/run"
mount -t tmpfs -o mode=1777 tmp "$r/tmp"
cd "$r" && pivot_root . mnt && cd / && umount -l /mnt || { echo "cannot pivot into $r" >&2; exit 1; }
# a process that enters this mount namespace (as nsenter does) must land in the fresh root
[ "$(nsenter --mount=/proc/self/ns/mnt cat /etc/hostname)" = fresh ] || { echo "not inside $r" >&2; exit 1; }
run() { env -i "$@" /bin/bash -c "cd /root/fabplay && $cmd"; }
cmd=./scripts/main-job.sh; run "$@"; echo "main-job.sh exit $?" >/root/rc
if [ "$aged" = 1 ]; then
  find /var/lib/apt/lists /var/lib/apt/periodic -maxdepth 1 -exec touch -d "2 days ago" {} + 2>/dev/null
  ls -ld --time-style="+%F %R" /var/lib/apt/lists
fi
cmd=./scripts/test.sh; run "$@"; echo "test.sh exit $?" >>/root/rc'
echo "fresh-machine-test: running ./scripts/main-job.sh then ./scripts/test.sh (log: $log)"
if [ "$verbose" -eq 1 ]; then
  in_namespace bash -c "$inner" inner "$root" "$aged" "${envs[@]}" > >(tee "$log") 2>&1 || true
else
  in_namespace bash -c "$inner" inner "$root" "$aged" "${envs[@]}" >"$log" 2>&1 || true
fi

# 4. What happened. Nothing of the namespace is left: the kernel ends every process of a PID
# namespace with its first one, and a mount namespace's mounts with its last process; no mount
# under the root may show here.
left=$(findmnt -rn -o TARGET | grep -F "$work/" || true)
[ -z "$left" ] || echo "fresh-machine-test: LEFT MOUNTED: $left" >&2
echo "fresh-machine-test: left mounted: ${left:-nothing}"
cat "$root/root/rc" 2>/dev/null || echo "fresh-machine-test: the commands did not finish" >&2
grep -E '^ +[0-9]+ (passing|pending|failing)' "$log" || echo "fresh-machine-test: no mocha summary in $log"
grep -q '^main-job.sh exit 0$' "$root/root/rc" 2>/dev/null && grep -q '^test.sh exit 0$' "$root/root/rc"
