#!/bin/bash
# Stand-ins for the RHEL tools a lab host cannot run for real, installed by test/roles/rhel-host.ts
# as symlinks in /usr/local/sbin (first in root's PATH over SSH and in sudo's secure_path). Each
# call is logged to $SHIM/calls.log, one line: the tool, then its arguments (tab and newline
# written as \t and \n). The state they answer from is kept where the real tools keep theirs:
#   systemctl     unit files in /usr/lib/systemd/system and /etc/systemd/system; enable/disable
#                 make and remove the [Install] WantedBy= links in /etc/systemd/system/*.wants/;
#                 running units are marked in /run/rhel-shim/active (PID 1 here is not systemd).
#                 firewalld.service is active when the lab host's real firewalld process runs.
#   semanage fcontext, restorecon, getsebool/setsebool, getenforce, selinuxenabled
#                 local file-context rules, file labels and booleans in $SHIM/selinux/ (no
#                 SELinux in this kernel). A path nobody relabelled carries the type the base
#                 policy gives its place (BASE_FCONTEXT below); restorecon applies the local
#                 rules, then the base policy, and prints "Relabeled ..." as restorecon -v does.
#   dnf, rpm, firewall-cmd, apachectl
#                 logged, then the real program runs (Debian's dnf and rpm, the host's firewalld,
#                 the stand-in httpd package's apachectl).
# Anything these stand-ins do not know fails loudly, so a role calling something new shows.
SHIM=/var/lib/rhel-shim
RUN=/run/rhel-shim
tool=${0##*/}
mkdir -p "$SHIM/selinux" "$RUN/active"
{
  printf '%s' "$tool"
  for a in "$@"; do
    a=${a//$'\t'/\\t}
    printf ' %s' "${a//$'\n'/\\n}"
  done
  printf '\n'
} >>"$SHIM/calls.log"

PATH=/usr/sbin:/usr/bin:/sbin:/bin
unsupported() {
  echo "rhel-shim $tool: unsupported call: $*" >&2
  exit 64
}

# ---------------------------------------------------------------- systemctl
unit_name() { case $1 in *.*) echo "$1" ;; *) echo "$1.service" ;; esac; }
unit_file() {
  local d
  if [ -L "/etc/systemd/system/$1" ] && [ "$(readlink "/etc/systemd/system/$1")" = /dev/null ]; then
    echo /dev/null
    return 0
  fi
  for d in /etc/systemd/system /usr/lib/systemd/system; do
    [ -f "$d/$1" ] && { echo "$d/$1"; return 0; }
  done
  return 1
}
wanted_by() { sed -n 's/^WantedBy=//p' "$1" | tr ' ' '\n' | sed '/^$/d'; }
is_active() {
  if [ "$1" = firewalld.service ]; then pgrep -f /usr/sbin/firewalld >/dev/null; else [ -e "$RUN/active/$1" ]; fi
}
file_state() {
  local f=$2 t
  [ "$f" = /dev/null ] && { echo masked; return; }
  grep -q '^\[Install\]' "$f" || { echo static; return; }
  for t in $(wanted_by "$f"); do
    [ -e "/etc/systemd/system/$t.wants/$1" ] && { echo enabled; return; }
  done
  echo disabled
}
systemctl_main() {
  local verb=$1 u f t
  shift
  case $verb in
  show)
    u=$(unit_name "$1")
    echo "Id=$u"
    if f=$(unit_file "$u"); then
      [ "$f" = /dev/null ] && echo LoadState=masked || echo LoadState=loaded
      if is_active "$u"; then
        echo ActiveState=active
        case $u in *.socket) echo SubState=listening ;; *) echo SubState=running ;; esac
      else
        echo ActiveState=inactive
        echo SubState=dead
      fi
      echo "UnitFileState=$(file_state "$u" "$f")"
    else
      echo LoadState=not-found
      echo ActiveState=inactive
      echo SubState=dead
      echo UnitFileState=
    fi
    echo MainPID=0
    ;;
  is-active)
    u=$(unit_name "$1")
    if is_active "$u"; then echo active; else echo inactive; exit 3; fi
    ;;
  enable | disable)
    u=$(unit_name "$1")
    f=$(unit_file "$u") || { echo "Failed to $verb unit: Unit file $u does not exist." >&2; exit 1; }
    for t in $(wanted_by "$f"); do
      if [ "$verb" = enable ]; then
        mkdir -p "/etc/systemd/system/$t.wants"
        ln -sfn "$f" "/etc/systemd/system/$t.wants/$u"
        echo "Created symlink /etc/systemd/system/$t.wants/$u → $f." >&2
      else
        rm -f "/etc/systemd/system/$t.wants/$u" && echo "Removed \"/etc/systemd/system/$t.wants/$u\"." >&2
      fi
    done
    ;;
  start | restart)
    u=$(unit_name "$1")
    f=$(unit_file "$u") || { echo "Failed to $verb $u: Unit $u not found." >&2; exit 5; }
    [ "$f" = /dev/null ] && { echo "Failed to $verb $u: Unit $u is masked." >&2; exit 1; }
    : >"$RUN/active/$u"
    ;;
  reload)
    u=$(unit_name "$1")
    unit_file "$u" >/dev/null || { echo "Failed to reload $u: Unit $u not found." >&2; exit 5; }
    is_active "$u" || { echo "$u is not active, cannot reload." >&2; exit 1; }
    ;;
  stop)
    rm -f "$RUN/active/$(unit_name "$1")"
    ;;
  daemon-reload) ;;
  *) unsupported "$verb" "$@" ;;
  esac
}

