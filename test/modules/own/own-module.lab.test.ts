// Modules of the user's own on a lab host over SSH, beside ansible-playbook 2.14 on the same
// playbook and fresh state: an old-style shell module that adds a line to a file (check mode and
// its diff are the module's own: it reads _ansible_check_mode), run as root and, with become, as
// the unprivileged fpl (the uploaded files must be readable by that user), and a WANT_JSON Python
// module; the files' bytes and owners, every task's output in check mode with --diff, the run and
// a second run must be equal, and check mode must write nothing on the host. A module built on
// module_utils as fpl, at once and with async (its payload and the job readable by that user).
import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { sideBySide } from '../lab-playbook.js';

const LINE_MODULE = `#!/bin/sh
. "$1"
if [ -f "$path" ] && grep -qxF "$line" "$path"; then
  printf '{"changed": false, "user": "%s"}\\n' "$(id -un)"
  exit 0
fi
[ -f "$path" ] && before="$(cat "$path")\\\\n" || before=""
if [ "$_ansible_check_mode" != True ]; then printf '%s\\n' "$line" >> "$path"; fi
printf '{"changed": true, "user": "%s", "diff": {"before": "%s", "after": "%s%s\\\\n"}}\\n' \\
  "$(id -un)" "$before" "$before" "$line"
`;

const JSON_MODULE = `#!/usr/bin/python
# WANT_JSON
import json, os, sys
with open(sys.argv[1]) as f:
    args = json.load(f)
print(json.dumps(dict(changed=False, word=args['word'], uid=os.getuid(), check=args['_ansible_check_mode'])))
`;

const MODULE_UTILS_MODULE = `#!/usr/bin/python
import getpass
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text

module = AnsibleModule(argument_spec=dict(word=dict(type='str')), supports_check_mode=True)
module.exit_json(changed=False, said=to_text(module.params['word']).upper(), user=getpass.getuser())
`;

describe('modules of the user own on a lab host, beside ansible-playbook @lab', function () {
  this.timeout(300_000);
  const lab = useLab({ hosts: 1 });
  const tasks = [
    '- name: a line as fpl',
    '  fp_line: {path: /home/fpl/own.txt, line: as fpl}',
    '  become: true',
    '  become_user: fpl',
    '  register: fpl_line',
    '- name: a line as root',
    '  fp_line: {path: /root/own.txt, line: "as root, with spaces"}',
    '- name: a WANT_JSON module as fpl',
    '  fp_json: {word: hello}',
    '  become: true',
    '  become_user: fpl',
    '  register: js',
    '- name: a module built on module_utils as fpl, async',
    '  fp_mu: {word: hello}',
    '  become: true',
    '  become_user: fpl',
    '  async: 30',
    '  poll: 1',
    '  register: mu',
    '  when: not ansible_check_mode',
    '- name: the same at once',
    '  fp_mu: {word: again}',
    '  become: true',
    '  become_user: fpl',
    '  register: mu_now',
    '- debug:',
    '    msg: "{{ [fpl_line.user, js.word, js.uid > 0, js.check == ansible_check_mode] }}"',
    '- debug:',
    "    msg: \"{{ [mu.said | default('-'), mu.user | default('-'), mu_now.said, mu_now.user] }}\"",
    '',
  ].join('\n');

  sideBySide(
    lab,
    'fabplay-own-lab-',
    `- hosts: h1\n  gather_facts: false\n  tasks:\n${tasks.replace(/^/gm, '    ')}`,
    {
      seed: 'rm -f /home/fpl/own.txt /root/own.txt',
      state: 'for f in /home/fpl/own.txt /root/own.txt; do stat -c "%n %U %a" "$f" && cat "$f"; done 2>&1',
    },
    'fabplay runs them the same way, as root and as fpl, writing nothing in check mode',
    (fab) => {
      assert.match(fab.state, /\/home\/fpl\/own.txt fpl 644\nas fpl\n/);
      assert.match(fab.state, /\/root\/own.txt root 644\nas root, with spaces\n/);
      assert.match(fab.run, /"fpl",\s*"hello",\s*true,\s*true/);
      assert.match(fab.run, /"HELLO",\s*"fpl",\s*"AGAIN",\s*"fpl"/);
      assert.match(fab.again, /ok=7 +changed=0/);
    },
    {
      'library/fp_line': LINE_MODULE,
      'library/fp_json.py': JSON_MODULE,
      'library/fp_mu.py': MODULE_UTILS_MODULE,
    },
  );
});
