#!/usr/bin/env node
import { join } from 'node:path';
import { loadBundle } from './load-bundle.js';

const bundle = join(import.meta.dirname, '../dist/fabplay.cjs');
// warm runs (src/warm/client.ts) are loaded only when asked for: a run of its own pays nothing
const warm = process.env.FABPLAY_WARM_RUNS ? await import('../dist/src/warm/client.js') : undefined;
const served = warm?.warmWanted(process.argv, process.env)
  ? await warm.runWarm(import.meta.filename, bundle)
  : undefined;
if (served !== undefined) process.exitCode = served;
else {
  const cli = loadBundle(bundle);
  cli.exports.main(process.argv).then((code) => {
    process.exitCode = code;
    // the build's warm-up run (scripts/bundle.ts) leaves the cache of what this run compiled
    if (process.env.FABPLAY_WRITE_CODE_CACHE === '1') cli.writeCache();
  });
}