# ---------------------------------------------------------------- SELinux
FCONTEXT=$SHIM/selinux/fcontext.local
LABELS=$SHIM/selinux/labels
BOOLS=$SHIM/selinux/booleans
touch "$FCONTEXT" "$LABELS" "$BOOLS"
# The base policy's types for the places the roles use (targeted policy, file_contexts).
BASE_FCONTEXT='/var/lib/tftpboot(/.*)? tftpdir_rw_t
/var/www(/.*)? httpd_sys_content_t
/etc/httpd(/.*)? httpd_config_t
/etc/dhcp(/.*)? dhcp_etc_t
/srv(/.*)? var_t
/var/lib(/.*)? var_lib_t
/var(/.*)? var_t
/etc(/.*)? etc_t
/.* default_t'
# The type of the last rule whose regex matches the whole path (rules: "regex type" lines).
match_type() {
  local path=$1 rules=$2 re ty found=
  while read -r re ty; do
    [ -n "$re" ] && printf '%s\n' "$path" | grep -Eqx -- "$re" && found=$ty
  done <<<"$rules"
  echo "$found"
}
first_type() {
  local path=$1 re ty
  while read -r re ty; do
    printf '%s\n' "$path" | grep -Eqx -- "$re" && { echo "$ty"; return; }
  done <<<"$BASE_FCONTEXT"
}
label_of() { awk -v p="$1" '$1 == p { t = $2 } END { print t }' "$LABELS"; }
semanage_main() {
  [ "$1" = fcontext ] || unsupported "$@"
  shift
  local op= ftype=a setype= target=
  while [ $# -gt 0 ]; do
    case $1 in
    -l | -a | -m | -d) op=$1 ;;
    -C) ;;
    -f) ftype=$2; shift ;;
    -t) setype=$2; shift ;;
    -*) unsupported "$@" ;;
    *) target=$1 ;;
    esac
    shift
  done
  [ "$ftype" = a ] || unsupported "-f $ftype"
  local have
  have=$(awk -v t="$target" '$1 == t' "$FCONTEXT")
  case $op in
  -l)
    if [ -s "$FCONTEXT" ]; then
      printf '%-50s %-18s %s\n\n' 'SELinux fcontext' type Context
      while read -r re ty; do
        printf '%-50s %-18s system_u:object_r:%s:s0\n' "$re" 'all files' "$ty"
      done <"$FCONTEXT"
    fi
    ;;
  -a)
    [ -z "$have" ] || { echo "ValueError: File context for $target already defined" >&2; exit 1; }
    echo "$target $setype" >>"$FCONTEXT"
    ;;
  -m | -d)
    [ -n "$have" ] || { echo "ValueError: File context for $target is not defined" >&2; exit 1; }
    awk -v t="$target" '$1 != t' "$FCONTEXT" >"$FCONTEXT.new" && mv "$FCONTEXT.new" "$FCONTEXT"
    [ "$op" = -m ] && echo "$target $setype" >>"$FCONTEXT"
    ;;
  *) unsupported "$op" ;;
  esac
}
restorecon_main() {
  local recurse= verbose= dry= paths=() p f cur want
  while [ $# -gt 0 ]; do
    case $1 in
    -R | -r) recurse=1 ;;
    -v) verbose=1 ;;
    -n) dry=1 ;;
    -F) ;;
    --) shift; paths+=("$@"); break ;;
    -*) unsupported "$@" ;;
    *) paths+=("$1") ;;
    esac
    shift
  done
  for p in "${paths[@]}"; do
    [ -e "$p" ] || { echo "restorecon: lstat($p) failed: No such file or directory" >&2; exit 255; }
    if [ -n "$recurse" ]; then find "$p"; else echo "$p"; fi | while read -r f; do
      cur=$(label_of "$f")
      [ -n "$cur" ] || cur=$(first_type "$f")
      want=$(match_type "$f" "$(cat "$FCONTEXT")")
      [ -n "$want" ] || want=$(first_type "$f")
      [ "$cur" = "$want" ] && continue
      if [ -n "$dry" ]; then
        [ -n "$verbose" ] && echo "Would relabel $f from system_u:object_r:$cur:s0 to system_u:object_r:$want:s0"
      else
        echo "$f $want" >>"$LABELS"
        [ -n "$verbose" ] && echo "Relabeled $f from system_u:object_r:$cur:s0 to system_u:object_r:$want:s0"
      fi
    done
  done
}

case $tool in
systemctl) systemctl_main "$@" ;;
semanage) semanage_main "$@" ;;
restorecon) restorecon_main "$@" ;;
getenforce) echo Enforcing ;;
selinuxenabled) exit 0 ;;
getsebool)
  v=$(awk -v b="$1" '$1 == b { v = $2 } END { print v }' "$BOOLS")
  echo "$1 --> ${v:-off}"
  ;;
setsebool)
  [ "$1" = -P ] && shift
  case $2 in on | 1 | true) v=on ;; off | 0 | false) v=off ;; *) unsupported "$@" ;; esac
  echo "$1 $v" >>"$BOOLS"
  ;;
dnf | rpm | firewall-cmd) exec "/usr/bin/$tool" "$@" ;;
apachectl) exec /usr/sbin/apachectl "$@" ;;
*) unsupported "$@" ;;
esac
