#!/usr/bin/env bash
# Everything a fresh Debian/Ubuntu machine needs for fabplay, its lab and its tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
DEBS=(ansible openssh-server openssh-client sshpass sudo iproute2 procps psmisc
  isc-dhcp-server dnsmasq-base dnsmasq apache2 tftpd-hpa tftp-hpa busybox socat curl
  cpio xz-utils zstd lz4 gzip kmod binutils rsync grub-common kea-dhcp4-server network-manager
  dnf rpm createrepo-c firewalld time chromium tmux xorriso fuseiso file
  dpkg-dev python3-apt qemu-system-x86 ovmf grub-efi-amd64-bin cron unzip zip
  python3-venv python3-pip python3-setuptools python3-wheel gnupg gcc libc6-dev python3-pexpect subversion iptables) # dpkg-dev: dpkg-scanpackages, for the apt tests' local repository;
# python3-apt: ansible-playbook's apt module on lab hosts (it cannot install it there: no network);
# chromium: the run report's test opens the report in headless Chromium; tmux: the live view's
# tests read the screen of a real terminal; xorriso: the bootloader mount test makes an ISO; fuseiso:
# that test's iso9660 driver when the kernel has none; file: stat's mime type (get_mime), as on
# real servers; qemu-system-x86, ovmf, grub-efi-amd64-bin:
# the boot test's UEFI virtual machine and the network GRUB image it loads (grub-mkimage at test time);
# cron: crontab, for the cron module on lab hosts; unzip, zip: unarchive's zip archives, made at test time;
# python3-venv, -pip, -setuptools, -wheel: the pip module's tests build wheels and virtualenvs offline;
# gnupg: the git module's verify_commit test signs a commit with a key it makes; gcc, libc6-dev:
# the test of modules of the user's own compiles a binary module;
# python3-pexpect: ansible-playbook's expect module, beside which the expect fixture is recorded;
# subversion: svn and svnadmin for the subversion fixture; iptables: the iptables module's lab test
missing=()
for p in "${DEBS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: need root to install: ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  # The daemons these packages bring (dhcpd, dnsmasq, apache2, tftpd, firewalld, NetworkManager) run only
  # inside lab hosts: a policy-rc.d keeps their install scripts from starting them here.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
./scripts/boot-cache.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund >/dev/null; fi
npm run -s build
