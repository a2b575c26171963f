import { strict as assert } from 'node:assert';
import { assignOwn, extensibleCopy } from '../../src/util/extensible-copy.js';

describe('extensibleCopy: a shallow copy to add properties to', () => {
  it('has the same own properties in the same order, and the original is left alone', () => {
    const sym = Symbol('s');
    const o = { changed: true, dest: '/etc/motd', nested: { a: 1 }, [sym]: 'x' };
    const c = extensibleCopy(o);
    assert.notEqual(c, o);
    assert.deepEqual(Object.keys(c), ['changed', 'dest', 'nested']);
    assert.equal(c.nested, o.nested);
    assert.equal(c[sym], 'x');
    (c as Record<string, unknown>).failed = false;
    assert.equal('failed' in o, false);
  });

  it("keeps a host's `__proto__` key as data: the copy's prototype stays Object's", () => {
    // JSON.parse makes an own property of it, as a module's output from a host may have
    const hostile = JSON.parse('{"rc": 0, "__proto__": {"failed": true, "polluted": 1}}') as Record<
      string,
      unknown
    >;
    const c = extensibleCopy(hostile);
    assert.equal(Object.getPrototypeOf(c), Object.prototype);
    assert.equal(c.failed, undefined);
    assert.deepEqual(Object.keys(c), ['rc', '__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(c, '__proto__')?.value, { failed: true, polluted: 1 });
    // the check is not idle: Object.assign alone would have set the prototype from it
    assert.equal((Object.assign({}, hostile) as Record<string, unknown>).failed, true);
  });

  it('assignOwn gives what a literal with a spread between its keys gives: keys, order, values', () => {
    const args = { dest: '/etc/motd', mode: '0644', content: 'hi' };
    const spread = { copyDiff: true, uploaded: true, ...args, dest: '/etc/motd.new', size: 2 };
    const assigned = assignOwn({ copyDiff: true, uploaded: true }, args, undefined, {
      dest: '/etc/motd.new',
      size: 2,
    });
    assert.deepEqual(Object.entries(assigned), Object.entries(spread));
  });

  it("assignOwn copies a host's `__proto__` key among the others as data", () => {
    const hostile = JSON.parse('{"a": 1, "__proto__": {"x": 1}, "b": 2}') as object;
    const spread = { first: 0, ...hostile, last: 3 };
    const assigned = assignOwn({ first: 0 }, hostile, { last: 3 });
    assert.equal(Object.getPrototypeOf(assigned), Object.prototype);
    assert.deepEqual(Reflect.ownKeys(assigned), Reflect.ownKeys(spread));
    assert.deepEqual(Object.getOwnPropertyDescriptor(assigned, '__proto__'), {
      value: { x: 1 },
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });
});
