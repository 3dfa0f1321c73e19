#!/usr/bin/env bash
# Two `babillard serve` on one PostgreSQL database behind nginx on loopback, and what
# must hold there:
#   1. a registration rush through the proxy reaches both instances, and the counts are
#      exact (seats taken = confirmations answered, waitlist = waitlisted answered);
#   2. both instances serve the same feed once its cache bound has passed;
#   3. one instance killed (SIGKILL) in the middle of a second rush: the client sends
#      an unanswered attempt again with its Idempotency-Key, as a careful client does,
#      and no registration is lost or made twice;
#   4. every email the outbox sent reached the SMTP server once, whichever instance
#      sent it.
# It prints each check and exits non-zero if one fails.
#
#   scripts/two-instances.sh [postgres://user@host:port/admin-db]
#
# Needs: PostgreSQL (a throw-away database is created and dropped; default
# postgres://postgres@127.0.0.1:5432/postgres), nginx (installed from Debian's
# packages when missing; run with its own configuration, the system's is untouched),
# Python 3 (aiosmtpd is installed from PyPI into target/two-instances-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

admin_url=${1:-postgres://postgres@127.0.0.1:5432/postgres}
db="babillard_two_$$"
db_url="${admin_url%/*}/$db"
tmp=$(mktemp -d)
pids=()
failed=0

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $tmp/nginx.pid ]] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

check() { # $1: description, $2: 0 when it holds
  if [[ $2 == 0 ]]; then echo "   ok    $1"; else echo "   FAIL  $1"; failed=1; fi
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
sql() { psql -qAt "$db_url" -c "$1"; }

if ! command -v nginx >/dev/null; then
  echo "== installing nginx"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
venv=target/two-instances-venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'aiosmtpd>=1.4,<2'
fi

echo "== building (release)"
cargo build --release -q --bin babillard --example rush
bin=$PWD/target/release/babillard

psql -q "$admin_url" -c "CREATE DATABASE $db"
proxy=$(free_port) a=$(free_port) b=$(free_port) smtp=$(free_port)
export BABILLARD_DATABASE_URL=$db_url
export BABILLARD_BASE_URL=http://127.0.0.1:$proxy
export BABILLARD_TRUSTED_PROXIES='["127.0.0.1"]'
export BABILLARD_SMTP_URL=smtp://127.0.0.1:$smtp
export BABILLARD_REGISTRATION_RATE_LIMIT=0 # one client address drives the whole rush
export BABILLARD_JOBS_INTERVAL_SECONDS=1 BABILLARD_FEED_CACHE_SECONDS=2
export BABILLARD_TOTP_KEY_FILE=$tmp/totp.key BABILLARD_LOG=warn
"$bin" migrate >/dev/null
"$bin" demo >/dev/null
# The demo's own emails are not part of this run.
sql "DELETE FROM outbox" >/dev/null

"$venv/bin/python" scripts/instances/smtp_sink.py "$smtp" "$tmp/received.txt" &
pids+=($!)
start() { # $1: port, $2: name
  BABILLARD_BIND=127.0.0.1:$1 "$bin" serve >"$tmp/$2.log" 2>&1 &
  pids+=($!)
  eval "pid_$2=$!"
}
start "$a" a
start "$b" b

cat >"$tmp/nginx.conf" <<NGINX
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  log_format upstream '\$upstream_addr \$status';
  client_body_temp_path $tmp/nginx-body;
  proxy_temp_path $tmp/nginx-proxy;
  fastcgi_temp_path $tmp/nginx-fastcgi;
  uwsgi_temp_path $tmp/nginx-uwsgi;
  scgi_temp_path $tmp/nginx-scgi;
  upstream babillard {
    server 127.0.0.1:$a max_fails=1 fail_timeout=10s;
    server 127.0.0.1:$b max_fails=1 fail_timeout=10s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$proxy;
    access_log $tmp/access.log upstream;
    location / {
      proxy_pass http://babillard;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
NGINX
nginx -c "$tmp/nginx.conf" -p "$tmp" -g 'daemon on;'

for port in "$a" "$b" "$proxy"; do
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
  done
done

rush() { # extra arguments for the client
  target/release/examples/rush --url "http://127.0.0.1:$proxy" --db "$db_url" \
    --idempotent --attempts 0 --clients 40 "$@"
}

echo "== 1. a rush through nginx across both instances"
rush --large-attempts 3000 | tee "$tmp/rush1.txt"
grep -q "OK" <(tail -n 1 "$tmp/rush1.txt"); check "counts exact, no error" $?
via_a=$(grep -c "127.0.0.1:$a " "$tmp/access.log" || true)
via_b=$(grep -c "127.0.0.1:$b " "$tmp/access.log" || true)
echo "   requests answered by instance A: $via_a, by B: $via_b"
[[ $via_a -gt 0 && $via_b -gt 0 ]]; check "both instances served the rush" $?

echo "== 2. the same feed from both instances"
sleep 3 # the feed cache bound (BABILLARD_FEED_CACHE_SECONDS=2) passes
curl -fs "http://127.0.0.1:$a/calendar.ics" | grep -v '^DTSTAMP' >"$tmp/feed-a.ics"
curl -fs "http://127.0.0.1:$b/calendar.ics" | grep -v '^DTSTAMP' >"$tmp/feed-b.ics"
cmp -s "$tmp/feed-a.ics" "$tmp/feed-b.ics"; check "identical calendar.ics once the cache bound passed" $?

echo "== 3. instance A killed in the middle of a rush"
rush --large-attempts 4000 >"$tmp/rush2.txt" &
client=$!
big="SELECT max(id) FROM sessions WHERE title = 'Rush: grande conférence'"
for _ in $(seq 1 600); do
  n=$(sql "SELECT count(*) FROM registrations WHERE session_id = ($big)")
  [[ $n -ge 1000 ]] && break
  sleep 0.05
done
kill -9 "$pid_a"
echo "   killed A after $n registrations of the second rush"
wait "$client" || true
cat "$tmp/rush2.txt"
grep -q "OK" <(tail -n 1 "$tmp/rush2.txt"); check "counts exact after the kill, no error left" $?
rows=$(sql "SELECT count(*) FROM registrations WHERE session_id = ($big)")
people=$(sql "SELECT count(DISTINCT email) FROM registrations WHERE session_id = ($big)")
echo "   registrations stored: $rows, distinct people: $people (attempts: 4000)"
[[ $rows == 4000 && $people == 4000 ]]; check "every attempt registered exactly once" $?

echo "== 4. every email sent once"
# Rows the killed instance had claimed come back when their lease ends (the mail
# worker's LEASE_SECONDS, 5 minutes): at most that long a wait.
for _ in $(seq 1 1800); do
  left=$(sql "SELECT count(*) FROM outbox WHERE status NOT IN ('sent', 'failed')")
  [[ $left == 0 ]] && break
  sleep 0.2
done
sent=$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")
queued=$(sql "SELECT count(*) FROM outbox")
received=$(wc -l <"$tmp/received.txt")
distinct=$(sort -u "$tmp/received.txt" | wc -l)
echo "   outbox: $queued queued, $sent sent, $left waiting; SMTP server received $received messages, $distinct distinct"
[[ $left == 0 && $sent == "$queued" ]]; check "the outbox is drained by the surviving instance" $?
[[ $received == "$sent" && $distinct == "$sent" ]]; check "each email received once" $?

if grep -q "panicked" "$tmp"/a.log "$tmp"/b.log; then
  check "no panic in the servers' logs" 1
fi
exit "$failed"
