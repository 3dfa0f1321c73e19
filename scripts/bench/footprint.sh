#!/usr/bin/env bash
# Start-up time, idle memory and page weights of a release build serving the demo.
# Usage: scripts/bench/footprint.sh [runs]   (SQLite in a temp folder; nothing else needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
cargo build --release -q
bin=$PWD/target/release/babillard
tmp=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
# The real service: background jobs on (emails go to files in the temp folder).
export BABILLARD_DATABASE_URL=$tmp/b.sqlite3 BABILLARD_BIND=127.0.0.1:8099 BABILLARD_MAIL_DIR=$tmp/mail RUST_LOG=warn BABILLARD_LOG=warn
"$bin" demo >/dev/null
url=http://127.0.0.1:8099

echo "start-up (process start → first 200 from /healthz), ms:"
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" serve & pid=$!
  until curl -sf "$url/healthz" >/dev/null; do sleep 0.002; done
  end=$(date +%s%N)
  printf '  %d\n' $(( (end - start) / 1000000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

"$bin" serve & pid=$!
until curl -sf "$url/healthz" >/dev/null; do sleep 0.01; done
sleep 2
# VmRSS, and its two parts: anonymous (heap, stacks: what the process alone costs) and
# file-backed (the binary's code and libraries, shared with other processes, clean).
rss() { awk '/^(VmRSS|RssAnon|RssFile):/ {v[$1]=$2} END {printf "%d kB (anonymous %d kB, file-backed %d kB)", v["VmRSS:"], v["RssAnon:"], v["RssFile:"]}' "/proc/$pid/status"; }
echo "idle memory after start: $(rss)"
session=$(curl -s "$url/api/v1/sessions?per_page=1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
event=$(curl -s "$url/api/v1/sessions?kind=conference&per_page=1" | sed -n 's/.*"event_slug":"\([^"]*\)".*/\1/p' | head -1)
# A registration, for its manage page.
manage=$(curl -s -H 'Content-Type: application/json' \
  -d '{"name":"Rita Bouchard","email":"rita@example.org","consent":true}' \
  "$url/api/v1/sessions/$session/registrations" | sed -n 's/.*"manage_url":"[^"]*\(\/r\/[^"]*\)".*/\1/p')
printf '%-40s %10s %10s\n' page bytes gzip
for path in / "/sessions/$session" "/events/$event" /calendar "/calendar?view=week" "/calendar?view=list" \
  "/organisations/mrc-argenteuil" /subscribe /privacy "$manage" /admin/sign-in "/api/v1/sessions?per_page=100"; do
  raw=$(curl -s "$url$path" | wc -c)
  gz=$(curl -s -H 'Accept-Encoding: gzip' "$url$path" | wc -c)
  case "$path" in /r/*) label=/r/{token} ;; *) label=$path ;; esac
  printf '%-40s %10d %10d\n' "$label" "$raw" "$gz"
done
for _ in $(seq 200); do curl -s "$url/" >/dev/null; curl -s "$url/calendar" >/dev/null; done
echo "memory after 400 page views: $(rss)"
