import { strict as assert } from 'node:assert';
import {
  parseChkconfig,
  parseInitctlList,
  parseListUnitFiles,
  parseListUnits,
  parseOpenrc,
  parseStatusAll,
} from '../../../src/modules/services/service-list-parse.js';
import {
  scanInitScripts,
  scanSystemd,
  type HostTools,
  type Ran,
} from '../../../src/modules/services/service-scan.js';
import { NO_SERVICES, parseDiscovery, serviceFacts } from '../../../src/modules/services/service-facts.js';
import { fakeContext } from '../commands/helpers.js';

/**
 * service_facts' parsing, on listings as the tools print them. Where each sample comes from:
 * - LIST_UNITS: the example output of `systemctl list-units` in systemctl(1) of systemd 252
 *   (Debian 12's /usr/share/man/man1/systemctl.1.gz, same text in systemd's man/systemctl.xml),
 *   with its `...` line left out;
 * - LIST_UNIT_FILES: `systemctl list-unit-files --no-pager --type service --all` of systemd 252
 *   (Debian 12), run on this project's build machine (list-unit-files reads the unit files, it
 *   needs no running systemd), cut to a few lines of each kind;
 * - the not-found and masked lines in LIST_UNITS_BAD: written here in the layout systemctl(1)
 *   describes (a dot before a unit that is "masked, not found, or otherwise failed", then LOAD,
 *   ACTIVE, SUB, DESCRIPTION, which is the unit's name when it has no unit file);
 * - STATUS_ALL: `service --status-all` on a lab host (Debian 12's init-system-helpers).
 * What Ansible 2.14 makes of each is worked out from its service_facts.py by hand, not run.
 */

const LIST_UNITS = `  UNIT                         LOAD   ACTIVE SUB     DESCRIPTION
  sys-module-fuse.device       loaded active plugged /sys/module/fuse
  -.mount                      loaded active mounted Root Mount
  boot-efi.mount               loaded active mounted /boot/efi
  systemd-journald.service     loaded active running Journal Service
  systemd-logind.service       loaded active running Login Service
● user@1000.service            loaded failed failed  User Manager for UID 1000
  systemd-tmpfiles-clean.timer loaded active waiting Daily Cleanup of Temporary Directories

LOAD   = Reflects whether the unit definition was properly loaded.
ACTIVE = The high-level unit activation state, i.e. generalization of SUB.
SUB    = The low-level unit activation state, values depend on unit type.

123 loaded units listed. Pass --all to see loaded but inactive units, too.
To show all installed unit files use 'systemctl list-unit-files'.
`;

const LIST_UNITS_BAD = `  UNIT                 LOAD      ACTIVE   SUB  DESCRIPTION
● nfs-server.service   not-found inactive dead nfs-server.service
● cryptdisks.service   masked    inactive dead cryptdisks.service
  cron.service         loaded    inactive dead Regular background program processing daemon
`;

const LIST_UNIT_FILES = `UNIT FILE                                  STATE    PRESET
apache2.service                            enabled  enabled
apache2@.service                           disabled enabled
apt-daily.service                          static   -
autovt@.service                            alias    -
cron.service                               enabled  enabled
cryptdisks.service                         masked   enabled
systemd-journald.service                   static   -
systemd-logind.service                     static   -
user@.service                              static   -

130 unit files listed.
`;

const STATUS_ALL = ` [ - ]  apache-htcacheclean
 [ - ]  apache2
 [ ? ]  hwclock.sh
 [ + ]  ssh
 [ - ]  udev
`;

describe('service_facts listings', () => {
  it('reads list-units as Ansible: ACTIVE as status, SUB running or stopped, the failed unit past its dot', () => {
    assert.deepEqual(parseListUnits(LIST_UNITS), [
      { name: 'systemd-journald.service', state: 'running', status: 'active', source: 'systemd' },
      { name: 'systemd-logind.service', state: 'running', status: 'active', source: 'systemd' },
      { name: 'user@1000.service', state: 'stopped', status: 'failed', source: 'systemd' },
    ]);
    assert.deepEqual(parseListUnits(LIST_UNITS_BAD), [
      { name: 'nfs-server.service', state: 'stopped', status: 'not-found', source: 'systemd' },
      { name: 'cryptdisks.service', state: 'stopped', status: 'masked', source: 'systemd' },
      { name: 'cron.service', state: 'stopped', status: 'inactive', source: 'systemd' },
    ]);
  });

  it('reads list-unit-files: the name and its STATE, templates and aliases included', () => {
    const files = parseListUnitFiles(LIST_UNIT_FILES);
    assert.equal(files.length, 9);
    assert.deepEqual(files[1], { name: 'apache2@.service', status: 'disabled' });
    assert.deepEqual(files[3], { name: 'autovt@.service', status: 'alias' });
    assert.throws(() => parseListUnitFiles('lonely.service\n'), /Malformed output .*lonely\.service/);
  });

  it('reads service --status-all, leaving out the [ ? ] scripts', () => {
    assert.deepEqual(parseStatusAll(STATUS_ALL), [
      { name: 'apache-htcacheclean', state: 'stopped', source: 'sysv' },
      { name: 'apache2', state: 'stopped', source: 'sysv' },
      { name: 'ssh', state: 'running', source: 'sysv' },
      { name: 'udev', state: 'stopped', source: 'sysv' },
    ]);
  });

  it('reads upstart, chkconfig and OpenRC listings', () => {
    assert.deepEqual(parseInitctlList('ssh start/running, process 812\ntty1 stop/waiting\n'), [
      { name: 'ssh', state: 'running', goal: 'start', source: 'upstart' },
      { name: 'tty1', state: 'waiting', goal: 'stop', source: 'upstart' },
    ]);
    assert.deepEqual(
      parseChkconfig(
        'netconsole     0:off 1:off 2:off 3:off 4:off 5:off 6:off\nnetwork 0:off 1:off 2:on 3:on 4:on 5:on 6:off\n',
      ),
      [
        { name: 'netconsole', status: 'disabled' },
        { name: 'network', status: 'enabled' },
      ],
    );
    assert.deepEqual(parseOpenrc(' sshd  started\n local stopped\n', ' sshd | default\n local |\n'), [
      { name: 'sshd', runlevels: ['default'], state: 'started', source: 'openrc' },
      { name: 'local', runlevels: null, state: 'stopped', source: 'openrc' },
    ]);
  });
});

