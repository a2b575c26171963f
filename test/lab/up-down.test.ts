import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { tsxLoader } from '../helpers/cli.js';
import { tempDirUntilExit } from '../helpers/temp-dir.js';
import { load } from 'js-yaml';

const entry = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));

const retryDir = mkdtempSync(`${tmpdir()}/fabplay-lab-cli-retry-`);
process.once('exit', () => rmSync(retryDir, { recursive: true, force: true }));

function fabplayIn(cwd: string | undefined, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', tsxLoader, entry, ...args], {
    encoding: 'utf8',
    timeout: 120000,
    cwd,
    // a failed run's retry file goes with the test's files, not into ~/.local/state
    env: { ...process.env, FABPLAY_RETRY_DIR: retryDir },
  });
  return { rc: r.status, out: r.stdout, err: r.stderr };
}

const fabplay = (...args: string[]) => fabplayIn(undefined, ...args);

function netnsOf(lab: string): string[] {
  return existsSync('/run/netns') ? readdirSync('/run/netns').filter((n) => n.startsWith(`fpl-${lab}-`)) : [];
}

function pidsIn(inodes: Set<string>): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (inodes.has(readlinkSync(`/proc/${p}/ns/net`))) pids.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return pids;
}

describe('fabplay lab up / down @lab', function () {
  this.timeout(180000);
  const name = `cli${process.pid.toString(36)}`;
  const dir = tempDirUntilExit('fabplay-lab-cli');
  const inventory = `${dir}/hosts.yml`;

  after(() => {
    if (netnsOf(name).length) fabplay('lab', 'down', '--name', name);
  });

  it('starts 3 hosts reachable with the written inventory, runs a playbook on them, then removes every trace', () => {
    const up = fabplay('lab', 'up', '--hosts', '3', '--name', name, '--inventory', inventory);
    assert.equal(up.rc, 0, up.err + up.out);
    assert.match(up.out, /inventory: /);
    assert.match(up.out, /fabplay lab down --name/);

    // the inventory works with OpenSSH exactly as written (ansible-playbook uses the same options)
    const inv = load(readFileSync(inventory, 'utf8')) as {
      all: {
        vars: Record<string, string>;
        children: { lab: { hosts: Record<string, { ansible_host: string }> } };
      };
    };
    const hosts = inv.all.children.lab.hosts;
    assert.deepEqual(Object.keys(hosts), ['h1', 'h2', 'h3']);
    const v = inv.all.vars;
    const ssh = spawnSync(
      'sh',
      [
        '-c',
        `ssh -o BatchMode=yes -i ${v.ansible_ssh_private_key_file} ${v.ansible_ssh_common_args} root@${hosts.h3!.ansible_host} hostname`,
      ],
      { encoding: 'utf8', timeout: 60000 },
    );
    assert.equal(ssh.stdout, 'h3\n', ssh.stderr);

    // fabplay run over SSH on all three; h2 kills its own sshd mid-run: it is UNREACHABLE, h1 and
    // h3 finish the play, and the exit code is 4
    const playbook = `${dir}/small.yml`;
    writeFileSync(
      playbook,
      [
        '- hosts: lab',
        '  gather_facts: false',
        '  tasks:',
        '    - command: hostname',
        '      register: before',
        '    - shell: pkill -KILL -x sshd; sleep 5',
        "      when: inventory_hostname == 'h2'",
        '    - copy: {content: "{{ before.stdout }}\\n", dest: /tmp/ran-by-fabplay}',
        '',
      ].join('\n'),
    );
    const run = fabplay('run', playbook, '-i', inventory, '--json');
    assert.equal(run.rc, 4, run.err + run.out);
    const recap = run.out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event: string; stats?: Record<string, Record<string, number>> })
      .find((e) => e.event === 'recap')!.stats!;
    assert.deepEqual(
      Object.fromEntries(Object.entries(recap).map(([h, st]) => [h, [st.ok, st.unreachable, st.failed]])),
      { h1: [2, 0, 0], h2: [1, 1, 0], h3: [2, 0, 0] },
      'h1 and h3: command and copy ok (shell skipped); h2: command ok, then unreachable',
    );

    const status = fabplay('lab', 'status');
    assert.match(status.out, new RegExp(`lab '${name}'[\\s\\S]*h3 .* running`));

    const namespaces = netnsOf(name);
    // the management network, h1..h3, and g1 (segment 1's gate client)
    assert.equal(namespaces.length, 5);
    const inodes = new Set(namespaces.map((n) => `net:[${statSync(`/run/netns/${n}`).ino}]`));
    const pids = pidsIn(inodes);
    assert.ok(pids.length >= 6, `lab processes: ${pids.join(' ')}`);

    const down = fabplay('lab', 'down', '--name', name);
    assert.equal(down.rc, 0, down.err);
    assert.deepEqual(netnsOf(name), []);
    assert.deepEqual(
      pids.filter(
        (p) => existsSync(`/proc/${p}`) && !readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z '),
      ),
      [],
    );
    assert.deepEqual(pidsIn(inodes), []);
    assert.ok(!readFileSync('/proc/self/mountinfo', 'utf8').includes(`/run/fabplay-lab/${name}`));
    assert.ok(!existsSync(`/run/fabplay-lab/${name}`));
    assert.equal(fabplay('lab', 'down', '--name', name).rc, 0, 'down twice is fine');
  });

  it('a named lab writes its inventory beside the default one, never over it', () => {
    const other = `${name}b`;
    const cwd = tempDirUntilExit('fabplay-lab-named');
    try {
      const up = fabplayIn(cwd, 'lab', 'up', '--hosts', '1', '--segments', '0', '--name', other);
      assert.equal(up.rc, 0, up.err + up.out);
      assert.match(up.out, new RegExp(`inventory: +${cwd}/inventory/lab-${other}/hosts\\.yml`));
      assert.match(readFileSync(`${cwd}/inventory/lab-${other}/hosts.yml`, 'utf8'), /fabplay_lab: "?\w+"?/);
      assert.ok(!existsSync(`${cwd}/inventory/lab/hosts.yml`), 'the default lab inventory is not written');
    } finally {
      fabplay('lab', 'down', '--name', other);
    }
  });

  it('refuses a bad lab name and bad counts plainly', () => {
    const r = fabplay('lab', 'up', '--name', 'Bad-Name');
    assert.equal(r.rc, 5);
    assert.match(r.err, /invalid lab name/);
    assert.doesNotMatch(r.err, /\n\s+at /);
    assert.match(fabplay('lab', 'up', '--hosts', '0', '--name', 'x').err, /--hosts must be/);
  });
});
