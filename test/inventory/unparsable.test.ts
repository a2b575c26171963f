// A source no format parses is a warning, as in ansible-playbook 2.14 (checked with it: a directory
// with one good and one bad file, with only bad files, and -i naming the bad file): the run goes on
// with the rest, keeping what a bad file held before its mistake.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory, selectHosts } from '../../src/inventory/index.js';

describe('inventory: a source that does not parse is a warning', () => {
  let dir: string;
  const files = (sub: string, entries: Record<string, string>): string => {
    const d = join(dir, sub);
    mkdirSync(d);
    for (const [name, text] of Object.entries(entries)) writeFileSync(join(d, name), text);
    return d;
  };
  const BAD_YAML = 'all:\n  hosts: [\n';
  // w2 comes before the mistake on line 3
  const HALF_INI = '[web]\nw2\n[x:bad]\n';
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fabplay-inv-unparsed-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a directory with a good and a bad file: the good one is read, the bad one warned about', () => {
    const d = files('mixed', { good: '[db]\nd1\n', 'bad.yml': BAD_YAML });
    const inv = loadInventory([d]);
    assert.deepEqual(selectHosts(inv, 'all'), ['d1']);
    assert.equal(inv.warnings?.length, 1, String(inv.warnings));
    assert.match(
      inv.warnings![0]!,
      /^Unable to parse .*bad\.yml as an inventory source: .*bad\.yml:2:10: YAML syntax error/,
    );
    assert.equal(inv.unparsed?.length, 1);
  });

  it('a directory of bad files only: no hosts, a warning per file, for the directory, and no inventory', () => {
    const d = files('bad-only', { 'bad.yml': BAD_YAML, half: HALF_INI });
    const inv = loadInventory([d]);
    assert.deepEqual(selectHosts(inv, 'all'), []);
    assert.deepEqual(
      inv.warnings?.map((w) => w.replace(/ as an inventory source.*/s, '')),
      [
        `Unable to parse ${d}/bad.yml`,
        `Unable to parse ${d}/half`,
        `Unable to parse ${d}`,
        'No inventory was parsed, only implicit localhost is available',
      ],
    );
    // what the half-read file added stays, outside `all` (Ansible reconciles only a parsed inventory)
    assert.deepEqual(selectHosts(inv, 'web'), ['w2']);
  });

  it('-i naming a bad file: a warning and no hosts', () => {
    const d = files('single', { 'bad.yml': BAD_YAML });
    const inv = loadInventory([join(d, 'bad.yml')]);
    assert.deepEqual(selectHosts(inv, 'all'), []);
    assert.equal(inv.warnings?.length, 2);
    assert.equal(inv.warnings![1], 'No inventory was parsed, only implicit localhost is available');
  });

  it('a half-read file beside a parsed source: its hosts join all', () => {
    const d = files('half-and-good', { half: HALF_INI, 'good.yml': 'all:\n  hosts:\n    g1:\n' });
    const inv = loadInventory([d]);
    assert.deepEqual(selectHosts(inv, 'all').sort(), ['g1', 'w2']);
    assert.equal(inv.unparsed?.length, 1);
  });
});
