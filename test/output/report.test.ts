// The report file: written from a run (masked), from `report = ` in the config, and from a
// saved --json stream by `fabplay report`; bad input is a clear error and leaves no file.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MASK } from '../../src/output/masking.js';
import { runYaml } from '../executor/run-helper.js';
import { runCli } from '../helpers/cli.js';

const SECRET = 'Hunter2-report-secret';

const playbook = `
- hosts: web
  gather_facts: false
  tasks:
    - name: says the password
      debug: msg="pw is {{ ansible_password }}"
    - name: fails with it
      fail: msg="bad {{ ansible_password }}"
      when: inventory_hostname == 'h2'
`;

describe('output: run report file', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-report-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a run with report set writes the file; secrets never reach it', async () => {
    const report = join(dir, 'run.html');
    const r = await runYaml(playbook, {
      inventory: `[web]\nh1 ansible_connection=local ansible_password=${SECRET}\nh2 ansible_connection=local ansible_password=${SECRET}\n`,
      req: { report },
    });
    assert.equal(r.code, 2);
    const page = readFileSync(report, 'utf8');
    assert.ok(!page.includes(SECRET), 'the secret is in the report');
    assert.ok(page.includes(`bad ${MASK}`), 'the failure shows, masked');
    assert.match(page, /data-host="h2" data-task="1" data-status="failed"/);
    assert.deepEqual(readdirSync(dir), ['run.html'], 'no temporary file left');
  });

  it('fabplay run with report = in fabplay.cfg; fabplay report renders the saved --json stream the same way', async () => {
    writeFileSync(join(dir, 'p.yml'), playbook.replace(/\{\{ ansible_password \}\}/g, '<script>x</script>'));
    writeFileSync(
      join(dir, 'hosts.ini'),
      '[web]\nh1 ansible_connection=local\nh2 ansible_connection=local\n',
    );
    writeFileSync(join(dir, 'fabplay.cfg'), '[defaults]\nreport = out/cfg.html\n');
    assert.equal(
      (await runCli(['run', 'p.yml', '-i', 'hosts.ini'], { cwd: dir })).code,
      5,
      'out/ is missing',
    );
    rmSync(join(dir, 'fabplay.cfg'));
    const run = await runCli(['run', 'p.yml', '-i', 'hosts.ini', '--json'], { cwd: dir });
    assert.equal(run.code, 2, run.stderr);
    writeFileSync(join(dir, 'events.jsonl'), run.stdout);
    writeFileSync(join(dir, 'fabplay.cfg'), '[defaults]\nreport = cfg.html\n');
    assert.equal((await runCli(['run', 'p.yml', '-i', 'hosts.ini'], { cwd: dir })).code, 2);
    const fromRun = readFileSync(join(dir, 'cfg.html'), 'utf8');

    const r = await runCli(['report', 'events.jsonl', '-o', 'saved.html'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const fromStream = readFileSync(join(dir, 'saved.html'), 'utf8');
    // the same report but for the generation time and the durations (widths in the timeline)
    const norm = (s: string): string =>
      s
        .replace(/generated\s+\S+/, '')
        .replace(/\d+\.\d\ds/g, 'Ns')
        .replace(/width:[\d.]+%/g, 'width');
    assert.equal(norm(fromStream), norm(fromRun));
    assert.ok(fromStream.includes('bad &lt;script&gt;x&lt;/script&gt;'));
  });

  it('fabplay report: a file that is not a --json stream is an error naming its line; nothing is written', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"event":"playbook_start","playbook":"p"}\n[web]\n');
    const r = await runCli(['report', 'bad.jsonl', '-o', 'x.html'], { cwd: dir });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /bad\.jsonl:2:1: not an event of `fabplay run --json`: \[web\]/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(existsSync(join(dir, 'x.html')), false);
  });
});
