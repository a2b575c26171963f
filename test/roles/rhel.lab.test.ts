// dhcp_server, tftp_server and http_server on their RHEL path, run by fabplay for real on two
// lab hosts made to answer as fresh RHEL 9.5 and Rocky Linux 10.0 servers (test/roles/rhel-host.ts):
// gather_facts reads RedHat/Rocky, systemd, dnf and SELinux enforcing from the hosts themselves;
// Debian's real dnf and rpm install stand-in packages named as RHEL names them from a local
// repository; the hosts' own firewalld is opened by the real firewall-cmd; the template
// validate runs the real dhcpd -t / kea-dhcp4 -t; systemctl and the SELinux tools are stand-ins
// that log their calls (no systemd as PID 1, no SELinux in this kernel).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { RESERVED_CLIENT_ID } from '../../scripts/lab-pxe.js';
import { repoRoot } from './render.js';
import { buildRepo, makeRhelHost, takeCalls, RHEL9, ROCKY10, SHIM_DIR } from './rhel-host.js';

describe('dhcp_server, tftp_server, http_server on RHEL 9 and Rocky 10 lab servers @lab', function () {
  this.timeout(1200000);
  const lab = useLab({ hosts: 2, segments: 2 });
  let tmp: ReturnType<typeof makeTempDir>;
  let inv = '';
  const play = (...extra: string[]) =>
    runCli(['run', '-i', inv, '--roles-path', join(repoRoot, 'roles'), join(tmp.dir, 'pxe.yml'), ...extra], {
      env: { NO_COLOR: '1' },
    });
  const snapshot = (host: string) =>
    spawnSync('find', [lab.upperDir(host), '-printf', '%P\\t%y\\t%s\\t%T@\\t%l\\n'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean);

  before(async function () {
    tmp = makeTempDir('fabplay-rhel-lab-');
    for (const [host, rel] of [
      ['h1', RHEL9],
      ['h2', ROCKY10],
    ] as const) {
      const repo = join(tmp.dir, `repo-${host}`);
      buildRepo(rel, repo);
      await makeRhelHost(lab, host, rel, repo);
    }
    inv = join(tmp.dir, 'inventory');
    mkdirSync(join(inv, 'host_vars'), { recursive: true });
    copyFileSync(lab.inventory, join(inv, 'hosts.yml'));
    const a1 = lab.fabric('h1')!.addr;
    const a2 = lab.fabric('h2')!.addr;
    const subnet = (addr: string) => {
      const net = addr.replace(/\.\d+$/, '');
      return {
        network: `${net}.0`,
        prefix: 24,
        range_start: `${net}.100`,
        range_end: `${net}.150`,
        next_server: addr,
      };
    };
    writeFileSync(
      join(inv, 'host_vars', 'h1.yml'),
      yaml.dump({
        dhcp_server_interfaces: ['fab0'],
        dhcp_server_subnets: [subnet(a1)],
        dhcp_server_hosts: [
          { name: 'reserved1', ip: a1.replace(/\d+$/, '50'), client_id: RESERVED_CLIENT_ID },
        ],
        http_server_interface: 'fab0',
      }),
    );
    writeFileSync(
      join(inv, 'host_vars', 'h2.yml'),
      yaml.dump({
        dhcp_server_interfaces: ['fab0'],
        dhcp_server_subnets: [subnet(a2)],
        dhcp_server_hosts: [{ name: 'node1', ip: a2.replace(/\d+$/, '50'), mac: '52:54:00:12:34:56' }],
        http_server_interface: 'fab0',
        // outside the places the base policy labels for TFTP and Apache: restorecon must relabel
        tftp_server_root: '/srv/tftpboot',
        http_server_netinstall_dir: '/srv/netinstall',
      }),
    );
    writeFileSync(
      join(tmp.dir, 'pxe.yml'),
      yaml.dump([
        {
          name: 'PXE servers',
          hosts: 'pxe_servers',
          become: true,
          pre_tasks: [
            {
              name: 'Facts the roles go by',
              debug: {
                msg: 'FACTS {{ ansible_facts.os_family }} {{ ansible_facts.distribution }} {{ ansible_facts.distribution_major_version }} {{ ansible_facts.service_mgr }} {{ ansible_facts.pkg_mgr }} selinux={{ ansible_facts.selinux.status }}',
              },
            },
          ],
          roles: ['dhcp_server', 'tftp_server', 'http_server'],
        },
      ]),
    );
  });
  after(() => tmp?.cleanup());

  /** The stand-ins' calls that change something (or gate a change): queries left out. */
  const QUERIES = [
    /^rpm -q /,
    /^dnf -q repoquery /,
    /^systemctl (show|is-active) /,
    /^firewall-cmd .*--query-/,
    /^semanage fcontext -l /,
  ];
  const actions = (calls: string[]) => calls.filter((c) => !QUERIES.some((q) => q.test(c)));

  /** What the three roles must run on a fresh RHEL-family server, in order. */
  const expectedActions = (p: {
    dhcpPackage: string;
    dhcpService: string;
    tftpRoot: string;
    webDir: string;
  }) => [
    `dnf -y install ${p.dhcpPackage}`,
    'firewall-cmd --permanent --zone=public --add-service=dhcp',
    'firewall-cmd --zone=public --add-service=dhcp',
    `systemctl enable ${p.dhcpService}`,
    `systemctl start ${p.dhcpService}`,
    'dnf -y install tftp-server',
    `semanage fcontext -a -f a -t tftpdir_rw_t ${p.tftpRoot}(/.*)?`,
    `restorecon -R -v ${p.tftpRoot}`,
    'firewall-cmd --permanent --zone=public --add-service=tftp',
    'firewall-cmd --zone=public --add-service=tftp',
    'systemctl enable tftp.socket',
    'systemctl start tftp.socket',
    'dnf -y install httpd',
    `semanage fcontext -a -f a -t httpd_sys_content_t ${p.webDir}(/.*)?`,
    `restorecon -R -v ${p.webDir}`,
    'firewall-cmd --permanent --zone=public --add-service=http',
    'firewall-cmd --zone=public --add-service=http',
    'systemctl enable httpd',
    'systemctl start httpd',
    // the handlers, flushed by http_server before its HTTP checks. dhcpd and httpd were just
    // started with the new configuration: no restart, no reload. tftp.socket was started from
    // units systemd had loaded before the drop-in: the units are reloaded, then it restarts
    'systemctl daemon-reload',
    'systemctl restart tftp.socket',
    // http_server's drop-in ordering httpd after network-online.target, loaded for the next boot
    'systemctl daemon-reload',
  ];

  const SERVERS = {
    h1: {
      facts: 'RedHat RedHat 9 systemd dnf selinux=enabled',
      packages: ['dhcp-server', 'httpd', 'redhat-release', 'tftp-server'],
      dhcpPackage: 'dhcp-server',
      dhcpService: 'dhcpd',
      tftpRoot: '/var/lib/tftpboot',
      webDir: '/var/www/html/netinstall',
      written: [
        'etc/dhcp/dhcpd.conf',
        'etc/httpd/conf.d/00-listen.conf',
        'etc/httpd/conf.d/netinstall.conf',
        'etc/httpd/conf/httpd.conf',
        'etc/sysconfig/dhcpd',
        'etc/sysctl.d/60-fabplay-http-server.conf',
        'etc/systemd/system/httpd.service.d/fabplay-network-online.conf',
        'etc/systemd/system/multi-user.target.wants/dhcpd.service -> /usr/lib/systemd/system/dhcpd.service',
        'etc/systemd/system/multi-user.target.wants/httpd.service -> /usr/lib/systemd/system/httpd.service',
        'etc/systemd/system/sockets.target.wants/tftp.socket -> /usr/lib/systemd/system/tftp.socket',
        'etc/systemd/system/tftp.service.d/fabplay.conf',
        'usr/local/sbin/fabplay-tftpd-check',
      ],
      // the base policy already gives these places the right types: nothing to relabel
      labels: [],
    },
    h2: {
      facts: 'RedHat Rocky 10 systemd dnf selinux=enabled',
      packages: ['httpd', 'kea', 'rocky-release', 'tftp-server'],
      dhcpPackage: 'kea',
      dhcpService: 'kea-dhcp4',
      tftpRoot: '/srv/tftpboot',
      webDir: '/srv/netinstall',
      written: [
        'etc/httpd/conf.d/00-listen.conf',
        'etc/httpd/conf.d/netinstall.conf',
        'etc/httpd/conf/httpd.conf',
        'etc/kea/kea-dhcp4.conf',
        'etc/sysctl.d/60-fabplay-http-server.conf',
        'etc/systemd/system/httpd.service.d/fabplay-network-online.conf',
        'etc/systemd/system/multi-user.target.wants/httpd.service -> /usr/lib/systemd/system/httpd.service',
        'etc/systemd/system/multi-user.target.wants/kea-dhcp4.service -> /usr/lib/systemd/system/kea-dhcp4.service',
        'etc/systemd/system/sockets.target.wants/tftp.socket -> /usr/lib/systemd/system/tftp.socket',
        'etc/systemd/system/tftp.service.d/fabplay.conf',
        'usr/local/sbin/fabplay-tftpd-check',
      ],
      labels: ['/srv/netinstall httpd_sys_content_t', '/srv/tftpboot tftpdir_rw_t'],
    },
  } as const;
  type Host = keyof typeof SERVERS;
  const HOSTS = Object.keys(SERVERS) as Host[];

  // what the package managers, the stand-ins and the login itself write on every run
  const NOISE =
    /^(var\/(cache\/dnf|lib\/dnf|lib\/rhel-shim|log|tmp)|root\/\.rpmdb|etc\/(passwd|group|shadow|gshadow)-?|etc\/\.pwd\.lock|etc\/firewalld)(\/|\t|$)/;
  /** Files and links of the upper layer, as "path\tcontent stamp", noise left out. */
  const files = (host: Host) =>
    new Map(
      snapshot(host)
        .map((l) => l.split('\t'))
        .filter(([p, type]) => (type === 'f' || type === 'l') && !NOISE.test(p!))
        .map(([p, type, size, mtime, target]) => [
          type === 'l' ? `${p} -> ${target}` : p!,
          `${size} ${mtime}`,
        ]),
    );
  const written = (before: Map<string, string>, after: Map<string, string>) =>
    [...after].filter(([p, stamp]) => before.get(p) !== stamp).map(([p]) => p);
  const sh = async (host: Host, cmd: string) => {
    const r = await lab.exec(host, cmd);
    assert.equal(r.rc, 0, `${host}: ${cmd}: ${r.stderr}`);
    return r.stdout;
  };
  /** firewalld's services in the public zone: [permanent, runtime], each sorted. */
  const services = async (host: Host) =>
    Promise.all(
      ['--permanent --zone=public', '--zone=public'].map(async (scope) =>
        (await sh(host, `/usr/bin/firewall-cmd ${scope} --list-services`))
          .split(/\s+/)
          .filter(Boolean)
          .sort(),
      ),
    );
  const recap = (out: string, host: Host) => {
    const m = new RegExp(`^${host}\\s*:.*changed=(\\d+).*failed=(\\d+)`, 'm').exec(out);
    assert.ok(m, `no recap for ${host}:\n${out.slice(-3000)}`);
    assert.equal(m[2], '0', out.slice(-6000));
    return Number(m[1]);
  };

  const firewallBefore = {} as Record<Host, string[][]>;
  const filesBefore = {} as Record<Host, Map<string, string>>;
  let converged: Record<Host, Map<string, string>>;

  it('converges: gathered facts read RHEL 9 and Rocky 10; packages, files, units, firewalld and SELinux as pinned', async () => {
    for (const h of HOSTS) {
      firewallBefore[h] = await services(h);
      filesBefore[h] = files(h);
    }
    const r = await play();
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 0, out.slice(-8000));
    for (const h of HOSTS) {
      const s = SERVERS[h];
      assert.ok(recap(out, h) > 0);
      const facts = new RegExp(`ok: \\[${h}\\] => \\{\\s*"msg": "FACTS ([^"]+)"`).exec(out);
      assert.equal(facts?.[1], s.facts, out.slice(0, 3000));

      assert.deepEqual(actions(await takeCalls(lab, h)), expectedActions(s), `${h}: the commands run`);
      // real rpm: what dnf installed
      const rpms = (await sh(h, "/usr/bin/rpm -qa --qf '%{NAME}\\n'")).split('\n').filter(Boolean).sort();
      assert.deepEqual(rpms, s.packages);
      // every file or link the roles wrote (package payload left out unless the roles changed it)
      const owned = new Set((await sh(h, '/usr/bin/rpm -qal')).split('\n'));
      const changed = new Set(
        (await lab.exec(h, '/usr/bin/rpm -Va')).stdout
          .split('\n')
          .map((l) => l.replace(/^.{9}\s+(c\s+)?/, '')),
      );
      const after = files(h);
      const byRoles = written(filesBefore[h], after).filter((p) => {
        const path = `/${p.split(' -> ')[0]}`;
        return !owned.has(path) || changed.has(path);
      });
      assert.deepEqual(byRoles.sort(), s.written, `${h}: the files the roles wrote`);
      // real firewalld: dhcp, tftp and http added, permanent and running
      assert.deepEqual(
        await services(h),
        firewallBefore[h].map((l) => [...l, 'dhcp', 'http', 'tftp'].sort()),
      );
      assert.deepEqual(
        (await sh(h, `cat ${SHIM_DIR}/selinux/labels`)).split('\n').filter(Boolean).sort(),
        s.labels,
      );
    }

    // what the files say, on the RHEL paths
    const fab1 = lab.fabric('h1')!.addr;
    const fab2 = lab.fabric('h2')!.addr;
    const dhcpd = await sh('h1', 'cat /etc/dhcp/dhcpd.conf; cat /etc/sysconfig/dhcpd');
    assert.match(dhcpd, new RegExp(`^\\s*next-server ${fab1};`, 'm'));
    assert.match(dhcpd, new RegExp(`option dhcp-client-identifier ${RESERVED_CLIENT_ID};`));
    assert.match(dhcpd, /^DHCPDARGS="fab0"$/m);
    const kea = JSON.parse(
      (await sh('h2', 'cat /etc/kea/kea-dhcp4.conf'))
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/,(\s*[\]}])/g, '$1'),
    ) as {
      Dhcp4: {
        'interfaces-config': { interfaces: string[] };
        subnet4: { 'next-server': string; reservations: { 'hw-address': string }[] }[];
      };
    };
    assert.deepEqual(kea.Dhcp4['interfaces-config'].interfaces, ['fab0']);
    assert.equal(kea.Dhcp4.subnet4[0]!['next-server'], fab2);
    assert.equal(kea.Dhcp4.subnet4[0]!.reservations[0]!['hw-address'], '52:54:00:12:34:56');
    for (const h of HOSTS) {
      const { tftpRoot: root, webDir: web } = SERVERS[h];
      const addr = lab.fabric(h)!.addr;
      assert.match(
        await sh(h, 'cat /etc/systemd/system/tftp.service.d/fabplay.conf'),
        new RegExp(`^ExecStart=/usr/sbin/in\\.tftpd -s ${root}$`, 'm'),
      );
      const listen = await sh(h, 'grep -h "^ *Listen" /etc/httpd/conf/httpd.conf /etc/httpd/conf.d/*.conf');
      assert.equal(listen, `Listen ${addr}:80\n`, 'one Listen line, on the fabric address');
      assert.match(
        await sh(h, 'cat /etc/httpd/conf.d/netinstall.conf'),
        new RegExp(`^Alias "/netinstall" "${web}"$`, 'm'),
      );
      assert.equal(await sh(h, `stat -c %a ${root} ${web}`), '755\n755\n');
      // Apache (Debian's apache2 binary) accepts the RHEL layout the roles left
      assert.match((await lab.exec(h, '/usr/sbin/apachectl configtest')).stderr, /Syntax OK/);
    }
  });

  it('a second run changes nothing: no command but the two restorecon checks, no file written', async () => {
    converged = { h1: files('h1'), h2: files('h2') };
    const r = await play();
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 0, out.slice(-8000));
    for (const h of HOSTS) {
      assert.equal(recap(out, h), 0, out.slice(-8000));
      assert.deepEqual(actions(await takeCalls(lab, h)), [
        `restorecon -R -v ${SERVERS[h].tftpRoot}`,
        `restorecon -R -v ${SERVERS[h].webDir}`,
      ]);
      assert.deepEqual(written(converged[h], files(h)), []);
    }
  });

  it('check mode on the converged servers runs no command that changes anything', async () => {
    const r = await play('--check');
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 0, out.slice(-8000));
    for (const h of HOSTS) {
      assert.equal(recap(out, h), 0, out.slice(-8000));
      assert.deepEqual(actions(await takeCalls(lab, h)), []);
      assert.deepEqual(written(converged[h], files(h)), []);
    }
  });

  it('an option httpd -t refuses fails on the candidate copy (ServerRoot moved to it): no live file written, no reload', async () => {
    const r = await play('-e', '{"http_server_directory_options": ["Indexes", "Bogus"]}');
    const out = r.stdout + r.stderr;
    assert.equal(r.code, 2, out.slice(-8000));
    assert.match(out, /Illegal option Bogus/);
    for (const h of HOSTS) {
      assert.match(
        out,
        new RegExp(
          `TASK \\[http_server : Ask Apache whether it accepts the candidate tree\\][^]*?fatal: \\[${h}\\]`,
        ),
      );
      assert.deepEqual(written(converged[h], files(h)), [], `${h}: nothing written`);
      assert.deepEqual(
        actions(await takeCalls(lab, h)).filter((c) => /^systemctl (reload|restart) /.test(c)),
        [],
        `${h}: nothing reloaded`,
      );
      assert.match((await lab.exec(h, '/usr/sbin/apachectl configtest')).stderr, /Syntax OK/);
    }
  });
});
