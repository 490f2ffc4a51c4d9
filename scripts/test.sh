#!/usr/bin/env bash
# The whole test suite from a clean clone: installs Node packages, builds FerretDB if
# needed, type-checks, lints, runs every Jest project (unit, integration, e2e, security,
# faults) against real FerretDB and NATS JetStream (see test/support/global-setup.ts),
# then audits everything the suite saw for leaked secrets (test/audit).
# Arguments go to Jest (e.g. --selectProjects unit); the audit runs only on a full run.
set -euo pipefail
source "$(dirname "$0")/lib/stack.sh"
cd "$ROOT"

ensure_test_stack

log "type-checking"
npx tsc -p tsconfig.json --noEmit
log "linting"
npx eslint . --max-warnings 0
capture_dir=$(mktemp -d)
trap 'rm -rf "$capture_dir"' EXIT
export TEST_CAPTURE_DIR="$capture_dir"

log "running the tests"
npx jest --ci "$@"
if [ $# -eq 0 ]; then
  log "auditing everything the suite saw for leaks"
  TEST_AUDIT=1 npx jest --ci --selectProjects audit
fi
