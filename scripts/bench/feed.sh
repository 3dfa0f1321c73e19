#!/usr/bin/env bash
# Feed throughput: /calendar.ics over 2,000 sessions (a demo database grown by copying
# its published sessions onto later days), fresh (200) and revalidated (304), beside the
# very same bytes served from memory by a bare actix-web server (examples/static_server.rs)
# in the same run. SQLite always; PostgreSQL too when BENCH_POSTGRES_URL names a server
# where a throwaway database may be created (e.g. postgres://postgres@127.0.0.1:5432).
# Usage: scripts/bench/feed.sh            (DURATION=10s CONNECTIONS=32 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${DURATION:-10s}
conns=${CONNECTIONS:-32}
sessions=${SESSIONS:-2000}
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh

bench() { # $1: label, $2: database URL
  local label=$1 url=$2 port=18180 sport=18181
  export BABILLARD_DATABASE_URL=$url BABILLARD_BIND=127.0.0.1:$port
  "$bin" serve & pids+=($!)
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  local feed=http://127.0.0.1:$port/calendar.ics
  # First request renders (cold); the next ones come from the cache.
  local cold
  cold=$(curl -s -o "$tmp/feed.ics" -w '%{time_total}' "$feed")
  local etag
  etag=$(curl -s -D - -o /dev/null "$feed" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
  local events bytes gz
  events=$(grep -c '^BEGIN:VEVENT' "$tmp/feed.ics")
  bytes=$(wc -c < "$tmp/feed.ics")
  gz=$(curl -s -H 'Accept-Encoding: gzip' "$feed" | wc -c)
  "$static" "$tmp/feed.ics" $sport & pids+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$sport/"; do sleep 0.05; done
  [ -n "$etag" ] || { echo "no ETag from $feed" >&2; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$feed")" = 304 ] || { echo "no 304 for $etag" >&2; exit 1; }
  local w="wrk -t2 -c$conns -d$duration"
  local s_rps sg_rps f_rps n_rps g_rps
  s_rps=$($w "http://127.0.0.1:$sport/calendar.ics" | rps)
  sg_rps=$($w -H 'Accept-Encoding: gzip' "http://127.0.0.1:$sport/calendar.ics" | rps)
  f_rps=$($w "$feed" | rps)
  n_rps=$($w -H "If-None-Match: $etag" "$feed" | rps)
  g_rps=$($w -H 'Accept-Encoding: gzip' "$feed" | rps)
  echo
  echo "== $label: $events events, $bytes bytes ($gz gzipped); first (uncached) render ${cold}s"
  printf '%-48s %12s %8s\n' "what (wrk -t2 -c$conns -d$duration)" "req/s" "ratio"
  printf '%-48s %12s %8s\n' "static: same bytes from memory" "$s_rps" "1.00"
  printf '%-48s %12s %8.2f\n' "/calendar.ics 200 (identity)" "$f_rps" "$(echo "$f_rps / $s_rps" | bc -l)"
  printf '%-48s %12s %8s\n' "static, gzipped: same bytes from memory" "$sg_rps" "1.00"
  printf '%-48s %12s %8.2f\n' "/calendar.ics 200 (gzip)" "$g_rps" "$(echo "$g_rps / $sg_rps" | bc -l)"
  printf '%-48s %12s %8.2f\n' "/calendar.ics 304 (If-None-Match), vs identity" "$n_rps" "$(echo "$n_rps / $s_rps" | bc -l)"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}

db=$tmp/feed.sqlite3
BABILLARD_DATABASE_URL=$db "$bin" demo >/dev/null
grow_sqlite "$db"
bench "SQLite" "$db"

if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  name=babillard_feed_bench_$$
  psql -q "$BENCH_POSTGRES_URL/postgres" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
  pg=$BENCH_POSTGRES_URL/$name
  BABILLARD_DATABASE_URL=$pg "$bin" demo >/dev/null
  grow_postgres "$pg"
  bench "PostgreSQL" "$pg"
  psql -q "$BENCH_POSTGRES_URL/postgres" -c "DROP DATABASE $name WITH (FORCE)"
fi