/** A host answering each command line from a table (one listing per command). */
function host(answers: Record<string, Partial<Ran>>) {
  const asked: string[][] = [];
  const run = async (argv: string[]): Promise<Ran> => {
    asked.push(argv);
    const key = argv[0] === 'sh' ? 'show' : argv.join(' ');
    return { rc: 0, stdout: '', stderr: '', ...answers[key] };
  };
  return { run, asked };
}

const systemdHost: HostTools = { systemctl: '/usr/bin/systemctl', pid1Systemd: true, initD: true };

describe('service_facts decisions (as Ansible 2.14 takes them)', () => {
  it('systemd: units first, unit files fill in; an unlisted unit file gets its ActiveState', async () => {
    const h = host({
      '/usr/bin/systemctl list-units --no-pager --type service --all': {
        stdout: LIST_UNITS + LIST_UNITS_BAD,
      },
      '/usr/bin/systemctl list-unit-files --no-pager --type service --all': { stdout: LIST_UNIT_FILES },
      // one record per unit asked: exit status, tab, output; a template fails (state unknown)
      show: {
        stdout: [
          '0\tActiveState=inactive',
          '1\t',
          '0\tActiveState=inactive',
          '0\tActiveState=active',
          '1\t',
        ].join('\0'),
      },
    });
    const warnings: string[] = [];
    const s = await scanSystemd(h.run, systemdHost, (m) => warnings.push(m));
    assert.deepEqual(h.asked.at(-1)!.slice(5), [
      'apache2.service',
      'apache2@.service',
      'apt-daily.service',
      'autovt@.service',
      'user@.service',
    ]);
    assert.deepEqual(s['apache2.service'], {
      name: 'apache2.service',
      state: 'inactive',
      status: 'enabled',
      source: 'systemd',
    });
    assert.equal(s['apache2@.service']!.state, 'unknown');
    assert.equal(s['autovt@.service']!.state, 'active');
    // a listed unit takes the file's state, unless its load state was a bad one
    assert.deepEqual(s['cron.service'], {
      name: 'cron.service',
      state: 'stopped',
      status: 'enabled',
      source: 'systemd',
    });
    assert.equal(s['cryptdisks.service']!.status, 'masked');
    assert.equal(s['systemd-journald.service']!.status, 'static');
    assert.equal(s['user@1000.service']!.status, 'failed');
    assert.deepEqual(warnings, []);
  });

  it('systemd is not asked when PID 1 is not systemd; a failing list-units is a warning', async () => {
    const none = host({});
    assert.deepEqual(await scanSystemd(none.run, { ...systemdHost, pid1Systemd: false }, () => {}), {});
    assert.equal(none.asked.length, 0);
    const h = host({
      '/usr/bin/systemctl list-units --no-pager --type service --all': {
        rc: 1,
        stderr: 'Failed to connect to bus',
      },
      '/usr/bin/systemctl list-unit-files --no-pager --type service --all': { rc: 1, stderr: 'no' },
    });
    const warnings: string[] = [];
    assert.deepEqual(await scanSystemd(h.run, systemdHost, (m) => warnings.push(m)), {});
    assert.deepEqual(warnings, [
      'Could not list units from systemd: Failed to connect to bus',
      'Could not get unit files data from systemd: no',
    ]);
  });

  it('sysvinit: service --status-all, unless chkconfig or rc-status is there; rc 4 without /etc/init.d is silent', async () => {
    const tools: HostTools = { service: '/usr/sbin/service', pid1Systemd: false, initD: true };
    const h = host({ '/usr/sbin/service --status-all': { stdout: STATUS_ALL } });
    assert.deepEqual(Object.keys(await scanInitScripts(h.run, tools, () => {})), [
      'apache-htcacheclean',
      'apache2',
      'ssh',
      'udev',
    ]);
    const gone = host({ '/usr/sbin/service --status-all': { rc: 4, stderr: 'x' } });
    const warnings: string[] = [];
    await scanInitScripts(gone.run, { ...tools, initD: false }, (m) => warnings.push(m));
    await scanInitScripts(gone.run, tools, (m) => warnings.push(m));
    assert.deepEqual(warnings, ["Unable to query 'service' tool (4): x"]);
    const rc = host({});
    await scanInitScripts(rc.run, { ...tools, rcStatus: '/sbin/rc-status' }, () => {});
    assert.deepEqual(rc.asked, []);
  });

  it('chkconfig: each service asked with `service NAME status`; a permission error keeps the exit code', async () => {
    const h = host({
      '/sbin/chkconfig': {
        stdout:
          'network 0:off 1:off 2:on 3:on 4:on 5:on 6:off\nnfs 0:off 1:off 2:off 3:off 4:off 5:off 6:off\n',
      },
      '/sbin/service network status': { rc: 4, stderr: 'Permission denied' },
      '/sbin/service nfs status': { rc: 3 },
    });
    const warnings: string[] = [];
    const s = await scanInitScripts(
      h.run,
      { service: '/sbin/service', chkconfig: '/sbin/chkconfig', pid1Systemd: false, initD: true },
      (m) => warnings.push(m),
    );
    assert.deepEqual(s, {
      network: { name: 'network', state: 4, status: 'enabled', source: 'sysv' },
      nfs: { name: 'nfs', state: 'stopped', status: 'disabled', source: 'sysv' },
    });
    assert.deepEqual(warnings, ['Insufficient permissions to query sysV service "network" and their states']);
  });

  it('reads the discovery probe: tools, PID 1, the locale (C when none is listed)', () => {
    const t = parseDiscovery(
      'service=/usr/sbin/service\nsystemctl=/usr/bin/systemctl\ninitd=yes\nlocale=C.utf8\n',
    );
    assert.deepEqual(t, {
      service: '/usr/sbin/service',
      chkconfig: undefined,
      initctl: undefined,
      rcStatus: undefined,
      rcUpdate: undefined,
      systemctl: '/usr/bin/systemctl',
      pid1Systemd: false,
      initD: true,
      locale: 'C.utf8',
    });
    assert.equal(parseDiscovery('pid1=systemd\n').locale, 'C');
    assert.equal(parseDiscovery('pid1=systemd\n').pid1Systemd, true);
  });
});

