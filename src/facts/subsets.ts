// gather_subset: which of fabplay's collectors a list selects, by the rules of Ansible's setup.

/** The subsets Ansible gathers even for `!all` (its minimal set) that fabplay fills. */
const MIN = [
  'platform',
  'distribution',
  'pkg_mgr',
  'service_mgr',
  'selinux',
  'fips',
  'user',
  'env',
  'date_time',
  'local',
  'python',
];
const ALL = [...MIN, 'network', 'hardware', 'loadavg', 'virtual'];

/** Names Ansible accepts that select one of fabplay's collectors (or none: fabplay lacks them). */
const ALIASES: Record<string, string[]> = {
  interfaces: ['network'],
  devices: ['hardware'],
  mounts: ['hardware'],
  // a fact's own name selects its collector
  virtualization_type: ['virtual'],
  virtualization_role: ['virtual'],
  virtualization_tech_guest: ['virtual'],
  virtualization_tech_host: ['virtual'],
};

/** Every name Ansible 2.14's setup accepts in gather_subset besides all and min (its error lists them). */
const ANSIBLE_SUBSETS = new Set(
  (
    'all_ipv4_addresses all_ipv6_addresses apparmor architecture caps chroot cmdline date_time ' +
    'default_ipv4 default_ipv6 devices distribution distribution_major_version distribution_release ' +
    'distribution_version dns effective_group_ids effective_user_id env facter fibre_channel_wwn fips ' +
    'hardware interfaces is_chroot iscsi kernel kernel_version loadavg local lsb machine machine_id ' +
    'mounts network nvme ohai os_family pkg_mgr platform processor processor_cores processor_count ' +
    'python python_version real_user_id selinux service_mgr ssh_host_key_dsa_public ' +
    'ssh_host_key_ecdsa_public ssh_host_key_ed25519_public ssh_host_key_rsa_public ssh_host_pub_keys ' +
    'ssh_pub_keys system system_capabilities system_capabilities_enforced user user_dir user_gecos ' +
    'user_gid user_id user_shell user_uid virtual virtualization_role virtualization_tech_guest ' +
    'virtualization_tech_host virtualization_type'
  ).split(' '),
);

function collectorsOf(name: string): string[] {
  return ALIASES[name] ?? (ALL.includes(name) ? [name] : []);
}

/**
 * The collectors a gather_subset list selects, as Ansible's setup selects them: the minimal set
 * first, then each entry in turn (`all`, `min`, a name, or `!` one of those to exclude); a name
 * asked for by itself stays whatever is excluded. An empty list means `all`. A name Ansible does
 * not know fails, with Ansible's words; one it knows that fabplay does not gather selects nothing.
 */
export function selectSubsets(subset: string[] | undefined): Set<string> {
  const chosen = new Set(MIN);
  const excluded = new Set<string>();
  const named = new Set<string>();
  for (const entry of subset?.length ? subset : ['all']) {
    const exclude = entry.startsWith('!');
    const name = exclude ? entry.slice(1) : entry;
    let names: string[];
    if (name === 'min') names = MIN;
    else if (name === 'all') names = exclude ? ALL.filter((n) => !MIN.includes(n)) : ALL;
    else if (exclude || ANSIBLE_SUBSETS.has(name)) names = collectorsOf(name);
    else
      throw new Error(
        `Bad subset '${name}' given to Ansible. gather_subset options allowed: all, ${[...ANSIBLE_SUBSETS].sort().join(', ')}`,
      );
    for (const n of names) (exclude ? excluded : chosen).add(n);
    if (!exclude && name !== 'min' && name !== 'all') for (const n of names) named.add(n);
  }
  for (const n of excluded) if (!named.has(n)) chosen.delete(n);
  return chosen;
}

/** The `gather_subset` fact: the list as given, `['all']` when none was (as Ansible's setup reports it). */
export function subsetFact(subset: string[] | undefined): string[] {
  return subset?.length ? [...subset] : ['all'];
}
