// Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group, fabplay and the
// lab's ProxyCommand helpers (nsenter ... socat) alike. Whatever the helpers do on that signal,
// the run ends with "interrupted" and exit code 99, never with every host UNREACHABLE (exit 4).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab } from '../helpers/lab.js';
import { interruptGroup, runCli } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

describe('Ctrl-C to the whole process group, hosts behind a ProxyCommand @lab', function () {
  this.timeout(300_000);
  const lab = useLab({ hosts: 3 });
  let tmp: ReturnType<typeof makeTempDir>;

  before(() => {
    tmp = makeTempDir('fabplay-ctrl-c-');
    writeFileSync(
      join(tmp.dir, 'slow.yml'),
      [
        '- hosts: lab',
        '  gather_facts: false',
        '  tasks:',
        '    - name: connect',
        '      command: "true"',
        '    - name: wait',
        '      command: sleep 60',
        '',
      ].join('\n'),
    );
  });
  after(() => tmp?.cleanup());

  /** The socat relays of this lab still running on the controller (there must be none after a run). */
  const relays = (): string[] => {
    const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
    const addrs = lab.hosts.map((h) => `TCP:${lab.addr(h)}:`);
    return out.split('\n').filter((l) => l.includes('socat') && addrs.some((a) => l.includes(a)));
  };

  // the group gets the signal first, fabplay up to 40 ms later: the worst order of the race,
  // where a relay that died of the signal is seen before fabplay's own SIGINT handler runs
  const delays = [0, 1, 2, 5, 10, 20, 50, 100, 200, 400, 700, 1000];
  for (const [i, delayMs] of delays.entries()) {
    it(`run ${i + 1}: group first, fabplay ${delayMs} ms later: exit 99, "interrupted", no relay left`, async () => {
      let sent = false;
      const r = await runCli(['run', join(tmp.dir, 'slow.yml'), '-i', lab.inventory], {
        env: { NO_COLOR: '1' },
        detached: true,
        onStdout: (out, child) => {
          if (!sent && /TASK \[wait\]/.test(out)) {
            sent = true;
            void interruptGroup(child, delayMs);
          }
        },
      });
      assert.ok(sent, r.stdout + r.stderr);
      assert.equal(r.code, 99, (r.stdout + r.stderr).slice(-3000));
      assert.match(r.stderr, /interrupted/);
      assert.doesNotMatch(r.stdout, /UNREACHABLE/);
      assert.doesNotMatch(r.stdout, /PLAY RECAP/, 'an interrupted run has no recap');
      assert.deepEqual(relays(), [], 'no ProxyCommand relay outlives the run');
    });
  }

  it('a run that ends by itself leaves no relay either (proxies run detached)', async () => {
    writeFileSync(
      join(tmp.dir, 'quick.yml'),
      ['- hosts: lab', '  gather_facts: false', '  tasks:', '    - command: "true"', ''].join('\n'),
    );
    const r = await runCli(['run', join(tmp.dir, 'quick.yml'), '-i', lab.inventory], { detached: true });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(relays(), []);
  });
});
