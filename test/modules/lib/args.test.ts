import assert from 'node:assert/strict';
import { toBool, defineModule, normaliseArgs } from '../../../src/modules/lib/args.js';
import { checkModuleArgs } from '../../../src/executor/module-context.js';
import { didYouMean } from '../../../src/errors.js';

describe("modules/lib/args: one toBool with Ansible's rules, one did-you-mean", () => {
  const mod = defineModule({
    name: 'booltest',
    args: { flag: { type: 'boolean' } },
    supportsCheck: true,
    supportsDiff: false,
    async run(_ctx, a) {
      return { changed: false, flag: a.flag };
    },
  });

  it('reads what convert_bool.boolean reads: any case, t/f, 1/0; nothing else', () => {
    for (const v of [true, 1, 'y', 'Yes', 'YES', 'on', 'oN', '1', 'true', 'TrUe', 't', 'T', ' yes '])
      assert.equal(toBool(v), true, JSON.stringify(v));
    for (const v of [false, 0, 'n', 'No', 'off', 'OFF', '0', 'false', 'fAlSe', 'f', 'F'])
      assert.equal(toBool(v), false, JSON.stringify(v));
    for (const v of [2, -1, 'maybe', '', 'yess', null, [], {}])
      assert.throws(() => toBool(v, 'flag'), /argument 'flag' must be a boolean/, JSON.stringify(v));
  });

  it("a module's boolean schema takes every casing Ansible takes and names a bad value", () => {
    for (const v of ['tRuE', 'T', 'f', 'Off', 1, 0]) assert.deepEqual(checkModuleArgs(mod, { flag: v }), []);
    assert.deepEqual(checkModuleArgs(mod, { flag: 'maybe' }), [
      'argument \'flag\' must be a boolean (true/false, yes/no), got "maybe"',
    ]);
  });

  it("a YAML boolean given to a text argument is Python's str() of it, as Ansible converts it", () => {
    const table = { name: { type: 'string' }, n: { type: 'string' } } as const;
    assert.deepEqual(normaliseArgs(table, { name: false, n: 5 }), { name: 'False', n: '5' });
    assert.deepEqual(normaliseArgs(table, { name: true }), { name: 'True' });
  });

  it("a boolean given as text is Python's str of it ('True'), in lists of texts too; other types keep it", () => {
    const texts = defineModule({
      name: 'texttest',
      args: {
        line: { type: 'string' },
        argv: { type: 'array', items: { type: ['string', 'number'] } },
        names: { type: 'stringlist' },
        flag: { type: 'boolean' },
      },
      supportsCheck: true,
      supportsDiff: false,
      async run() {
        return { changed: false };
      },
    });
    const args = { line: true, argv: ['echo', false, 1], names: [true], flag: true };
    assert.deepEqual(checkModuleArgs(texts, args), []);
    assert.deepEqual(args, {
      line: 'True',
      argv: ['echo', 'False', 1],
      names: ['True'],
      flag: true,
    });
  });

  it("a number given to a text argument is its text before the choices are looked at (YAML's `keepcache: 0`)", () => {
    const choice = defineModule({
      name: 'choicetest',
      args: { keep: { type: 'string', enum: ['0', '1'] } },
      supportsCheck: true,
      supportsDiff: false,
      async run() {
        return { changed: false };
      },
    });
    const args = { keep: 0 };
    assert.deepEqual(checkModuleArgs(choice, args), []);
    assert.deepEqual(args, { keep: '0' });
    assert.match(checkModuleArgs(choice, { keep: 2 }).join(), /must be one of: 0, 1/);
  });

  it('did-you-mean counts a swap of neighbours as one edit, ignores case, stops past 2 edits', () => {
    assert.equal(didYouMean('tsaks', ['tags', 'tasks']), 'tasks');
    assert.equal(didYouMean('Becom', ['become', 'vars']), 'become');
    assert.equal(didYouMean('zzzzzz', ['tasks']), undefined);
  });
});
