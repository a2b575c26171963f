import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { sideBySide } from '../lab-playbook.js';

/**
 * pip over SSH on a lab host, become fpl, beside ansible-playbook 2.14 on the same playbook and
 * host, the host seeded again before each runner (no virtualenv; wheels built there, no network):
 * check mode (nothing written), the run, what the virtualenv holds after (packages, modes under
 * the umask, owner), the registered results (debug output) and a second run with nothing to do.
 */

const WHEELS = '/srv/pipwheels';

/** two versions of a project built as wheels on the host, a requirements file, no virtualenv */
const SEED = `set -e
rm -rf /home/fpl/venv ${WHEELS}
for v in 1.0 1.1; do
  mkdir -p ${WHEELS}/src/$v/fabdemo
  printf '[build-system]\\nrequires = ["setuptools"]\\nbuild-backend = "setuptools.build_meta"\\n[project]\\nname = "fab_demo"\\nversion = "%s"\\n' $v > ${WHEELS}/src/$v/pyproject.toml
  echo "V = '$v'" > ${WHEELS}/src/$v/fabdemo/__init__.py
  /usr/bin/python3 -m pip wheel -q --no-index --no-deps --no-build-isolation -w ${WHEELS} ${WHEELS}/src/$v
done
rm -rf ${WHEELS}/src
echo 'fab-demo>=1.0' > ${WHEELS}/reqs.txt
# Ansible's remote_tmp for fpl, so that its module does not warn that it made one
mkdir -p /home/fpl/.ansible/tmp && chmod 700 /home/fpl/.ansible/tmp && chown -R fpl: /home/fpl/.ansible`;

/** what the virtualenv holds, its modes and owner */
const STATE = `cd /home/fpl && { stat -c '%n %a %U' venv venv/lib venv/bin/pip3; venv/bin/pip list --format=freeze; } 2>&1; true`;

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  become: true
  become_user: fpl
  environment:
    PIP_NO_INDEX: "1"
    PIP_FIND_LINKS: ${WHEELS}
    PIP_DISABLE_PIP_VERSION_CHECK: "1"
    PIP_NO_CACHE_DIR: "1"
  vars:
    ansible_python_interpreter: /usr/bin/python3
  tasks:
    - name: fpl's virtualenv, made under umask 0027; the newest version
      pip: {name: fab_demo, virtualenv: ~/venv, virtualenv_command: /usr/bin/python3 -m venv, umask: "0027"}
      register: p1
    - name: latest, already
      pip: {name: [fab-demo], state: latest, virtualenv: /home/fpl/venv}
      register: p2
    - name: a requirements file in chdir, satisfied (pip list before and after)
      pip: {requirements: reqs.txt, chdir: ${WHEELS}, virtualenv: /home/fpl/venv}
      register: p3
    - name: a package not installed, absent
      pip: {name: other-demo, state: absent, virtualenv: /home/fpl/venv}
      register: p4
    - debug:
        msg: "{{ item | dict2items | rejectattr('key', 'in', ['stdout', 'stdout_lines', 'stderr_lines']) | items2dict }}"
      loop: "{{ [p1, p2, p3, p4] }}"
      loop_control: {label: x}
    - debug:
        msg: "{{ item.stdout_lines | default([]) | select('match', '.*Successfully') | list }}"
      loop: "{{ [p1, p2, p3, p4] }}"
      loop_control: {label: x}
`;

describe('pip beside ansible-playbook 2.14 on a lab host @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  sideBySide(
    lab,
    'fabplay-pip-lab-',
    PLAYBOOK,
    { seed: SEED, state: STATE },
    'fabplay makes the virtualenv as fpl, installs, and changes nothing the second time',
    (fab) => {
      assert.match(fab.state, /^venv 750 fpl$/m);
      assert.match(fab.state, /^fab-demo==1\.1$/m);
      assert.match(fab.again, /h1 +: ok=6 +changed=0 /);
    },
  );
});
