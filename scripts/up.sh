#!/usr/bin/env bash
# Brings the whole service up on a fresh machine: Node packages, a .env with a generated
# JWT secret, FerretDB and NATS when they are not already reachable, then the app on :8080.
set -euo pipefail
source "$(dirname "$0")/lib/stack.sh"
cd "$ROOT"
mkdir -p "$STACK_DIR"

ensure_node_modules

if [ ! -f .env ]; then
  secret=$(node -e "process.stdout.write(require('crypto').randomBytes(48).toString('base64url'))")
  sed "s|^JWT_SECRET=.*|JWT_SECRET=$secret|" .env.example > .env
  log "wrote .env with a freshly generated JWT_SECRET"
fi

# The variables the stack needs, from the environment first, then .env, then the defaults.
env_value() { # name default
  local v="${!1:-}"
  [ -z "$v" ] && v=$(sed -n "s/^$1=//p" .env | tail -n 1)
  echo "${v:-$2}"
}
mongodb_uri=$(env_value MONGODB_URI mongodb://127.0.0.1:27017/users_service)
nats_url=$(env_value NATS_URL nats://127.0.0.1:4222)

is_local() { [ "$1" = 127.0.0.1 ] || [ "$1" = localhost ]; }

mhost=$(url_host "$mongodb_uri"); mport=$(url_port "$mongodb_uri" 27017)
if port_open "$mhost" "$mport"; then
  log "MongoDB-compatible server already reachable at $mhost:$mport"
elif is_local "$mhost"; then
  pid=$(start_ferretdb "$mport" "$STACK_DIR/ferretdb-data" "$STACK_DIR/ferretdb.log")
  echo "$pid" > "$STACK_DIR/ferretdb.pid"
  log "started FerretDB $FERRETDB_VERSION (SQLite backend) on 127.0.0.1:$mport, pid $pid, data in .stack/ferretdb-data"
else
  die "MongoDB at $mhost:$mport (MONGODB_URI) is not reachable"
fi

nhost=$(url_host "$nats_url"); nport=$(url_port "$nats_url" 4222)
if port_open "$nhost" "$nport"; then
  log "NATS already reachable at $nhost:$nport"
elif is_local "$nhost"; then
  pid=$(start_nats "$nport" "$STACK_DIR/nats-data" "$STACK_DIR/nats.log")
  echo "$pid" > "$STACK_DIR/nats.pid"
  log "started nats-server with JetStream on 127.0.0.1:$nport, pid $pid, data in .stack/nats-data"
else
  die "NATS at $nhost:$nport (NATS_URL) is not reachable"
fi

if [ ! -f dist/main.js ] || [ -n "$(find src package-lock.json -newer dist/main.js -print -quit)" ]; then
  log "building the app"
  npm run --silent build >&2
fi

log "starting the app (Ctrl-C stops it; 'npm run down' stops what this script started)"
exec node dist/main.js
