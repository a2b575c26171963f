/**
 * The modules of ansible-core 2.14 (ansible.builtin), by short name: a task naming one that fabplay
 * lacks is not a mistake (Ansible runs it). Preflight warns and the task fails if it runs.
 * test/modules/lib/ansible-modules.test.ts keeps the list equal to ansible-doc's.
 */
export const ANSIBLE_BUILTIN_MODULES: ReadonlySet<string> = new Set([
  'add_host',
  'apt',
  'apt_key',
  'apt_repository',
  'assemble',
  'assert',
  'async_status',
  'blockinfile',
  'command',
  'copy',
  'cron',
  'debconf',
  'debug',
  'dnf',
  'dpkg_selections',
  'expect',
  'fail',
  'fetch',
  'file',
  'find',
  'gather_facts',
  'get_url',
  'getent',
  'git',
  'group',
  'group_by',
  'hostname',
  'import_playbook',
  'import_role',
  'import_tasks',
  'include_role',
  'include_tasks',
  'include_vars',
  'iptables',
  'known_hosts',
  'lineinfile',
  'meta',
  'package',
  'package_facts',
  'pause',
  'ping',
  'pip',
  'raw',
  'reboot',
  'replace',
  'rpm_key',
  'script',
  'service',
  'service_facts',
  'set_fact',
  'set_stats',
  'setup',
  'shell',
  'slurp',
  'stat',
  'subversion',
  'systemd',
  'systemd_service',
  'sysvinit',
  'tempfile',
  'template',
  'unarchive',
  'uri',
  'user',
  'validate_argument_spec',
  'wait_for',
  'wait_for_connection',
  'yum',
  'yum_repository',
]);

/**
 * Whether Ansible may have a module of this name: an ansible.builtin one, or one of a collection
 * (namespace.collection.name outside ansible.builtin and ansible.legacy), which fabplay cannot list.
 */
export function isAnsibleModuleName(name: string): boolean {
  const parts = name.split('.');
  if (parts.length === 1) return ANSIBLE_BUILTIN_MODULES.has(name);
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z_]\w*$/.test(p))) return false;
  if (parts[0] === 'ansible' && (parts[1] === 'builtin' || parts[1] === 'legacy'))
    return ANSIBLE_BUILTIN_MODULES.has(parts[2]!);
  return true;
}
