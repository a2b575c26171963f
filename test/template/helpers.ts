import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';
import { pyStr } from '../../src/template/python.js';
import { jinja2Native } from '../../src/template/native.js';

/**
 * Templates `text` with `vars` and compares the result. A number is the expression's value: the
 * template renders it to its text, as Ansible 2.14 does without jinja2_native (with it, the number).
 */
export function check(text: string, expected: unknown, vars: Record<string, unknown> = {}): void {
  const want = typeof expected === 'number' && !jinja2Native() ? pyStr(expected) : expected;
  assert.deepEqual(new Templar(vars).template(text), want, text);
}

export type Case = [template: string, expected: unknown, vars?: Record<string, unknown>];

/** One mocha `it` per case, titled with the template. */
export function cases(list: Case[]): void {
  for (const [text, expected, vars] of list)
    it(`${text} -> ${JSON.stringify(expected)}`, () => check(text, expected, vars));
}
