#!/usr/bin/env bash
# The README's main-job command: set up this machine, bring up the lab, converge site.yml on it,
# and boot a real PXE client on each fabric segment.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec node --import tsx scripts/main-job.ts "$@"
