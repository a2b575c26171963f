#!/bin/sh
# boot-check.sh: the boot chain a PXE client will walk, proved on the server without a client.
# For each boot file DHCP offers: the file is under the TFTP root and readable by the TFTP
# daemon's user; shim's GRUB and MokManager are beside it; the configuration GRUB (or pxelinux)
# reads there parses, and every file it names resolves; the installation tree its inst.repo
# names answers .treeinfo and images/install.img over HTTP. Changes nothing.
#
#   boot-check.sh --tftp-root /srv/tftp --tftp-user tftp [--grub-check grub-script-check] \
#     --boot-file 'x64 UEFI=uefi/shimx64.efi' [--boot-file 'x86 BIOS=pxelinux/pxelinux.0']...
#
# One line per check on stdout ("ok   ..." or "FAIL ..."), then one "initrd=<path>" line per
# initrd the configurations name (for the module checks of initrd-patch.sh --verify).
# Exit status: 0 every check passed, 1 one failed, 2 bad usage.
set -u
export LC_ALL=C
NL='
'
root='' user='' grub_check=grub-script-check boot_files='' fails=0 initrds='' repos=''

while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "boot-check: option $1 needs a value" >&2; exit 2; }
  case $1 in
    --tftp-root) root=${2%/}; shift 2 ;;
    --tftp-user) user=$2; shift 2 ;;
    --grub-check) grub_check=$2; shift 2 ;;
    --boot-file) boot_files="$boot_files$2$NL"; shift 2 ;;
    *) echo "boot-check: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$root" ] && [ -n "$user" ] || { echo "boot-check: --tftp-root and --tftp-user are required" >&2; exit 2; }

ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# served LABEL PATH: PATH (relative to the TFTP root, a leading / allowed) is a file the TFTP
# user can read.
served() {
  rel=${2#/}
  f=$root/$rel
  if [ ! -f "$f" ]; then bad "$1: $rel is missing from the TFTP root $root"; return 1; fi
  if ! runuser -u "$user" -- test -r "$f" </dev/null 2>/dev/null; then
    bad "$1: $rel is not readable by the TFTP user $user (mode $(stat -c %a "$f"))"
    return 1
  fi
  ok "$1: $rel is served ($(stat -c %s "$f") bytes, readable by $user)"
}

# remember a value once in a newline-separated list variable
remember() { # var value
  eval "cur=\$$1"
  case "$NL$cur" in *"$NL$2$NL"*) ;; *) eval "$1=\$cur\$2\$NL" ;; esac
}

# GRUB over TFTP: its prefix is the boot file's directory; grub.cfg there names the kernel and
# initrd relative to the TFTP root.
check_grub() { # label dir
  cfg=${2:+$2/}grub.cfg
  served "$1" "$cfg" || return 0
  if msg=$("$grub_check" "$root/$cfg" </dev/null 2>&1); then ok "$1: $cfg parses ($grub_check)"
  else bad "$1: $cfg does not parse: $(echo $msg)"; fi
  names=$(awk '$1 ~ /^(linux|linuxefi|linux16|initrd|initrdefi|initrd16)$/ { for (i = 2; i <= NF; i++) if ($i !~ /=/) print $1 " " $i; else break }' "$root/$cfg")
  [ -n "$names" ] || bad "$1: $cfg names no kernel"
  while read -r cmd path; do
    [ -z "$path" ] && continue
    served "$1: $cfg $cmd" "$path"
    case $cmd in initrd*) remember initrds "${path#/}" ;; esac
  done <<LIST
$names
LIST
  for r in $(grep -o 'inst\.repo=[^ ]*' "$root/$cfg" | sed 's/^inst\.repo=//'); do remember repos "$r"; done
}

# pxelinux: ldlinux.c32 beside pxelinux.0, pxelinux.cfg/default names kernel and initrd.
check_pxelinux() { # label dir
  d=${2:+$2/}
  served "$1" "${d}ldlinux.c32"
  cfg=${d}pxelinux.cfg/default
  served "$1" "$cfg" || return 0
  names=$(awk 'toupper($1) == "KERNEL" { print "kernel " $2 } toupper($1) == "APPEND" { for (i = 2; i <= NF; i++) if ($i ~ /^initrd=/) { sub(/^initrd=/, "", $i); print "initrd " $i } }' "$root/$cfg")
  [ -n "$names" ] || bad "$1: $cfg names no kernel"
  while read -r cmd path; do
    [ -z "$path" ] && continue
    case $path in /*) ;; *) path=$d$path ;; esac
    served "$1: $cfg $cmd" "$path"
    [ "$cmd" = initrd ] && remember initrds "${path#/}"
  done <<LIST
$names
LIST
  for r in $(grep -o 'inst\.repo=[^ ]*' "$root/$cfg" | sed 's/^inst\.repo=//'); do remember repos "$r"; done
}

while IFS= read -r entry; do
  [ -z "$entry" ] && continue
  label=${entry%%=*} file=${entry#*=}
  file=${file#/}
  served "$label" "$file" || continue
  dir=${file%/*}
  [ "$dir" = "$file" ] && dir=''
  case ${file##*/} in
    shim*.efi | BOOT*.EFI)
      # shim loads GRUB, or MokManager to enroll a key, from its own directory
      served "$label: shim's GRUB" "${dir:+$dir/}grubx64.efi" && check_grub "$label" "$dir"
      served "$label: shim's MokManager" "${dir:+$dir/}mmx64.efi"
      ;;
    *.efi) check_grub "$label" "$dir" ;;
    *.0) check_pxelinux "$label" "$dir" ;;
    *) ok "$label: $file is not GRUB or pxelinux: only its presence is checked" ;;
  esac
done <<LIST
$boot_files
LIST

while IFS= read -r r; do
  [ -z "$r" ] && continue
  for p in .treeinfo images/install.img; do
    code=$(curl -s -o /dev/null -I -m 20 -w '%{http_code}' "$r/$p") || true
    case ${code:-000} in
      200) ok "HTTP: $r/$p answers 200" ;;
      000) bad "HTTP: $r/$p: no answer from the web server" ;;
      *) bad "HTTP: $r/$p answers $code (not 200)" ;;
    esac
  done
done <<LIST
$repos
LIST
[ -n "$repos" ] || [ -z "$boot_files" ] || bad "HTTP: no inst.repo= in the boot configurations"

printf '%s' "$initrds" | while IFS= read -r i; do [ -n "$i" ] && echo "initrd=$i"; done
[ "$fails" -eq 0 ]
