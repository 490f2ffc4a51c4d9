#!/usr/bin/env bash
# npm run bench: builds the service and the bare baselines, then runs bench/run.ts, which
# starts its own FerretDB (SQLite, and PostgreSQL when the local server answers) and NATS.
# Not part of the test command. Arguments go to the benchmark (--quick for a smoke run).
set -euo pipefail
source "$(dirname "$0")/lib/stack.sh"
cd "$ROOT"

ensure_test_stack

log "building"
npx nest build >&2
rm -rf dist-bench
npx tsc -p tsconfig.bench.json
node dist-bench/bench/run.js "$@"
