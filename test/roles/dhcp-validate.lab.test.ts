// dhcp_server on a lab PXE server: a candidate dhcpd.conf that dhcpd rejects never replaces the
// live one. The role converges, a real DHCP client gets a lease, then a run with variables that
// pass the role's checks but make a config dhcpd -t refuses fails naming that check, and leaves
// the live file, its directory and the running dhcpd exactly as they were: a new client still
// gets a lease from the old configuration.
import { strict as assert } from 'node:assert';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { useLab } from '../helpers/lab.js';
import { runRolePlay } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';
import { serverVars } from '../../scripts/lab-pxe.js';

describe('dhcp_server keeps the live dhcpd.conf when dhcpd -t rejects the candidate @lab', function () {
  this.timeout(600000);
  const lab = useLab({ hosts: 1, segments: 1 });
  let tmp: ReturnType<typeof makeTempDir>;
  let fabricAddr = '';
  let net = '';

  before(() => {
    tmp = makeTempDir('fabplay-dhcp-validate-');
    fabricAddr = lab.fabric('h1')!.addr;
    net = fabricAddr.replace(/\.\d+$/, '');
    writeFileSync(
      join(tmp.dir, 'dhcp.yml'),
      yaml.dump([{ name: 'DHCP server', hosts: 'pxe_servers', become: true, roles: ['dhcp_server'] }]),
    );
    writeFileSync(join(tmp.dir, 'good.yml'), yaml.dump(serverVars(fabricAddr)));
    // Every value passes the role's checks (dotted quads, a prefix, a next server), but the
    // range lies outside its subnet: dhcpd refuses the whole file ("bad range").
    const bad = structuredClone(serverVars(fabricAddr)) as { dhcp_server_subnets: Record<string, unknown>[] };
    const [a, b, c] = fabricAddr.split('.');
    const other = `${a}.${b}.${Number(c) + 100}`;
    bad.dhcp_server_subnets[0]!.range_start = `${other}.100`;
    bad.dhcp_server_subnets[0]!.range_end = `${other}.150`;
    writeFileSync(join(tmp.dir, 'bad.yml'), yaml.dump(bad));
    // a valid change: another range in the same subnet
    const moved = structuredClone(serverVars(fabricAddr)) as {
      dhcp_server_subnets: Record<string, unknown>[];
    };
    moved.dhcp_server_subnets[0]!.range_start = `${net}.160`;
    moved.dhcp_server_subnets[0]!.range_end = `${net}.170`;
    writeFileSync(join(tmp.dir, 'moved.yml'), yaml.dump(moved));
    const script = join(tmp.dir, 'lease.sh');
    writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] && echo "ip=$ip siaddr=$siaddr"\nexit 0\n');
    chmodSync(script, 0o755);
  });
  after(() => tmp?.cleanup());

  const play = (varsFile: string) =>
    runRolePlay(lab.inventory, join(tmp.dir, 'dhcp.yml'), join(tmp.dir, varsFile));

  /** A fresh client on the fabric segment asks for a lease; returns the address it got. */
  const lease = async (): Promise<string> => {
    const c = await lab.addClient(1);
    const r = await c.exec(`busybox udhcpc -i eth0 -f -q -n -t 5 -T 2 -s ${join(tmp.dir, 'lease.sh')}`);
    const m = /^ip=(\S+) siaddr=(\S+)$/m.exec(r.stdout);
    assert.ok(m, `no lease (rc ${r.rc}):\n${r.stdout}${r.stderr}`);
    assert.equal(m[2], fabricAddr);
    return m[1]!;
  };

  /** What a replaced file or a leftover candidate would change: the live file and its directory. */
  const live = async () => {
    const r = await lab.exec(
      'h1',
      'sha256sum /etc/dhcp/dhcpd.conf; ls -lA --time-style=+%s.%N /etc/dhcp; pidof dhcpd',
    );
    assert.equal(r.rc, 0, r.stderr);
    const [sum, ...rest] = r.stdout.trim().split('\n');
    return { sum: sum!, listing: rest.slice(0, -1).join('\n'), pid: rest[rest.length - 1]! };
  };

  it('a candidate dhcpd rejects fails the run naming dhcpd -t; the live file, its directory and dhcpd stay; clients still get leases', async () => {
    const first = await play('good.yml');
    assert.equal(first.code, 0, (first.stdout + first.stderr).slice(-5000));
    // the start task started dhcpd with the new configuration: the restart handler is skipped
    assert.match(
      first.stdout,
      /RUNNING HANDLER \[dhcp_server : restart dhcp server\][^\n]*\nskipping: \[h1\]/,
    );
    const ip = await lease();
    assert.match(ip, new RegExp(`^${net.replace(/\./g, '\\.')}\\.(1[0-4]\\d|150)$`), ip);
    const before = await live();
    assert.match(before.pid, /^\d+$/, 'one dhcpd runs');
    const conf = (await lab.exec('h1', 'cat /etc/dhcp/dhcpd.conf')).stdout;
    assert.match(conf, new RegExp(`range ${net.replace(/\./g, '\\.')}\\.100 `));

    const bad = await play('bad.yml');
    const out = bad.stdout + bad.stderr;
    assert.equal(bad.code, 2, out.slice(-5000));
    // the failing task, the check it ran and dhcpd's own reason
    assert.match(out, /Write dhcpd\.conf \(checked with dhcpd -t before it replaces the live file\)/);
    assert.match(
      out,
      /failed to validate on h1: \/usr\/sbin\/dhcpd -t -cf \/etc\/dhcp\/\.dhcpd\.conf\.\S+ rc:1/,
    );
    assert.match(out, /bad range, address \d+\.\d+\.\d+\.100 not in subnet/);
    assert.match(out, /^h1\s*:.*changed=0\b.*failed=1\b/m);

    const after = await live();
    assert.equal(after.sum, before.sum, 'the live dhcpd.conf is byte for byte the old one');
    assert.equal(after.listing, before.listing, 'no candidate or temporary file beside it');
    assert.equal(after.pid, before.pid, 'the same dhcpd process still runs');
    await lease();
  });

  it('a valid change restarts the running dhcpd: a new process, and a new client gets the new range', async () => {
    const before = await live();
    const r = await play('moved.yml');
    assert.equal(r.code, 0, (r.stdout + r.stderr).slice(-5000));
    assert.match(r.stdout, /RUNNING HANDLER \[dhcp_server : restart dhcp server\][^\n]*\nchanged: \[h1\]/);
    const after = await live();
    assert.notEqual(after.sum, before.sum);
    assert.match(after.pid, /^\d+$/, 'one dhcpd runs');
    assert.notEqual(after.pid, before.pid, 'dhcpd was restarted');
    assert.match(await lease(), new RegExp(`^${net.replace(/\./g, '\\.')}\\.1[67]\\d$`));
  });
});
