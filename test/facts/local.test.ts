import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalConnection } from '../../src/connection/local.js';
import { gatherFacts } from '../../src/facts/index.js';
import { parseIni } from '../../src/facts/ini.js';

describe('custom facts (fact_path, *.fact)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'fabplay-factsd-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads JSON and INI files and runs executable ones, as Ansible 2.14 does', async () => {
    writeFileSync(path.join(dir, 'a.fact'), '{"t": "{{ 7*7 }}", "n": [1, null]}');
    writeFileSync(
      path.join(dir, 'b.fact'),
      '# c\n[DEFAULT]\nbase = /srv\n[Sect One]\nKey = v\npath: %(base)s/x\npct = 100%%\nm = l1\n  l2\n\n  l3\n',
    );
    writeFileSync(path.join(dir, 'c.fact'), '#!/bin/sh\necho \'{"ran": "yes"}\'\n');
    writeFileSync(path.join(dir, 'd.fact'), '#!/bin/sh\necho partial; echo oops >&2; exit 3\n');
    writeFileSync(path.join(dir, 'e.fact'), 'no section\n');
    writeFileSync(path.join(dir, 'f.fact.fact'), '');
    chmodSync(path.join(dir, 'c.fact'), 0o755);
    chmodSync(path.join(dir, 'd.fact'), 0o755);
    const facts = await gatherFacts(new LocalConnection('localhost'), { subset: ['!all'], factPath: dir });
    assert.deepEqual(facts.ansible_local, {
      a: { t: '{{ 7*7 }}', n: [1, null] },
      b: { 'Sect One': { key: 'v', path: '/srv/x', pct: '100%', m: 'l1\nl2\n\nl3', base: '/srv' } },
      c: { ran: 'yes' },
      d: `Failure executing fact script (${dir}/d.fact), rc: 3, err: oops\n`,
      e: `error loading facts as JSON or ini - please check content: ${dir}/e.fact`,
      f: {},
    });
  });

  it("a dangling symlink or a symlink loop is Ansible's `Could not stat fact` with Python's errno words, and a warning", async () => {
    symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dead.fact'));
    symlinkSync(path.join(dir, 'loop.fact'), path.join(dir, 'loop.fact'));
    writeFileSync(path.join(dir, 'ok.fact'), '{"x": 1}');
    const warnings: string[] = [];
    const facts = await gatherFacts(new LocalConnection('localhost'), {
      subset: ['!all'],
      factPath: dir,
      warn: (w) => warnings.push(w),
    });
    assert.deepEqual(facts.ansible_local, {
      dead: `Could not stat fact (${dir}/dead.fact): [Errno 2] No such file or directory: '${dir}/dead.fact'`,
      loop: `Could not stat fact (${dir}/loop.fact): [Errno 40] Too many levels of symbolic links: '${dir}/loop.fact'`,
      ok: { x: 1 },
    });
    // Ansible's setup warns with the same words
    assert.deepEqual(warnings, [facts.ansible_local.dead, facts.ansible_local.loop]);
  });

  it('a missing fact_path gives an empty ansible_local; !local leaves it out', async () => {
    const conn = new LocalConnection('localhost');
    const none = await gatherFacts(conn, { subset: ['!all'], factPath: path.join(dir, 'nope') });
    assert.deepEqual(none.ansible_local, {});
    const without = await gatherFacts(conn, { subset: ['!all', '!local'], factPath: dir });
    assert.equal('ansible_local' in without, false);
  });

  it('INI errors: duplicates, no section, a bad % are told apart', () => {
    assert.deepEqual(parseIni('[s]\nk=1\n[s]\n'), { kind: 'syntax', message: "section 's' already exists" });
    assert.deepEqual(parseIni('k = 1\n'), { kind: 'syntax', message: 'file contains no section headers' });
    assert.equal((parseIni('[s]\nk = 1\nK = 2\n') as { kind: string }).kind, 'syntax');
    assert.equal((parseIni('[s]\nk = 50%x\n') as { kind: string }).kind, 'interpolation');
    assert.deepEqual(parseIni(''), { sections: {} });
  });
});
