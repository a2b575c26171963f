#!/usr/bin/env node
import { createRequire } from 'node:module';
// required, not imported: Node loads the ES modules of the CLI synchronously then, which costs
// less than its asynchronous loader (start-up time)
const { main } = createRequire(import.meta.url)('../dist/src/cli/main.js');
main(process.argv).then((code) => {
  process.exitCode = code;
});
