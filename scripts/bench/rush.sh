#!/usr/bin/env bash
# Registration rush: a release `babillard serve` on a fresh database, the demo loaded,
# then `examples/rush.rs` fires 1,000 registrations from 100 concurrent clients at a
# 30-seat session with a 50-place waitlist, then 5,000 at a large session, and prints
# req/s, p50/p95/p99 latency, confirmed/waitlisted/refused counts and errors.
#
#   scripts/bench/rush.sh                      # SQLite, fresh file in a temp folder
#   scripts/bench/rush.sh postgres://postgres@127.0.0.1:5432/babillard_rush
#                                              # PostgreSQL (an empty database you created)
# Extra arguments after the URL go to the client, e.g. --clients 50 --attempts 2000.
set -euo pipefail
cd "$(dirname "$0")/../.."

DB_URL="${1:-}"
shift || true
PORT="${RUSH_PORT:-18080}"
WORK="$(mktemp -d)"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
if [ -z "$DB_URL" ]; then
  DB_URL="$WORK/rush.sqlite3"
fi

cargo build --release --quiet --bin babillard --example rush
BIN=target/release/babillard

export BABILLARD_DATABASE_URL="$DB_URL"
export BABILLARD_BIND="127.0.0.1:$PORT"
export BABILLARD_BASE_URL="http://127.0.0.1:$PORT"
export BABILLARD_REGISTRATION_RATE_LIMIT=0   # the bench is one address
export BABILLARD_RUN_JOBS=false
export BABILLARD_MAIL_DIR="$WORK/mail"
export BABILLARD_LOG="${BABILLARD_LOG:-warn}"

"$BIN" migrate >/dev/null
"$BIN" demo >/dev/null
"$BIN" serve >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

echo "backend: $( [[ $DB_URL == postgres* ]] && echo PostgreSQL || echo SQLite ), $(nproc) cores"
target/release/examples/rush --url "http://127.0.0.1:$PORT" --db "$DB_URL" "$@"
echo "server memory after the rush: $(grep VmRSS /proc/$SERVER/status | awk '{print $2, $3}')"
