// Runs the fabplay CLI from source (tests spawn it: `node --import tsx test/lab/cli-entry.ts lab up ...`).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
