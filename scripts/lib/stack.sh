#!/usr/bin/env bash
# Helpers shared by the stack scripts: install Node packages, find or build FerretDB,
# find or start NATS. Sourced, never run on its own.

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
FERRETDB_VERSION="v1.24.2"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() { # host port seconds
  local deadline=$((SECONDS + $3))
  until port_open "$1" "$2"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

# host and port out of mongodb://[user:pass@]host:port/db or nats://host:port
url_host() { local u="${1#*://}"; u="${u##*@}"; u="${u%%/*}"; u="${u%%\?*}"; echo "${u%%:*}"; }
url_port() { local u="${1#*://}"; u="${u##*@}"; u="${u%%/*}"; u="${u%%\?*}"; [ "${u#*:}" != "$u" ] && echo "${u##*:}" || echo "$2"; }

# `npm install` rather than `npm ci`: the lockfile pins every package we use, but not the
# prebuilt binaries of @swc/core and unrs-resolver for platforms other than Linux (the registry
# it was generated against carries Linux builds only), and `npm ci` refuses a lockfile without
# them. With the lockfile present, `npm install` installs exactly what it pins.
ensure_node_modules() {
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "installing Node packages"
    (cd "$ROOT" && npm install --no-audit --no-fund) >&2 || die "npm install failed"
  fi
}

# Prints the path of a FerretDB $FERRETDB_VERSION binary, building it with Go if needed.
# The module is built from its source because the release's version file is generated
# at release time and is not part of the Go module; without it the binary refuses to start.
ensure_ferretdb_bin() {
  if [ -n "${FERRETDB_BIN:-}" ]; then echo "$FERRETDB_BIN"; return; fi
  local bin="$STACK_DIR/bin/ferretdb"
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version: $FERRETDB_VERSION"; then
    echo "$bin"; return
  fi
  command -v go >/dev/null || die "Go is needed to build FerretDB $FERRETDB_VERSION (or set FERRETDB_BIN, or MONGODB_URI to a running server)"
  log "building FerretDB $FERRETDB_VERSION with Go (first run only, about a minute)"
  local dir src
  dir=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "could not download the FerretDB $FERRETDB_VERSION module"
  src=$(mktemp -d)
  cp -R "$dir/." "$src/" && chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  mkdir -p "$STACK_DIR/bin"
  (cd "$src" && GOFLAGS=-mod=mod go build -trimpath -o "$bin" ./cmd/ferretdb) >&2 || { rm -rf "$src"; die "building FerretDB failed"; }
  rm -rf "$src"
  echo "$bin"
}

# start_ferretdb <port> <data dir> <log file>: starts FerretDB (SQLite backend) in the
# background and prints its pid once it accepts connections.
start_ferretdb() {
  local port="$1" data="$2" logfile="$3" bin pid
  bin=$(ensure_ferretdb_bin) || exit 1
  mkdir -p "$data"
  "$bin" --handler=sqlite --sqlite-url="file:$data/" --state-dir="$data" --listen-addr="127.0.0.1:$port" \
    --debug-addr=- --telemetry=disable --log-level=warn >"$logfile" 2>&1 &
  pid=$!
  wait_port 127.0.0.1 "$port" 30 || { kill "$pid" 2>/dev/null; die "FerretDB did not start on port $port (see $logfile)"; }
  echo "$pid"
}

ensure_nats_bin() {
  command -v nats-server >/dev/null && { command -v nats-server; return; }
  [ -x /usr/sbin/nats-server ] && { echo /usr/sbin/nats-server; return; }
  log "installing nats-server (Debian package)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server) >&2 \
    || die "nats-server is not installed and could not be installed; set NATS_URL to a running server"
  command -v nats-server || echo /usr/sbin/nats-server
}

# Node packages, FerretDB and nats-server, with the binaries exported for the test support
# code that starts its own servers (tests and benchmarks).
ensure_test_stack() {
  ensure_node_modules
  FERRETDB_BIN=$(ensure_ferretdb_bin)
  NATS_SERVER_BIN=$(ensure_nats_bin)
  export FERRETDB_BIN NATS_SERVER_BIN
}

# start_nats <port> <data dir> <log file>: starts nats-server with JetStream, prints its pid.
start_nats() {
  local port="$1" data="$2" logfile="$3" bin pid
  bin=$(ensure_nats_bin) || exit 1
  mkdir -p "$data"
  "$bin" -a 127.0.0.1 -p "$port" -js -sd "$data" >"$logfile" 2>&1 &
  pid=$!
  wait_port 127.0.0.1 "$port" 30 || { kill "$pid" 2>/dev/null; die "nats-server did not start on port $port (see $logfile)"; }
  echo "$pid"
}
