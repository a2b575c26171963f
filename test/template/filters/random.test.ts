import assert from 'node:assert/strict';
import { Templar } from '../../../src/template/index.js';
import { cases } from '../helpers.js';

// expected values printed by Python 3's random.Random(seed) (what Ansible's filters use with seed=)
describe('template filters: random and shuffle', () => {
  cases([
    ['{{ 2 | random(seed=1337) }}', 1],
    ['{{ 60 | random(seed="host1") }}', 31],
    ['{{ 100 | random(start=10, step=3, seed="web-01.example.com") }}', 40],
    ['{{ 1000 | random(seed=1099511627781) }}', 516],
    ['{{ 1099511627776 | random(seed=3) }}', 285805288266],
    ['{{ ["a", "b", "c", "d"] | random(seed=7) }}', 'c'],
    ['{{ range(10) | list | shuffle(seed="abc") }}', [4, 3, 0, 9, 1, 2, 6, 5, 7, 8]],
    ['{{ [1, 3, 5, 7, 9] | shuffle(seed=1337) }}', [3, 1, 7, 5, 9]],
    ['{{ 22 | shuffle }}', 22],
  ]);

  it('without a seed stays in range; refuses what Ansible refuses', () => {
    const t = new Templar({});
    for (let i = 0; i < 50; i++) {
      const v = t.template('{{ 20 | random(start=10, step=2) }}') as number;
      assert.ok(v >= 10 && v < 20 && v % 2 === 0, String(v));
    }
    assert.throws(
      () => t.template('{{ None | random }}'),
      /random can only be used on sequences and integers/,
    );
    assert.throws(
      () => t.template('{{ [1] | random(start=1) }}'),
      /start and step can only be used with integer values/,
    );
  });
});
