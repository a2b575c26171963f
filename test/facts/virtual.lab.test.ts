import { strict as assert } from 'node:assert';
import { openConnection } from '../../src/connection/index.js';
import { gatherFacts } from '../../src/facts/index.js';
import type { Connection } from '../../src/connection/types.js';
import { useLab } from '../helpers/lab.js';

type Virtual = Record<string, unknown>;
const sortedTech = (f: Virtual): Virtual => ({
  virtualization_type: f.virtualization_type,
  virtualization_role: f.virtualization_role,
  // Python sets in Ansible: in no fixed order
  virtualization_tech_guest: [...(f.virtualization_tech_guest as string[])].sort(),
  virtualization_tech_host: [...(f.virtualization_tech_host as string[])].sort(),
});

/**
 * The virtualization facts of a lab host, gathered by fabplay's script and by Ansible's setup run
 * inside the same host, as its root (an overlay) is given the marks Ansible's collector reads.
 */
describe('virtualization facts of a lab host, beside Ansible’s setup @lab', function () {
  this.timeout(120000);
  const lab = useLab({ hosts: 1 });
  let conn: Connection;
  before(async () => {
    conn = await openConnection(lab.spec('h1'));
  });
  after(async () => {
    await conn?.close();
  });

  const ansible = async (): Promise<Virtual> => {
    // one line per host (-o): "localhost | SUCCESS => {...}"
    const r = await lab.exec(
      'h1',
      "ansible -o -c local -m setup -a 'gather_subset=!all,!min,virtual' localhost 2>/dev/null",
    );
    const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('=>') + 2)) as { ansible_facts: Virtual };
    const f = out.ansible_facts;
    return sortedTech(Object.fromEntries(Object.entries(f).map(([k, v]) => [k.replace(/^ansible_/, ''), v])));
  };
  const ours = async (): Promise<Virtual> =>
    sortedTech(await gatherFacts(conn, { subset: ['!all', '!min', 'virtual'] }));
  const setUp = async (script: string): Promise<void> => {
    const r = await lab.exec('h1', script);
    assert.equal(r.rc, 0, r.stderr);
  };

  const marks: [string, string, Partial<Virtual>][] = [
    ['as it is', 'true', {}],
    ['no /.dockerenv', 'rm -f /.dockerenv /.dockerinit', {}],
    ['/.dockerinit', 'touch /.dockerinit', { virtualization_type: 'docker' }],
    [
      'a systemd container file, and /.dockerinit',
      'mkdir -p /run/systemd && printf "systemd-nspawn\\n" > /run/systemd/container',
      { virtualization_type: 'systemd-nspawn' },
    ],
    [
      'dmidecode saying VMware',
      "rm -f /.dockerinit /run/systemd/container; printf \"#!/bin/sh\\necho '# SMBIOS'\\necho 'VMware Virtual Platform'\\n\" > /usr/sbin/dmidecode; chmod 755 /usr/sbin/dmidecode",
      { virtualization_type: 'VMware', virtualization_role: 'guest' },
    ],
    [
      'dmidecode failing with BHYVE in its output',
      'printf "#!/bin/sh\\necho BHYVE\\nexit 1\\n" > /usr/sbin/dmidecode',
      {},
    ],
    [
      'dmidecode saying BHYVE',
      'printf "#!/bin/sh\\necho BHYVE\\n" > /usr/sbin/dmidecode',
      { virtualization_type: 'bhyve' },
    ],
    ['a /rhev directory and no kvm module', 'rm /usr/sbin/dmidecode; mkdir -p /rhev', {}],
  ];
  for (const [what, script, expect] of marks) {
    it(`agree: ${what}`, async () => {
      await setUp(script);
      const [want, got] = [await ansible(), await ours()];
      assert.deepEqual(got, want);
      for (const [k, v] of Object.entries(expect)) assert.equal(got[k], v, k);
    });
  }
});
