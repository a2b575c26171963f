// cron against a lab host beside ansible-playbook 2.14 on the same playbook and the same fresh
// state: root's and fpl's crontabs (crontab -l), a cron file's bytes and mode, the backup's
// bytes, every task's result (changed, jobs, envs, warnings, msg, diff), the second run's
// idempotence, and check mode with --diff (nothing written, the same diffs shown). A local run
// would edit this machine's crontab: cron's file-only cases are fixtures 181 and 182.
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/cli.js';
import { ansiblePlaybook } from '../../helpers/ansible-playbook.js';
import { useLab } from '../../helpers/lab.js';
import { labPlaybooks } from '../lab-playbook.js';

const TASKS = `
    - name: job in root's crontab
      cron: {name: "check dirs", minute: "0", hour: "5,2", job: "ls -alh > /dev/null"}
    - name: env on top
      cron: {name: PATH, env: true, job: "/opt/bin:/usr/bin"}
    - name: env after PATH
      cron: {name: APP_HOME, env: true, value: /srv/app, insertafter: PATH}
      # in check mode PATH was not written: Ansible's refusal, and the play goes on
      ignore_errors: true
    - name: the seeded line gets a marker
      cron: {name: seeded, job: /usr/bin/seeded}
    - name: update a job's time
      cron: {name: "check dirs", minute: "0", hour: "3", dow: "1-5", job: "ls -alh > /dev/null"}
    - name: remove a variable
      cron: {name: MAILTO, env: true, state: absent}
    - name: fpl's table, as root with -u
      cron: {name: at boot, special_time: reboot, job: /home/fpl/boot.sh, user: fpl}
    - name: a disabled job, its name a YAML boolean
      cron: {name: off, job: /bin/off, disabled: true, user: fpl, minute: "*/5"}
    - name: fpl's table as fpl (become), naming the user
      cron: {name: as fpl, job: /bin/asfpl, user: fpl, weekday: "0"}
      become: true
      become_user: fpl
    - name: fpl's table as fpl (become), no user
      cron: {name: as fpl too, job: /bin/asfpl2, hour: "4"}
      become: true
      become_user: fpl
    - name: a backup before a change
      cron: {name: at boot, special_time: hourly, job: /home/fpl/boot.sh, user: fpl, backup: true}
    - name: remove a job
      cron: {name: "False", state: absent, user: fpl}
    - name: a cron file in /etc/cron.d
      cron: {name: app job, job: /usr/bin/app, user: www-data, minute: "15", cron_file: fabplay-app}
    - name: a user that does not exist
      cron: {name: x, job: /bin/x, user: nobody-here}
      ignore_errors: true
    - name: a job with a line break crontab refuses
      cron: {name: broken, job: "/bin/a\\n/bin/b"}
      ignore_errors: true
    - name: env absent, not there
      cron: {name: NOPE, env: true, state: absent}
`;

// fresh state: no tables but root's, which has a variable and a job Ansible never marked
const SEED = [
  'crontab -r 2>/dev/null; crontab -r -u fpl 2>/dev/null; rm -f /etc/cron.d/fabplay-* /tmp/crontab*',
  'printf \'MAILTO=""\\n* * * * * /usr/bin/seeded\\n\' | crontab -',
].join('\n');

// the tables as crontab -l shows them, the files' bytes and modes, the backups' bytes (oldest first)
const STATE = [
  'echo "== root"; crontab -l',
  'echo "== fpl"; crontab -l -u fpl',
  'stat -c "== %n %a %U %G" /var/spool/cron/crontabs/* /etc/cron.d/fabplay-app; cat /etc/cron.d/fabplay-app',
  'echo "== backups"; for f in $(ls -1tr /tmp/crontab* 2>/dev/null); do stat -c "%a %U" "$f" && cat "$f"; done',
  'true',
].join('\n');

const KEYS = [
  'changed',
  'failed',
  'msg',
  'jobs',
  'envs',
  'warnings',
  'cron_file',
  'state',
  'backup_file',
  'diff',
];

/** The parts of a result both runners must agree on; temporary names and Ansible's own notes out. */
function comparable(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of KEYS) {
    let v = r[k];
    if (v === undefined || (k === 'failed' && v === false)) continue;
    // ansible-playbook's own warning when become makes its remote_tmp for fpl
    if (k === 'warnings') v = (v as string[]).filter((w) => !w.includes('remote_tmp'));
    if (k === 'warnings' && (v as string[]).length === 0) continue;
    out[k] = JSON.parse(JSON.stringify(v).replace(/\/tmp\/crontab\w{8}/g, '/tmp/crontabXXXXXXXX'));
  }
  return out;
}

/** The diffs a text run shows, one block per task: from `--- before` to the host's line. */
function diffBlocks(stdout: string): string[] {
  const blocks: string[] = [];
  let cur: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('--- before')) cur = [];
    else if (cur && /^(changed|ok|fatal|skipping): /.test(line)) {
      blocks.push(cur.join('\n').trim());
      cur = undefined;
      continue;
    }
    cur?.push(line);
  }
  return blocks;
}

