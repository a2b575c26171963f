// service_facts, package_facts and wait_for_connection on a lab host, beside ansible-playbook 2.14:
// the same playbook run by both writes each registered result to a JSON file on the controller,
// and the two tools' files must hold the same data. A lab host has no systemd as PID 1, so
// service_facts reads `service --status-all` there, as Ansible does; the systemd listings are
// unit-tested on captured output (services/service-facts.test.ts).
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiblePlaybook } from '../helpers/ansible-playbook.js';
import { runCli } from '../helpers/cli.js';
import { useLab } from '../helpers/lab.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';

/** Tasks that register `r` and write it to DIR/<tool>-<name>.json on the controller. */
function saved(name: string, task: string): string {
  return `
    - ${task}
      register: r
      ignore_errors: true
    - copy: {content: "{{ r | to_json }}", dest: "{{ out }}/{{ tool }}-${name}.json"}
      delegate_to: localhost`;
}

// an RPM with an epoch and one without, for the rpm manager (the machine's rpm database is empty)
const RPMS = `set -e
t=$(mktemp -d)
for spec in 'fabplay-epoch 1.2 3 Epoch:7' 'fabplay-plain 0.9 1 '; do
  set -- $spec
  cat > "$t/$1.spec" <<SPEC
Name: $1
Version: $2
Release: $3
$4
Summary: fabplay package_facts test
License: MIT
BuildArch: noarch
%description
fabplay package_facts test
%files
SPEC
  rpmbuild -bb --quiet --define "_topdir $t/top" --define "_rpmdir $t/rpms" "$t/$1.spec" >/dev/null
done
rpm -i --nodeps "$t"/rpms/noarch/*.rpm
rm -rf "$t"`;

/** Waits (at most 120 s) for sshd's listener to go, then starts a new one 4 s later. */
const RESTART_SSHD = `i=0
while kill -0 "$(cat /run/sshd.pid 2>/dev/null)" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 600 ] || exit 1; sleep 0.2; done
sleep 4; /usr/sbin/sshd -r -f /run/fabplay/sshd_config && echo restarted`;

describe('service_facts, package_facts, wait_for_connection beside ansible-playbook @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  const dir = tempDirUntilExit('fabplay-facts');

  /** Runs the play with both tools; each result file's data, fabplay's and Ansible's. */
  async function both(tasks: string, names: string[]) {
    const pb = join(dir, 'site.yml');
    writeFileSync(pb, `- hosts: h1\n  gather_facts: false\n  tasks:${tasks}\n`);
    const ours = await runCli(['run', pb, '-i', lab.inventory, '-e', `out=${dir} tool=fab`]);
    assert.equal(ours.code, 0, ours.stdout + ours.stderr);
    const theirs = ansiblePlaybook(['-i', lab.inventory, pb, '-e', `out=${dir} tool=ans`], dir);
    assert.equal(theirs.status, 0, theirs.stdout);
    const read = (tool: string, n: string) =>
      JSON.parse(readFileSync(join(dir, `${tool}-${n}.json`), 'utf8')) as Record<string, any>;
    return Object.fromEntries(names.map((n) => [n, { fab: read('fab', n), ans: read('ans', n) }]));
  }

  it('service_facts: the init scripts and their states, as Ansible reads service --status-all', async () => {
    await lab.exec('h1', 'service cron start; service tftpd-hpa start');
    const r = await both(
      saved('sf', 'service_facts:') + saved('sfc', 'service_facts:\n      check_mode: true'),
      ['sf', 'sfc'],
    );
    assert.deepEqual(r.sf!.fab, r.sf!.ans);
    assert.deepEqual(r.sfc!.fab, r.sfc!.ans);
    const services = r.sf!.fab.ansible_facts.services;
    assert.deepEqual(services.cron, { name: 'cron', state: 'running', source: 'sysv' });
    assert.equal(services.apache2.state, 'stopped');
    await lab.exec('h1', 'service cron stop; service tftpd-hpa stop');
  });

  it('package_facts: apt (dpkg-query and apt-cache against python3-apt), rpm, all, refusals', async () => {
    const built = await lab.exec('h1', RPMS);
    assert.equal(built.rc, 0, built.stderr);
    const r = await both(
      saved('apt', 'package_facts: {manager: apt}') +
        saved('rpm', 'package_facts: {manager: rpm}') +
        saved('all', 'package_facts: {manager: [rpm, apt], strategy: all}') +
        saved('none', 'package_facts: {manager: [pacman, apk]}') +
        saved('bad', 'package_facts: {manager: [apt, yum]}'),
      ['apt', 'rpm', 'all', 'none', 'bad'],
    );
    for (const [name, { fab, ans }] of Object.entries(r)) assert.deepEqual(fab, ans, name);
    const pkgs = r.all!.fab.ansible_facts.packages;
    assert.deepEqual(pkgs['fabplay-epoch'], [
      { name: 'fabplay-epoch', version: '1.2', release: '3', epoch: 7, arch: 'noarch', source: 'rpm' },
    ]);
    assert.equal(pkgs['fabplay-plain'][0].epoch, null);
    assert.equal(pkgs.dpkg[0].source, 'apt');
    assert.match(r.bad!.fab.msg, /Unsupported package managers requested: yum/);
  });

  it('wait_for_connection: sshd stopped by a task, back 4 s later; check mode skipped', async () => {
    // the task stops sshd's listener (its own session stays, as in a reboot's first moments)
    const tasks =
      '\n    - shell: kill $(cat /run/sshd.pid)' +
      saved('wait', 'wait_for_connection: {sleep: 1, timeout: 60, connect_timeout: 3}') +
      saved('check', 'wait_for_connection:\n      check_mode: true');
    const pb = join(dir, 'wait.yml');
    writeFileSync(pb, `- hosts: h1\n  gather_facts: false\n  tasks:${tasks}\n`);
    const results: Record<string, Record<string, any>> = {};
    for (const tool of ['fab', 'ans']) {
      // inside the host, apart from the run (ansible-playbook is waited for synchronously): once
      // the listener is gone, a new one 4 s later
      const restarter = lab.exec('h1', RESTART_SSHD);
      if (tool === 'fab') {
        const ours = await runCli(['run', pb, '-i', lab.inventory, '-e', `out=${dir} tool=fab`]);
        assert.equal(ours.code, 0, ours.stdout + ours.stderr);
      } else {
        const theirs = ansiblePlaybook(['-i', lab.inventory, pb, '-e', `out=${dir} tool=ans`], dir);
        assert.equal(theirs.status, 0, theirs.stdout);
      }
      assert.match((await restarter).stdout, /restarted/);
      for (const n of ['wait', 'check'])
        results[`${tool}-${n}`] = JSON.parse(readFileSync(join(dir, `${tool}-${n}.json`), 'utf8'));
    }
    assert.deepEqual(results['fab-check'], results['ans-check']);
    assert.deepEqual(results['fab-check'], { changed: false, failed: false, skipped: true });
    for (const tool of ['fab', 'ans']) {
      const w = results[`${tool}-wait`]!;
      assert.deepEqual(Object.keys(w).sort(), ['changed', 'elapsed', 'failed'], tool);
      assert.equal(w.failed, false, tool);
      assert.ok(w.elapsed >= 3 && w.elapsed <= 20, `${tool} waited ${w.elapsed} s for sshd`);
    }
  });
});
