#!/usr/bin/env bash
# The README's test command: set up this machine, then run every test (unit and lab).
# The suite runs under stall-guard: a run that prints nothing for 20 minutes is stuck (a blocked
# event loop escapes mocha's timeouts); the guard says what each of its processes waits on and ends it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec node dist/scripts/stall-guard.js --minutes 20 -- npm test
