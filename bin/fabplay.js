#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json): Node's ES module loader would add its own start-up to every run
const { join } = require('node:path');

const bundle = join(__dirname, '../dist/fabplay.cjs');

function runHere() {
  const cli = require('./load-bundle.js').loadBundle(bundle);
  cli.exports.main(process.argv).then((code) => {
    process.exitCode = code;
    // the build's warm-up run (scripts/bundle.ts) leaves the cache of what this run compiled
    if (process.env.FABPLAY_WRITE_CODE_CACHE === '1') cli.writeCache();
  });
}

// warm runs (src/warm/client.ts, bundled alone) are loaded only when asked for
const warm = process.env.FABPLAY_WARM_RUNS ? require('../dist/warm-client.cjs') : undefined;
if (warm && warm.warmWanted(process.argv, process.env))
  warm
    .runWarm(__filename, bundle)
    .then((code) => (code === undefined ? runHere() : process.exit(code)));
else runHere();
