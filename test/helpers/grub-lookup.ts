// The config files GRUB tries on a TFTP server before its shared grub.cfg, in its order. From the
// GNU GRUB manual (section "Network") and the change that brought the search upstream in 2.06
// ("normal/main: Search for specific config files for netboot", from RHEL's GRUB):
//   1. grub.cfg-<client UUID>, only when DHCP handed one (option 97): fabplay's DHCP hands none;
//   2. grub.cfg-01-<MAC>, lower-case hex with dashes ("01" is Ethernet's ARP hardware type);
//   3. grub.cfg-<IPv4 in upper-case hex>, then the same shortened one digit at a time
//      (C0A86415, C0A8641, ..., C);
//   4. grub.cfg.
// All in GRUB's prefix: the directory of the boot file the DHCP server named (e.g. uefi/).

/** An IPv4 address as GRUB (and pxelinux) write it in a file name: 8 upper-case hex digits. */
export function hexOf(ip: string): string {
  return ip
    .split('.')
    .map((o) => Number(o).toString(16).toUpperCase().padStart(2, '0'))
    .join('');
}

/** The names GRUB tries, in order, for a client with address `ip` (and Ethernet address `mac`). */
export function grubLookupOrder(ip: string, mac?: string): string[] {
  const names = mac ? [`grub.cfg-01-${mac.toLowerCase().replace(/:/g, '-')}`] : [];
  const hex = hexOf(ip);
  for (let n = hex.length; n > 0; n--) names.push(`grub.cfg-${hex.slice(0, n)}`);
  return [...names, 'grub.cfg'];
}
