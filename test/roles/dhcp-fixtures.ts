// Subnets the DHCP backends' template tests share: one by prefix, one by netmask with an HTTP-boot URL.
export const subnets = [
  {
    network: '192.168.100.0',
    prefix: 24,
    range_start: '192.168.100.100',
    range_end: '192.168.100.230',
    routers: ['192.168.100.1'],
    broadcast: '192.168.100.255',
    dns_servers: ['192.168.100.1'],
    domain_name: 'fabric.example',
    next_server: '192.168.100.1',
  },
  {
    network: '10.20.0.0',
    netmask: '255.255.0.0',
    range_start: '10.20.1.1',
    range_end: '10.20.1.100',
    next_server: '10.20.0.1',
    http_boot_url: 'http://10.20.0.1/netinstall/uefi/grubx64.efi',
  },
];
