#!/usr/bin/env bash
# Reads the session pages' schema.org JSON-LD with an independent extractor, extruct
# (https://github.com/scrapinghub/extruct, from PyPI: what crawlers built on Scrapy use),
# on a running server with the demo: every page holds exactly one `Event` with the keys
# search engines read, its times equal the API's, a session moved through the staff API
# says EventRescheduled with its previous start, and a cancelled one EventCancelled.
#
#   scripts/check-jsonld.sh [--postgres URL] [--pages N]
#
# It loads the demo into a scratch database (SQLite by default; an empty PostgreSQL
# database with --postgres), creates an administrator and an API token, starts
# `babillard serve` (the debug binary as `cargo test` builds it) on a free loopback
# port, moves one session a week later and cancels another through the staff API, and
# checks N upcoming sessions (default 20) with those two. extruct goes into a virtual
# environment under target/ (pip, once). Exit status: 0 when every page passes.
set -euo pipefail
cd "$(dirname "$0")/.."

db_url="" pages=20
while (($#)); do
  case "$1" in
    --postgres) db_url=$2; shift 2 ;;
    --pages) pages=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

venv=target/extruct
if ! "$venv/bin/python" -c 'import extruct' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'extruct>=0.18,<1'
fi

# The binary as `cargo test` builds it (a no-op right after the tests).
cargo test -q --no-run
bin=$PWD/target/debug/babillard
tmp=$(mktemp -d)
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export BABILLARD_DATABASE_URL=${db_url:-$tmp/jsonld.sqlite3}
export BABILLARD_BIND=127.0.0.1:$port BABILLARD_BASE_URL=http://127.0.0.1:$port
export BABILLARD_MAIL_DIR=$tmp/mail BABILLARD_TOTP_KEY_FILE=$tmp/totp.key
export BABILLARD_RUN_JOBS=false BABILLARD_LOG=warn

"$bin" demo >/dev/null
CHECK_PASSWORD=check-check-check-check "$bin" user add --email jsonld@babillard.localhost \
  --name JSON-LD --admin --password-env CHECK_PASSWORD >/dev/null
token=$("$bin" token create --email jsonld@babillard.localhost --name jsonld | grep -Eo '[A-Za-z0-9_-]{30,}' | head -1)
"$bin" serve >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log"; exit 1; }
  sleep 0.2
done

"$venv/bin/python" - "http://127.0.0.1:$port" "$pages" "$token" <<'PY'
import json, sys, urllib.request
from datetime import datetime, timedelta

import extruct

base, wanted, token = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def get(path):
    with urllib.request.urlopen(base + path) as r:
        return r.read().decode("utf-8")

def staff(method, path, body):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"{}")

listed = json.loads(get(f"/api/v1/sessions?per_page={min(max(wanted, 2), 100)}"))["items"]
assert len(listed) >= 2, "the demo has public sessions"
ids = [s["id"] for s in listed[:wanted]]
# One session moved a week later, another cancelled, as an organisation's site would.
moved, cancelled = listed[0], listed[1]
week = timedelta(days=7)
staff("PATCH", f"/api/v1/sessions/{moved['id']}", {
    "starts_at": (datetime.fromisoformat(moved["starts_at"]) + week).isoformat(),
    "ends_at": (datetime.fromisoformat(moved["ends_at"]) + week).isoformat()})
staff("POST", f"/api/v1/sessions/{cancelled['id']}/cancel", {"reason": "Vérification"})
expected = {moved["id"]: "EventRescheduled", cancelled["id"]: "EventCancelled"}

KEYS = ["name", "startDate", "endDate", "eventStatus", "eventAttendanceMode",
        "location", "organizer", "offers", "inLanguage", "url"]
failures, statuses = [], {}
for sid in ids:
    url = f"{base}/sessions/{sid}"
    found = extruct.extract(get(f"/sessions/{sid}"), base_url=url, syntaxes=["json-ld"])["json-ld"]
    api = json.loads(get(f"/api/v1/sessions/{sid}"))
    if len(found) != 1:
        failures.append(f"{url}: {len(found)} JSON-LD items")
        continue
    e = found[0]
    if e.get("@type") != "Event" or e.get("@context") != "https://schema.org":
        failures.append(f"{url}: @type {e.get('@type')!r}, @context {e.get('@context')!r}")
    missing = [k for k in KEYS if k not in e]
    if missing:
        failures.append(f"{url}: missing {missing}")
        continue
    for ours, theirs in (("startDate", "starts_at"), ("endDate", "ends_at")):
        if datetime.fromisoformat(e[ours]) != datetime.fromisoformat(api[theirs]):
            failures.append(f"{url}: {ours} {e[ours]} is not the API's {api[theirs]}")
        if datetime.fromisoformat(e[ours]).utcoffset() is None:
            failures.append(f"{url}: {ours} {e[ours]} has no offset")
    status = e["eventStatus"].rsplit("/", 1)[-1]
    if status != expected.get(sid, "EventScheduled"):
        failures.append(f"{url}: {status}, not {expected.get(sid, 'EventScheduled')}")
    if sid == moved["id"] and (
            datetime.fromisoformat(e.get("previousStartDate", "1970-01-01T00:00:00+00:00"))
            != datetime.fromisoformat(moved["starts_at"])):
        failures.append(f"{url}: previousStartDate {e.get('previousStartDate')}, not {moved['starts_at']}")
    if e["offers"].get("priceCurrency") != "CAD" or "price" not in e["offers"]:
        failures.append(f"{url}: offer {e['offers']}")
    statuses[status] = statuses.get(status, 0) + 1

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"JSON-LD of {len(ids)} session pages read by extruct: {statuses}")
PY
