#!/usr/bin/env bash
# The README's main-job command: set up this machine, bring up the lab, run site.yml against it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
node bin/fabplay.js run playbooks/site.yml -i inventory/example "$@"
