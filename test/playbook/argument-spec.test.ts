// Role argument specs: the check is Ansible's validate_argument_spec (arg-spec-validator.ts), so
// its messages are Ansible's. The expected messages below were printed by ansible-playbook 2.14.18
// for the same spec and values given as provided_arguments (YAML strings there are Ansible's
// AnsibleUnicode, so the cases use values whose class is the same under both: ints, lists, dicts).
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argumentSpecErrors } from '../../src/playbook/arg-spec-validator.js';
import { parseArgumentSpecs } from '../../src/playbook/argument-spec.js';
import { InputError } from '../../src/errors.js';
import { PyFloat } from '../../src/util/py-float.js';
import { makeTempDir } from '../helpers/pxe-fixtures.js';

describe('role argument specs (Ansible types, conversions and messages)', () => {
  it('accepts values Ansible converts: "8" as int, "yes" as bool, "a,b" as list, 3 as str', () => {
    const spec = {
      n: { type: 'int' },
      b: { type: 'bool' },
      l: { type: 'list', elements: 'str' },
      s: { type: 'str' },
      f: { type: 'float' },
      d: { type: 'dict' },
      p: { type: 'path' },
      x: { type: 'raw' },
    };
    const given = { n: '8', b: 'yes', l: 'a,b', s: 3, f: '1.5', d: 'a=1 b=2', p: '/x', x: [1] };
    assert.deepEqual(argumentSpecErrors(spec, given), []);
  });

  it('takes a whole float (1.0) as a float, str or list and refuses it as an int, as Ansible 2.14 does', () => {
    const spec = { f: { type: 'float' }, s: { type: 'str' }, l: { type: 'list' }, n: { type: 'int' } };
    const f = new PyFloat(3);
    assert.deepEqual(argumentSpecErrors(spec, { f, s: f, l: f }), []);
    assert.equal(argumentSpecErrors(spec, { n: f }).length, 1);
  });

  it('reports missing required options, wrong types and bad choices in Ansible order and words', () => {
    const spec = {
      port: { type: 'int', required: true },
      mode: { type: 'str', choices: ['a', 'b'] },
      items: { type: 'list', elements: 'int' },
      conf: { type: 'dict' },
    };
    assert.deepEqual(argumentSpecErrors(spec, { mode: 'c', items: [1, [2]], conf: [1] }), [
      'missing required arguments: port',
      "Elements value for option 'items' is of type <class 'list'> and we were unable to convert to int: <class 'list'> cannot be converted to an int",
      "argument 'conf' is of type <class 'list'> and we were unable to convert to dict: <class 'list'> cannot be converted to a dict",
      'value of mode must be one of: a, b, got: c',
    ]);
  });

  it('checks nested options of a list of dicts, and names what a level supports', () => {
    const spec = {
      subnets: {
        type: 'list',
        elements: 'dict',
        options: { net: { type: 'str', required: true }, size: { type: 'int' } },
      },
    };
    assert.deepEqual(
      argumentSpecErrors(spec, {
        subnets: [
          { net: 'a', size: 1 },
          { size: [1], extra: 1 },
        ],
      }),
      [
        'missing required arguments: net found in subnets',
        "argument 'size' is of type <class 'list'> found in 'subnets'. and we were unable to convert to int: <class 'list'> cannot be converted to an int",
        'subnets.extra. Supported parameters include: net, size.',
      ],
    );
  });

  it('counts an alias as its option and lists the aliases of a level after its names', () => {
    const spec = {
      db_password: { type: 'str', required: true, no_log: true, aliases: ['dbpw', 'db_pass'] },
      size: { type: 'int', default: 3 },
      layout: {
        type: 'dict',
        options: { mode: { type: 'str', choices: ['flat', 'tree'], aliases: ['kind'] } },
      },
    };
    assert.deepEqual(argumentSpecErrors(spec, { dbpw: 's', layout: { kind: 'tree' } }), []);
    assert.deepEqual(argumentSpecErrors(spec, { dbpw: 's', extra: 1, more: 2, layout: { kind: 'round' } }), [
      'value of mode must be one of: flat, tree, got: round found in layout',
      'extra, more. Supported parameters include: db_password, layout, size (db_pass, dbpw).',
    ]);
  });

  it('with only some values known (the preflight), leaves out missing required options and defaults', () => {
    const spec = {
      port: { type: 'int', required: true },
      n: { type: 'int' },
      flag: { type: 'bool', default: '{{ later }}' },
    };
    assert.deepEqual(argumentSpecErrors(spec, { n: [1] }, { partial: true }), [
      "argument 'n' is of type <class 'list'> and we were unable to convert to int: <class 'list'> cannot be converted to an int",
    ]);
  });
});

describe('role argument specs: the file', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('fabplay-argspec-');
    mkdirSync(join(tmp.dir, 'meta'));
  });
  afterEach(() => tmp.cleanup());
  const write = (text: string) => writeFileSync(join(tmp.dir, 'meta/argument_specs.yml'), text);

  it('accepts the keys Ansible ignores (seealso, version_added, a key of nobody)', () => {
    write(
      [
        'argument_specs:',
        '  main:',
        '    short_description: s',
        '    seealso: [{module: ansible.builtin.copy}]',
        '    options:',
        '      a: {type: int, version_added: "1.0", removed_in: 3, description: {any: thing}}',
        '',
      ].join('\n'),
    );
    const spec = parseArgumentSpecs(tmp.dir, undefined, 'main')!;
    assert.equal(spec.entryPoint, 'main');
    assert.deepEqual(Object.keys(spec.options), ['a']);
  });

  it('refuses a key Ansible acts on that the check lacks, at its line, for the entry point used', () => {
    write(
      [
        'argument_specs:',
        '  main:',
        '    options:',
        '      a:',
        '        type: dict',
        '        options:',
        '          b: {type: str}',
        '          c: {type: str}',
        '        mutually_exclusive: [[b, c]]',
        '  other:',
        '    options:',
        '      x: {type: str}',
        '',
      ].join('\n'),
    );
    assert.equal(parseArgumentSpecs(tmp.dir, undefined, 'other')!.entryPoint, 'other');
    assert.throws(
      () => parseArgumentSpecs(tmp.dir, undefined, 'main'),
      (e: unknown) =>
        e instanceof InputError &&
        /main.options.a.mutually_exclusive: fabplay's role check does not implement 'mutually_exclusive'/.test(
          e.message,
        ) &&
        e.pos?.line === 9,
    );
  });
});
