#!/bin/sh
# initrd-patch.sh: put replacement kernel modules (hfi1, rdmavt, ...) into an installer initrd
# and add modules-load.d entries, so a client can boot over IPoIB. Run by the initrd_patch role
# (script module) on the PXE server; usable by hand:
#
#   initrd-patch.sh --input initrd.img --output /srv/tftp/uefi/initrd_CN5K.img \
#     [--module hfi1.ko]... [--module-dir '/lib/modules/%k/extra/opxs-kernel-updates'] \
#     [--load ib_ipoib]... [--kernel-version KVER] [--compression auto|xz|gzip|zstd|lz4|none] \
#     [--workdir-parent /var/tmp] [--require-signed] [--check]
#   initrd-patch.sh --verify --input /srv/tftp/uefi/initrd_CN5K.img [--module hfi1.ko]... [--require-signed]
#
# A module given by name is looked up in --module-dir, where %k stands for the kernel version of
# the initrd. With --require-signed (Secure Boot clients) every module must carry a signature
# (modinfo -F signer); an unsigned one stops the script before anything is rebuilt.
# The last line of stdout is RESULT=unchanged|rebuilt|would-rebuild. --verify changes nothing: it
# prints one "ok"/"FAIL" line per module of a patched image (built for the image's kernel, signed)
# and exits 3 when one fails.
# Exit status: 0 done, 2 bad usage, 3 refused (bad input: mismatched module, unknown format).
set -eu
umask 022
export LC_ALL=C

SCRIPT_VERSION=1
input='' output='' kver_opt='' compression=auto check=0 require_signed=0 verify=0
parent=${TMPDIR:-/var/tmp}
module_dir='/lib/modules/%k/extra/opxs-kernel-updates'
NL='
'
modules='' loads=''

usage() { echo "initrd-patch: $*" >&2; exit 2; }
# (--verify reports a refusal as one of its FAIL lines too)
refuse() {
  [ "${verify:-0}" -eq 0 ] || echo "FAIL ${input:-initrd}: $*"
  echo "initrd-patch: $*" >&2
  exit 3
}
say() { echo "$*"; }

while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || case $1 in --check | --require-signed | --verify) ;; *) usage "option $1 needs a value" ;; esac
  case $1 in
    --input) input=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    --module) modules="$modules$2$NL"; shift 2 ;;
    --module-dir) module_dir=$2; shift 2 ;;
    --load) loads="$loads$2$NL"; shift 2 ;;
    --kernel-version) kver_opt=$2; shift 2 ;;
    --compression) compression=$2; shift 2 ;;
    --workdir-parent) parent=$2; shift 2 ;;
    --check) check=1; shift ;;
    --require-signed) require_signed=1; shift ;;
    --verify) verify=1 check=1 output=${output:-/dev/null}; shift ;;
    *) usage "unknown option $1" ;;
  esac
done

[ -n "$input" ] || usage "--input is required"
[ -n "$output" ] || usage "--output is required"
[ -f "$input" ] && [ -r "$input" ] || refuse "input initrd $input: not a readable file"
case $compression in auto | xz | gzip | zstd | lz4 | none) ;; *) usage "--compression $compression: use auto, xz, gzip, zstd, lz4 or none" ;; esac
while IFS= read -r l; do
  [ -z "$l" ] && continue
  case $l in *[!A-Za-z0-9_-]*) usage "--load $l: a module name is letters, digits, _ and -" ;; esac
