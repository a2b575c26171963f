/**
 * The virtualization facts (Ansible's `virtual` collector on Linux): virtualization_type and
 * _role, and the guest and host technologies seen. The host's script prints what the collector
 * reads (files, /proc entries, dmidecode); virtualFacts weighs it in the collector's order, where
 * the first finding names the type and role and every finding adds its technology.
 */

/** The script section: only what the decision needs, and no process unless its file is there. */
export const VIRTUAL_SECTION = `
sec virt_paths
for p in /proc/vz /proc/lve /proc/bc /.dockerenv /.dockerinit /proc/xen /dev/kvm; do [ -e "$p" ] && echo "$p"; done
[ -d /rhev/ ] && echo /rhev/
[ -r /proc/modules ] && echo /proc/modules
sec virt_cgroup; show /proc/1/cgroup 2>/dev/null
# init's environment, as the container= words Ansible looks for (the values themselves stay on the host)
sec virt_environ
[ -r /proc/1/environ ] && tr '\\0' '\\n' </proc/1/environ 2>/dev/null | while IFS= read -r l; do
  case $l in *container=lxc*) echo lxc ;; esac
  case $l in *container=podman*) echo podman ;; esac
  case $l in container=?*) echo container ;; esac
done
sec virt_systemd_container; show /run/systemd/container 2>/dev/null
sec virt_xen_capabilities; show /proc/xen/capabilities 2>/dev/null
D=/sys/devices/virtual/dmi/id
sec virt_product_name; show $D/product_name 2>/dev/null
sec virt_sys_vendor; show $D/sys_vendor 2>/dev/null
sec virt_product_family; show $D/product_family 2>/dev/null
sec virt_bios_vendor; show $D/bios_vendor 2>/dev/null
sec virt_vxid; [ -n "$vxid" ] && echo "$vxid"
sec virt_cpuinfo
c=$(grep -E '^(model name.*(QEMU Virtual CPU|UML)|vendor_id.*(User Mode Linux|PowerVM Lx86|IBM/S390)|machine.*CHRP IBM pSeries .emulated by qemu.)' /proc/cpuinfo 2>/dev/null)
[ -n "$c" ] && printf '%s\\n' "$c"
case $c in *IBM/S390*)
  sec virt_lscpu
  command -v lscpu >/dev/null 2>&1 && { echo found; o=$(lscpu 2>/dev/null) && printf '%s\\n' "$o"; } ;;
esac
sec virt_modules
[ -r /proc/modules ] && grep -E '^(kvm|vboxdrv|virtio) ' /proc/modules 2>/dev/null
sec virt_vdsm
if [ -d /rhev/ ]; then
  for f in /proc/[0-9]*/comm; do
    c=; { read -r c <"$f"; } 2>/dev/null
    case $c in vdsm|vdsmd) echo vdsm; break ;; esac
  done
fi
sec virt_dmidecode
command -v dmidecode >/dev/null 2>&1 && { o=$(dmidecode -s system-product-name 2>/dev/null) && printf 'ok\\n%s\\n' "$o"; }
`;

/** The collector's running state: the first finding decides type and role; all add technologies. */
class Findings {
  type?: string;
  role?: string;
  found = false;
  readonly guest = new Set<string>();
  readonly host = new Set<string>();

  /** a guest or host technology that names the type and role, unless something came before */
  claim(type: string, role: string): void {
    if (this.found) return;
    this.type = type;
    this.role = role;
    this.found = true;
  }
  guestOf(tech: string, type = tech, role = 'guest'): void {
    this.guest.add(tech);
    this.claim(type, role);
  }
  hostOf(tech: string, type = tech): void {
    this.host.add(tech);
    this.claim(type, 'host');
  }
}

type Section = (name: string) => string[];
/** a file's content as Ansible's get_file_content gives it: stripped, undefined when empty */
const content = (lines: string[]): string | undefined => lines.join('\n').trim() || undefined;

function containers(f: Findings, sec: Section, paths: Set<string>): void {
  for (const line of sec('virt_cgroup')) {
    if (/\/docker(\/|-[0-9a-f]+\.scope)/.test(line)) f.guestOf('docker');
    if (line.includes('/lxc/') || line.includes('/machine.slice/machine-lxc')) f.guestOf('lxc');
    if (line.includes('/system.slice/containerd.service')) f.guestOf('containerd');
  }
  for (const word of sec('virt_environ')) f.guestOf(word);
  if (paths.has('/proc/vz') && !paths.has('/proc/lve')) {
    // openvz names the type even after an earlier finding; the role only before one
    const role = paths.has('/proc/bc') ? 'host' : 'guest';
    (role === 'host' ? f.host : f.guest).add('openvz');
    if (!f.found) f.role = role;
    f.type = 'openvz';
    f.found = true;
  }
  const systemdContainer = content(sec('virt_systemd_container'));
  if (systemdContainer) f.guestOf(systemdContainer);
  if (paths.has('/.dockerenv') || paths.has('/.dockerinit')) f.guestOf('docker');
  const kinds = ['docker', 'lxc', 'podman', 'openvz', 'containerd'];
  if (systemdContainer || kinds.some((k) => f.guest.has(k))) f.guest.add('container');
}

function xen(f: Findings, sec: Section, paths: Set<string>): void {
  if (!paths.has('/proc/xen')) return;
  if (sec('virt_xen_capabilities').some((l) => l.includes('control_d'))) f.hostOf('xen');
  else f.claim('xen', 'guest');
  f.found = true;
}