describe('service_facts on a host (fake): the probes and their merge', () => {
  it('a Debian host under systemd: the init scripts and the units, side by side', async () => {
    const ctx = fakeContext({
      strict: true,
      answers: [
        {
          match: 'found()',
          stdout:
            'service=/usr/sbin/service\nsystemctl=/usr/bin/systemctl\npid1=systemd\ninitd=yes\nlocale=C.UTF-8\n',
        },
        { match: '/usr/sbin/service --status-all', stdout: STATUS_ALL },
        { match: '/usr/bin/systemctl list-units', stdout: LIST_UNITS },
        { match: '/usr/bin/systemctl list-unit-files', stdout: LIST_UNIT_FILES },
        { match: /^sh -c .*show/, stdout: '0\tActiveState=inactive\0'.repeat(7) },
      ],
    });
    const r = await serviceFacts.run(ctx, {});
    const services = (r.ansible_facts as { services: Record<string, Record<string, unknown>> }).services;
    assert.deepEqual(services.ssh, { name: 'ssh', state: 'running', source: 'sysv' });
    assert.deepEqual(services['systemd-logind.service'], {
      name: 'systemd-logind.service',
      state: 'running',
      status: 'static',
      source: 'systemd',
    });
    // 4 init scripts, 3 units listed, 7 unit files not listed (each asked its ActiveState)
    assert.equal(Object.keys(services).length, 4 + 3 + 7);
  });

  it('an OpenBSD host (rcctl) fails clearly: fabplay does not read it', async () => {
    const ctx = fakeContext({ answers: [{ match: 'found()', stdout: 'rcctl=/usr/sbin/rcctl\nlocale=C\n' }] });
    const r = await serviceFacts.run(ctx, {});
    assert.equal(r.failed, true);
    assert.match(String(r.msg), /lists its services with rcctl, which Ansible reads and fabplay does not/);
  });

  it('no service anywhere: skipped with Ansible message', async () => {
    const ctx = fakeContext({ answers: [{ match: 'found()', stdout: 'locale=C\n' }] });
    assert.deepEqual(await serviceFacts.run(ctx, {}), { changed: false, skipped: true, msg: NO_SERVICES });
    assert.equal(
      NO_SERVICES,
      'Failed to find any services. This can be due to privileges or some other configuration issue.',
    );
  });
});
