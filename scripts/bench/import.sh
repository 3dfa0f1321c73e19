#!/usr/bin/env bash
# Importing a partner's calendar of 5,000 occurrences (90 weekly series of 50 with an
# EXDATE and a RECURRENCE-ID override each, and 500 single events, in America/Toronto),
# with `babillard import FILE --trusted` from the release build: time and peak memory
# (/usr/bin/time -v), then the same file again, which must write nothing (the sessions
# table's fingerprint is compared before and after). SQLite always; PostgreSQL too when
# BENCH_POSTGRES_URL names a server where a throwaway database may be created.
# Usage: scripts/bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/bench/lib.sh
source scripts/bench/lib.sh
org=bibliotheque-jean-marc-belzile
feed=$tmp/partenaire.ics

# The feed, starting next Monday (Québec time), as a partner's Google calendar writes it.
python3 - "$feed" <<'PY'
import datetime, sys
start = datetime.date.today() + datetime.timedelta(days=7 - datetime.date.today().weekday())
titles = ["Atelier tablette", "Café numérique", "Aide informatique", "Club de lecture", "Heure du conte"]
out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
       "X-WR-CALNAME:Bibliothèque (banc d'essai)", "X-WR-TIMEZONE:America/Toronto"]
def ev(uid, title, day, hour, extra=()):
    out.extend(["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:20261201T120000Z",
                f"DTSTART;TZID=America/Toronto:{day:%Y%m%d}T{hour:02d}0000",
                f"DTEND;TZID=America/Toronto:{day:%Y%m%d}T{hour + 1:02d}3000",
                f"SUMMARY:{title}", "LOCATION:Salle biblio\\, 378 rue Principale\\, Lachute",
                "DESCRIPTION:<p>Apportez votre <b>appareil</b>.</p>", *extra, "END:VEVENT"])
for s in range(90):
    day = start + datetime.timedelta(days=s % 7)
    hour = 9 + s % 8
    skipped = day + datetime.timedelta(weeks=3)
    moved = day + datetime.timedelta(weeks=5)
    ev(f"serie-{s}@banc", f"{titles[s % 5]} {s}", day, hour,
       ["RRULE:FREQ=WEEKLY;COUNT=51", f"EXDATE;TZID=America/Toronto:{skipped:%Y%m%d}T{hour:02d}0000"])
    ev(f"serie-{s}@banc", f"{titles[s % 5]} {s} (déplacé)", moved + datetime.timedelta(days=1), hour,
       [f"RECURRENCE-ID;TZID=America/Toronto:{moved:%Y%m%d}T{hour:02d}0000"])
for i in range(500):
    ev(f"unique-{i}@banc", f"Conférence {i}", start + datetime.timedelta(days=i % 360), 13 + i % 5)
out.append("END:VCALENDAR")
with open(sys.argv[1], "w", newline="") as f:
    f.write("\r\n".join(out) + "\r\n")
PY

fingerprint() { # $1: database URL or file → rows, sequences and last change of sessions
  local q="SELECT count(*), coalesce(sum(sequence), 0), max(updated_at) FROM sessions"
  case $1 in
    postgres://*) psql -qAt "$1" -c "$q" ;;
    *) sqlite3 "$1" "$q" ;;
  esac
}

run() { # $1: label, $2: database URL
  local label=$1 url=$2
  export BABILLARD_DATABASE_URL=$url
  "$bin" demo >/dev/null
  echo
  echo "== $label: $(grep -c '^BEGIN:VEVENT' "$feed") VEVENTs, $(wc -c < "$feed") bytes"
  for pass in first again; do
    local before after
    before=$(fingerprint "$url")
    /usr/bin/time -v "$bin" import "$feed" --organisation "$org" --trusted \
      > "$tmp/out" 2> "$tmp/time"
    after=$(fingerprint "$url")
    printf '%-6s wall %s  peak RSS %s kB\n' "$pass" \
      "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time")" \
      "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time")"
    grep -v '^$' "$tmp/out" | tail -n 8 | sed 's/^/       /'
    if [ "$pass" = again ]; then
      if [ "$before" = "$after" ]; then echo "       sessions unchanged by the second import ($after)"
      else echo "       the second import WROTE: $before → $after" >&2; exit 1; fi
    fi
  done
}

run "SQLite" "$tmp/import.sqlite3"

if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  name=babillard_import_bench_$$
  psql -q "$BENCH_POSTGRES_URL/postgres" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
  run "PostgreSQL" "$BENCH_POSTGRES_URL/$name"
  psql -q "$BENCH_POSTGRES_URL/postgres" -c "DROP DATABASE $name WITH (FORCE)"
fi
