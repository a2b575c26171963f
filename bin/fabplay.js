#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS FABPLAY_NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node
'use strict';
// Node reads NODE_EXTRA_CA_CERTS while it starts, before any of this runs: decoding a system CA
// bundle there cost 75 ms of CPU per run (twice Node's own start), and fabplay makes no TLS
// connection of its own (get_url, uri, git run their tools on the host). The line above starts
// Node without it; the value goes back into the environment here, for the commands fabplay runs.
const caFile = process.env.FABPLAY_NODE_EXTRA_CA_CERTS;
if (caFile !== undefined) {
  delete process.env.FABPLAY_NODE_EXTRA_CA_CERTS;
  if (caFile !== '') process.env.NODE_EXTRA_CA_CERTS = caFile;
}
// CommonJS (bin/package.json): Node's ES module loader would add its own start-up to every run
const { join } = require('node:path');

const bundle = join(__dirname, '../dist/fabplay.cjs');

// ownsStdio: nothing used stdout and stderr before (a warm run handed back may have written them)
function runHere(ownsStdio) {
  const cli = require('./load-bundle.js').loadBundle(bundle);
  cli.exports.main(process.argv, { ownsStdio }).then((code) => {
    process.exitCode = code;
    // the build's warm-up run (scripts/bundle.ts) leaves the cache of what this run compiled
    if (process.env.FABPLAY_WRITE_CODE_CACHE === '1') cli.writeCache();
  });
}

// warm runs (src/warm/client.ts, bundled alone) are loaded only when asked for
const warm = process.env.FABPLAY_WARM_RUNS ? require('../dist/warm-client.cjs') : undefined;
if (warm && warm.warmWanted(process.argv, process.env))
  warm.runWarm(__filename, bundle).then((code) => (code === undefined ? runHere(false) : process.exit(code)));
else runHere(true);
