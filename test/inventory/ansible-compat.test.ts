// fabplay's inventory against ansible-inventory 2.14 (Debian's ansible package) on the fixtures in
// test/fixtures/inventories: the text of --list, --graph and --host must be identical, and
// host patterns must select the hosts `ansible PATTERN --list-hosts` selects.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  inventoryGraph,
  inventoryList,
  loadInventory,
  pythonJson,
  selectHosts,
  shownHostVars,
} from '../../src/inventory/index.js';
import { repoRoot } from '../helpers/cli.js';
import { GROUP_NAME_MODES } from '../../src/inventory/group-names.js';
import { loadConfig } from '../../src/config/index.js';
import { inventorySettings } from '../../src/cli/inventory-settings.js';

const run = promisify(execFile);
const fixtures = join(repoRoot, 'test', 'fixtures', 'inventories');

interface Case {
  name: string;
  /** inventory sources, relative to the fixtures directory unless they are host lists */
  sources: string[];
  playbookDir?: string;
  /** groups to graph besides all */
  graphs?: string[];
  /** hosts to compare with --host */
  hosts?: string[];
  /** also compare --list --export and --graph --vars */
  extras?: boolean;
  /** environment of both (ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS, ANSIBLE_INVENTORY_ENABLED); fabplay reads it as its config */
  env?: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'INI: ungrouped, groups, :vars, inline vars, ports, connection vars',
    sources: ['ini-basic/hosts'],
    extras: true,
    hosts: ['web3.example.com'],
  },
  { name: 'INI: numeric, letter, strided and multiple ranges; IPv6', sources: ['ini-ranges/hosts'] },
  {
    name: 'INI: :children and :vars before the groups, depth, priority',
    sources: ['ini-pending/hosts'],
    graphs: ['europe'],
  },
  {
    name: 'YAML: all, vars, children, hosts as string, nested groups',
    sources: ['yaml-basic/hosts.yml'],
    extras: true,
    graphs: ['clients'],
    hosts: ['pxe1'],
  },
  { name: 'YAML: ranges and ports in host keys', sources: ['yaml-ranges/inventory.yaml'] },
  { name: 'directory of sources: INI and YAML, ignored names, subdirectory', sources: ['dir-mixed'] },
  {
    name: 'group_vars/ and host_vars/ in file and directory forms',
    sources: ['vars-dirs/hosts.ini'],
    extras: true,
    hosts: ['db1', 'web2'],
  },
  {
    name: 'group_vars/ and host_vars/ beside the playbook win',
    sources: ['playbook-side/inv/hosts.yml'],
    playbookDir: 'playbook-side/play',
  },
  { name: 'several sources (INI then YAML)', sources: ['multi-source/one.ini', 'multi-source/two.yml'] },
  { name: 'JSON inventory', sources: ['json-inv/hosts.json'] },
  {
    name: 'INI edge cases: [all], explicit [ungrouped], a second port, priority',
    sources: ['edge-cases/hosts'],
  },
  {
    name: 'YAML edge cases: children before their definition, priority',
    sources: ['yaml-edge/hosts.yaml'],
  },
  {
    name: 'inventory script with _meta: groups as lists and mappings, a host with vars, children, all',
    sources: ['script-meta/inventory.sh'],
    extras: true,
    graphs: ['fabric'],
    hosts: ['pxe1', 'node01', 'node04'],
  },
  {
    name: 'inventory script without _meta: --host per host',
    sources: ['script-host/inventory'],
    hosts: ['w1'],
  },
  {
    name: 'directory with a script, a static file and an executable INI file',
    sources: ['script-dir'],
    hosts: ['node10'],
  },
  {
    name: 'enable_plugins=yaml,ini: a script is read as a data file (and fails: a warning)',
    sources: ['script-host/inventory', 'ini-basic/hosts'],
    env: { ANSIBLE_INVENTORY_ENABLED: 'yaml,ini' },
  },
  ...GROUP_NAME_MODES.flatMap((mode) =>
    ['hosts', 'hosts.yml'].map((file) => ({
      name: `group names no variable name has, ${file}, force_valid_group_names=${mode}`,
      sources: [`invalid-groups/${file}`],
      extras: true,
      env: { ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS: mode },
    })),
  ),
  ...['advanced_host_list', 'host_list', 'ini,advanced_host_list,host_list', 'yaml'].map((plugins) => ({
    name: `host lists with ranges, enable_plugins=${plugins}`,
    sources: ['local100,local[100:110:2],web[a:c]:2222,bad[1:],'],
    env: { ANSIBLE_INVENTORY_ENABLED: plugins },
  })),
  {
    name: 'a host list advanced_host_list cannot read is no inventory',
    sources: ['ok1,bad[1:j],'],
    env: { ANSIBLE_INVENTORY_ENABLED: 'advanced_host_list' },
  },
  {
    name: 'enable_plugins=ini,host_list: YAML files are not read',
    sources: ['ini-basic/hosts', 'yaml-basic/hosts.yml', 'x1,'],
    env: { ANSIBLE_INVENTORY_ENABLED: 'ini,host_list' },
  },
  { name: 'comma-separated host list', sources: ['h1,h2:2222,[2001:db8::5]:22,h1,10.0.0.9,'] },
  { name: 'a file plus a host list', sources: ['ini-basic/hosts', 'extra1,web1.example.com,'] },
];

