import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { sideBySide } from '../lab-playbook.js';

/**
 * debconf and dpkg_selections over SSH on a lab host (Debian: debconf-show,
 * debconf-set-selections, dpkg), beside ansible-playbook 2.14 on the same playbook and host, the
 * answers seeded again before each runner: check mode with --diff, the run, what the host holds
 * after, the registered results (debug output) and a second run.
 */

/** the answers and selections as a fresh host has them (the playbook changes them) */
const SEED = `printf '%s\\n' 'tzdata tzdata/Areas select Etc' 'openssh-server openssh-server/permit-root-login boolean true' \\
  'openssh-server openssh-server/password-authentication boolean true' | debconf-set-selections
echo 'tzdata install' | dpkg --set-selections
echo 'UNREGISTER tzdata/fabplay-secret' | debconf-communicate tzdata >/dev/null; true`;

/** what the host holds: the questions the playbook touches, and the selections (debconf-show's order is Perl's hash order) */
const STATE = `{ debconf-show tzdata | grep -E 'Areas|fabplay'; debconf-show openssh-server; dpkg --get-selections tzdata bash; } | sort`;

const fields = (r: string, keys: string[]) =>
  `"{{ {${keys.map((k) => `'${k}': ${r}.${k} | default('-')`).join(', ')}} }}"`;

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  vars:
    ansible_python_interpreter: /usr/bin/python3
  tasks:
    - name: a select answer changed
      debconf:
        name: tzdata
        question: tzdata/Areas
        vtype: select
        value: Europe
      register: d1
    - name: a boolean given as YAML false
      debconf:
        name: openssh-server
        question: openssh-server/permit-root-login
        vtype: boolean
        value: false
      register: d2
    - name: a boolean already so, in other letters
      debconf:
        pkg: openssh-server
        setting: openssh-server/password-authentication
        vtype: boolean
        answer: "TRUE"
      register: d3
    - name: a password, never seen equal
      debconf:
        name: tzdata
        question: tzdata/fabplay-secret
        vtype: password
        value: s3cret
        unseen: true
      register: d4
    - name: only the package
      debconf:
        name: openssh-server
      register: d5
    - name: hold
      dpkg_selections:
        name: tzdata
        selection: hold
      register: p1
    - name: already install
      dpkg_selections:
        name: bash
        selection: install
      register: p2
    - name: a package dpkg does not know
      dpkg_selections:
        name: fabplay-no-such-package
        selection: purge
      register: p3
    - debug:
        msg: ${fields('item', ['changed', 'current', 'previous', 'msg', 'diff'])}
      loop: "{{ [d1, d2, d3, d4, d5] }}"
      loop_control: {label: x}
    - debug:
        msg: ${fields('item', ['changed', 'before', 'after'])}
      loop: "{{ [p1, p2, p3] }}"
      loop_control: {label: x}
`;

describe('debconf and dpkg_selections beside ansible-playbook 2.14 on a lab host @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  sideBySide(
    lab,
    'fp-debconf-',
    PLAYBOOK,
    { seed: SEED, state: STATE },
    'fabplay runs it: the same answers, selections, results and changes, twice',
    (fab) => {
      assert.match(fab.state, /\* tzdata\/Areas: Europe/);
      assert.match(fab.state, /permit-root-login: false/);
      assert.match(fab.state, /^tzdata\s+hold$/m);
      // the password is set again every run (debconf-show hides it); the unknown package too
      assert.match(fab.again, /h1 +: ok=10 +changed=2 /);
    },
  );
});
