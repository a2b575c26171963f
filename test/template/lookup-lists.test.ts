import assert from 'node:assert/strict';
import { cartesian, nested, together } from '../../src/template/lookup-lists.js';
import { pyTuple } from '../../src/util/py-tuple.js';
import { check } from './helpers.js';

describe('lookups together, nested, cartesian (Ansible 2.14)', () => {
  it('together pads with None and splices lists and tuples into each row', () => {
    assert.deepEqual(together([[1, 2, 3], ['x']]), [
      [1, 'x'],
      [2, null],
      [3, null],
    ]);
    assert.deepEqual(together([[[1, 2], pyTuple([3, 4])], 'ab']), [
      [1, 2, 'ab'],
      [3, 4, null],
    ]);
    assert.deepEqual(together([{ k: 1, j: 2 }]), [['k'], ['j']]);
    assert.throws(() => together([]), /with_together requires at least one element/);
  });

  it('nested flattens each pair; a single list flattens its own items (a string to characters)', () => {
    assert.deepEqual(nested([[[1, 2]], ['a', 'b']]), [
      [1, 2, 'a'],
      [1, 2, 'b'],
    ]);
    assert.deepEqual(nested([['ab', 'cd']]), [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    assert.deepEqual(nested([['x'], [], [1]]), []);
    assert.throws(() => nested([[1]]), /'int' object is not iterable/);
    assert.throws(() => nested([]), /with_nested requires at least one element/);
  });

  it('cartesian is the product, each row flattened', () => {
    assert.deepEqual(cartesian([[1, [2, 3]], ['a']]), [
      [1, 'a'],
      [2, 3, 'a'],
    ]);
  });
});

describe('filters product, permutations, combinations (itertools)', () => {
  it('give tuples in itertools order', () => {
    check('p {{ [1, 2, 3] | permutations(2) | list }}', 'p [(1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2)]');
    check("p {{ 'abc' | combinations(2) | list }}", "p [('a', 'b'), ('a', 'c'), ('b', 'c')]");
    check('p {{ [1, 2] | permutations(0) | list }} {{ [1, 2] | combinations(3) | list }}', 'p [()] []');
    check('p {{ [1, 2] | product(repeat=2) | list }}', 'p [(1, 1), (1, 2), (2, 1), (2, 2)]');
  });
});
