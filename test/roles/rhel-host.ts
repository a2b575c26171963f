// A lab host made to answer as a fresh RHEL (or Rocky) server, so the roles run their RedHat
// path through the real executor, fact gathering and modules:
// - its release package (os-release, redhat-release, system-release(releasever)) installed with
//   Debian's rpm, so gather_facts reads RedHat/Rocky and its version, and dnf its releasever;
// - /run/systemd/system (service_mgr systemd) and an SELinux status interface (a tmpfs on /sys/fs
//   in the host's own mount namespace holding selinux/enforce = 1) with /etc/selinux/config;
// - stand-in packages named as RHEL names them (dhcp-server, kea, httpd, tftp-server) in a local
//   dnf repository: real RPMs, installed by Debian's real dnf, that ship the unit files and
//   configuration files of the RHEL packages at their RHEL paths (no binaries: the host already
//   has Debian's dhcpd, kea-dhcp4, in.tftpd and apache2; the httpd stand-in's apachectl runs
//   `apache2 -t` on the RHEL /etc/httpd layout);
// - the host's own firewalld (with its own system dbus), driven by the real firewall-cmd;
// - rhel-shims.sh in /usr/local/sbin: systemctl and the SELinux tools as stand-ins, dnf, rpm,
//   firewall-cmd and apachectl logged and passed to the real programs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestLab } from '../helpers/lab.js';
import { tarOf } from '../helpers/tar.js';

export interface RhelRelease {
  /** os-release ID and the name of its release package */
  id: 'rhel' | 'rocky';
  releasePackage: string;
  name: string;
  version: string;
  redhatRelease: string;
  /** the stand-in packages its repository offers: name -> [version, release] */
  packages: Record<string, [string, string]>;
}

export const RHEL9: RhelRelease = {
  id: 'rhel',
  releasePackage: 'redhat-release',
  name: 'Red Hat Enterprise Linux',
  version: '9.5',
  redhatRelease: 'Red Hat Enterprise Linux release 9.5 (Plow)',
  packages: {
    'dhcp-server': ['4.4.2', '19.b1.el9'],
    httpd: ['2.4.62', '1.el9'],
    'tftp-server': ['5.2', '38.el9'],
  },
};

export const ROCKY10: RhelRelease = {
  id: 'rocky',
  releasePackage: 'rocky-release',
  name: 'Rocky Linux',
  version: '10.0',
  redhatRelease: 'Rocky Linux release 10.0 (Red Quartz)',
  // RHEL 10 ships Kea, no ISC dhcp-server
  packages: {
    kea: ['2.6.3', '1.el10'],
    httpd: ['2.4.63', '4.el10'],
    'tftp-server': ['5.2', '48.el10'],
  },
};

export const SHIM_DIR = '/var/lib/rhel-shim';
const SHIM_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'rhel-shims.sh');
/** The tools rhel-shims.sh answers for (symlinks to it in /usr/local/sbin). */
export const SHIMMED = [
  'systemctl',
  'semanage',
  'restorecon',
  'getenforce',
  'selinuxenabled',
  'getsebool',
  'setsebool',
  'dnf',
  'rpm',
  'firewall-cmd',
  'apachectl',
];

interface Payload {
  files: Record<string, string>;
  /** %config(noreplace) files among them */
  config?: string[];
  executables?: string[];
  dirs?: string[];
  symlinks?: Record<string, string>;
  provides?: string[];
  pre?: string;
}

const unit = (description: string, body: string, install: string) =>
  `[Unit]\nDescription=${description}\n\n${body}\n[Install]\n${install}\n`;

const APACHE_MODULES = ['mpm_event', 'authz_core', 'authz_host', 'alias', 'autoindex', 'dir', 'mime'];