/** What the firmware (DMI) says the machine is; each names a guest. */
function firmware(f: Findings, sec: Section): void {
  const [product, vendor, family, bios] = [
    'virt_product_name',
    'virt_sys_vendor',
    'virt_product_family',
    'virt_bios_vendor',
  ].map((n) => content(sec(n)));
  const seen: [boolean, string][] = [
    [['KVM', 'KVM Server', 'Bochs', 'AHV'].includes(product!), 'kvm'],
    [vendor === 'oVirt', 'oVirt'],
    [vendor === 'Red Hat' && family === 'RHV', 'RHV'],
    [vendor === 'Red Hat' && family !== 'RHV' && product === 'RHEV Hypervisor', 'RHEV'],
    [['VMware Virtual Platform', 'VMware7,1'].includes(product!), 'VMware'],
    [['OpenStack Compute', 'OpenStack Nova'].includes(product!), 'openstack'],
    [bios === 'Xen', 'xen'],
    [bios === 'innotek GmbH', 'virtualbox'],
    [['Amazon EC2', 'DigitalOcean', 'Hetzner'].includes(bios!), 'kvm'],
    [['QEMU', 'Amazon EC2', 'DigitalOcean', 'Google', 'Scaleway', 'Nutanix'].includes(vendor!), 'kvm'],
    [vendor === 'KubeVirt', 'KubeVirt'],
    [vendor === 'Microsoft Corporation', 'VirtualPC'],
    [vendor === 'Parallels Software International Inc.', 'parallels'],
    [vendor === 'OpenStack Foundation', 'openstack'],
  ];
  for (const [yes, tech] of seen) if (yes) f.guestOf(tech);
}

function vserver(f: Findings, sec: Section): void {
  const id = sec('virt_vxid')[0]?.trim();
  if (!id || !/^\d/.test(id)) return;
  if (id.startsWith('0')) f.hostOf('linux_vserver');
  else f.guestOf('linux_vserver');
}

/** s390: the hypervisor lscpu names, PR/SM (an LPAR) when it names none, ibm_systemz without lscpu */
function systemZ(f: Findings, sec: Section): void {
  f.guest.add('PR/SM');
  const lscpu = sec('virt_lscpu');
  if (lscpu[0] !== 'found') return f.guestOf('ibm_systemz');
  let type = 'PR/SM';
  for (const line of lscpu.slice(1)) {
    const at = line.indexOf(':');
    if ((at < 0 ? line : line.slice(0, at)).trim() !== 'Hypervisor') continue;
    type = at < 0 ? '' : line.slice(at + 1).trim();
    f.guest.add(type);
  }
  f.claim(type, type === 'PR/SM' ? 'LPAR' : 'guest');
}

function cpuinfo(f: Findings, sec: Section): void {
  const patterns: [RegExp, string][] = [
    [/^model name.*QEMU Virtual CPU/, 'kvm'],
    [/^vendor_id.*User Mode Linux/, 'uml'],
    [/^model name.*UML/, 'uml'],
    [/^machine.*CHRP IBM pSeries .emulated by qemu./, 'kvm'],
    [/^vendor_id.*PowerVM Lx86/, 'powervm_lx86'],
  ];
  for (const line of sec('virt_cpuinfo')) {
    const tech = patterns.find(([re]) => re.test(line))?.[1];
    if (tech) f.guestOf(tech);
    else if (/^vendor_id.*IBM\/S390/.test(line)) systemZ(f, sec);
  }
}

function kernelModules(f: Findings, sec: Section, paths: Set<string>): void {
  if (!paths.has('/proc/modules')) return;
  const modules = new Set(sec('virt_modules').map((l) => l.split(' ')[0]));
  if (modules.has('kvm')) {
    // a RHEV hypervisor (vdsm running) is a KVM host too
    const rhev = paths.has('/rhev/') && sec('virt_vdsm').length > 0;
    f.host.add('kvm');
    if (rhev) f.host.add('RHEV');
    f.claim(rhev ? 'RHEV' : 'kvm', 'host');
  }
  if (modules.has('vboxdrv')) f.hostOf('virtualbox');
  if (modules.has('virtio')) {
    f.host.add('kvm');
    f.claim('kvm', 'guest');
  }
}

function dmidecode(f: Findings, sec: Section): void {
  const [ok, ...out] = sec('virt_dmidecode');
  if (ok !== 'ok') return;
  const product = out
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.trim())
    .join('');
  if (product.startsWith('VMware')) f.guestOf('VMware');
  if (out.join('\n').includes('BHYVE')) f.guestOf('bhyve');
}

/** virtualization_type, _role, _tech_guest and _tech_host from the script's virt_* sections. */
export function virtualFacts(sec: Section): Record<string, unknown> {
  const f = new Findings();
  const paths = new Set(sec('virt_paths'));
  containers(f, sec, paths);
  xen(f, sec, paths);
  firmware(f, sec);
  vserver(f, sec);
  cpuinfo(f, sec);
  kernelModules(f, sec, paths);
  dmidecode(f, sec);
  if (paths.has('/dev/kvm')) f.hostOf('kvm');
  const facts: Record<string, unknown> = {};
  if (!f.found) f.claim('NA', 'NA');
  if (f.type !== undefined) facts.virtualization_type = f.type;
  if (f.role !== undefined) facts.virtualization_role = f.role;
  // Python sets in Ansible, so in no fixed order there; here in the order found
  facts.virtualization_tech_guest = [...f.guest];
  facts.virtualization_tech_host = [...f.host];
  return facts;
}
