#!/usr/bin/env bash
# Reports on a busy region: a release `babillard serve` on a fresh database with the demo,
# grown to three years of weekly sessions (2024 to 2026) and 50,000 registrations written
# in SQL (INSERT … SELECT: a recursive CTE on SQLite, generate_series on PostgreSQL),
# then the regional administrator's report of each year (page and CSV) asked
# $RUNS times with curl. Prints each request's time, and the server's peak resident
# memory (VmHWM) once done.
#
#   scripts/bench/report.sh                          # SQLite, fresh file in a temp folder
#   scripts/bench/report.sh postgres://postgres@127.0.0.1:5432/babillard_report
#                                                    # PostgreSQL (an empty database you created)
# PROFILE=debug uses a debug build (quick to build, slow to run: for trying the script).
# Needs: sqlite3 or psql, curl, sha256sum.
set -euo pipefail
cd "$(dirname "$0")/../.."

DB_URL="${1:-}"
PORT="${REPORT_PORT:-18090}"
RUNS="${RUNS:-5}"
REGISTRATIONS="${REGISTRATIONS:-50000}"
WORK="$(mktemp -d)"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
if [ -z "$DB_URL" ]; then
  DB_URL="$WORK/report.sqlite3"
fi
pg() { [[ $DB_URL == postgres* ]]; }
sql() { if pg; then psql -qAt -v ON_ERROR_STOP=1 "$DB_URL"; else sqlite3 "$DB_URL"; fi; }

PROFILE="${PROFILE:-release}"
if [ "$PROFILE" = release ]; then
  cargo build --release --quiet --bin babillard
else
  cargo build --quiet --bin babillard
fi
BIN="target/$PROFILE/babillard"
export BABILLARD_DATABASE_URL="$DB_URL"
export BABILLARD_BIND="127.0.0.1:$PORT"
export BABILLARD_BASE_URL="http://127.0.0.1:$PORT"
export BABILLARD_RUN_JOBS=false
export BABILLARD_MAIL_DIR="$WORK/mail"
export BABILLARD_TOTP_KEY_FILE="$WORK/totp.key"
export BABILLARD_LOG="${BABILLARD_LOG:-warn}"

"$BIN" migrate >/dev/null
"$BIN" demo >/dev/null

# Three years of weeks: each published demo session copied onto every week from
# January 2024 to December 2026 (past weeks held, later ones to come).
if pg; then
  sql <<SQL
INSERT INTO sessions (event_id, organisation_id, track_id, kind_id, title, description, level,
  language, starts_at, ends_at, format, online_url, venue_id, registration_required, capacity,
  waitlist_limit, max_seats, price_cents, status, seats_taken, waitlist_count, sequence,
  what_to_bring, created_at, updated_at)
SELECT event_id, organisation_id, track_id, kind_id, title || ' (' || n.i || ')', description,
  level, language,
  TIMESTAMP '2024-01-08 18:00' + make_interval(days => n.i * 7) + (starts_at - date_trunc('week', starts_at) - interval '18 hours'),
  TIMESTAMP '2024-01-08 18:00' + make_interval(days => n.i * 7) + (ends_at - date_trunc('week', starts_at) - interval '18 hours'),
  format, online_url, venue_id, registration_required, greatest(coalesce(capacity, 30), 30),
  waitlist_limit, max_seats, price_cents, status, 0, 0, 0, what_to_bring, created_at, updated_at
FROM sessions, generate_series(0, 155) AS n(i) WHERE status = 'published';
SQL
else
  sql <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 155)
INSERT INTO sessions (event_id, organisation_id, track_id, kind_id, title, description, level,
  language, starts_at, ends_at, format, online_url, venue_id, registration_required, capacity,
  waitlist_limit, max_seats, price_cents, status, seats_taken, waitlist_count, sequence,
  what_to_bring, created_at, updated_at)
