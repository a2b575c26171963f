import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { useLab } from '../helpers/lab.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/**
 * A hostile host prints text that would read a controller file if it were templated. Every path
 * that brings host data (or a lookup) into variables must write that text back literally: the
 * controller's secret token and the `49` of `{{ 7*7 }}` must never reach a host.
 */
describe('unsafe values: host data is never templated @lab', function () {
  this.timeout(180000);
  const lab = useLab({ hosts: 2, segments: 1 });
  const dir = tempDirUntilExit('fabplay-unsafe-lab');

  const token = `SECRET-${randomBytes(12).toString('hex')}`;
  const secret = join(dir, 'controller-secret.txt');
  const payload = `{{ lookup("file", "${secret}") }} {{ 7*7 }}`;
  /** what each path writes to /root/out/<name> on the host */
  const paths = [
    'register',
    'register-stderr',
    'fact',
    'fact-dict',
    'custom-json',
    'custom-ini-exec',
    'slurp',
    'fetch',
    'lookup',
    'set-fact',
    'set-fact-again',
    'loop',
    'hostvars',
    'when',
    'unsafe-tag',
  ];

  it('writes the literal text on every path, and refuses a condition made of it', async () => {
    writeFileSync(secret, token);
    writeFileSync(join(dir, 'payload.txt'), payload);
    const setup = [
      'mkdir -p /root/out /etc/ansible/facts.d',
      `printf '%s' "$P" > /root/payload.txt`,
      `printf '%s\\n' "$P" > /etc/machine-id`,
      // a JSON fact and an executable INI one
      `printf '{"v": "%s"}' "$(printf '%s' "$P" | sed 's/"/\\\\"/g')" > /etc/ansible/facts.d/p.fact`,
      `printf '#!/bin/sh\\nprintf "[s]\\\\nv = %%s\\\\n" "$(cat /root/payload.txt)"\\n' > /etc/ansible/facts.d/x.fact`,
      'chmod +x /etc/ansible/facts.d/x.fact',
    ].join(' && ');
    for (const h of lab.hosts) {
      const r = await lab.exec(h, `P='${payload.replace(/'/g, `'\\''`)}'; ${setup}`);
      assert.equal(r.rc, 0, r.stderr);
    }
    const out = (name: string): string => `/root/out/${name}`;
    const playbook = join(dir, 'site.yml');
    writeFileSync(
      playbook,
      `
- hosts: lab
  gather_facts: true
  vars:
    tagged: !unsafe '${payload.replace(/'/g, "''")}'
  tasks:
    - command: cat /root/payload.txt
      register: p
      changed_when: p.stdout is search('7\\*7')
      failed_when: p.stdout is not search('lookup')
    - shell: cat /root/payload.txt >&2
      register: e
    - copy: {dest: ${out('register')}, content: "{{ p.stdout }}"}
    - copy: {dest: ${out('register-stderr')}, content: "{{ e.stderr }}"}
    - copy: {dest: ${out('fact')}, content: "{{ ansible_machine_id }}"}
    - copy: {dest: ${out('fact-dict')}, content: "{{ ansible_facts.machine_id | trim }}"}
    - copy: {dest: ${out('custom-json')}, content: "{{ ansible_local.p.v }}"}
    - copy: {dest: ${out('custom-ini-exec')}, content: "{{ ansible_local.x.s.v }}"}
    - slurp: {src: /root/payload.txt}
      register: s
    - copy: {dest: ${out('slurp')}, content: "{{ s.content | b64decode }}"}
    - fetch: {src: /root/payload.txt, dest: "${dir}/fetched/"}
    - copy:
        dest: ${out('fetch')}
        content: "{{ lookup('file', '${dir}/fetched/' ~ inventory_hostname ~ '/root/payload.txt') }}"
    - copy: {dest: ${out('lookup')}, content: "{{ lookup('file', '${dir}/payload.txt') }}"}
    - set_fact:
        joined: "{{ p.stdout | replace('7*7', '7*7') }}"
        lines: "{{ p.stdout_lines }}"
    - copy: {dest: ${out('set-fact')}, content: "{{ joined }}"}
    - set_fact: {again: "{{ joined ~ '' }}"}
    - copy: {dest: ${out('set-fact-again')}, content: "{{ again }}"}
    - copy: {dest: ${out('loop')}, content: "{{ item }}"}
      loop: "{{ lines }}"
    - copy: {dest: ${out('hostvars')}, content: "{{ hostvars[groups['lab'][0]].p.stdout }}"}
    - copy: {dest: ${out('when')}, content: "{{ p.stdout }}"}
      when: p.stdout is search('lookup') and p.stdout != '49'
    - copy: {dest: ${out('unsafe-tag')}, content: "{{ tagged }}"}
    - name: a condition made of host text
      copy: {dest: /root/out/refused, content: "x"}
      when: "{{ p.stdout }}"
      ignore_errors: true
`,
    );
    const r = await runCli(['run', playbook, '-i', lab.inventory, '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const results = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map(
        (l) => JSON.parse(l) as { event: string; task?: string; status?: string; result?: { msg?: string } },
      )
      .filter((e) => e.event === 'host_result');
    // changed_when compared the text: it contains 7*7
    assert.ok(results.filter((e) => e.task === 'command').every((e) => e.status === 'changed'));
    const refused = results.filter((e) => e.task === 'a condition made of host text');
    assert.equal(refused.length, lab.hosts.length);
    for (const e of refused) {
      assert.equal(e.status, 'failed');
      assert.match(String(e.result?.msg), /Conditional is marked as unsafe/);
    }
    for (const h of lab.hosts) {
      const files = await lab.exec(
        h,
        `for f in ${paths.map(out).join(' ')}; do printf '%s\\0' "$(cat $f)"; done`,
      );
      const got = files.stdout.split('\0');
      // every path at once, so a failure names all the paths that leak
      assert.deepEqual(
        Object.fromEntries(paths.map((name, i) => [name, got[i]])),
        Object.fromEntries(paths.map((name) => [name, payload])),
        h,
      );
      assert.ok(!files.stdout.includes(token), `${h}: ${files.stdout}`);
      const none = await lab.exec(h, 'test -e /root/out/refused');
      assert.notEqual(none.rc, 0, `${h}: the refused task wrote its file`);
    }
    assert.ok(!r.stdout.includes(token), 'the controller secret shows in the output');
  });
});
