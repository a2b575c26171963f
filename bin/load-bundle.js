'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/**
 * Runs the bundled CLI (dist/fabplay.cjs, scripts/bundle.ts) as CommonJS, compiled with the V8
 * code cache the build writes beside it: Node then neither resolves ~140 files nor compiles what
 * a run needs first. Returns the bundle's exports, whether the cache was used, and a function
 * writing a new cache with every function compiled so far (the build's warm-up run).
 */
function loadBundle(bundle) {
  // V8 flags are left as Node set them: a code cache holds the flags it was made with, and V8
  // refuses it under others (src/connection/pretenuring.ts sets one when SSH is first used)
  const cacheFile = `${bundle}.cache`;
  const cachedData = cacheOf(bundle, cacheFile);
  // the bundle is CommonJS's wrapper function (scripts/bundle.ts writes it so)
  const script = new Script(text(bundle), { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return {
    exports: module.exports,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    writeCache: () => writeFileSync(cacheFile, script.createCachedData()),
  };
}

/**
 * The bundle's text. esbuild writes it in ASCII (its default charset): read as Latin-1, which
 * is then the same text, it is made without decoding UTF-8 (a few milliseconds of every start).
 */
function text(bundle) {
  const bytes = readFileSync(bundle);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * The cache, when it was written after the bundle: V8 checks a cache against the source's length
 * only, so one from an older bundle could otherwise run old code. (V8 itself rejects one made by
 * another Node version or with other flags; the bundle is then compiled as it runs.)
 */
function cacheOf(bundle, cacheFile) {
  try {
    if (statSync(cacheFile).mtimeMs < statSync(bundle).mtimeMs) return undefined;
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

module.exports = { loadBundle };
