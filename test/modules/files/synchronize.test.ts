import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { runYaml } from '../../executor/run-helper.js';

/**
 * synchronize's action side without a lab: which login, key, port, ssh args, become and password
 * the command gets from the inventory, where rsync runs, and what is refused. The host `far` is an
 * sshd that is not there (127.0.0.1 port 1): rsync fails at once, its command is what is checked;
 * ansible-playbook 2.14 gives the same commands for these tasks (but `sshpass -d3`, its pipe).
 */
const INVENTORY = [
  'h1 ansible_connection=local',
  "far ansible_host=127.0.0.1 ansible_port=1 ansible_user=bob ansible_ssh_private_key_file=~/k ansible_password=pw1 ansible_ssh_common_args='-o ConnectTimeout=2'",
  'near ansible_host=localhost ansible_user=bob',
  'other ansible_host=192.0.2.1',
].join('\n');

describe('synchronize: the host it reaches and how', function () {
  this.timeout(60000);

  it('logs in with the inventory user, key, port, ssh args, password (sshpass) and sudo in --rsync-path', async () => {
    const r = await runYaml(
      `- hosts: far
  gather_facts: false
  tasks:
    - name: push
      synchronize: {src: "@DIR@/tree/", dest: /srv/x/, use_ssh_args: true}
      become: true
      ignore_errors: true
    - name: pull, a task's password
      synchronize: {mode: pull, src: /srv/x, dest: "@DIR@/back", set_remote_user: false, dest_port: 2}
      vars: {ansible_password: not-this}
      ignore_errors: true
    - name: su
      synchronize: {src: "@DIR@/tree/", dest: /srv/x/}
      become: true
      become_method: su
`,
      { inventory: INVENTORY, files: { 'tree/a': 'a\n' } },
    );
    const push = r.result('push')!.result;
    assert.equal(push.failed, true);
    assert.notEqual(push.rc, 0);
    assert.equal(
      push.cmd,
      `sshpass -d0 /usr/bin/rsync --delay-updates -F --compress --archive --rsh='/usr/bin/ssh -S none -i ${homedir()}/k -o Port=1 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -C -o ControlMaster=auto -o ControlPersist=60s -o ConnectTimeout=2' --rsync-path='sudo -u root rsync' --out-format='<<CHANGED>>%i %n%L' ${r.dir}/tree/ bob@127.0.0.1:/srv/x/`,
    );
    assert.ok(!JSON.stringify(r.events).includes('pw1'), 'the password shows nowhere');
    // the inventory's password, not the task's; no user@, the given port; no ssh args unless asked
    assert.equal(
      r.result("pull, a task's password")!.result.cmd,
      `sshpass -d0 /usr/bin/rsync --delay-updates -F --compress --archive --rsh='/usr/bin/ssh -S none -i ${homedir()}/k -o Port=2 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null' --out-format='<<CHANGED>>%i %n%L' 127.0.0.1:/srv/x ${r.dir}/back`,
    );
    const su = r.result('su')!.result;
    assert.doesNotMatch(String(su.cmd), /--rsync-path/);
    assert.match(String(su.warnings), /become_method su is not used, rsync runs there as the login user/);
  });

  it('copies on the controller for a host at localhost without a port of its own', async () => {
    const r = await runYaml(
      `- hosts: near
  gather_facts: false
  tasks:
    - name: local copy
      synchronize: {src: "@DIR@/tree/", dest: "@DIR@/copy/"}
`,
      { inventory: INVENTORY, files: { 'tree/a': 'a\n' } },
    );
    const res = r.result('local copy')!.result;
    assert.equal(res.changed, true, JSON.stringify(res));
    assert.equal(readFileSync(`${r.dir}/copy/a`, 'utf8'), 'a\n');
  });

  it('refuses delegate_to another host than the controller, before connecting anywhere', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  tasks:
    - name: delegated
      synchronize: {src: /etc/hostname, dest: "@DIR@/x"}
      delegate_to: other
`,
      { inventory: INVENTORY },
    );
    const res = r.result('delegated')!.result;
    assert.equal(res.failed, true);
    assert.match(
      String(res.msg),
      /^synchronize delegated to 'other' would run rsync on that host: fabplay runs it only on the controller/,
    );
    assert.equal(existsSync(`${r.dir}/x`), false);
  });

  it('finds a relative src in the role files/ first, and keeps its trailing slash', async () => {
    const r = await runYaml(
      `- hosts: h1
  gather_facts: false
  roles: [r]
`,
      {
        inventory: INVENTORY,
        files: {
          'roles/r/tasks/main.yml':
            '- name: from the role\n  synchronize: {src: tree/, dest: "{{ playbook_dir }}/out/"}\n',
          'roles/r/files/tree/f': 'role\n',
          'files/tree/f': 'playbook\n',
        },
      },
    );
    const res = r.result('r : from the role')!.result;
    assert.match(String(res.cmd), new RegExp(` ${r.dir}/roles/r/files/tree/ ${r.dir}/out/$`));
    assert.equal(readFileSync(`${r.dir}/out/f`, 'utf8'), 'role\n');
  });
});
