import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../../helpers/cli.js';
import { useLab } from '../../helpers/lab.js';
import { ansibleTasks } from '../../helpers/ansible-playbook.js';
import { hasCommand } from '../../roles/checkers.js';
import { tempDirUntilExit } from '../../helpers/temp-dir.js';

/**
 * known_hosts and authorized_key beside ansible-playbook 2.14: the same playbook
 * (test/fixtures/ssh-keys/) runs with fabplay on h1 and with ansible-playbook on h2, twice (the
 * second run shows idempotence); each task's result, and every file's bytes, mode and owner, must
 * be the same on both hosts. The keys are made for the run with ssh-keygen. What cannot be the
 * same is masked: the random salt of a hashed host, and Ansible's temporary file names.
 */
const MODULES = new Set(['known_hosts', 'authorized_key']);
/** in this order, on the same two hosts; become.yml logs in as fpl and becomes root with its password */
const PLAYBOOKS = ['known_hosts.yml', 'authorized_key.yml', 'become.yml'];

const FILES = [
  '/tmp/kh/known_hosts',
  '/tmp/kh/known_hosts.old',
  '/tmp/kh/nonl',
  '/root/.ssh',
  '/root/.ssh/authorized_keys',
  '/root/.ssh/known_hosts',
  '/home/fpl/.ssh',
  '/home/fpl/.ssh/authorized_keys',
  '/home/fpl/.ssh/known_hosts',
  '/tmp/ak/keys',
  '/tmp/ak/target',
  '/tmp/ak/link1',
  '/tmp/ak/link2',
  '/tmp/ak2/sub',
  '/tmp/ak2/sub/keys',
  '/tmp/ak3/sub',
  '/tmp/ak3/sub/keys',
];

type Results = [string, Record<string, unknown>][];

/** Text with what differs by nature masked: hashed hosts, host names, Ansible's temporary names. */
function mask(text: string): string {
  return text
    .replace(/\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+/g, '|1|HASH')
    .replace(/\bh[12]\b/g, 'hX')
    .replace(/\/tmp[a-z0-9_]{8}'/g, "'");
}

/** A result without the runner's own keys, keys sorted at every level, masked. */
function normal(r: Record<string, unknown>): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !k.startsWith('_ansible') && k !== 'invocation' && k !== 'action')
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  const { failed, ...rest } = r;
  return mask(JSON.stringify(sorted(failed ? r : rest)));
}

describe('known_hosts and authorized_key beside ansible-playbook 2.14 @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 2 });
  const dir = tempDirUntilExit('fp-ssh-keys');

  before(function () {
    if (!hasCommand('ansible-playbook')) this.skip();
    mkdirSync(join(dir, 'keys'));
    for (const [name, type] of [
      ['k1', 'ed25519'],
      ['k2', 'ed25519'],
      ['k3', 'rsa'],
      ['k4', 'ecdsa'],
    ] as const)
      execFileSync(
        'ssh-keygen',
        ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '1024'] : []), '-N', ''].concat([
          '-C',
          `${name}@test`,
          '-f',
          join(dir, 'keys', name),
        ]),
      );
    for (const pb of PLAYBOOKS)
      copyFileSync(join(repoRoot, 'test', 'fixtures', 'ssh-keys', pb), join(dir, pb));
  });

  async function fabplay(pb: string): Promise<Results> {
    const r = await runCli(['run', pb, '-i', lab.inventory, '--limit', 'h1', '--diff', '--json'], {
      cwd: dir,
    });
    assert.ok(r.code === 0 || r.code === 2, r.stderr);
    return r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map(
        (l) =>
          JSON.parse(l) as { event: string; action?: string; task: string; result: Record<string, unknown> },
      )
      .filter((e) => e.event === 'host_result' && MODULES.has(e.action ?? ''))
      .map((e) => [e.task, e.result]);
  }

  async function ansible(pb: string): Promise<Results> {
    const tasks = await ansibleTasks(['-i', lab.inventory, '--limit', 'h2', '--diff', pb], dir);
    return tasks
      .filter((t) => MODULES.has(String(t.hosts.h2?.action)))
      .map((t) => [t.task.name, t.hosts.h2!]);
  }

  /** type, mode, owner, group and masked bytes (cat -A: line ends and control characters shown) of each file */
  async function files(host: string): Promise<string> {
    const script = `for p in "$@"; do echo "== $p"; stat -c '%F %a %U %G' -- "$p" 2>/dev/null && [ -f "$p" ] && cat -A -- "$p"; done`;
    const quoted = FILES.map((f) => `'${f}'`).join(' ');
    const r = await lab.exec(host, `sh -c '${script.replace(/'/g, `'\\''`)}' sh ${quoted}`);
    return mask(r.stdout);
  }

  for (const pb of PLAYBOOKS)
    it(`${pb}: the same results and files, on a first and a second run`, async () => {
      for (const round of ['first', 'second']) {
        const [ours, theirs] = [await fabplay(pb), await ansible(pb)];
        assert.deepEqual(
          ours.map(([t]) => t),
          theirs.map(([t]) => t),
          `${round} run: the same tasks ran`,
        );
        assert.ok(ours.length >= 5, `${round} run: fabplay ran the tasks`);
        for (const [i, [task, r]] of ours.entries())
          assert.equal(normal(r), normal(theirs[i]![1]), `${round} run, task '${task}'`);
        assert.equal(await files('h1'), await files('h2'), `${round} run: the files`);
      }
    });
});
