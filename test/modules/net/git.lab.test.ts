import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { sideBySide } from '../lab-playbook.js';

/**
 * git over SSH on a lab host, beside ansible-playbook 2.14 on the same playbook and the same host
 * (reset between the two): repositories made on the host with fixed dates (the same commit
 * hashes for both runners), then check mode with --diff, the run with --diff (Ansible's prepared
 * git diffs), the checkouts' state (commit, branch, status, file modes) and a second run with
 * nothing to do. The plain output of both is compared line for line.
 */

const GIT_ENV =
  'export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com ' +
  'GIT_AUTHOR_DATE=2024-01-02T03:04:05Z GIT_COMMITTER_DATE=2024-01-02T03:04:05Z';

/**
 * ~/src: main with three commits, a branch `side`, a tag v1; ~/old: a clone made after the first
 * commit (so it lacks the others: check mode's diff must fetch them without writing to it) with a
 * local change to a tracked file, which `force` discards
 */
const SEED = `set -e; ${GIT_ENV}
rm -rf ~/src ~/old ~/co ~/shallow ~/masked
git init -q -b main ~/src && cd ~/src
for n in 1 2 3; do
  echo "line $n" >> f.txt; git add f.txt; git commit -qm "c$n"
  [ $n = 1 ] && git tag v1 && git clone -q ~/src ~/old
done
git branch side HEAD~1
echo local > ~/old/f.txt`;

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  vars:
    ansible_python_interpreter: /usr/bin/python3
  tasks:
    - name: a clone of HEAD under the home directory
      git:
        repo: ~/src
        dest: ~/co
      register: r1
    - name: a branch, shallow
      git:
        repo: ~/src
        dest: ~/shallow
        version: side
        depth: 1
        ssh_opts: -o ConnectTimeout=5
        key_file: /nonexistent/key
        accept_hostkey: true
      register: r2
    - name: local changes discarded, back to main
      git:
        repo: ~/src
        dest: ~/old
        version: main
        force: true
      register: r3
    - name: a private checkout
      git:
        repo: ~/src
        dest: ~/masked
        version: v1
        umask: "0077"
      register: r4
    - debug:
        msg: "{{ [r1, r2, r3, r4] | map(attribute='changed') | list }}"
    - debug:
        msg: "{{ [r1.after, r2.after, r3.before, r3.after, r4.after] }}"
`;

/**
 * each checkout: its commit, branch, status, and its file's mode (not how far the remote-tracking
 * branch is ahead: Ansible's check mode fetches into the repository to show its diff, fabplay's
 * writes nothing there, which the overlay snapshot proves)
 */
const STATE = `cd ~ && for d in co shallow old masked; do
  [ -d "$d" ] || { echo "$d: none"; continue; }
  printf '== %s %s\\n' "$d" "$(git -C "$d" rev-parse HEAD)"
  git -C "$d" rev-parse --abbrev-ref HEAD; git -C "$d" status --short
  git -C "$d" rev-list --count HEAD; stat -c '%a %n' "$d/f.txt"
done`;

describe('git beside ansible-playbook 2.14 on a lab host @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  sideBySide(
    lab,
    'fp-git-',
    PLAYBOOK,
    { seed: SEED, state: STATE },
    'fabplay runs it: the same checkouts, output, diffs, and nothing left to do the second time',
    (fab) => {
      assert.match(fab.state, /^== co [0-9a-f]{40}\nmain\n3\n644 co\/f\.txt$/m);
      assert.match(fab.state, /^== shallow [0-9a-f]{40}\nside\n1\n/m);
      assert.match(fab.state, /^== old [0-9a-f]{40}\nmain\n3\n/m);
      assert.match(fab.state, /^600 masked\/f\.txt$/m);
      // check mode: a clone is announced; the diff to commits ~/old lacks is git's own
      assert.match(fab.check, />> Newly checked out [0-9a-f]{40}/);
      assert.match(fab.check, /^@@ -1 \+1,3 @@\n line 1\n\+line 2\n\+line 3$/m);
      assert.match(fab.run, /^\+line 3$/m);
      assert.match(fab.again, /h1 +: ok=6 +changed=0 /);
    },
  );
});