/** What each stand-in package ships at the paths its RHEL namesake uses. */
function payload(name: string, rel: RhelRelease): Payload {
  switch (name) {
    case 'dhcp-server':
      return {
        files: {
          '/usr/lib/systemd/system/dhcpd.service': unit(
            'DHCPv4 Server Daemon',
            '[Service]\nType=notify\nEnvironmentFile=-/etc/sysconfig/dhcpd\n' +
              'ExecStart=/usr/sbin/dhcpd -f -cf /etc/dhcp/dhcpd.conf -user dhcpd -group dhcpd --no-pid $DHCPDARGS\n',
            'WantedBy=multi-user.target',
          ),
          '/etc/dhcp/dhcpd.conf': '#\n# DHCP Server Configuration file.\n#   see dhcpd.conf(5) man page\n#\n',
        },
        config: ['/etc/dhcp/dhcpd.conf'],
        dirs: ['/etc/dhcp', '/var/lib/dhcpd'],
      };
    case 'kea':
      return {
        files: {
          '/usr/lib/systemd/system/kea-dhcp4.service': unit(
            'Kea DHCPv4 Server',
            '[Service]\nExecStart=/usr/sbin/kea-dhcp4 -c /etc/kea/kea-dhcp4.conf\n',
            'WantedBy=multi-user.target',
          ),
          '/etc/kea/kea-dhcp4.conf':
            '{ "Dhcp4": { "interfaces-config": { "interfaces": [] }, "lease-database": { "type": "memfile" } } }\n',
        },
        config: ['/etc/kea/kea-dhcp4.conf'],
        dirs: ['/etc/kea', '/var/lib/kea'],
      };
    case 'httpd':
      return {
        files: {
          '/usr/lib/systemd/system/httpd.service': unit(
            'The Apache HTTP Server',
            '[Service]\nType=notify\nExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND\n' +
              'ExecReload=/usr/sbin/httpd $OPTIONS -k graceful\n',
            'WantedBy=multi-user.target',
          ),
          // RHEL's httpd.conf, cut to the lines that matter here: Listen 80 beside conf.d/
          '/etc/httpd/conf/httpd.conf': [
            'ServerRoot "/etc/httpd"',
            'Listen 80',
            'Include conf.modules.d/*.conf',
            'User apache',
            'Group apache',
            'ServerAdmin root@localhost',
            '<Directory />\n    AllowOverride none\n    Require all denied\n</Directory>',
            'DocumentRoot "/var/www/html"',
            '<Directory "/var/www/html">\n    Options Indexes FollowSymLinks\n    AllowOverride None\n    Require all granted\n</Directory>',
            'ErrorLog "logs/error_log"',
            'LogLevel warn',
            'IncludeOptional conf.d/*.conf',
            '',
          ].join('\n'),
          // stand-in: the modules of Debian's apache2 binary, which apachectl below runs
          '/etc/httpd/conf.modules.d/00-base.conf': APACHE_MODULES.map(
            (m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so\n`,
          ).join(''),
          '/usr/sbin/apachectl':
            '#!/bin/sh\n# stand-in: the configuration test of RHEL apachectl, run by Debian apache2\n' +
            'case $1 in configtest|-t) mkdir -p /run/httpd; exec /usr/sbin/apache2 -t -f /etc/httpd/conf/httpd.conf ;; esac\n' +
            'echo "apachectl stand-in: only configtest" >&2; exit 1\n',
          '/usr/sbin/httpd':
            '#!/bin/sh\n# stand-in: the configuration test of RHEL httpd (-t -f FILE), run by Debian apache2\n' +
            'case $1 in -t) mkdir -p /run/httpd; exec /usr/sbin/apache2 "$@" ;; esac\n' +
            'echo "httpd stand-in: only -t" >&2; exit 1\n',
        },
        config: ['/etc/httpd/conf/httpd.conf'],
        executables: ['/usr/sbin/apachectl', '/usr/sbin/httpd'],
        dirs: [
          '/etc/httpd',
          '/etc/httpd/conf',
          '/etc/httpd/conf.d',
          '/etc/httpd/conf.modules.d',
          '/var/log/httpd',
        ],
        symlinks: { '/etc/httpd/logs': '../../var/log/httpd', '/etc/httpd/run': '/run/httpd' },
        // as httpd-filesystem does
        pre: 'getent group apache >/dev/null || groupadd -r apache\ngetent passwd apache >/dev/null || useradd -r -g apache -d /usr/share/httpd -s /sbin/nologin apache\n',
      };
    case 'tftp-server':
      return {
        files: {
          '/usr/lib/systemd/system/tftp.socket': unit(
            'Tftp Server Activation Socket',
            '[Socket]\nListenDatagram=69\n',
            'WantedBy=sockets.target',
          ),
          '/usr/lib/systemd/system/tftp.service':
            '[Unit]\nDescription=Tftp Server\nRequires=tftp.socket\n\n[Service]\n' +
            'ExecStart=/usr/sbin/in.tftpd -s /var/lib/tftpboot\nStandardInput=socket\n\n[Install]\nAlso=tftp.socket\n',
        },
        dirs: ['/var/lib/tftpboot'],
      };
    case rel.releasePackage: {
      const major = rel.version.split('.')[0]!;
      const osRelease = [
        `NAME="${rel.name}"`,
        `VERSION="${rel.version}"`,
        `ID="${rel.id}"`,
        'ID_LIKE="rhel centos fedora"',
        `VERSION_ID="${rel.version}"`,
        `PRETTY_NAME="${rel.name} ${rel.version}"`,
        '',
      ].join('\n');
      return {
        files: { '/etc/os-release': osRelease, '/etc/redhat-release': `${rel.redhatRelease}\n` },
        symlinks: { '/etc/system-release': 'redhat-release' },
        // what the base system (bash, filesystem) provides to the packages' scriptlets
        provides: [`system-release = ${rel.version}`, `system-release(releasever) = ${major}`, '/bin/sh'],
        dirs: ['/etc/sysconfig'],
      };
    }
    case 'rsync':
      // the binary is the host's (Debian's rsync): the package only has to be installed
      return { files: {} };
    default:
      throw new Error(`no stand-in package ${name}`);
  }
}

function specOf(name: string, version: string, release: string, p: Payload): string {
  const q = (s: string) => `'${s.replace(/'/g, `'"'"'`)}'`;
  const install: string[] = [];
  const files: string[] = [];
  for (const d of p.dirs ?? []) {
    install.push(`mkdir -p %{buildroot}${d}`);
    files.push(`%dir ${d}`);
  }
  for (const [path, text] of Object.entries(p.files)) {
    install.push(`mkdir -p %{buildroot}${dirname(path)}`);
    install.push(`printf '%s' ${q(text.replace(/%/g, '%%'))} > %{buildroot}${path}`);
    const mode = p.executables?.includes(path) ? '%attr(0755,root,root) ' : '';
    files.push(`${mode}${p.config?.includes(path) ? '%config(noreplace) ' : ''}${path}`);
  }
  for (const [path, target] of Object.entries(p.symlinks ?? {})) {
    install.push(`mkdir -p %{buildroot}${dirname(path)}`, `ln -s ${target} %{buildroot}${path}`);
    files.push(path);
  }
  return [
    `Name: ${name}`,
    `Version: ${version}`,
    `Release: ${release}`,
    `Summary: stand-in for the RHEL package ${name} (fabplay role tests)`,
    'License: MIT',
    'BuildArch: noarch',
    'AutoReqProv: no',
    ...(p.provides ?? []).map((x) => `Provides: ${x}`),
    '%description',
    `Ships the files of ${name} that the fabplay roles use, at their RHEL paths.`,
    ...(p.pre ? ['%pre', p.pre] : []),
    '%install',
    ...install,
    '%files',
    ...files,
    '',
  ].join('\n');
}

function run(argv: string[]): void {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stdout}${r.stderr}`);
}

/**
 * Builds the release's stand-in RPMs and repository metadata under `dir` (on the controller:
 * rpmbuild and createrepo_c, no network). The release package lands in `dir` too.
 */
export function buildRepo(rel: RhelRelease, dir: string): void {
  const work = join(dir, '.build');
  mkdirSync(work, { recursive: true });
  const all: Record<string, [string, string]> = {
    [rel.releasePackage]: [rel.version, '1'],
    ...rel.packages,
  };
  for (const [name, [version, release]] of Object.entries(all)) {
    const spec = join(work, `${name}.spec`);
    writeFileSync(spec, specOf(name, version, release, payload(name, rel)));
    run([
      'rpmbuild',
      '-bb',
      '--quiet',
      '--define',
      `_topdir ${join(work, 'top')}`,
      '--define',
      `_rpmdir ${dir}`,
      '--define',
      '_build_name_fmt %{NAME}.rpm',
      spec,
    ]);
  }
  spawnSync('rm', ['-rf', work]);
  run(['createrepo_c', '-q', dir]);
}

const sh = async (lab: TestLab, host: string, script: string, input?: Buffer): Promise<string> => {
  const r = await lab.exec(host, script, input);
  if (r.rc !== 0)
    throw new Error(`${host}: ${script.slice(0, 200)}...\nfailed (rc ${r.rc}): ${r.stderr}${r.stdout}`);
  return r.stdout;
};

/** Turns lab host `host` into a fresh `rel` server (see the file comment). */
export async function makeRhelHost(
  lab: TestLab,
  host: string,
  rel: RhelRelease,
  repo: string,
): Promise<void> {
  await sh(lab, host, 'mkdir -p /srv/rhel-repo && tar -xf - -C /srv/rhel-repo', tarOf(repo));
  await sh(
    lab,
    host,
    `set -e
# a RHEL host has none of Debian's DHCP configuration files
rm -rf /etc/dhcp/dhcpd.conf /etc/kea
rm -f /etc/os-release
rpm -i /srv/rhel-repo/${rel.releasePackage}.rpm
mkdir -p /etc/yum.repos.d
printf '[rhel-standin]\\nname=stand-in packages\\nbaseurl=file:///srv/rhel-repo\\ngpgcheck=0\\nenabled=1\\n' \\
  > /etc/yum.repos.d/rhel-standin.repo
mkdir -p /etc/selinux /run/systemd/system
printf 'SELINUX=enforcing\\nSELINUXTYPE=targeted\\n' > /etc/selinux/config
mount -t tmpfs -o mode=755 selinuxfs-standin /sys/fs
mkdir /sys/fs/selinux && echo 1 > /sys/fs/selinux/enforce && echo 33 > /sys/fs/selinux/policyvers
mkdir -p /usr/local/lib/rhel-shim
cat > /usr/local/lib/rhel-shim/rhel-shim
chmod 755 /usr/local/lib/rhel-shim/rhel-shim
for t in ${SHIMMED.join(' ')}; do ln -sfn /usr/local/lib/rhel-shim/rhel-shim /usr/local/sbin/$t; done
mkdir -p /run/dbus && dbus-daemon --system --fork && firewalld
for i in $(seq 1 60); do /usr/bin/firewall-cmd --state >/dev/null 2>&1 && exit 0; sleep 0.5; done
echo "firewalld did not start" >&2; exit 1`,
    readFileSync(SHIM_SOURCE),
  );
  await assertSshAnswers(lab, host);
}

/**
 * The host's sshd still answers the controller once firewalld runs. CI once saw a stand-in host
 * unreachable for a whole test file; this names the moment and shows the host's network then.
 */
async function assertSshAnswers(lab: TestLab, host: string): Promise<void> {
  const proxy = lab.state.proxyCommand.replace('%h', lab.addr(host)).replace('%p', '22');
  for (let i = 0; i < 20; i++) {
    const r = spawnSync('sh', ['-c', `sleep 1 | ${proxy}`], { encoding: 'utf8', timeout: 3000 });
    if (r.stdout.startsWith('SSH-')) return;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  const net = await lab.exec(
    host,
    'ip -4 -o addr; ip route; ss -ltnp; firewall-cmd --get-active-zones; firewall-cmd --list-all',
  );
  throw new Error(
    `${host}: sshd does not answer at ${lab.addr(host)}:22 after firewalld started\n${net.stdout}${net.stderr}`,
  );
}

/** The calls the stand-ins logged since the last takeCalls (and forgets them). */
export async function takeCalls(lab: TestLab, host: string): Promise<string[]> {
  const out = await sh(lab, host, `cat ${SHIM_DIR}/calls.log 2>/dev/null; : > ${SHIM_DIR}/calls.log`);
  return out.split('\n').filter(Boolean);
}