done <<EOF
$loads
EOF
case $output in
  */*) out_dir=${output%/*}; out_dir=${out_dir:-/} ;;
  *) out_dir=. ;;
esac
[ -d "$out_dir" ] || [ "$check" -eq 1 ] || refuse "output directory $out_dir does not exist"
for tool in cpio sha256sum od modinfo xz; do
  command -v "$tool" >/dev/null 2>&1 || refuse "$tool is not installed on this server"
done

work='' tmp_out='' tmp_stamp=''
cleanup() {
  [ -n "$work" ] && rm -rf -- "$work"
  [ -n "$tmp_out" ] && rm -f -- "$tmp_out"
  [ -n "$tmp_stamp" ] && rm -f -- "$tmp_stamp"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# A process costs more than hashing a small file, so the up-to-date check below starts few: the
# stamp is read with the shell's own `read`, paths are cut by parameter expansion, and one
# sha256sum run hashes every file.

# sha256 sums of readable files in one sha256sum run: sets sums to one sum per line, in order.
hash_files() {
  sums=$(sha256sum -- "$@" | while IFS= read -r l; do l=${l#\\}; printf '%s\n' "${l%% *}"; done)
}

# $1 with every %k replaced by $2: sets wk.
with_kver() {
  wk_rest=$1 wk=
  while :; do
    case $wk_rest in
      *%k*) wk=$wk${wk_rest%%"%k"*}$2; wk_rest=${wk_rest#*"%k"} ;;
      *) break ;;
    esac
  done
  wk=$wk$wk_rest
}

# The path of a module given by name or path; %k in the module directory is the kernel version
# (sets mp).
module_path() { # name kver
  case $1 in
    /*) mp=$1 ;;
    *) with_kver "$module_dir" "$2"; mp=$wk/$1 ;;
  esac
}

# Everything the output depends on (options, loads, the input, this script, modules by name and
# content) hashed for kernel $1, and the output $2 hashed in the same sha256sum run: sets
# input_sha, inputs_sha and output_sha ('' when the output does not exist).
hash_inputs_and_output() { # kver output
  hi_kver=$1 hi_out=$2
  hi_text="version=$SCRIPT_VERSION compression=$compression kver_opt=$kver_opt signed=$require_signed${NL}loads=$loads"
  hi_names=
  set -- "$input" "$0"
  while IFS= read -r m; do
    [ -z "$m" ] && continue
    module_path "$m" "$hi_kver"
    if [ -r "$mp" ]; then
      set -- "$@" "$mp"
      hi_names="$hi_names${mp##*/}$NL"
    else
      hi_text="$hi_text${NL}missing=$mp"
    fi
  done <<EOF
$modules
EOF
  [ -f "$hi_out" ] && set -- "$@" "$hi_out"
  hash_files "$@"
  # sums holds: the input, this script, the readable modules in order, the output if it exists
  hi_rest=$sums$NL
  input_sha=${hi_rest%%"$NL"*}; hi_rest=${hi_rest#*"$NL"}
  hi_text="$hi_text${NL}input=$input_sha${NL}script=${hi_rest%%"$NL"*}"; hi_rest=${hi_rest#*"$NL"}
  while IFS= read -r n; do
    [ -z "$n" ] && continue
    hi_text="$hi_text${NL}module=$n ${hi_rest%%"$NL"*}"; hi_rest=${hi_rest#*"$NL"}
  done <<EOF
$hi_names
EOF
  output_sha=
  [ -f "$hi_out" ] && output_sha=${hi_rest%%"$NL"*}
  inputs_sha=$(sha256sum <<EOF
$hi_text
kernel=$hi_kver
EOF
)
  inputs_sha=${inputs_sha%% *}
}

# The stamp's fields, read with the shell's own `read`.
stamp_input='' stamp_kernel='' stamp_inputs='' stamp_output=''
if [ -f "$output.stamp" ]; then
  while IFS='=' read -r k v; do
    case $k in
      input_sha256) stamp_input=$v ;;
      kernel) stamp_kernel=$v ;;
      inputs) stamp_inputs=$v ;;
      output_sha256) stamp_output=$v ;;
    esac
  done <"$output.stamp"
fi

if [ "$verify" -eq 0 ] && [ -n "$stamp_inputs" ] && [ -f "$output" ]; then
  hash_inputs_and_output "$stamp_kernel" "$output"
  if [ "$stamp_input" = "$input_sha" ] && [ "$stamp_inputs" = "$inputs_sha" ] &&
    [ "$stamp_output" = "$output_sha" ]; then
    say "$output is up to date (kernel $stamp_kernel)"
    say "RESULT=unchanged"
    exit 0
  fi