SELECT event_id, organisation_id, track_id, kind_id, title || ' (' || n.i || ')', description,
  level, language,
  datetime('2024-01-08 18:00', '+' || (n.i * 7) || ' days', '+' || (CAST(strftime('%w', starts_at) AS INTEGER)) || ' days'),
  datetime('2024-01-08 18:00', '+' || (n.i * 7) || ' days', '+' || (CAST(strftime('%w', starts_at) AS INTEGER)) || ' days',
           '+' || CAST((julianday(ends_at) - julianday(starts_at)) * 1440 AS INTEGER) || ' minutes'),
  format, online_url, venue_id, registration_required, max(coalesce(capacity, 30), 30),
  waitlist_limit, max_seats, price_cents, status, 0, 0, 0, what_to_bring, created_at, updated_at
FROM sessions, n WHERE status = 'published';
SQL
fi
SESSIONS=$(echo "SELECT count(*) FROM sessions WHERE starts_at >= '2024-01-01'" | sql)
PER=$(( (REGISTRATIONS + SESSIONS - 1) / SESSIONS ))

# Registrations as the purge leaves them (no person), in a believable mix: 60 % present,
# 10 % absent, 10 % confirmed, 10 % waitlisted, 10 % cancelled; one in seven entered
# by staff, one in three by a returning person.
REG_SELECT="s.id, 'bench-' || s.id || '-' || k.i, 1 + (k.i % 5 = 0)::int,
  CASE k.i % 10 WHEN 0 THEN 'no_show' WHEN 1 THEN 'confirmed' WHEN 2 THEN 'waitlisted'
    WHEN 3 THEN 'cancelled' ELSE 'attended' END,
  'fr', CASE WHEN k.i % 7 = 0 THEN 'staff' ELSE 'web' END, s.starts_at, 'B' || k.i,
  s.starts_at, s.starts_at, k.i % 3 = 0"
if pg; then
  sql <<SQL
INSERT INTO registrations (session_id, token_hash, seats, status, language, source, queued_at,
  check_in_code, created_at, updated_at, returning_person)
SELECT $REG_SELECT
FROM (SELECT id, starts_at FROM sessions WHERE starts_at >= '2024-01-01' ORDER BY id) s,
  generate_series(1, $PER) AS k(i)
LIMIT $REGISTRATIONS;
SQL
else
  sql <<SQL
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $PER)
INSERT INTO registrations (session_id, token_hash, seats, status, language, source, queued_at,
  check_in_code, created_at, updated_at, returning_person)
SELECT ${REG_SELECT//::int/}
FROM (SELECT id, starts_at FROM sessions WHERE starts_at >= '2024-01-01' ORDER BY id) s, k
LIMIT $REGISTRATIONS;
SQL
fi

# The regional administrator, signed in: a staff session whose token we know, and the
# second factor marked as set up (the report is what is measured, not the sign-in).
TOKEN="benchreportbenchreportbenchrepor"
DIGEST=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
sql <<SQL
UPDATE users SET totp_enabled_at = '2026-01-01 00:00:00' WHERE email = 'admin@demo.babillard.quebec';
INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
SELECT '$DIGEST', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '2199-01-01 00:00:00'
FROM users WHERE email = 'admin@demo.babillard.quebec';
SQL

"$BIN" serve >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

echo "backend: $(pg && echo PostgreSQL || echo SQLite), $(nproc) cores"
echo "sessions since 2024: $SESSIONS; registrations: $(echo 'SELECT count(*) FROM registrations' | sql)"
for year in 2024 2025 2026; do
  for what in "admin/reports" "admin/reports/export.csv"; do
    url="http://127.0.0.1:$PORT/$what?from=$year-01-01&to=$year-12-31"
    for run in $(seq 1 "$RUNS"); do
      curl -fsS -o "$WORK/out" -b "staff=$TOKEN" -w "$year $what run $run: %{http_code} %{time_total} s %{size_download} bytes\n" "$url"
    done
  done
done
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$SERVER/status")"
