// unarchive beside ansible-playbook 2.14 on the same lab host: the same playbook (one tree root
// each), run in check mode on a fresh tree, for real twice, then in check mode again. Compared:
// each task's changed/skipped/failed, handler, list_files and zip's itemized diff; the trees
// unpacked (names, types, bytes, modes, owners, file mtimes, link targets). Archives are made
// here with tar and zip. Where Ansible skips a tar archive in check mode ("does not support
// check mode when using gtar"), fabplay's check must predict Ansible's real run of the task.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiblePlaybook } from '../../helpers/ansible-playbook.js';
import { runCli } from '../../helpers/cli.js';
import { LAB_USER, LAB_USER_PASSWORD, useLab } from '../../helpers/lab.js';
import { makeTempDir } from '../../helpers/pxe-fixtures.js';

type Task = [name: string, args: Record<string, unknown>, become?: boolean];

const R = '{{ root }}';
const TASKS: Task[] = [
  ['tgz', { src: 'a.tgz', dest: `${R}/tgz`, list_files: true }],
  ['tbz2', { src: 'a.tbz2', dest: `${R}/tbz2` }],
  ['txz', { src: 'a.txz', dest: `${R}/txz` }],
  ['tzst', { src: 'a.tzst', dest: `${R}/tzst` }],
  ['tar', { src: 'a.tar', dest: `${R}/tar`, list_files: true }],
  ['zip', { src: 'a.zip', dest: `${R}/zip`, list_files: true }],
  ['remote tgz', { src: `${R}/a.tgz`, dest: `${R}/rtgz`, remote_src: true }],
  ['remote zip', { src: `${R}/a.zip`, dest: `${R}/rzip`, remote_src: true, list_files: true }],
  ['exclude tar', { src: 'a.tgz', dest: `${R}/excl_tar`, exclude: ['d/sub'], list_files: true }],
  ['exclude zip', { src: 'a.zip', dest: `${R}/excl_zip`, exclude: ['d/sub/*'], list_files: true }],
  ['include tar', { src: 'a.tgz', dest: `${R}/incl_tar`, include: ['d/a.txt'], list_files: true }],
  ['include zip', { src: 'a.zip', dest: `${R}/incl_zip`, include: ['d/a.txt'], list_files: true }],
  ['strip', { src: 'a.tgz', dest: `${R}/strip`, extra_opts: ['--strip-components=1'], list_files: true }],
  [
    'attrs tar',
    { src: 'p.tgz', dest: `${R}/attr_tar`, owner: 'daemon', group: 'daemon', mode: 'u=rwX,g=rX,o=' },
  ],
  [
    'attrs zip',
    { src: 'p.zip', dest: `${R}/attr_zip`, owner: 'daemon', group: 'daemon', mode: 'u=rwX,g=rX,o=' },
  ],
  // the setup makes the path: skipped in every run, check mode too
  ['creates', { src: 'a.tgz', dest: `${R}/creates`, creates: `${R}/kn_tar/d/a.txt` }],
  ['keep_newer tar', { src: 'a.tgz', dest: `${R}/kn_tar`, keep_newer: true }],
  ['keep_newer zip', { src: 'a.zip', dest: `${R}/kn_zip`, keep_newer: true }],
];
const dirsOf = (tasks: Task[]) => tasks.map(([, a]) => String(a.dest).replace(`${R}/`, ''));

/** A play on h1 with these tasks; a task's third element is its `become`. */
function playbook(tasks: Task[], become = false): string {
  const lines = tasks.map(
    ([name, a, b]) =>
      `    - name: ${name}\n      unarchive: ${JSON.stringify(a)}${b === undefined ? '' : `\n      become: ${b}`}`,
  );
  return `- hosts: h1\n  gather_facts: false\n  become: ${become}\n  tasks:\n${lines.join('\n')}\n`;
}

// as the lab's unprivileged user: with become (the controller's archive is uploaded as that user
// and read by root) and without (the zip comparison's non-root rules; tar as that user)
const USER_TASKS: Task[] = [
  ['become tgz', { src: 'a.tgz', dest: `${R}/b_tgz` }],
  ['become zip', { src: 'a.zip', dest: `${R}/b_zip`, list_files: true }],
  ['user tgz', { src: 'a.tgz', dest: `${R}/u_tgz` }, false],
  ['user zip', { src: 'a.zip', dest: `${R}/u_zip`, mode: 'g-r' }, false],
];

