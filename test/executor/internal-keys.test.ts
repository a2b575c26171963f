// Ansible's strip_internal_keys as fabplay applies it to registered and shown results; what
// ansible-playbook does with them is fixture 145 of the differential test.
import { strict as assert } from 'node:assert';
import { CALLBACK_KEYS, withoutInternalKeys } from '../../src/executor/internal-keys.js';
import { isUnsafe, markUnsafe } from '../../src/template/index.js';
import { hostvarsOf } from '../../src/template/hostvars-view.js';

describe('executor: internal result keys', () => {
  it('drops _ansible_ keys at every depth of mappings and lists, keeping key order', () => {
    const res = {
      changed: false,
      _ansible_verbose_always: true,
      results: [{ a: 1, _ansible_item_label: 'x', b: [{ _ansible_z: 1, c: 2 }] }],
    };
    assert.deepEqual(withoutInternalKeys(res), { changed: false, results: [{ a: 1, b: [{ c: 2 }] }] });
    assert.deepEqual(Object.keys(withoutInternalKeys(res).results[0]!), ['a', 'b']);
    // the input is left as it was: the executor still reads it
    assert.equal(res.results[0]!._ansible_item_label, 'x');
  });

  it('keeps the keys asked for at every depth (the callbacks see item labels)', () => {
    const res = {
      _ansible_verbose_always: true,
      _ansible_x: 1,
      results: [{ _ansible_item_label: 'l', _ansible_y: 2 }],
    };
    assert.deepEqual(withoutInternalKeys(res, CALLBACK_KEYS), {
      _ansible_verbose_always: true,
      results: [{ _ansible_item_label: 'l' }],
    });
  });

  it('shares what holds no internal key, and a copy stays unsafe', () => {
    const clean = { a: [1, { b: 2 }] };
    const res = markUnsafe({ clean, dirty: markUnsafe([{ _ansible_q: 1, r: '{{ x }}' }]) });
    const out = withoutInternalKeys(res);
    assert.notEqual(out, res);
    assert.equal(out.clean, clean);
    assert.ok(isUnsafe(out), 'the copied result is host data still');
    assert.ok(isUnsafe(out.dirty), 'the copied list is never templated either');
    const nothing = { a: 1, b: [{ c: 2 }] };
    assert.equal(withoutInternalKeys(nothing), nothing);
  });

  it('does not walk a hostvars view (Ansible leaves its read-only mappings alone)', () => {
    let reads = 0;
    const view = hostvarsOf({ h1: { _ansible_k: 1 } }, (vars) => {
      reads++;
      return vars;
    });
    const res = { hostvars: view };
    assert.equal(withoutInternalKeys(res).hostvars, view);
    assert.equal(reads, 0);
  });
});
