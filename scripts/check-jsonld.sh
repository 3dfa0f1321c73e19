#!/usr/bin/env bash
# Reads the session pages' schema.org JSON-LD with an independent extractor, extruct
# (https://github.com/scrapinghub/extruct, from PyPI: what crawlers built on Scrapy use),
# on a running server with the demo: every page holds exactly one `Event` with the keys
# search engines read, its times equal the API's, and a cancelled session says so.
#
#   scripts/check-jsonld.sh [--postgres URL] [--pages N]
#
# It loads the demo into a scratch database (SQLite by default; an empty PostgreSQL
# database with --postgres), starts `babillard serve` (the debug binary as `cargo test`
# builds it) on a free loopback port, and checks N upcoming sessions (default 20) and
# every cancelled one the API lists. extruct goes into a virtual environment under
# target/ (pip, once). Exit status: 0 when every page passes.
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
"$bin" serve >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log"; exit 1; }
  sleep 0.2
done

"$venv/bin/python" - "http://127.0.0.1:$port" "$pages" <<'PY'
import json, sys, urllib.request
from datetime import datetime

import extruct

base, wanted = sys.argv[1], int(sys.argv[2])

def get(path):
    with urllib.request.urlopen(base + path) as r:
        return r.read().decode("utf-8")

listed = json.loads(get(f"/api/v1/sessions?per_page={min(wanted, 100)}"))["items"]
# Cancelled sessions of the coming weeks, from the open data (the API lists them too).
ids = [s["id"] for s in listed]
for row in json.loads(get("/open-data/activities.json"))["activities"]:
    if row["status"] != "scheduled" and row["id"] not in ids:
        ids.append(row["id"])
assert ids, "the demo has public sessions"

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
    cancelled = api["status"] == "cancelled"
    if cancelled != (e["eventStatus"] == "https://schema.org/EventCancelled"):
        failures.append(f"{url}: status {api['status']} but {e['eventStatus']}")
    if e["offers"].get("priceCurrency") != "CAD" or "price" not in e["offers"]:
        failures.append(f"{url}: offer {e['offers']}")
    statuses[e["eventStatus"].rsplit("/", 1)[-1]] = statuses.get(e["eventStatus"].rsplit("/", 1)[-1], 0) + 1

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"JSON-LD of {len(ids)} session pages read by extruct: {statuses}")
PY
