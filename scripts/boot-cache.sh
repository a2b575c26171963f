#!/usr/bin/env bash
# The boot test's VM (test/roles/vm-boot.lab.test.ts) boots a real Debian kernel with a static
# busybox in its initrd, and with Secure Boot on, Debian's signed shim and GRUB. All are unpacked
# from their Debian packages (apt-get download + dpkg -x) into a cache outside the repository,
# $FABPLAY_BOOT_CACHE (default /var/cache/fabplay-boot), and fetched again only when the candidate
# version changes. None is installed: busybox-static would replace the busybox the lab uses, and
# the signed GRUB's install scripts would touch this machine's boot loader. Called by
# scripts/setup.sh. Idempotent.
set -euo pipefail
cache=${FABPLAY_BOOT_CACHE:-/var/cache/fabplay-boot}
kernel_pkg() { apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1; }
candidate() { apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p'; }
if [ "$(id -u)" -ne 0 ]; then
  [ -e "$cache/kernel/boot" ] && [ -e "$cache/busybox-static/bin/busybox" ] && exit 0
  echo "boot-cache: need root to fill $cache" >&2
  exit 1
fi
kpkg=$(kernel_pkg)
if [ -z "$kpkg" ]; then
  apt-get update -qq
  kpkg=$(kernel_pkg)
fi
[ -n "$kpkg" ] || { echo "boot-cache: apt knows no linux-image-amd64 kernel" >&2; exit 1; }
mkdir -p "$cache"
# unpack NAME PACKAGE: $cache/NAME holds PACKAGE's files and .version its version
unpack() {
  local name=$1 pkg=$2 ver dir tmp
  ver="$pkg $(candidate "$pkg")"
  dir=$cache/$name
  [ "$(cat "$dir/.version" 2>/dev/null)" = "$ver" ] && return 0
  tmp=$(mktemp -d "$cache/download.XXXXXX")
  (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$pkg")
  rm -rf "$dir"
  dpkg -x "$tmp"/*.deb "$tmp/root"
  mv "$tmp/root" "$dir"
  echo "$ver" >"$dir/.version"
  rm -rf "$tmp"
  echo "boot-cache: unpacked $ver into $dir"
}
unpack kernel "$kpkg"
unpack busybox-static busybox-static
# Secure Boot: shim signed by Microsoft's UEFI CA, MokManager, and Debian's signed network GRUB
unpack shim-signed shim-signed
unpack shim-helpers shim-helpers-amd64-signed
unpack grub-signed grub-efi-amd64-signed
