// Entry point for running the CLI from source in tests (no build step): `node --import tsx cli-entry.ts ...args`.
import { main } from '../../src/cli/main.js';

main(process.argv, { ownsStdio: true }).then((code) => {
  process.exitCode = code;
});
