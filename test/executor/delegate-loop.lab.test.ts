import { strict as assert } from 'node:assert';
import { useLab } from '../helpers/lab.js';
import { labPlaybooks } from '../modules/lab-playbook.js';

/**
 * A looped task whose delegate_to names the loop item runs each item on that item's host (as
 * Ansible templates delegate_to per item), and sees every item's host in ansible_delegated_vars.
 */
describe('delegate_to per loop item over SSH @lab', function () {
  this.timeout(180_000);
  const lab = useLab({ hosts: 3 });
  const { playbook, run } = labPlaybooks(lab, 'fp-delegate-loop-');

  it('runs each item on the host its item names, and reports each as delegated', async () => {
    const pb = playbook(
      `
    - name: mark
      copy:
        content: "{{ inventory_hostname }} wrote this on {{ item }}\\n"
        dest: /root/delegated.txt
      delegate_to: "{{ item }}"
      loop: [h2, h3]
    - name: seen
      debug:
        msg: "{{ ansible_delegated_vars.keys() | sort }} {{ ansible_delegated_vars[item].ansible_host }}"
      delegate_to: "{{ item }}"
      loop: [h2, h3]
`,
      'p.yml',
    );
    const { r, byTask } = await run(pb);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const h of ['h2', 'h3'])
      assert.equal((await lab.exec(h, 'cat /root/delegated.txt')).stdout, `h1 wrote this on ${h}\n`);
    assert.equal((await lab.exec('h1', 'test -e /root/delegated.txt; echo $?')).stdout, '1\n');
    const items = (byTask.get('seen')!.result!.results as { msg: string }[]).map((x) => x.msg);
    // each host's own inventory variables: its ansible_host is its lab address
    assert.deepEqual(items, [`['h2', 'h3'] ${lab.addr('h2')}`, `['h2', 'h3'] ${lab.addr('h3')}`]);
    const lines = r.stdout.split('\n').filter((l) => l.includes('"delegated_to"'));
    assert.ok(
      lines.some((l) => l.includes('"delegated_to":"h3"')),
      r.stdout,
    );
  });
});