fi

mkdir -p -- "$parent"
work=$(mktemp -d "$parent/initrd-patch.XXXXXX")
root=$work/root
mkdir -- "$root"

# --- Split an uncompressed early cpio (microcode) from the main image --------------------------
hexbytes() { od -An -v -tx1 -j "$2" -N "$3" -- "$1" | tr -d ' \n'; }
in_size=$(wc -c <"$input" | tr -d ' ')
early_end=0
first=$(hexbytes "$input" 0 6)
if [ "$first" = 303730373031 ] || [ "$first" = 303730373032 ]; then
  off=0
  while :; do
    hdr=$(dd if="$input" bs=1 skip="$off" count=110 2>/dev/null)
    case $hdr in 070701* | 070702*) ;; *) refuse "$input: broken cpio header at byte $off" ;; esac
    fsize=$((0x$(printf '%s' "$hdr" | cut -c55-62)))
    nsize=$((0x$(printf '%s' "$hdr" | cut -c95-102)))
    name=$(dd if="$input" bs=1 skip=$((off + 110)) count=$((nsize - 1)) 2>/dev/null)
    off=$(((off + 110 + nsize + 3) / 4 * 4))
    off=$(((off + fsize + 3) / 4 * 4))
    [ "$name" = 'TRAILER!!!' ] && break
    [ "$off" -lt "$in_size" ] || refuse "$input: cpio archive without a trailer"
  done
  # Zero padding follows the trailer; the next non-zero byte starts the main image.
  while [ "$off" -lt "$in_size" ]; do
    skip=$(hexbytes "$input" "$off" 4096 | awk '{ n = length($0) / 2; for (i = 0; i < n; i++) if (substr($0, 2*i+1, 2) != "00") { print i; exit } print -1 }')
    if [ "$skip" -ge 0 ]; then off=$((off + skip)); break; fi
    off=$((off + 4096))
  done
  if [ "$off" -lt "$in_size" ]; then early_end=$off; fi
fi

main=$input
if [ "$early_end" -gt 0 ]; then
  head -c "$early_end" "$input" >"$work/early.cpio"
  tail -c +"$((early_end + 1))" "$input" >"$work/main.img"
  main=$work/main.img
  say "early uncompressed cpio: $early_end bytes, kept as is"
fi

magic=$(hexbytes "$main" 0 6)
case $magic in
  fd377a585a00) format=xz ;;
  1f8b*) format=gzip ;;
  28b52ffd*) format=zstd ;;
  02214c18* | 04224d18*) format=lz4 ;;
  30373037303[12]) format=none ;;
  *) refuse "$input: unknown initrd format (first bytes $magic); expected xz, gzip, zstd, lz4 or cpio" ;;
esac
say "initrd format: $format"
case $format in
  xz) xz -dc <"$main" >"$work/main.cpio" ;;
  gzip) gzip -dc <"$main" >"$work/main.cpio" ;;
  zstd) zstd -q -dc <"$main" >"$work/main.cpio" ;;
  lz4) lz4 -q -dc <"$main" >"$work/main.cpio" ;;
  none) cp -- "$main" "$work/main.cpio" ;;
esac
(cd "$root" && cpio -idm --quiet --no-absolute-filenames) <"$work/main.cpio"
rm -f -- "$work/main.cpio" "$work/main.img"

