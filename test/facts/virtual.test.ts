import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { virtualFacts } from '../../src/facts/virtual.js';
import { factsFromOutput, selectSubsets } from '../../src/facts/index.js';

interface Case {
  case: string;
  sections: Record<string, string[]>;
  ansible: Record<string, unknown>;
}
const file = join(import.meta.dirname, '..', 'fixtures', 'virtual-facts', 'cases.json');
const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] };

const sorted = (facts: Record<string, unknown>) => ({
  ...facts,
  virtualization_tech_guest: [...(facts.virtualization_tech_guest as string[])].sort(),
  virtualization_tech_host: [...(facts.virtualization_tech_host as string[])].sort(),
});

describe("virtualization facts (Ansible's Linux virtual collector)", () => {
  for (const c of cases) {
    it(`${c.case}: as Ansible decides from the same files and commands`, () => {
      assert.deepEqual(sorted(virtualFacts((n) => c.sections[n] ?? [])), c.ansible);
    });
  }

  it('lists the technologies in the order they were found', () => {
    const f = virtualFacts((n) => ({ virt_paths: ['/.dockerenv', '/dev/kvm'] })[n] ?? []);
    assert.deepEqual(f.virtualization_tech_guest, ['docker', 'container']);
  });

  it('are gathered with all, by `virtual` and by their own names, and not by min', () => {
    assert.ok(selectSubsets(undefined).has('virtual'));
    assert.ok(selectSubsets(['!all', '!min', 'virtualization_tech_host']).has('virtual'));
    assert.ok(!selectSubsets(['!all']).has('virtual'));
    assert.ok(!selectSubsets(['!virtual']).has('virtual'));
    const out = '\n@@virt_paths\n/proc/xen\n@@virt_xen_capabilities\ncontrol_d\n@@end\n';
    assert.equal(factsFromOutput(out, new Set(['virtual'])).virtualization_role, 'host');
    assert.equal(factsFromOutput(out, new Set(['platform'])).virtualization_role, undefined);
  });
});
