import { strict as assert } from 'node:assert';
import { Ajv } from 'ajv';
import { modules } from '../../../src/modules/files/index.js';
import { getModule } from '../../../src/modules/registry.js';
import { normaliseArgs } from '../../../src/modules/lib/args.js';
import { copy } from '../../../src/modules/files/copy.js';
import { checkModuleArgs } from '../../../src/executor/module-context.js';

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
      'synchronize',
      'tempfile',
      'template',
      'unarchive',
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

  it('numbers given as text pass as numbers; other text fails as "must be integer", naming the argument', () => {
    const v = ajv.compile(getModule('wait_for')!.schema);
    const args: Record<string, unknown> = { port: '8080', timeout: '5' };
    assert.equal(v(args), true);
    assert.deepEqual(args, { port: 8080, timeout: 5 });
    assert.equal(v({ port: 'abc' }), false);
    assert.deepEqual(
      v.errors!.map((e) => `${e.instancePath} ${e.message}`),
      ['/port must be integer'],
    );
    // run() called without the executor's schema check: the same words from normaliseArgs
    const table = (copy as any).args;
    assert.throws(() => normaliseArgs(table, { dest: '/x', backup: 'maybe' }), {
      message: `argument 'backup' must be a boolean (true/false, yes/no), got "maybe"`,
    });
    // an int argument: Ansible's check_type_int words (int-args.ts)
    const wait = (getModule('wait_for') as any).args;
    assert.throws(() => normaliseArgs(wait, { port: 'abc' }), {
      message: `argument 'port' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int`,
    });
  });

  it("the executor's check: a bad choice lists the choices and the value, a bad boolean says so", () => {
    // Ansible: "value of state must be one of: absent, directory, file, hard, link, touch, got: folder"
    const file = getModule('file')!;
    assert.deepEqual(checkModuleArgs(file, { path: '/x', state: 'folder' }), [
      "argument 'state' must be one of: absent, directory, file, hard, link, touch, got: folder",
    ]);
    // not text: shown as Ansible shows it ("got: [1]", "got: 5")
    assert.deepEqual(checkModuleArgs(file, { path: '/x', state: [1] }), [
      "argument 'state' must be one of: absent, directory, file, hard, link, touch, got: [1]",
    ]);
    assert.deepEqual(checkModuleArgs(getModule('tempfile')!, { state: 5 }), [
      "argument 'state' must be one of: file, directory, got: 5",
    ]);
    // a boolean's schema is an enum of YAML-1.1 words: not listed, the words normaliseArgs uses
    assert.deepEqual(checkModuleArgs(copy, { dest: '/x', content: 'a', backup: 'maybe', force: 2 }), [
      `argument 'backup' must be a boolean (true/false, yes/no), got "maybe"`,
      "argument 'force' must be a boolean (true/false, yes/no), got 2",
    ]);
    assert.deepEqual(checkModuleArgs(copy, { dest: '/x', content: 'a', backup: 'yes', force: 'off' }), []);
  });

  it('normalises aliases, text booleans and defaults before run()', () => {
    const table = (copy as any).args;
    const a = normaliseArgs(table, { dest: '/x', thirsty: 'no', backup: 'yes' });
    assert.equal(a.force, false);
    assert.equal(a.backup, true);
    assert.equal(a.remote_src, false);
  });
});
