#!/usr/bin/env bash
# Everything a fresh Debian/Ubuntu machine needs for fabplay, its lab and its tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
DEBS=(ansible openssh-server openssh-client sshpass sudo iproute2 procps psmisc
  isc-dhcp-server apache2 tftpd-hpa tftp-hpa busybox curl
  cpio xz-utils zstd lz4 gzip kmod binutils rsync grub-common kea-dhcp4-server network-manager dnf rpm createrepo-c firewalld)
missing=()
for p in "${DEBS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: need root to install: ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Package install scripts start these daemons on the controller; fabplay runs them only inside lab hosts.
for svc in isc-dhcp-server apache2 tftpd-hpa firewalld; do service "$svc" stop >/dev/null 2>&1 || true; done
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund >/dev/null; fi
npm run -s build
