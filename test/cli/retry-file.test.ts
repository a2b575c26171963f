import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retryFileOf, retryLimit, saveRetry } from '../../src/cli/retry-file.js';
import { UsageError } from '../../src/errors.js';

describe('cli: the retry file of a failed run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-retry-'));
  const saved = process.env.FABPLAY_RETRY_DIR;
  before(() => (process.env.FABPLAY_RETRY_DIR = dir));
  after(() => {
    if (saved === undefined) delete process.env.FABPLAY_RETRY_DIR;
    else process.env.FABPLAY_RETRY_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const pb = ['playbooks/site.yml'];

  it('lists the hosts left to do; --retry limits the run to them', () => {
    const file = saveRetry(pb, ['h2', 'h3', 'h4'], ['h1']);
    assert.equal(file, retryFileOf(pb));
    assert.equal(readFileSync(file!, 'utf8'), 'h2\nh3\nh4\n');
    assert.equal(retryLimit(pb, undefined), `@${file}`);
  });

  it('a --limit run that fixes some hosts leaves the others to do; a clean run removes the file', () => {
    saveRetry(pb, [], ['h2']);
    assert.equal(readFileSync(retryFileOf(pb), 'utf8'), 'h3\nh4\n');
    saveRetry(pb, [], ['h3', 'h4']);
    assert.equal(existsSync(retryFileOf(pb)), false);
  });

  it('refuses --retry with nothing recorded, and beside --limit', () => {
    assert.throws(
      () => retryLimit(pb, undefined),
      (e: unknown) => e instanceof UsageError && /nothing to retry/.test(e.message),
    );
    assert.throws(() => retryLimit(pb, 'h1'), /--retry and --limit cannot go together/);
  });

  it('keeps one file per list of playbooks', () => {
    assert.notEqual(retryFileOf(pb), retryFileOf(['other/site.yml']));
  });
});
