import { strict as assert } from 'node:assert';
import { Ajv } from 'ajv';
import { modules } from '../../../src/modules/files/index.js';
import { getModule } from '../../../src/modules/registry.js';
import { normaliseArgs } from '../../../src/modules/lib/args.js';
import { copy } from '../../../src/modules/files/copy.js';

describe('files modules: declared arguments', () => {
  // the options the executor compiles with
  const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });

  it('every module has a schema ajv compiles, check/diff support and an ansible.builtin name', () => {
    for (const m of modules) {
      const validate = ajv.compile(m.schema);
      assert.equal(validate({ surely_not_an_arg: 1 }), false, m.name);
      assert.equal(typeof m.supportsCheck, 'boolean');
      assert.equal(getModule(`ansible.builtin.${m.name}`), m);
    }
    assert.deepEqual(modules.map((m) => m.name).sort(), [
      'assemble',
      'blockinfile',
      'copy',
      'fetch',
      'file',
      'find',
      'lineinfile',
      'replace',
      'slurp',
      'stat',
      'tempfile',
      'template',
    ]);
  });

  it('accepts aliases for required arguments, YAML-1.1 booleans as text, and modes as number or text', () => {
    const file = getModule('file')!;
    const v = ajv.compile(file.schema);
    assert.equal(v({ name: '/x', state: 'directory', mode: 493 }), true);
    assert.equal(v({ dest: '/x', recurse: 'yes', mode: 'u=rwx' }), true);
    assert.equal(v({ state: 'directory' }), false, 'path is required under some name');
    assert.equal(v({ path: '/x', state: 'folder' }), false);
    const c = ajv.compile(copy.schema);
    assert.equal(c({ dest: '/x', content: 'y', force: 'no', backup: true }), true);
    assert.equal(c({ dest: '/x', content: 'y', force: 'maybe' }), false);
  });

  it('normalises aliases, text booleans and defaults before run()', () => {
    const table = (copy as any).args;
    const a = normaliseArgs(table, { dest: '/x', thirsty: 'no', backup: 'yes' });
    assert.equal(a.force, false);
    assert.equal(a.backup, true);
    assert.equal(a.remote_src, false);
  });
});
