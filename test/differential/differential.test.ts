import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { flagsOf, runFabplay } from './harness.js';
import { ansibleObserved } from './golden.js';

/**
 * Each playbook in test/fixtures/differential runs under Debian's ansible-playbook and under
 * fabplay (connection local); debug messages (which show the registered values), recap counts
 * and the exit code must agree. Deliberate differences: docs/executor-differences.md.
 */
const dir = join(import.meta.dirname, '..', 'fixtures', 'differential');
const inventory = join(dir, 'hosts.ini');

describe('differential: fabplay agrees with ansible-playbook', function () {
  this.timeout(600000);
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yml'))
    .sort()) {
    it(f, async () => {
      const flags = flagsOf(join(dir, f));
      const want = await ansibleObserved(dir, f, inventory, flags);
      const got = await runFabplay(join(dir, f), inventory, flags);
      assert.deepEqual(got.debug, want.debug, 'debug messages');
      assert.deepEqual(got.stats, want.stats, 'recap');
      assert.equal(got.code, want.code, 'exit code');
      assert.deepEqual(got.titles, want.titles, 'play and task names');
      assert.deepEqual(got.customStats, want.customStats, 'custom stats');
    });
  }
});
