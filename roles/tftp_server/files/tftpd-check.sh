#!/bin/sh
# tftp_server's check of a candidate in.tftpd configuration, run as the `validate` of the task that
# writes it, before it replaces the live file. in.tftpd has no test mode, so this starts the
# candidate's own command line on a spare port (of the candidate's address, or loopback), fetches a
# file of its root as a client would, compares it and stops that trial server. The live server is
# not touched. Exits 1 with the reason on a rejected candidate.
#   tftpd-check defaults FILE   Debian's /etc/default/tftpd-hpa, as its init script reads it
#   tftpd-check unit FILE       a systemd unit or drop-in: its last ExecStart
# in.tftpd's exit codes (sysexits): 64 an option value it refuses, 66 no such root directory,
# 67 no such user, 71 an address it cannot bind. An option it does not know it only logs and
# ignores: here that rejects the candidate, as a setting asked for and ignored.
set -u
mode=$1
file=$2
say() { echo "tftpd-check: $*" >&2; }
reject() {
  say "candidate $file rejected: $*"
  exit 1
}

case $mode in
defaults)
  TFTP_USERNAME=tftp TFTP_DIRECTORY= TFTP_ADDRESS= TFTP_OPTIONS=
  # the init script sources this file the same way
  . "$file" || reject "the shell cannot read it"
  bin=/usr/sbin/in.tftpd
  address=$TFTP_ADDRESS
  # shellcheck disable=SC2086 # the init script splits the options and directory the same way
  set -- --user "$TFTP_USERNAME" $TFTP_OPTIONS $TFTP_DIRECTORY
  ;;
unit)
  line=$(sed -n 's/^ExecStart=//p' "$file" | sed '/^[[:space:]]*$/d' | tail -n 1)
  [ -n "$line" ] || reject "no ExecStart line"
  address=
  # shellcheck disable=SC2086 # systemd splits ExecStart on blanks (the role writes no quotes)
  set -- $line
  bin=$1
  shift
  ;;
*)
  say "usage: tftpd-check defaults|unit FILE"
  exit 2
  ;;
esac

[ -x "$bin" ] || reject "$bin is not an executable"
root=
secure=false
for arg in "$@"; do
  case $arg in
  -s | --secure) secure=true ;;
  -*) ;;
  *) root=$arg ;;
  esac
done
[ -n "$root" ] || reject "no root directory on the in.tftpd command line"
[ -d "$root" ] || reject "the root directory $root does not exist"

host=${address%:*}
[ "$host" = "$address" ] && host=
case $host in
'' | 0.0.0.0) host=127.0.0.1 ;;
'[::]' | '::') host='[::1]' ;;
esac
client_host=$(printf '%s' "$host" | tr -d '[]')

work=$(mktemp -d) || reject "no temporary directory"
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# a file the candidate must serve: the first readable one of the root (if it has any)
probe=$(cd "$root" && find . -maxdepth 2 -type f -perm -o=r -size -4096k 2>/dev/null | sort | head -n 1)
probe=${probe#./}
if [ -n "$probe" ]; then
  if $secure; then want=$probe; else want=$root/$probe; fi
else
  want=fabplay-tftpd-check-absent
  $secure || want=$root/$want
fi

started=false
for try in 1 2 3 4 5; do
  port=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 + 30000))
  # the trial address comes last: it wins over an --address among the options
  "$bin" --foreground --listen "$@" --address "$host:$port" 2>"$work/err" &
  pid=$!
  sleep 0.3
  if kill -0 "$pid" 2>/dev/null; then
    started=true
    break
  fi
  wait "$pid"
  rc=$?
  pid=
  # 71: the port may be taken; another one tells whether the address is the cause
  [ "$rc" = 71 ] && [ "$try" -lt 5 ] && continue
  case $rc in
  64) why="it refuses an option value" ;;
  66) why="no such root directory" ;;
  67) why="no such user" ;;
  71) why="it cannot bind the address $host" ;;
  *) why="it exits with status $rc" ;;
  esac
  err=$(cat "$work/err")
  reject "in.tftpd $*: $why${err:+ ($err)}"
done
$started || reject "in.tftpd did not start"
[ -s "$work/err" ] && reject "in.tftpd $*: $(cat "$work/err")"

if ! command -v tftp >/dev/null 2>&1; then
  say "no tftp client here: checked that in.tftpd starts with the candidate, fetched nothing"
  exit 0
fi
got=$(cd "$work" && timeout 10 tftp "$client_host" "$port" -m binary -c get "$want" fetched 2>&1)
if [ -n "$probe" ]; then
  cmp -s "$root/$probe" "$work/fetched" ||
    reject "in.tftpd $* does not serve $probe from $root as it is: $got"
else
  case $got in
  *'File not found'*) ;;
  *) reject "in.tftpd $* does not answer on $host: $got" ;;
  esac
fi
