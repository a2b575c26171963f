import { strict as assert } from 'node:assert';
import { openConnection } from '../../src/connection/index.js';
import { gatherFacts } from '../../src/facts/index.js';
import { parseOsRelease } from '../../src/facts/distribution.js';
import type { Connection } from '../../src/connection/types.js';
import { useLab } from '../helpers/lab.js';

describe('facts of a lab host @lab', function () {
  this.timeout(60000);
  const lab = useLab({ hosts: 1, segments: 1 });
  let conn: Connection;
  let facts: Record<string, unknown>;

  before(async () => {
    conn = await openConnection(lab.spec('h1'));
    facts = await gatherFacts(conn);
  });
  after(async () => {
    await conn?.close();
  });

  it('match what the host says about itself (uname, os-release, hostname)', async () => {
    const r = await lab.exec('h1', 'uname -r; uname -m; hostname; cat /etc/os-release');
    const [kernel, arch, hostname, ...osr] = r.stdout.trim().split('\n');
    const os = parseOsRelease(osr);
    assert.equal(facts.kernel, kernel);
    assert.equal(facts.architecture, arch);
    assert.equal(facts.hostname, hostname);
    assert.equal(facts.hostname, 'h1');
    assert.equal(String(facts.distribution).toLowerCase(), os.ID);
    assert.equal(facts.distribution_major_version, os.VERSION_ID!.split('.')[0]);
    assert.equal(facts.os_family, 'Debian');
    assert.equal(facts.pkg_mgr, 'apt');
    assert.equal(facts.service_mgr, 'sysvinit');
  });

  it("report SELinux as Ansible's setup does on the same host, with and without /etc/selinux/config", async () => {
    const ansibleSelinux = async () => {
      // one line per host (-o): "localhost | SUCCESS => {...}"
      const r = await lab.exec(
        'h1',
        "ansible -o -c local -m setup -a 'gather_subset=!all,!min,selinux' localhost 2>/dev/null",
      );
      const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('=>') + 2)) as {
        ansible_facts: Record<string, unknown>;
      };
      return {
        selinux: out.ansible_facts.ansible_selinux,
        selinux_python_present: out.ansible_facts.ansible_selinux_python_present,
      };
    };
    const ours = async () => {
      const f = await gatherFacts(conn, { subset: ['!all'] });
      return { selinux: f.selinux, selinux_python_present: f.selinux_python_present };
    };
    // no SELinux in this kernel (no selinuxfs), libselinux.so.1 as on every Debian (coreutils needs it)
    const none = await lab.exec(
      'h1',
      'rm -f /etc/selinux/config; test ! -e /sys/fs/selinux/enforce && ls /lib/*/libselinux.so.1',
    );
    assert.equal(none.rc, 0, none.stderr);
    const disabled = { selinux: { status: 'disabled' }, selinux_python_present: true };
    assert.deepEqual(await ansibleSelinux(), disabled);
    assert.deepEqual(await ours(), disabled);
    // the file policycoreutils' install script writes: it says nothing about the running system
    const cfg = await lab.exec(
      'h1',
      'mkdir -p /etc/selinux && printf "SELINUX=permissive\\nSELINUXTYPE=default\\n" > /etc/selinux/config',
    );
    assert.equal(cfg.rc, 0, cfg.stderr);
    assert.deepEqual(await ansibleSelinux(), disabled);
    assert.deepEqual(await ours(), disabled);
  });

  it('match what id, nproc and date say (read by the shell itself, no process for them)', async () => {
    const r = await lab.exec(
      'h1',
      'id -un; id -u; id -g; getent passwd "$(id -un)"; grep -c ^processor /proc/cpuinfo; nproc; date -u +%Y-%m-%dT%H',
    );
    const [name, uid, gid, pw, count, nproc, hour] = r.stdout.trim().split('\n');
    const f = pw!.split(':');
    assert.equal(facts.user_id, name);
    assert.equal(facts.user_uid, Number(uid));
    assert.equal(facts.user_gid, Number(gid));
    assert.equal(facts.user_dir, f[5]);
    assert.equal(facts.user_shell, f[6]);
    assert.equal(facts.processor_count, Number(count));
    assert.equal(facts.processor_nproc, Number(nproc));
    const dt = facts.date_time as { iso8601: string; epoch: string };
    assert.match(dt.iso8601, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(dt.iso8601, new Date(Number(dt.epoch) * 1000).toISOString().replace(/\.000Z$/, 'Z'));
    assert.ok(dt.iso8601.startsWith(hour!.slice(0, 10)), `${dt.iso8601} is today (${hour})`);
  });

  it('list the host interfaces with their addresses and the default route', async () => {
    const r = await lab.exec('h1', 'ls /sys/class/net; cat /sys/class/net/fab0/address');
    const lines = r.stdout.trim().split('\n');
    const mac = lines.pop();
    assert.deepEqual(facts.interfaces, lines.sort());
    const fab0 = facts.fab0 as {
      type: string;
      macaddress: string;
      ipv4: { address: string; prefix: string };
    };
    assert.equal(fab0.type, 'ether');
    assert.equal(fab0.macaddress, mac);
    assert.equal(fab0.ipv4.address, lab.fabric('h1')!.addr);
    const def = facts.default_ipv4 as { interface: string; address: string; gateway: string };
    assert.equal(def.interface, 'eth0');
    assert.equal(def.address, lab.addr('h1'));
    assert.equal(def.gateway, lab.state.gateway);
  });

  it('honour gather_subset and filter', async () => {
    const min = await gatherFacts(conn, { subset: ['!all'] });
    assert.equal(min.interfaces, undefined);
    assert.equal(min.kernel, facts.kernel);
    const only = await gatherFacts(conn, { filter: 'ansible_eth*' });
    assert.deepEqual(Object.keys(only), ['eth0']);
  });
});