# --- Kernel version, from lib/modules/ in the image -------------------------------------------
for link in lib lib/modules usr/lib; do
  if [ -L "$root/$link" ]; then
    case $(readlink "$root/$link") in /*) refuse "$link in the initrd is an absolute symlink: refusing to follow it" ;; esac
  fi
done
[ -d "$root/lib/modules" ] || refuse "$input: no lib/modules/ in the initrd"
kvers=$(cd "$root/lib/modules" && for d in *; do [ -d "$d" ] && printf '%s\n' "$d"; done; true)
if [ -n "$kver_opt" ]; then
  [ -d "$root/lib/modules/$kver_opt" ] || refuse "kernel $kver_opt is not in the initrd (it has: $(echo $kvers))"
  kver=$kver_opt
else
  [ -n "$kvers" ] || refuse "$input: lib/modules/ holds no kernel"
  [ "$(printf '%s\n' "$kvers" | wc -l)" -eq 1 ] || refuse "$input: several kernels in lib/modules/ ($(echo $kvers)): choose one with --kernel-version"
  kver=$kvers
fi
moddir=$root/lib/modules/$kver
say "initrd kernel: $kver"

# --- --verify: the modules of a patched image, as the client's kernel will see them -----------
if [ "$verify" -eq 1 ]; then
  fails=0
  while IFS= read -r m; do
    [ -z "$m" ] && continue
    name=${m##*/}; name=${name%.xz}; name=${name%.zst}; name=${name%.gz}; name=${name%.ko}
    found=$(find "$moddir" \( -name "$name.ko" -o -name "$name.ko.*" \) -type f | head -n 1)
    if [ -z "$found" ]; then say "FAIL $input: module $name is not in the image"; fails=1; continue; fi
    built_for=$(modinfo -F vermagic -- "$found" 2>/dev/null) || built_for=''
    built_for=${built_for%% *}
    if [ "$built_for" = "$kver" ]; then say "ok   $input: $name built for its kernel $kver"
    else say "FAIL $input: $name built for kernel ${built_for:-unknown}, the image's kernel is $kver"; fails=1; fi
    [ "$require_signed" -eq 1 ] || continue
    signer=$(modinfo -F signer -- "$found" 2>/dev/null) || signer=''
    if [ -n "$signer" ]; then say "ok   $input: $name signed by $signer"
    else say "FAIL $input: $name is not signed (Secure Boot clients refuse it)"; fails=1; fi
  done <<EOF
$modules
EOF
  [ "$fails" -eq 0 ] || exit 3
  exit 0
fi

# --- Check every module before replacing anything ---------------------------------------------
plan=$work/plan
: >"$plan"
while IFS= read -r m; do
  [ -z "$m" ] && continue
  module_path "$m" "$kver"; src=$mp
  [ -f "$src" ] && [ -r "$src" ] || refuse "module $src: not a readable file"
  base=$(basename -- "$src")
  name=${base%.xz}; name=${name%.zst}; name=${name%.gz}
  case $name in *.ko) name=${name%.ko} ;; *) refuse "module $src: not a .ko file" ;; esac
  magic_mod=$(modinfo -F vermagic -- "$src" 2>/dev/null) || refuse "module $src: modinfo cannot read its vermagic"
  built_for=${magic_mod%% *}
  [ "$built_for" = "$kver" ] || refuse "module $src was built for kernel $built_for, but the initrd's kernel is $kver: refusing to replace it"
  if [ "$require_signed" -eq 1 ]; then
    signer=$(modinfo -F signer -- "$src" 2>/dev/null) || signer=''
    [ -n "$signer" ] || refuse "module $src is not signed (modinfo -F signer is empty): under Secure Boot the kernel refuses it. Sign it with a key enrolled on the clients (scripts/sign-file sha256 KEY CERT $src from the kernel's build tree, the key enrolled with mokutil --import), or turn Secure Boot off (bootloader_secure_boot: false); the initrd was not rebuilt"
    say "module $base: signed by $signer"
  fi
  alt=$(printf '%s' "$name" | tr '_-' '-_')
  found=$(find "$moddir" \( -name "$name.ko" -o -name "$name.ko.*" -o -name "$alt.ko" -o -name "$alt.ko.*" \) -type f)
  [ "$(printf '%s' "$found" | grep -c .)" -le 1 ] || refuse "module $name is in the initrd more than once: $(echo $found)"
  [ -n "$found" ] || found=$moddir/extra/$name.ko.xz
  printf '%s\t%s\n' "$src" "$found" >>"$plan"
