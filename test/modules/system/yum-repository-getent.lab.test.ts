import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { sideBySide } from '../lab-playbook.js';

/**
 * yum_repository and getent over SSH on a lab host, beside ansible-playbook 2.14 on the same
 * playbook and the same host (reset between the two): check mode with --diff, the run, the files'
 * bytes and modes, the facts (debug output), changed counts and a second run with nothing to do.
 * The plain output of both is compared line for line. dnf, where the host has it, then reads the
 * written files.
 */

/** an EL server's repository directory as an admin left it: comments, key=value, an old section */
const SEED = `rm -rf /etc/yum.repos.d && mkdir -p /etc/yum.repos.d && cd /etc/yum.repos.d
printf '# install media\\n[old]\\nname=Old\\nbaseurl=http://old\\n\\n[AppStream]\\nName=AppStream\\nBaseURL=file:///srv/media/AppStream\\n  file:///srv/media2/AppStream\\nenabled=1\\n' > media.repo
printf '[legacy]\\nname=legacy\\nmirrorlist=http://legacy\\n' > legacy.repo
grep -q dup-one /etc/hosts || printf '10.98.0.7 dup-one\\n10.98.0.7 dup-two alias\\n' >> /etc/hosts`;

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  vars:
    ansible_python_interpreter: /usr/bin/python3
  tasks:
    - name: baseos from the install media
      yum_repository:
        name: BaseOS
        description: "EL install media: BaseOS"
        baseurl:
          - file:///srv/media/BaseOS
          - http://pxe.lab/media/BaseOS
        gpgcheck: false
        enabled: true
        skip_if_unavailable: yes
        exclude: "kernel*, grub2*"
        includepkgs: [bash, coreutils]
        priority: 10
        file: media
        mode: "0644"
      register: r1
    - name: appstream replaced
      yum_repository:
        name: AppStream
        description: AppStream
        baseurl: file:///srv/media/AppStream
        gpgkey: [file:///etc/pki/a, file:///etc/pki/b]
        metadata_expire: 1d
        file: media
      register: r2
    - name: old section removed
      yum_repository:
        name: old
        file: media
        state: absent
      register: r3
    - name: the last section of a file removes the file
      yum_repository:
        name: legacy
        state: absent
      register: r4
    - name: passwd
      getent:
        database: passwd
        key: root
    - name: all hosts, whitespace split, a repeated address
      getent:
        database: hosts
    - name: group split at x
      getent:
        database: group
        key: root
        split: x
        service: files
    - name: missing key tolerated
      getent:
        database: passwd
        key: no-such-user-lab
        fail_key: false
      register: g4
    - debug:
        msg: "{{ [r1, r2, r3, r4] | map(attribute='changed') | list }}"
    - debug:
        var: r2.diff
    - debug:
        var: getent_passwd
    - debug:
        var: ansible_facts.getent_hosts
    - debug:
        var: getent_group
    - debug:
        var: g4
`;

/** The files of the repository directory: name, mode, bytes. */
const LIST_FILES =
  'cd /etc/yum.repos.d && for f in *; do [ -e "$f" ] && printf "== %s %s\\n" "$f" "$(stat -c %a "$f")" && cat "$f"; done; true';

describe('yum_repository and getent beside ansible-playbook 2.14 on a lab host @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  sideBySide(
    lab,
    'fp-yumrepo-',
    PLAYBOOK,
    { seed: SEED, state: LIST_FILES },
    'fabplay runs it: the same files, output, changes, and nothing left to do the second time',
    (fab) => {
      assert.match(
        fab.state,
        /^== media.repo 644\n\[BaseOS\]\n[^]*\n\n\[AppStream\]\nbaseurl = file:\/\/\/srv\/media\/AppStream\ngpgkey/,
      );
      assert.doesNotMatch(fab.state, /legacy/);
      // the diffs are shown in check mode too, and the repeated address keeps both lines
      assert.match(
        fab.check,
        /^\+\+\+ after: \/etc\/yum.repos.d\/legacy.repo\n@@ -1,4 \+0,0 @@\n-\[legacy\]/m,
      );
      assert.match(
        fab.run,
        /"10\.98\.0\.7": \[\n\s+\[\n\s+"dup-one"\n\s+\],\n\s+\[\n\s+"dup-two",\n\s+"alias"/,
      );
      assert.match(fab.again, /h1 +: ok=14 +changed=0 /);
    },
  );

  it('dnf reads the written repository file', async function () {
    if ((await lab.exec('h1', 'command -v dnf')).rc !== 0) this.skip(); // scripts/setup.sh installs it
    const r = await lab.exec('h1', 'dnf -q -C repolist --all 2>&1');
    assert.match(r.stdout, /BaseOS +EL install media: BaseOS/);
    assert.match(r.stdout, /AppStream +AppStream/);
  });
});
