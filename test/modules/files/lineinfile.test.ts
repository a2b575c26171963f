import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineinfile } from '../../../src/modules/files/lineinfile.js';
import { makeContext } from '../../helpers/module-context.js';
import { modeOf, rmTree, tempDir, tempLeftovers, treeHash } from './tree.js';

describe('lineinfile module', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir, 'sshd_config');
  });
  afterEach(() => rmTree(dir));
  const run = (args: Record<string, unknown>, o: { check?: boolean; diff?: boolean } = {}) =>
    lineinfile.run(makeContext(o), { path, ...args });
  const content = () => readFileSync(path, 'utf8');

  it('replaces the line a regexp matches, idempotently; check mode writes nothing', async () => {
    writeFileSync(path, 'Port 22\n#PermitRootLogin yes\nUsePAM yes\n');
    const args = { regexp: '^#?PermitRootLogin', line: 'PermitRootLogin no' };
    const before = treeHash(dir);
    const c = await run(args, { check: true, diff: true });
    assert.equal(c.changed, true);
    assert.equal(treeHash(dir), before);
    // Ansible's diff: the content's, then the file attributes'
    const [text, attrs] = c.diff as any[];
    assert.equal(text.after, 'Port 22\nPermitRootLogin no\nUsePAM yes\n');
    assert.equal(text.before_header, `${path} (content)`);
    assert.deepEqual(attrs, {
      after_header: `${path} (file attributes)`,
      before_header: `${path} (file attributes)`,
    });
    const r = await run(args);
    assert.equal(r.changed, true);
    assert.equal(r.msg, 'line replaced');
    assert.equal(content(), 'Port 22\nPermitRootLogin no\nUsePAM yes\n');
    assert.equal((await run(args)).changed, false);
    assert.equal((await run(args, { check: true })).changed, false);
    assert.deepEqual(tempLeftovers(dir), []);
  });

  it('adds at EOF (fixing a missing final newline), after/before a regexp, and at BOF', async () => {
    writeFileSync(path, 'a\nb');
    await run({ line: 'z' });
    assert.equal(content(), 'a\nb\nz\n');
    await run({ line: 'after-a', insertafter: '^a' });
    assert.equal(content(), 'a\nafter-a\nb\nz\n');
    await run({ line: 'before-b', insertbefore: '^b$' });
    assert.equal(content(), 'a\nafter-a\nbefore-b\nb\nz\n');
    await run({ line: 'first', insertbefore: 'BOF' });
    assert.equal(content(), 'first\na\nafter-a\nbefore-b\nb\nz\n');
    for (const args of [
      { line: 'z' },
      { line: 'after-a', insertafter: '^a' },
      { line: 'first', insertbefore: 'BOF' },
    ])
      assert.equal((await run(args)).changed, false, JSON.stringify(args));
    // no insertafter match: appended at the end
    await run({ line: 'tail', insertafter: '^nomatch' });
    assert.ok(content().endsWith('z\ntail\n'));
  });

  it('expands backrefs (Python \\1 and \\g<name>), and leaves the file alone when backrefs find nothing', async () => {
    writeFileSync(path, 'host=old.example\nport=1\n');
    const r = await run({ regexp: '^(?P<key>host)=(.*)$', line: '\\g<key>=new-\\2', backrefs: true });
    assert.equal(r.changed, true);
    assert.equal(content(), 'host=new-old.example\nport=1\n');
    assert.equal((await run({ regexp: '^nothing=(.*)$', line: 'x=\\1', backrefs: true })).changed, false);
  });

  it('search_string replaces a line holding a fixed string; state=absent removes lines', async () => {
    writeFileSync(path, 'a.b\naxb\nkeep\n');
    await run({ search_string: 'a.b', line: 'dot' });
    assert.equal(content(), 'dot\naxb\nkeep\n');
    const r = await run({ state: 'absent', regexp: '^(dot|axb)$' });
    assert.equal(r.msg, '2 line(s) removed');
    assert.equal(r.found, 2);
    assert.equal(content(), 'keep\n');
    assert.equal((await run({ state: 'absent', line: 'gone' })).changed, false);
  });

  it('create makes the file (and its directory) with the mode; without create it fails clearly', async () => {
    const missing = await run({ line: 'x' });
    assert.equal(missing.failed, true);
    assert.match(String(missing.msg), /Destination .* does not exist !/);
    path = join(dir, 'sub', 'new.conf');
    const r = await run({ line: 'x', create: true, mode: '0600' });
    assert.equal(r.changed, true);
    assert.equal(content(), 'x\n');
    assert.equal(modeOf(path), 0o600);
    assert.equal((await run({ line: 'x', create: true, mode: '0600' })).changed, false);
  });

  it('validate failing leaves the live file intact; backup keeps the old one', async () => {
    writeFileSync(path, 'ok\n');
    const bad = await run({ line: 'broken', validate: 'grep -q never %s' });
    assert.equal(bad.failed, true);
    assert.equal(content(), 'ok\n');
    assert.deepEqual(tempLeftovers(dir), []);
    const r = await run({ line: 'more', backup: true });
    assert.equal(readFileSync(String(r.backup), 'utf8'), 'ok\n');
  });

  it('keeps bytes that are not UTF-8 untouched elsewhere in the file', async () => {
    writeFileSync(path, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6b, 0x3d, 0x31, 0x0a]));
    await run({ regexp: '^k=', line: 'k=2' });
    assert.deepEqual(readFileSync(path), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6b, 0x3d, 0x32, 0x0a]));
  });

  it('refuses contradictory arguments and a directory', async () => {
    assert.match(
      String((await run({ line: 'x', insertafter: 'a', insertbefore: 'b' })).msg),
      /mutually exclusive/,
    );
    assert.match(String((await run({ line: 'x', backrefs: true })).msg), /regexp is required with backrefs/);
    assert.match(String((await run({ regexp: 'x' })).msg), /line is required/);
    assert.match(
      String((await lineinfile.run(makeContext(), { path: dir, line: 'x' })).msg),
      /is a directory/,
    );
    assert.match(String((await run({ line: 'x', regexp: '(' })).msg), /bad regular expression/);
    assert.equal(existsSync(path), false);
  });
});
