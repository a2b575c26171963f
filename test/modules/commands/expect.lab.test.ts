// expect over SSH on a lab host beside ansible-playbook 2.14, as admins use it: passwd answered
// as root through sudo with a password (the login is fpl), and the command's terminal. Check
// mode skips the task under both (expect has none); the second run sets the password again.
import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { sideBySide } from '../lab-playbook.js';

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  vars: {ansible_user: fpl, ansible_become_password: fabplay-lab-pw}
  tasks:
    - name: passwd through expect, as root
      expect:
        command: passwd fpl2
        responses:
          (?i)new password: Sekr3t-pw-9
      become: true
      register: r
    - debug: msg="{{ r.rc | default('-') }} {{ r.changed }} {{ r.stdout_lines | default('-') }}"
    - name: who runs it, on a terminal
      expect: {command: "sh -c 'id -un; tty >/dev/null && echo tty'", responses: {}}
      become: true
      register: r
    - debug: msg="{{ r.stdout_lines | default('-') }}"
`;

describe('modules/commands: expect on a lab host beside ansible-playbook 2.14 @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  sideBySide(
    lab,
    'fabplay-expect-',
    PLAYBOOK,
    // fpl2's password locked; the state: its status letter (L locked, P set)
    {
      seed: 'id fpl2 >/dev/null 2>&1 || useradd fpl2; usermod -p "!" fpl2',
      state: 'passwd -S fpl2 | cut -d" " -f2',
    },
    'fabplay runs it: the password set, the same results and output',
    (fab) => {
      assert.equal(fab.state.trim(), 'P');
      assert.match(
        fab.run,
        /"0 True \['New password: ', 'Retype new password: ', 'passwd: password updated successfully'\]"/,
      );
      assert.match(fab.run, /"root",\n\s+"tty"/);
      assert.match(fab.check, /skipping: \[h1\]/);
    },
  );
});
