#!/usr/bin/env node
import { join } from 'node:path';
import { loadBundle } from './load-bundle.js';

const cli = loadBundle(join(import.meta.dirname, '../dist/fabplay.cjs'));
cli.exports.main(process.argv).then((code) => {
  process.exitCode = code;
  // the build's warm-up run (scripts/bundle.ts) leaves the cache of what this run compiled
  if (process.env.FABPLAY_WRITE_CODE_CACHE === '1') cli.writeCache();
});
