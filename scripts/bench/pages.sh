#!/usr/bin/env bash
# Public pages over a grown programme (2,000 sessions by default: the demo's published
# sessions copied onto later weeks): the month view of the calendar, the widget
# (/embed), the home page, a session's page, an event's programme, an organisation's
# page and the printed programme, each beside the very same bytes
# served from memory by a bare actix-web server (examples/static_server.rs) in the same
# run, identity and gzip (what a browser asks for). Also prints each page's weight.
# SQLite always; PostgreSQL too when BENCH_POSTGRES_URL names a server where a throwaway
# database may be created (e.g. postgres://postgres@127.0.0.1:5432).
# Usage: scripts/bench/pages.sh           (DURATION=10s CONNECTIONS=20 SESSIONS=2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${DURATION:-10s}
conns=${CONNECTIONS:-20}
sessions=${SESSIONS:-2000}
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh

# The month after this one: the grown programme fills it.
month=$(date -d "$(date +%Y-%m-15) +1 month" +%Y-%m)
pages=(
  "/calendar?view=month&month=$month"
  "/calendar?view=list&month=$month"
  "/embed"
  "/"
  "/print/programme?month=$month"
)

bench() { # $1: label, $2: database URL
  local label=$1 url=$2 port=18280 sport=18281
  export BABILLARD_DATABASE_URL=$url BABILLARD_BIND=127.0.0.1:$port
  "$bin" serve & pids+=($!)
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
  local w="wrk -t2 -c$conns -d$duration"
  # A session, an event and an organisation of the programme, as the API names them.
  local api=http://127.0.0.1:$port/api/v1/sessions?per_page=1
  local session event
  session=$(curl -sf "$api" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
  event=$(curl -sf "$api&kind=conference" | sed -n 's/.*"event_slug":"\([^"]*\)".*/\1/p' | head -1)
  local paths=("${pages[@]}" "/sessions/$session" "/events/$event" "/organisations/mrc-argenteuil")
  echo
  echo "== $label, $(sessions_in "$url") sessions; wrk -t2 -c$conns -d$duration; ratio = page / same bytes static"
  printf '%-44s %9s %9s %9s %7s %9s %9s %7s\n' page bytes gzipped "static" ratio "static gz" "page gz" ratio
  local i=0
  for path in "${paths[@]}"; do
    local page="http://127.0.0.1:$port$path" file="$tmp/page-$i.html"
    curl -sf -o "$file" "$page"
    local bytes gz
    bytes=$(wc -c < "$file")
    gz=$(curl -sf -H 'Accept-Encoding: gzip' "$page" | wc -c)
    "$static" "$file" $sport & local spid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$sport/"; do sleep 0.05; done
    local s_rps p_rps sg_rps pg_rps
    s_rps=$($w "http://127.0.0.1:$sport$path" | rps)
    p_rps=$($w "$page" | rps)
    sg_rps=$($w -H 'Accept-Encoding: gzip' "http://127.0.0.1:$sport$path" | rps)
    pg_rps=$($w -H 'Accept-Encoding: gzip' "$page" | rps)
    kill $spid; wait $spid 2>/dev/null || true
    printf '%-44s %9s %9s %9s %7.2f %9s %9s %7.2f\n' "${path:0:44}" "$bytes" "$gz" "$s_rps" \
      "$(echo "$p_rps / $s_rps" | bc -l)" "$sg_rps" "$pg_rps" "$(echo "$pg_rps / $sg_rps" | bc -l)"
    echo "   (page: $p_rps req/s identity)"
    i=$((i + 1))
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}

sessions_in() { # $1: database URL or file
  case $1 in
    postgres://*) psql -qAt "$1" -c "SELECT count(*) FROM sessions" ;;
    *) sqlite3 "$1" "SELECT count(*) FROM sessions" ;;
  esac
}

db=$tmp/pages.sqlite3
BABILLARD_DATABASE_URL=$db "$bin" demo >/dev/null
grow_sqlite "$db"
bench "SQLite" "$db"

if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  name=babillard_pages_bench_$$
  psql -q "$BENCH_POSTGRES_URL/postgres" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
  pg=$BENCH_POSTGRES_URL/$name
  BABILLARD_DATABASE_URL=$pg "$bin" demo >/dev/null
  grow_postgres "$pg"
  bench "PostgreSQL" "$pg"
  psql -q "$BENCH_POSTGRES_URL/postgres" -c "DROP DATABASE $name WITH (FORCE)"
fi