done <<EOF
$modules
EOF

if [ "$check" -eq 1 ]; then
  say "would rebuild $output (kernel $kver)"
  say "RESULT=would-rebuild"
  exit 0
fi

# --- Replace the modules, add the modules-load.d entries ---------------------------------------
changed_set=0
while IFS="	" read -r src dest; do
  [ -z "$src" ] && continue
  [ -e "$dest" ] || changed_set=1
  raw=$work/module.ko
  case $src in
    *.ko.xz) xz -dc <"$src" >"$raw" ;;
    *.ko.zst) zstd -q -dc <"$src" >"$raw" ;;
    *.ko.gz) gzip -dc <"$src" >"$raw" ;;
    *) cp -- "$src" "$raw" ;;
  esac
  mkdir -p -- "$(dirname -- "$dest")"
  case $dest in
    *.ko.xz) xz --check=crc32 --lzma2=dict=1MiB -c <"$raw" >"$dest" ;;
    *.ko.zst) zstd -q -19 -c <"$raw" >"$dest" ;;
    *.ko.gz) gzip -9 -n -c <"$raw" >"$dest" ;;
    *) cp -- "$raw" "$dest" ;;
  esac
  chmod 0644 "$dest"
  changed_set=1
  say "replaced ${dest#"$root"/} with $src"
done <"$plan"

while IFS= read -r l; do
  [ -z "$l" ] && continue
  mkdir -p -- "$root/lib/modules-load.d"
  printf '# Load %s at boot\n%s\n' "$l" "$l" >"$root/lib/modules-load.d/$l.conf"
  chmod 0644 "$root/lib/modules-load.d/$l.conf"
  say "added lib/modules-load.d/$l.conf"
done <<EOF
$loads
EOF

if [ "$changed_set" -eq 1 ]; then
  command -v depmod >/dev/null 2>&1 || refuse "depmod is not installed on this server"
  depmod -b "$root" "$kver"
  say "depmod -b: module dependencies and aliases rebuilt for $kver"
fi

# --- Repack: newc, owned by root, compressed like the input unless asked ----------------------
pack=$compression
[ "$pack" = auto ] && pack=$format
(cd "$root" && find . | sort | cpio -o -H newc -R 0:0 --quiet) >"$work/new.cpio"
case $pack in
  xz) xz --check=crc32 --lzma2=dict=1MiB -c <"$work/new.cpio" >"$work/new.img" ;;
  gzip) gzip -9 -n -c <"$work/new.cpio" >"$work/new.img" ;;
  zstd) zstd -q -15 -c <"$work/new.cpio" >"$work/new.img" ;;
  lz4) lz4 -q -l -9 -c <"$work/new.cpio" >"$work/new.img" ;;
  none) mv -- "$work/new.cpio" "$work/new.img" ;;
esac

tmp_out=$output.tmp.$$
if [ "$early_end" -gt 0 ]; then cat -- "$work/early.cpio" "$work/new.img" >"$tmp_out"; else cat -- "$work/new.img" >"$tmp_out"; fi
chmod 0644 "$tmp_out"
mv -f -- "$tmp_out" "$output"
tmp_out=''

hash_inputs_and_output "$kver" "$output"
tmp_stamp=$output.stamp.tmp.$$
{
  echo "# initrd-patch: checksums of the inputs of $(basename -- "$output")"
  echo "input_sha256=$input_sha"
  echo "kernel=$kver"
  echo "inputs=$inputs_sha"
  echo "output_sha256=$output_sha"
} >"$tmp_stamp"
chmod 0644 "$tmp_stamp"
mv -f -- "$tmp_stamp" "$output.stamp"
tmp_stamp=''

say "wrote $output ($pack, kernel $kver)"
say "RESULT=rebuilt"