describe('modules/system: cron on a lab host beside ansible-playbook 2.14 @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  const pbs = labPlaybooks(lab, 'fabplay-cron-');
  let pb: string;
  before(() => {
    pb = pbs.playbook(TASKS, 'cron.yml');
  });

  const exec = async (script: string) => {
    const r = await lab.exec('h1', script);
    assert.equal(r.rc, 0, r.stderr);
    return r.stdout;
  };

  function ansible(...flags: string[]): { results: [string, unknown][]; stdout: string } {
    const json = flags.includes('--json');
    const args = ['-i', lab.inventory, pb, ...flags.filter((f) => f !== '--json')];
    const r = ansiblePlaybook(args, pbs.dir, json ? { ANSIBLE_STDOUT_CALLBACK: 'json' } : {});
    if (!json) return { results: [], stdout: r.stdout };
    const out = JSON.parse(r.stdout) as {
      plays: { tasks: { task: { name: string }; hosts: Record<string, Record<string, unknown>> }[] }[];
    };
    const results = out.plays[0]!.tasks.map((t): [string, unknown] => [t.task.name, comparable(t.hosts.h1!)]);
    return { results, stdout: r.stdout };
  }

  async function fabplay(...flags: string[]): Promise<[string, unknown][]> {
    const { byTask } = await pbs.run(pb, ...flags);
    return [...byTask].map(([name, e]): [string, unknown] => [name, comparable(e.result ?? {})]);
  }

  it('writes the bytes ansible-playbook writes, with its results, and a second run the same', async () => {
    await exec(SEED);
    const a1 = ansible('--diff', '--json').results;
    const aState1 = await exec(STATE);
    const a2 = ansible('--diff', '--json').results;
    const aState2 = await exec(STATE);

    await exec(SEED);
    const f1 = await fabplay('--diff');
    const fState1 = await exec(STATE);
    const f2 = await fabplay('--diff');
    const fState2 = await exec(STATE);

    assert.match(
      aState1,
      /#Ansible: seeded\n\* \* \* \* \* \/usr\/bin\/seeded\n#Ansible: check dirs\n0 3 \* \* 1-5 ls/,
    );
    assert.match(aState1, /#Ansible: False\n#\*\/5 \* \* \* \* \/bin\/off/);
    assert.equal(a1.length, 16);
    assert.deepEqual(f1, a1);
    assert.equal(fState1, aState1);
    assert.deepEqual(f2, a2);
    assert.equal(fState2, aState2);
    // the second run: only what the playbook itself undoes changes again
    const changedAgain = a2.filter(([, r]) => (r as { changed?: boolean }).changed).map(([n]) => n);
    assert.deepEqual(changedAgain, [
      "job in root's crontab",
      "update a job's time",
      "fpl's table, as root with -u",
      'a disabled job, its name a YAML boolean',
      'a backup before a change',
      'remove a job',
    ]);
  });

  it('check mode writes nothing and shows the diffs ansible-playbook shows', async () => {
    await exec(SEED);
    const seeded = await exec(STATE);
    const theirs = ansible('--check', '--diff').stdout;
    assert.equal(await exec(STATE), seeded);

    await exec(SEED);
    const snap = pbs.snapshot();
    const ours = await runCli(['run', pb, '-i', lab.inventory, '--check', '--diff']);
    assert.equal(await exec(STATE), seeded);
    assert.equal(pbs.snapshot(), snap, 'check mode wrote nothing on the host');

    const want = diffBlocks(theirs);
    assert.equal(want.length, 13, theirs);
    assert.deepEqual(diffBlocks(ours.stdout), want, ours.stdout);
  });

  it('with no crontab binary, fails naming the paths searched, as Ansible', async () => {
    const nobin = pbs.playbook(
      `\n    - name: no crontab\n      cron: {name: x, job: /bin/x}\n      ignore_errors: true\n`,
      'nobin.yml',
    );
    await exec('mv /usr/bin/crontab /usr/bin/crontab.off');
    try {
      const theirs = ansiblePlaybook(['-i', lab.inventory, nobin], pbs.dir, {
        ANSIBLE_STDOUT_CALLBACK: 'json',
      });
      const want = comparable(
        (JSON.parse(theirs.stdout) as { plays: { tasks: { hosts: { h1: Record<string, unknown> } }[] }[] })
          .plays[0]!.tasks[0]!.hosts.h1,
      );
      assert.match(String(want.msg), /^Failed to find required executable "crontab" in paths: .*\/usr\/sbin/);
      const { byTask } = await pbs.run(nobin);
      assert.deepEqual(comparable(byTask.get('no crontab')?.result ?? {}), want);
    } finally {
      await exec('mv /usr/bin/crontab.off /usr/bin/crontab');
    }
  });
});
