import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { alive } from '../helpers/alive.js';
import { keeperPids } from '../helpers/keepers.js';
import { useLab } from '../helpers/lab.js';
import { ranBy, startServer, steady, until, warmEnv, WHO_TASK } from './warm-server.js';

/**
 * Warm runs over kept connections (ControlPersist): the warm process keeps the connections itself,
 * with their SFTP sessions, from one run to the next (connection/keeper/parked.ts). A run must
 * still see the hosts as they are now, and report what a run of its own reports.
 */
describe('warm runs over kept connections @lab', function () {
  this.timeout(120000);
  const lab = useLab({ hosts: 2 });
  let dir: string;
  let server: number | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fabplay-warm-lab-'));
    server = undefined;
  });
  afterEach(async () => {
    const pids = [...keeperPids(dir), ...(server === undefined ? [] : [server])];
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
    for (const pid of pids) await until(() => !alive(pid), `process ${pid} ends`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs after runs see what changed on the hosts, as runs of their own do', async () => {
    const base = '/var/tmp/fabplay-warm';
    writeFileSync(
      join(dir, 'ansible.cfg'),
      `[ssh_connection]\nssh_args = -o ControlMaster=auto -o ControlPersist=60s\ncontrol_path_dir = ${dir}/cp\n`,
    );
    writeFileSync(
      join(dir, 'site.yml'),
      `- hosts: h1:h2
  gather_facts: false
  tasks:
${WHO_TASK}    - file:
        path: ${base}
        state: directory
    - copy:
        content: "item {{ item }}\\n"
        dest: "${base}/copy{{ item }}.txt"
      loop: [1, 2, 3]
    - lineinfile:
        path: ${base}/line.conf
        line: "key = value"
        create: true
    - command: cat ${base}/copy2.txt
      register: two
      changed_when: false
    - debug:
        var: two.stdout
`,
    );
    const runtime = join(dir, 'runtime');
    server = await startServer(runtime, { FABPLAY_WARM_IDLE: '5' });
    const run = (warm: boolean): Promise<CliResult> =>
      runCli(['run', 'site.yml', '-i', lab.inventory], {
        built: true,
        cwd: dir,
        env: { ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ...(warm ? warmEnv(runtime) : {}) },
      });
    const first = await run(true);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(ranBy(first), server, 'served by the warm process');
    assert.match(first.stdout, /h1 +: ok=6 +changed=3 /);
    // the second run takes the connections the first left parked: nothing to change
    const second = await run(true);
    assert.match(second.stdout, /h1 +: ok=6 +changed=0 /, second.stdout);
    // a change made on the host between runs is seen and put right, warm or not, alike
    const tamper = async (): Promise<void> => {
      const r = await lab.exec('h1', `printf 'tampered\\n' > ${base}/copy2.txt; sed -i d ${base}/line.conf`);
      assert.equal(r.rc, 0, r.stderr);
    };
    await tamper();
    const warm = await run(true);
    await tamper();
    const own = await run(false);
    assert.equal(ranBy(warm), server);
    assert.notEqual(ranBy(own), server);
    // hosts report in the order they finish: each banner's lines are compared in any order
    const inAnyOrder = (r: CliResult): CliResult => {
      const out = steady(r);
      const blocks = out.stdout.split('\n\n').map((b) => b.split('\n').sort().join('\n'));
      return { ...out, stdout: blocks.join('\n\n') };
    };
    assert.deepEqual(inAnyOrder(warm), inAnyOrder(own));
    assert.match(warm.stdout, /h1 +: ok=6 +changed=2 /, warm.stdout);
    assert.match(warm.stdout, /h2 +: ok=6 +changed=0 /);
    assert.equal((await lab.exec('h1', `cat ${base}/copy2.txt`)).stdout, 'item 2\n');
    // the shells a run leaves are kept: what one command sets stays in its subshell
    writeFileSync(
      join(dir, 'set.yml'),
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - shell: export LEAK=1; cd /tmp; umask 077\n      environment:\n        ALSO: x\n`,
    );
    writeFileSync(
      join(dir, 'get.yml'),
      `- hosts: h1\n  gather_facts: false\n  tasks:\n    - shell: 'echo "\${LEAK:-none} \${ALSO:-none} $(pwd) $(umask)"'\n      register: r\n    - debug: var=r.stdout\n`,
    );
    const book = (name: string, warm: boolean): Promise<CliResult> =>
      runCli(['run', name, '-i', lab.inventory], {
        built: true,
        cwd: dir,
        env: { ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ...(warm ? warmEnv(runtime) : {}) },
      });
    assert.equal((await book('set.yml', true)).code, 0);
    const got = await book('get.yml', true);
    assert.deepEqual(steady(got), steady(await book('get.yml', false)));
    assert.match(got.stdout, /"r.stdout": "none none \/root 0022"/, got.stdout);
    // idle, it ends, parked connections and all
    await until(() => !alive(server!), 'the idle warm process ends', 20000);
  });
});
