#!/usr/bin/env bash
# Stops the FerretDB and NATS processes that scripts/up.sh started (and only those),
# waiting up to 10 s for each to finish before forcing it.
set -euo pipefail
source "$(dirname "$0")/lib/stack.sh"
for name in ferretdb nats; do
  pidfile="$STACK_DIR/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  kill "$pid" 2>/dev/null || continue
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  log "stopped $name (pid $pid)"
done
