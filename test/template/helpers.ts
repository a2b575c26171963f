import assert from 'node:assert/strict';
import { Templar } from '../../src/template/index.js';

/** Templates `text` with `vars` and compares the native result. */
export function check(text: string, expected: unknown, vars: Record<string, unknown> = {}): void {
  assert.deepEqual(new Templar(vars).template(text), expected, text);
}

export type Case = [template: string, expected: unknown, vars?: Record<string, unknown>];

/** One mocha `it` per case, titled with the template. */
export function cases(list: Case[]): void {
  for (const [text, expected, vars] of list)
    it(`${text} -> ${JSON.stringify(expected)}`, () => check(text, expected, vars));
}
