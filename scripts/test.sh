#!/usr/bin/env bash
# The README's test command: set up this machine, then run every test (unit and lab).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
npm test
