import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../../src/modules/files/assemble.js';
import { template } from '../../../src/modules/files/template.js';
import { makeContext } from '../../helpers/module-context.js';
import { modeOf, rmTree, tempDir, treeHash } from './tree.js';

describe('template and assemble modules', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmTree(dir));

  it('template renders with the host vars, converges, then reports no change; check mode writes nothing', async () => {
    const tpl = join(dir, 'templates');
    mkdirSync(tpl);
    writeFileSync(join(tpl, 'dhcpd.conf.j2'), 'next-server {{ server_ip }};\n');
    const out = join(dir, 'etc');
    mkdirSync(out);
    const ctx = (o: { check?: boolean; diff?: boolean } = {}) =>
      makeContext({ ...o, filesDir: tpl, vars: { server_ip: '10.0.0.1' } });
    const args = { src: 'dhcpd.conf.j2', dest: join(out, 'dhcpd.conf'), mode: '0644' };
    const before = treeHash(dir);
    const c = await template.run(ctx({ check: true, diff: true }), args);
    assert.equal(c.changed, true);
    // a list, as Ansible's template action (its copy action) gives
    assert.equal((c.diff as any)[0].after, 'next-server 10.0.0.1;\n');
    assert.equal(treeHash(dir), before);
    assert.equal((await template.run(ctx(), args)).changed, true);
    assert.equal(readFileSync(join(out, 'dhcpd.conf'), 'utf8'), 'next-server 10.0.0.1;\n');
    assert.equal((await template.run(ctx(), args)).changed, false);
    assert.equal((await template.run(ctx({ check: true }), args)).changed, false);
    // a directory as dest takes the template's name as it is (.j2 too, as in Ansible)
    const r = await template.run(ctx(), { src: 'dhcpd.conf.j2', dest: `${out}/` });
    assert.equal(r.dest, join(out, 'dhcpd.conf.j2'));
    const missing = await template.run(ctx(), { src: 'nope.j2', dest: out });
    assert.match(String(missing.msg), /Could not find or access 'nope.j2'/);
  });

  it('assemble joins fragments in name order with a delimiter, idempotently', async () => {
    const frags = join(dir, 'conf.d');
    mkdirSync(frags);
    writeFileSync(join(frags, '10-b'), 'b\n');
    writeFileSync(join(frags, '01-a'), 'a');
    writeFileSync(join(frags, '.hidden'), 'h\n');
    const dest = join(dir, 'all.conf');
    const r = await assemble.run(makeContext(), {
      src: frags,
      dest,
      delimiter: '###',
      ignore_hidden: true,
      mode: '0600',
    });
    assert.equal(r.changed, true);
    assert.equal(readFileSync(dest, 'utf8'), 'a\n###\nb\n');
    assert.equal(modeOf(dest), 0o600);
    assert.equal(
      (await assemble.run(makeContext(), { src: frags, dest, delimiter: '###', ignore_hidden: true }))
        .changed,
      false,
    );
    const only = await assemble.run(makeContext(), { src: frags, dest: join(dir, 'b.conf'), regexp: '^10' });
    assert.equal(only.changed, true);
    assert.equal(readFileSync(join(dir, 'b.conf'), 'utf8'), 'b\n');
    const missing = await assemble.run(makeContext(), { src: join(dir, 'nope'), dest });
    assert.match(String(missing.msg), /Source .* does not exist/);
  });
});
