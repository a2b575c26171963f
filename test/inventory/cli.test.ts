// `fabplay inventory` and `fabplay config` as a user runs them.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../helpers/cli.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'inventories');

describe('cli: fabplay inventory / fabplay config', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-inv-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--list prints the JSON inventory with _meta.hostvars', async () => {
    const r = await runCli(['inventory', '-i', join(fixtures, 'ini-basic', 'hosts'), '--list'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout) as Record<string, { hosts?: string[] }> & {
      _meta: { hostvars: Record<string, Record<string, unknown>> };
    };
    assert.deepEqual(data['db']?.hosts, ['db1', 'db2', 'bastion']);
    assert.equal(data._meta.hostvars['web2.example.com']?.['ansible_port'], 2222);
  });

  it('--graph GROUP, --host HOST, and several -i including a host list', async () => {
    const graph = await runCli(
      ['inventory', '-i', join(fixtures, 'ini-pending', 'hosts'), '--graph', 'america'],
      { cwd: dir },
    );
    assert.equal(graph.stdout, '@america:\n  |--@nyc:\n  |  |--n1\n');
    const host = await runCli(
      ['inventory', '-i', join(fixtures, 'ini-basic', 'hosts'), '-i', 'extra:2200,', '--host', 'extra'],
      { cwd: dir },
    );
    assert.equal(host.code, 0, host.stderr);
    assert.deepEqual(JSON.parse(host.stdout), {
      ansible_port: 2200,
      ansible_python_interpreter: '/usr/bin/python3',
      ntp_server: 'ntp.example.com',
    });
  });

  it('takes the inventory from ansible.cfg; `fabplay config` says where each value came from', async () => {
    writeFileSync(
      join(dir, 'ansible.cfg'),
      `[defaults]\ninventory = ${join(fixtures, 'yaml-basic', 'hosts.yml')}\nforks = 3\nplugin_filters_cfg = ./filters.yml\n`,
    );
    try {
      const inv = await runCli(['inventory', '--graph', 'rack_b'], { cwd: dir });
      assert.equal(inv.stdout, '@rack_b:\n  |--c3\n');
      const cfg = await runCli(['config', '-f', '8'], { cwd: dir });
      assert.equal(cfg.code, 0, cfg.stderr);
      assert.match(cfg.stdout, new RegExp(`^config file = ${join(dir, 'ansible.cfg')}$`, 'm'));
      assert.match(cfg.stdout, /^forks = 8 {2}\(command line\)$/m);
      assert.match(
        cfg.stdout,
        new RegExp(
          `^inventory = .*hosts\\.yml {2}\\(${join(dir, 'ansible.cfg')} \\[defaults\\] inventory\\)$`,
          'm',
        ),
      );
      assert.match(cfg.stdout, /^timeout = 10 {2}\(default\)$/m);
      // a path of the file is taken from the file's directory
      assert.ok(
        cfg.stdout.includes(
          `\nplugin_filters_cfg = ${join(dir, 'filters.yml')}  (${join(dir, 'ansible.cfg')} [defaults] plugin_filters_cfg)\n`,
        ),
        cfg.stdout,
      );
    } finally {
      rmSync(join(dir, 'ansible.cfg'));
    }
  });

  it('a broken inventory: a warning with file:line and a hint, then the rest (as ansible-inventory)', async () => {
    const bad = join(dir, 'bad.ini');
    writeFileSync(bad, '[web]\nw1\n[db:vars]\nx=1\n');
    const r = await runCli(['inventory', '-i', bad, '--list'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(
      r.stderr,
      new RegExp(
        `\\[WARNING\\]: Unable to parse ${bad} as an inventory source: ` +
          `${bad}:3:1: section \\[db:vars\\] not valid for undefined group: db`,
      ),
    );
    assert.match(r.stderr, /No inventory was parsed/);
    // w1 came before the mistake; with no source parsed its group never joins all
    assert.deepEqual(JSON.parse(r.stdout).all, { children: ['ungrouped'] });
    assert.match(r.stderr, /; declare the group/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });

  it('no action or an unknown host: usage error (exit 5)', async () => {
    const none = await runCli(['inventory', '-i', 'a,'], { cwd: dir });
    assert.equal(none.code, 5);
    assert.match(none.stderr, /--list, --graph or --host/);
    const unknown = await runCli(['inventory', '-i', 'a,', '--host', 'b'], { cwd: dir });
    assert.equal(unknown.code, 5);
  });
});
