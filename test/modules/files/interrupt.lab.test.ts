// Ctrl-C in the middle of small file writes (over SFTP on a root login): the run stops with exit
// code 99, every file it touched is either absent or whole, and no temporary file stays beside
// them, wherever the interrupt lands.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab } from '../../helpers/lab.js';
import { interruptGroup, runCli } from '../../helpers/cli.js';
import { makeTempDir } from '../../helpers/pxe-fixtures.js';

const ITEMS = 300;
const CONTENT = `${'line of content\n'.repeat(64)}`;

describe('Ctrl-C while files are written @lab', function () {
  this.timeout(120_000);
  const lab = useLab({ hosts: 1 });
  let tmp: ReturnType<typeof makeTempDir>;

  before(() => {
    tmp = makeTempDir('fabplay-interrupt-');
    writeFileSync(
      join(tmp.dir, 'many.yml'),
      [
        '- hosts: h1',
        '  gather_facts: false',
        '  tasks:',
        '    - copy:',
        `        content: ${JSON.stringify(CONTENT)}`,
        '        dest: "/srv/ctrlc/f{{ item }}"',
        '        mode: "0644"',
        `      loop: "{{ range(${ITEMS}) | list }}"`,
        '',
      ].join('\n'),
    );
  });
  after(() => tmp?.cleanup());

  /**
   * Runs the playbook and sends SIGINT `delayMs` after the 20th item was reported changed: the
   * report comes between two items, so a delay moves the interrupt into the next write.
   */
  const interruptAfter = (delayMs: number) => {
    let armed = false;
    return runCli(['run', join(tmp.dir, 'many.yml'), '-i', lab.inventory], {
      env: { NO_COLOR: '1' },
      // Ctrl-C as a terminal sends it: to the whole process group (the ProxyCommand's too)
      detached: true,
      onStdout: (out, child) => {
        if (!armed && (out.match(/^changed: \[h1\] => \(item=/gm) ?? []).length >= 20) {
          armed = true;
          setTimeout(() => void interruptGroup(child), delayMs);
        }
      },
    });
  };

  // about half of these land between a file's write and its rename
  for (const delayMs of [0, 1, 2, 3, 4, 6, 8, 11]) {
    it(`${delayMs} ms after the 20th file: exit 99, each file absent or whole, no temporary file`, async () => {
      const r0 = await lab.exec('h1', 'rm -rf /srv/ctrlc && mkdir /srv/ctrlc');
      assert.equal(r0.rc, 0, r0.stderr);
      const r = await interruptAfter(delayMs);
      assert.equal(r.code, 99, (r.stdout + r.stderr).slice(-3000));
      const ls = await lab.exec('h1', 'cd /srv/ctrlc && ls -A');
      assert.equal(ls.rc, 0, ls.stderr);
      const names = ls.stdout.split('\n').filter(Boolean);
      assert.deepEqual(
        names.filter((n) => !/^f\d+$/.test(n)),
        [],
        'only destination files, no temporary file',
      );
      const sums = await lab.exec('h1', 'cd /srv/ctrlc && sha1sum f*');
      const want = createHash('sha1').update(CONTENT).digest('hex');
      for (const line of sums.stdout.trim().split('\n'))
        assert.equal(line.split(' ')[0], want, `a whole file: ${line}`);
      assert.ok(names.length >= 20, `${names.length} files after 20 reported`);
      assert.ok(names.length < ITEMS, 'the run stopped before the end');
    });
  }
});