const PATTERNS: [string, string[]][] = [
  [
    'ini-basic/hosts',
    [
      'all',
      'web',
      'web:db',
      'db:web',
      'web,db',
      'all:!web',
      'web:&db',
      'db:&ungrouped',
      'db:!bastion',
      '*.example.com',
      '~web[12]',
      '~^(jump|bastion)',
      'web[0]',
      'web[1:2]',
      'web[1:]',
      'web[-1]',
      'w*[0]',
      '!db',
      'db1:nomatch',
      'localhost',
    ],
  ],
  [
    'yaml-basic/hosts.yml',
    ['all', 'clients', 'rack_*', 'clients:&also_pxe', 'pxe_servers:also_pxe', 'all:!clients:!pxe*'],
  ],
];

function sourcePaths(c: { sources: string[] }): string[] {
  return c.sources.map((s) => (s.includes(',') ? s : join(fixtures, s)));
}

describe('inventory: fabplay against ansible-inventory', function () {
  this.timeout(600_000);
  let cwd: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    // an empty working directory (ansible-inventory reads group_vars/ there) and an empty ansible.cfg
    cwd = mkdtempSync(join(tmpdir(), 'fabplay-inv-'));
    const cfg = join(cwd, 'empty.cfg');
    writeFileSync(cfg, '');
    env = { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));

  async function ansible(cmd: string, args: string[], more: NodeJS.ProcessEnv = {}): Promise<string> {
    return (await ansibleOut(cmd, args, more)).stdout;
  }
  function ansibleOut(cmd: string, args: string[], more: NodeJS.ProcessEnv = {}) {
    return run(cmd, args, { cwd, env: { ...env, ...more }, maxBuffer: 16 << 20 });
  }

  for (const c of CASES) {
    it(c.name, async () => {
      const sources = sourcePaths(c);
      const iArgs = sources.flatMap((s) => ['-i', s]);
      const pd = c.playbookDir ? join(fixtures, c.playbookDir) : cwd;
      const pdArgs = c.playbookDir ? ['--playbook-dir', pd] : [];
      const caseEnv = c.env ?? {};
      const settings = inventorySettings(loadConfig({ cwd, env: { ...env, ...caseEnv } }));
      const inv = loadInventory(sources, { playbookDir: pd, cwd, ...settings });
      const ansible = (cmd: string, args: string[]) => ansibleOut(cmd, args, caseEnv).then((r) => r.stdout);

      const listed = await ansibleOut('ansible-inventory', [...iArgs, ...pdArgs, '--list'], caseEnv);
      const list = listed.stdout;
      const said = listed.stderr.replace(/\s+/g, ' ');
      for (const w of ['found in group names but not replaced', 'found in group names and automatically'])
        assert.equal(
          inv.warnings?.some((x) => x.includes(w)),
          said.includes(w),
          `the warning '${w}'`,
        );
      assert.equal(pythonJson(inventoryList(inv)) + '\n', list, '--list');
      // the same when both are parsed (so a difference above shows as data too)
      assert.deepEqual(inventoryList(inv), JSON.parse(list));

      for (const g of ['all', ...(c.graphs ?? [])]) {
        const graph = await ansible('ansible-inventory', [...iArgs, ...pdArgs, '--graph', g]);
        assert.equal(inventoryGraph(inv, g).join('\n') + '\n', graph, `--graph ${g}`);
      }
      if (c.extras) {
        const exported = await ansible('ansible-inventory', [...iArgs, ...pdArgs, '--list', '--export']);
        assert.equal(pythonJson(inventoryList(inv, { export: true })) + '\n', exported, '--list --export');
        const withVars = await ansible('ansible-inventory', [...iArgs, ...pdArgs, '--graph', '--vars']);
        assert.equal(
          inventoryGraph(inv, 'all', { vars: true }).join('\n') + '\n',
          withVars,
          '--graph --vars',
        );
      }
      for (const h of c.hosts ?? []) {
        const host = await ansible('ansible-inventory', [...iArgs, ...pdArgs, '--host', h]);
        assert.equal(pythonJson(shownHostVars(inv, h)) + '\n', host, `--host ${h}`);
      }
    });
  }

  for (const [source, patterns] of PATTERNS) {
    it(`host patterns on ${source} select what ansible --list-hosts selects`, async () => {
      const path = join(fixtures, source);
      const inv = loadInventory([path], { cwd });
      // four ansible processes at a time: each one is mostly Python start-up
      const queue = [...patterns];
      const worker = async (): Promise<void> => {
        for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
          const out = await ansible('ansible', ['-i', path, p, '--list-hosts']);
          const theirs = out
            .split('\n')
            .slice(1)
            .map((l) => l.trim())
            .filter((l) => l);
          assert.deepEqual(selectHosts(inv, p), theirs, `pattern '${p}'`);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    });
  }
});
