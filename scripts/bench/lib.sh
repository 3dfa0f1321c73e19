# Shared by the load scripts under scripts/bench/ (sourced, not run, from the repository's
# root): the release build and a scratch directory cleaned on exit, growing a demo
# database to $sessions sessions, and reading wrk's figures.
# Needs: $sessions set by the caller; sqlite3, psql, wrk, bc on the PATH.

# The release binary and the static baseline (examples/static_server.rs), a scratch
# directory ($tmp), and servers started by the script ($pids) stopped on exit.
cargo build --release -q --bin babillard --example static_server
bin=$PWD/target/release/babillard
static=$PWD/target/release/examples/static_server
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
export BABILLARD_RUN_JOBS=false RUST_LOG=warn BABILLARD_LOG=warn

rps() { # wrk output → requests per second
  awk '/Requests\/sec/ {print $2}'
}

# Copies the demo's published sessions onto later weeks until there are $sessions.
grow_sqlite() { # $1: database file
  local published
  published=$(sqlite3 "$1" "SELECT count(*) FROM sessions WHERE status = 'published'")
  local copies=$(( (sessions + published - 1) / published ))
  sqlite3 "$1" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $copies)
INSERT INTO sessions (event_id, organisation_id, track_id, kind_id, title, description, level,
  language, starts_at, ends_at, format, online_url, venue_id, registration_required, capacity,
  waitlist_limit, max_seats, price_cents, status, seats_taken, waitlist_count, sequence,
  what_to_bring, created_at, updated_at)
SELECT event_id, organisation_id, track_id, kind_id, title || ' (' || n.i || ')', description,
  level, language, datetime(starts_at, '+' || (n.i * 7) || ' days'),
  datetime(ends_at, '+' || (n.i * 7) || ' days'), format, online_url, venue_id,
  registration_required, capacity, waitlist_limit, max_seats, price_cents, status, 0, 0, 0,
  what_to_bring, created_at, updated_at
FROM sessions, n WHERE status = 'published'
LIMIT max(0, $sessions - (SELECT count(*) FROM sessions));
SQL
}

grow_postgres() { # $1: database URL
  local published
  published=$(psql -qAt "$1" -c "SELECT count(*) FROM sessions WHERE status = 'published'")
  local copies=$(( (sessions + published - 1) / published ))
  psql -q "$1" <<SQL
INSERT INTO sessions (event_id, organisation_id, track_id, kind_id, title, description, level,
  language, starts_at, ends_at, format, online_url, venue_id, registration_required, capacity,
  waitlist_limit, max_seats, price_cents, status, seats_taken, waitlist_count, sequence,
  what_to_bring, created_at, updated_at)
SELECT event_id, organisation_id, track_id, kind_id, title || ' (' || n.i || ')', description,
  level, language, starts_at + make_interval(days => n.i * 7), ends_at + make_interval(days => n.i * 7),
  format, online_url, venue_id, registration_required, capacity, waitlist_limit, max_seats,
  price_cents, status, 0, 0, 0, what_to_bring, created_at, updated_at
FROM sessions, generate_series(1, $copies) AS n(i) WHERE status = 'published'
LIMIT greatest(0, $sessions - (SELECT count(*) FROM sessions));
SQL
}
