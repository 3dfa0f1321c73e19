#!/usr/bin/env bash
# Fuzzes the HTTP API with Schemathesis (https://schemathesis.io, from PyPI) against
# its own OpenAPI document, /api/v1/openapi.json, on a running server: no 5xx, and
# every response as documented (status code, content type, JSON schema).
#
#   scripts/fuzz-api.sh [--postgres URL] [--max-examples N] [--max-time SECONDS]
#
# It builds the debug binary, loads the demo into a scratch database (SQLite by
# default; an empty PostgreSQL database with --postgres), creates a regional
# administrator and an API token so the staff endpoints are fuzzed too, starts
# `babillard serve` on a free loopback port and runs `st run`. Schemathesis goes into a
# virtual environment under target/ (pip, once). Exit status: Schemathesis's own.
set -euo pipefail
cd "$(dirname "$0")/.."

db_url="" max_examples=100 max_time=""
while (($#)); do
  case "$1" in
    --postgres) db_url=$2; shift 2 ;;
    --max-examples) max_examples=$2; shift 2 ;;
    --max-time) max_time=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

venv=target/schemathesis
if [[ ! -x $venv/bin/st ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'schemathesis>=4,<5'
fi

# The binary as `cargo test` builds it (a no-op right after the tests: `cargo build`
# would build the dependencies again without the test features).
cargo test -q --no-run
bin=$PWD/target/debug/babillard
tmp=$(mktemp -d)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export BABILLARD_DATABASE_URL=${db_url:-$tmp/fuzz.sqlite3}
export BABILLARD_BIND=127.0.0.1:$port BABILLARD_BASE_URL=http://127.0.0.1:$port
export BABILLARD_MAIL_DIR=$tmp/mail BABILLARD_TOTP_KEY_FILE=$tmp/totp.key
# The fuzzer registers hundreds of times a minute from one address: the public form's
# rate limit would answer 429 to most of it and hide the engine from the fuzzer.
export BABILLARD_REGISTRATION_RATE_LIMIT=0 BABILLARD_LOG=warn

"$bin" demo >/dev/null
FUZZ_PASSWORD=fuzz-fuzz-fuzz-fuzz "$bin" user add --email fuzz@babillard.localhost \
  --name Fuzz --admin --password-env FUZZ_PASSWORD >/dev/null
token=$("$bin" token create --email fuzz@babillard.localhost --name fuzz | grep -Eo '[A-Za-z0-9_-]{30,}' | head -1)

"$bin" serve >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/api/v1/openapi.json" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log"; exit 1; }
  sleep 0.2
done

# One worker: with two, Schemathesis's threads parse Python source concurrently, and
# CPython 3.11 (this machine's) can then fail with "AST constructor recursion depth
# mismatch" (python/cpython#106905), a failure of the fuzzer, not of the API.
args=(run "http://127.0.0.1:$port/api/v1/openapi.json"
  --header "Authorization: Bearer $token"
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
  --max-examples "$max_examples" --generation-deterministic --workers 1 --request-timeout 10
  --suppress-health-check all)
[[ -n $max_time ]] && args+=(--max-time "$max_time")
status=0
"$venv/bin/st" "${args[@]}" || status=$?
if grep -q "panicked" "$tmp/serve.log"; then
  echo "== the server panicked:" >&2
  grep -A5 "panicked" "$tmp/serve.log" >&2
  status=1
fi
exit "$status"