/** The archives, from a tree with fixed mtimes: a.* (files, a subdirectory, a symlink), p.* (no link: mode applies). */
function makeArchives(dir: string): void {
  const src = join(dir, 'src');
  mkdirSync(join(src, 'd', 'sub'), { recursive: true });
  mkdirSync(join(src, 'p', 'q'), { recursive: true });
  writeFileSync(join(src, 'd', 'a.txt'), 'from the archive\n');
  writeFileSync(join(src, 'd', 'sub', 'b.txt'), 'secret\n', { mode: 0o600 });
  writeFileSync(join(src, 'd', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  chmodSync(join(src, 'd', 'sub', 'b.txt'), 0o600);
  chmodSync(join(src, 'd', 'run.sh'), 0o755);
  symlinkSync('a.txt', join(src, 'd', 'link'));
  writeFileSync(join(src, 'p', 'x.conf'), 'x=1\n');
  writeFileSync(join(src, 'p', 'q', 'y.conf'), 'y=2\n');
  execFileSync('sh', ['-c', 'find . -exec touch -h -d "2020-01-02 03:04:05" {} +'], { cwd: src });
  const files = join(dir, 'files');
  mkdirSync(files);
  const tar = (flag: string, out: string, what: string) =>
    execFileSync('tar', [...(flag ? [flag] : []), '-cf', join(files, out), what], { cwd: src });
  tar('-z', 'a.tgz', 'd');
  tar('-j', 'a.tbz2', 'd');
  tar('-J', 'a.txz', 'd');
  tar('--zstd', 'a.tzst', 'd');
  tar('', 'a.tar', 'd');
  tar('-z', 'p.tgz', 'p');
  execFileSync('zip', ['-qry', join(files, 'a.zip'), 'd'], { cwd: src });
  execFileSync('zip', ['-qry', join(files, 'p.zip'), 'p'], { cwd: src });
}

/** The fields compared of one task's result. */
function summary(r: Record<string, any> | undefined, root: string) {
  if (!r) return 'not run';
  return JSON.stringify({
    changed: r.changed ?? false,
    skipped: r.skipped ?? false,
    failed: r.failed ?? false,
    handler: r.handler,
    files: r.files,
    diff: r.diff?.prepared,
    msg: typeof r.msg === 'string' ? r.msg.replaceAll(root, 'ROOT') : undefined,
  });
}

const GTAR_CHECK = /does not support check mode when using gtar/;

describe('unarchive beside ansible-playbook 2.14 @lab', function () {
  this.timeout(900_000);
  const lab = useLab({ hosts: 1 });
  let tmp: ReturnType<typeof makeTempDir>;
  const env = { ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_STDOUT_CALLBACK: 'json' };
  const ROOTS = { an: '/srv/an', fp: '/srv/fp' } as const;

  before(async () => {
    tmp = makeTempDir('fabplay-unarchive-');
    makeArchives(tmp.dir);
    const inventory = (extra: Record<string, string>) => {
      const vars = Object.entries({ ...lab.hostVars('h1'), ...extra });
      const lines = vars.map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
      return ['all:', '  hosts:', '    h1:', ...lines, ''].join('\n');
    };
    writeFileSync(join(tmp.dir, 'inventory.yml'), inventory({}));
    const user = { ansible_user: LAB_USER, ansible_become_password: LAB_USER_PASSWORD };
    writeFileSync(join(tmp.dir, 'user-inventory.yml'), inventory(user));
    writeFileSync(join(tmp.dir, 'site.yml'), playbook(TASKS));
    writeFileSync(join(tmp.dir, 'user.yml'), playbook(USER_TASKS, true));
    for (const root of Object.values(ROOTS)) {
      const mk = [...dirsOf(TASKS), ...dirsOf(USER_TASKS)].map((d) => `${root}/${d}`).join(' ');
      // keep_newer: a file newer than the archive's stays, an older one is replaced
      const setup = `mkdir -p ${mk} ${root}/kn_tar/d/sub ${root}/kn_zip/d/sub && for k in kn_tar kn_zip; do
        echo local > ${root}/$k/d/a.txt; touch -d '2030-01-01 00:00:00' ${root}/$k/d/a.txt; echo old > ${root}/$k/d/sub/b.txt
        touch -d '2001-01-01 00:00:00' ${root}/$k/d/sub/b.txt; done && chown ${LAB_USER} ${root}/u_* && cat > ${root}/a.tgz`;
      assert.equal((await lab.exec('h1', setup, readFileSync(join(tmp.dir, 'files', 'a.tgz')))).rc, 0);
      const zip = await lab.exec('h1', `cat > ${root}/a.zip`, readFileSync(join(tmp.dir, 'files', 'a.zip')));
      assert.equal(zip.rc, 0);
    }
  });
  after(() => tmp?.cleanup());

  type Results = Map<string, Record<string, any>>;

  /** Each task's result under ansible-playbook (json callback), by task name. */
  function ansible(files: string[], extra: string[]): Results {
    const args = ['-i', files[0]!, files[1]!, '-e', `root=${ROOTS.an}`, ...extra];
    const r = ansiblePlaybook(args, tmp.dir, env);
    const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
      plays: { tasks: { task: { name: string }; hosts: Record<string, Record<string, any>> }[] }[];
    };
    return new Map(out.plays[0]!.tasks.map((t) => [t.task.name, t.hosts.h1!]));
  }

  /** Each task's result under fabplay (--json), by task name. */
  async function fabplay(files: string[], extra: string[]): Promise<Results> {
    const args = ['run', '-i', files[0]!, files[1]!, '-e', `root=${ROOTS.fp}`, '--json', ...extra];
    const r = await runCli(args, { cwd: tmp.dir });
    const events = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event: string; task?: string; result?: Record<string, any> })
      .filter((e) => e.event === 'host_result');
    assert.ok(events.length > 0, r.stdout + r.stderr);
    return new Map(events.map((e) => [e.task!, e.result!]));
  }

  /** names, types, modes, owners, sizes, link targets, file mtimes and bytes of a root's trees */
  async function tree(root: string, dirs: string[]): Promise<string> {
    const sum = `-exec sh -c 'sha1sum < "$1" | cut -c1-40' sh {} \\;`;
    const find = `cd ${root} && find ${dirs.join(' ')} -mindepth 1 -printf '%p %y %m %u:%g %l ' \\( -type f -printf '%s %T@ ' ${sum} -o -printf '\\n' \\) | sort`;
    const r = await lab.exec('h1', find);
    assert.equal(r.rc, 0, r.stderr);
    return r.stdout;
  }

  /**
   * Runs both tools through check fresh, run 1, run 2, check converged; returns fabplay's results
   * and what differs. Check mode must leave fabplay's trees alone, and the trees must end equal.
   */
  async function compareRuns(files: string[], tasks: Task[]): Promise<Results[]> {
    const runs = ['check fresh', 'run 1', 'run 2', 'check converged'];
    const dirs = dirsOf(tasks);
    const extra = (run: string) => (run.startsWith('check') ? ['--check'] : []);
    const theirs = runs.map((run) => ansible(files, extra(run)));
    const ours: Results[] = [];
    for (const run of runs) {
      const before = run.startsWith('check') ? await tree(ROOTS.fp, dirs) : undefined;
      ours.push(await fabplay(files, extra(run)));
      if (before !== undefined) assert.equal(await tree(ROOTS.fp, dirs), before, `${run} changed the tree`);
    }
    // the scratch copies of the controller's archives are gone
    assert.equal((await lab.exec('h1', 'ls -a /tmp | grep -c fabplay-scratch')).stdout.trim(), '0');
    const problems: string[] = [];
    runs.forEach((run, i) => {
      for (const [name] of tasks) {
        const a = theirs[i]!.get(name);
        const f = ours[i]!.get(name);
        if (run.startsWith('check') && GTAR_CHECK.test(String(a?.msg))) {
          // Ansible's real run of the same state is what fabplay's check must foresee
          const real = theirs[i === 0 ? 1 : 2]!.get(name);
          if (Boolean(f?.changed) !== Boolean(real?.changed) || f?.skipped || f?.failed)
            problems.push(
              `${run} ${name}: fabplay ${summary(f, ROOTS.fp)}, ansible's run ${summary(real, ROOTS.an)}`,
            );
          continue;
        }
        const want = summary(a, ROOTS.an);
        const got = summary(f, ROOTS.fp);
        if (want !== got) problems.push(`${run} ${name}:\n  ansible ${want}\n  fabplay ${got}`);
      }
    });
    assert.deepEqual(problems, []);
    assert.equal(await tree(ROOTS.fp, dirs), await tree(ROOTS.an, dirs));
    return ours;
  }

  const changedIn = (r: Results) => [...r.entries()].filter(([, x]) => x.changed).map(([n]) => n);

  it('agrees on check, first run, second run and check again; the trees are the same', async () => {
    const ours = await compareRuns(['inventory.yml', 'site.yml'], TASKS);
    // the first run unpacked everything but `creates`; the second changed nothing but keep_newer
    // on tar, where (in Ansible too) `tar --diff` sees the newer file's mtime and unpacks again
    assert.deepEqual(
      changedIn(ours[1]!),
      TASKS.map(([n]) => n).filter((n) => n !== 'creates'),
    );
    assert.deepEqual(changedIn(ours[2]!), ['keep_newer tar']);
  });

  it('agrees as an unprivileged login user, with become and without', async () => {
    const ours = await compareRuns(['user-inventory.yml', 'user.yml'], USER_TASKS);
    assert.deepEqual(
      changedIn(ours[1]!),
      USER_TASKS.map(([n]) => n),
    );
    assert.deepEqual(changedIn(ours[2]!), []);
    const owners = await lab.exec(
      'h1',
      `stat -c '%U %a' ${ROOTS.fp}/b_tgz/d/a.txt ${ROOTS.fp}/u_zip/d/a.txt`,
    );
    assert.equal(owners.stdout, `root 644\n${LAB_USER} 604\n`);
  });
});
