// What a task of a host whose connection fabplay lacks fails with (Ansible fails each task of
// such a host, debug included, as its TaskExecutor loads the plugin before any action runs).
import { connectionKind, shortConnectionName } from './kind.js';

/**
 * ansible-core 2.14's connection plugins fabplay has no counterpart of: its own (winrm, psrp) and
 * the short names its plugin routing sends to a collection (docker, network_cli, ...).
 */
const ANSIBLE_HAS = new Set([
  'winrm',
  'psrp',
  'aws_ssm',
  'buildah',
  'chroot',
  'docker',
  'funcd',
  'httpapi',
  'iocage',
  'jail',
  'kubectl',
  'libvirt_lxc',
  'lxc',
  'lxd',
  'napalm',
  'netconf',
  'network_cli',
  'oc',
  'persistent',
  'podman',
  'qubes',
  'saltstack',
  'vmware_tools',
  'zone',
]);

/**
 * Undefined for a connection fabplay has; else the failure of every task that would use it:
 * Ansible's own words for a name Ansible cannot load either, fabplay's for one Ansible has
 * (a collection's `ns.coll.name` too), as fabplay cannot follow Ansible there.
 */
export function missingConnection(name: string): string | undefined {
  if (connectionKind(name)) return undefined;
  const short = shortConnectionName(name);
  if (ANSIBLE_HAS.has(short) || short.split('.').length === 3)
    return (
      `the connection plugin '${name}' is not one fabplay has: ` +
      'it connects with ssh (also smart, paramiko) or local'
    );
  return `the connection plugin '${name}' was not found`;
}
