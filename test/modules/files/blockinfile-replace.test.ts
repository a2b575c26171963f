import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockinfile } from '../../../src/modules/files/blockinfile.js';
import { replace } from '../../../src/modules/files/replace.js';
import { makeContext } from '../../helpers/module-context.js';
import { rmTree, tempDir, tempLeftovers, treeHash } from './tree.js';

describe('blockinfile and replace modules', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir, 'dhcpd.conf');
  });
  afterEach(() => rmTree(dir));
  const content = () => readFileSync(path, 'utf8');

  it('blockinfile inserts a marked block, replaces it in place, removes it; check mode writes nothing', async () => {
    writeFileSync(path, 'option a;\n# keep\n');
    const run = (args: Record<string, unknown>, o: { check?: boolean; diff?: boolean } = {}) =>
      blockinfile.run(makeContext(o), { path, ...args });
    const before = treeHash(dir);
    const c = await run({ block: 'host x {\n}' }, { check: true, diff: true });
    assert.equal(c.changed, true);
    assert.equal(treeHash(dir), before);
    const r = await run({ block: 'host x {\n}' });
    assert.equal(r.msg, 'Block inserted');
    assert.equal(
      content(),
      'option a;\n# keep\n# BEGIN ANSIBLE MANAGED BLOCK\nhost x {\n}\n# END ANSIBLE MANAGED BLOCK\n',
    );
    assert.equal((await run({ block: 'host x {\n}' })).changed, false);
    assert.equal((await run({ block: 'host x {\n}' }, { check: true })).changed, false);
    await run({ block: 'host y {}' });
    assert.match(content(), /# BEGIN ANSIBLE MANAGED BLOCK\nhost y \{\}\n# END/);
    assert.equal(content().match(/BEGIN/g)!.length, 1);
    const rm = await run({ state: 'absent' });
    assert.equal(rm.msg, 'Block removed');
    assert.equal(content(), 'option a;\n# keep\n');
  });

  it('blockinfile honours insertbefore/insertafter, custom markers and create', async () => {
    writeFileSync(path, 'first\nsubnet {\n}\n');
    await blockinfile.run(makeContext(), {
      path,
      block: 'x',
      insertbefore: '^subnet',
      marker: '// {mark} pxe',
      marker_begin: 'start',
      marker_end: 'stop',
    });
    assert.equal(content(), 'first\n// start pxe\nx\n// stop pxe\nsubnet {\n}\n');
    await blockinfile.run(makeContext(), { path, block: 'top', insertbefore: 'BOF', marker: '# {mark} top' });
    assert.ok(content().startsWith('# BEGIN top\ntop\n# END top\nfirst\n'));
    const created = join(dir, 'new', 'file');
    const r = await blockinfile.run(makeContext(), { path: created, block: 'b', create: true });
    assert.equal(r.msg, 'File created');
    assert.equal(
      readFileSync(created, 'utf8'),
      '# BEGIN ANSIBLE MANAGED BLOCK\nb\n# END ANSIBLE MANAGED BLOCK\n',
    );
    const missing = await blockinfile.run(makeContext(), { path: join(dir, 'nope'), block: 'b' });
    assert.match(String(missing.msg), /does not exist/);
  });

  it('blockinfile searches a (?m) pattern in the whole text, across lines; without it line by line', async () => {
    writeFileSync(path, '[one]\n  (inner\n[two]\n  (inner\n');
    await blockinfile.run(makeContext(), { path, block: 'A', insertafter: '(?m)\\[one\\]\\n.*\\(inner' });
    assert.equal(
      content(),
      '[one]\n  (inner\n# BEGIN ANSIBLE MANAGED BLOCK\nA\n# END ANSIBLE MANAGED BLOCK\n[two]\n  (inner\n',
    );
    await blockinfile.run(makeContext(), {
      path,
      block: 'B',
      marker: '# {mark} B',
      insertafter: '\\[two\\]\\n.*\\(inner',
    });
    assert.ok(content().endsWith('[two]\n  (inner\n# BEGIN B\nB\n# END B\n'));
  });

  it('replace substitutes every match with Python templates, between after/before, idempotently', async () => {
    writeFileSync(path, 'next-server 10.0.0.1;\n[a]\nx=1\nx=2\n[b]\nx=3\n');
    const run = (args: Record<string, unknown>, o: { check?: boolean; diff?: boolean } = {}) =>
      replace.run(makeContext(o), { path, ...args });
    const before = treeHash(dir);
    const c = await run(
      { regexp: '^next-server (\\S+);$', replace: 'next-server 10.0.0.9; # was \\1' },
      { check: true, diff: true },
    );
    assert.equal(c.changed, true);
    assert.equal(treeHash(dir), before);
    assert.match(String((c.diff as any).after), /next-server 10\.0\.0\.9; # was 10\.0\.0\.1/);
    const r = await run({
      regexp: '^x=(?P<n>\\d)$',
      replace: 'y=\\g<n>',
      after: '\\[a\\]',
      before: '\\[b\\]',
    });
    assert.equal(r.msg, '2 replacements made');
    assert.equal(content(), 'next-server 10.0.0.1;\n[a]\ny=1\ny=2\n[b]\nx=3\n');
    assert.equal(
      (await run({ regexp: '^x=(?P<n>\\d)$', replace: 'y=\\g<n>', after: '\\[a\\]', before: '\\[b\\]' }))
        .changed,
      false,
    );
    const none = await run({ regexp: 'x', after: 'NOPE' });
    assert.match(String(none.msg), /did not match/);
    assert.equal(none.changed, false);
    const bad = await run({ regexp: 'x', replace: 'z', validate: 'false %s' });
    assert.equal(bad.failed, true);
    assert.equal(content(), 'next-server 10.0.0.1;\n[a]\ny=1\ny=2\n[b]\nx=3\n');
    assert.deepEqual(tempLeftovers(dir), []);
  });
});
