import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { ANSIBLE_ONLY_ARGS } from '../../../src/modules/lib/ansible-only-args.js';
import { getModule, moduleNames } from '../../../src/modules/registry.js';

/**
 * The options fabplay lacks are exactly Ansible's (ansible-doc of the installed 2.14, the same
 * release the differential tests run) minus fabplay's tables: an option Ansible has is never
 * called a mistake, and one fabplay gains is taken off the list.
 */

/** Not options a task writes as key: value (the free-form text, lineinfile's `others`). */
const NOT_OPTIONS = new Set(['free_form', 'free-form', 'key_value', 'others']);

function fabplayNames(name: string): Set<string> {
  const m = getModule(name)!;
  if (m.args) return new Set(Object.entries(m.args).flatMap(([k, s]) => [k, ...(s.aliases ?? [])]));
  return new Set(Object.keys((m.schema as { properties?: object }).properties ?? {}));
}

describe('options only Ansible has (ansible-only-args.ts)', function () {
  this.timeout(60_000);
  const names = moduleNames().filter((n) => !n.includes('.') && getModule(n)!.name === n);
  let docs: Record<string, { doc: { options?: Record<string, unknown> } }>;
  before(() => {
    const out = execFileSync('ansible-doc', ['-j', '-t', 'module', ...names], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 << 20,
    });
    docs = JSON.parse(out) as typeof docs;
  });

  it('equals ansible-doc options minus the tables, module by module', () => {
    const want: Record<string, string[]> = {};
    for (const n of names) {
      const options = Object.keys(docs[n]?.doc.options ?? {});
      const ours = fabplayNames(n);
      const lacking = options.filter((o) => !ours.has(o) && !NOT_OPTIONS.has(o)).sort();
      if (lacking.length) want[n] = lacking;
    }
    const have = Object.fromEntries(Object.entries(ANSIBLE_ONLY_ARGS).map(([k, v]) => [k, [...v].sort()]));
    assert.deepEqual(have, want);
  });
});
