//! Reading a partner's calendar: bytes of an iCalendar feed (Google Calendar, Outlook /
//! Office 365, WordPress plugins, municipal sites) to an [`ImportedFeed`] of dated
//! occurrences in UTC, within a window.
//!
//! - Syntax (`content`): folded lines, the `ical` crate's property parser, components.
//! - Time (`when`): `VALUE=DATE` days (midnight to midnight in Québec, DTEND
//!   exclusive), floating times (Québec), UTC, and TZIDs in IANA or Windows names.
//! - Recurrence (`expand`): `RRULE`/`RDATE` through the `rrule` crate, `EXDATE`s (several
//!   per line, several lines), `RECURRENCE-ID` overrides (moved, retitled, cancelled),
//!   at most [`MAX_OCCURRENCES_PER_EVENT`] per event in the window.
//! - Text (`text`): TEXT escapes, and HTML descriptions to plain text with `ammonia`.
//!
//! An occurrence is in the window when its start is (an override is kept when its new
//! or its original start is, so a session moved out of the window is still updated).
//! An event without UID, start or title, or with a date we cannot read, is refused
//! with its reason in [`ImportedFeed::refused`]; the rest of the feed is still read.

mod content;
mod expand;
mod text;
mod when;
mod windows_zones;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeDelta};
use chrono_tz::Tz;

use crate::domain::imported::{ImportedFeed, Occurrence, Refusal};
use crate::domain::time::ZONE;
use content::Component;
use when::{Value, Zones};

/// At most this many occurrences of one recurring event are read in the window.
pub const MAX_OCCURRENCES_PER_EVENT: usize = 2_000;
/// At most this many instances of one recurrence rule are examined (those before the
/// window count too): a `FREQ=SECONDLY` rule from years ago stops here.
pub const MAX_STEPS_PER_EVENT: usize = 100_000;
/// Longest UID kept (the occurrence key adds `#YYYYMMDDTHHMMSSZ` and stays under 500).
const MAX_UID_CHARS: usize = 480;

/// Why bytes could not be read as a calendar at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("this is not an iCalendar feed: it does not begin with BEGIN:VCALENDAR")]
    NotICalendar,
    #[error(
        "this calendar stops before its END:VCALENDAR: it was probably cut off while \
         downloading, so it is not read (events after the cut would look deleted)"
    )]
    Truncated,
}

/// How long each occurrence lasts.
#[derive(Debug, Clone, Copy)]
enum Length {
    Exact(TimeDelta),
    /// Whole days in Québec (all-day events), DTEND exclusive.
    Days(i64),
}

/// One VEVENT, read and checked.
#[derive(Debug, Clone)]
struct Event {
    uid: String,
    recurrence_id: Option<DateTime<Tz>>,
    start: DateTime<Tz>,
    all_day: bool,
    length: Length,
    rrules: Vec<String>,
    rdates: Vec<DateTime<Tz>>,
    exdates: HashSet<i64>,
    title: String,
    description: String,
    location: Option<String>,
    url: Option<String>,
    cancelled: bool,
}

impl Event {
    fn recurs(&self) -> bool {
        !self.rrules.is_empty() || !self.rdates.is_empty()
    }

    /// This event's data at `start`, under `key`.
    fn occurrence(&self, key: String, start: DateTime<Tz>) -> Occurrence {
        let ends = match self.length {
            Length::Exact(d) => start + d,
            Length::Days(n) => {
                let day = start.with_timezone(&ZONE).date_naive() + TimeDelta::days(n);
                when::localize(ZONE, day.and_time(NaiveTime::MIN)).with_timezone(&start.timezone())
            }
        };
        Occurrence {
            key,
            starts_at: start.naive_utc(),
            ends_at: ends.naive_utc(),
            all_day: self.all_day,
            title: self.title.clone(),
            description: self.description.clone(),
            location: self.location.clone(),
            url: self.url.clone(),
            cancelled: self.cancelled,
        }
    }
}

/// The key of one occurrence of a recurring event: `UID#YYYYMMDDTHHMMSSZ`.
fn occurrence_key(uid: &str, original_start: DateTime<Tz>) -> String {
    format!(
        "{uid}#{}",
        original_start.naive_utc().format("%Y%m%dT%H%M%SZ")
    )
}

/// Reads a whole feed. See the module's documentation for what is understood.
pub fn read_feed(bytes: &[u8], window: Range<NaiveDateTime>) -> Result<ImportedFeed, ReadError> {
    let doc = content::parse(bytes)?;
    let zones = Zones::new(&doc);
    let name = doc
        .prop("X-WR-CALNAME")
        .map(|p| one_line(&text::unescape(&p.value)))
        .filter(|n| !n.is_empty());

    let mut refused = Vec::new();
    let mut masters: Vec<Event> = Vec::new();
    let mut master_uids: HashSet<String> = HashSet::new();
    let mut overrides: HashMap<(String, i64), Event> = HashMap::new();
    let mut override_order: Vec<(String, i64)> = Vec::new();
    for component in doc.components("VEVENT") {
        let event = match read_event(component, &zones) {
            Ok(event) => event,
            Err(refusal) => {
                refused.push(refusal);
                continue;
            }
        };
        let uid = event.uid.clone();
        let duplicate = match event.recurrence_id {
            Some(rid) => match overrides.entry((uid.clone(), rid.timestamp())) {
                Entry::Occupied(_) => true,
                Entry::Vacant(slot) => {
                    override_order.push(slot.key().clone());
                    slot.insert(event);
                    false
                }
            },
            None if !master_uids.insert(uid.clone()) => true,
            None => {
                masters.push(event);
                false
            }
        };
        if duplicate {
            refused.push(Refusal {
                uid: Some(uid),
                reason: "another event of this feed has the same UID (and recurrence id); \
                         the first one is kept"
                    .into(),
            });
        }
    }

    let in_window = |t: DateTime<Tz>| window.contains(&t.naive_utc());
    let mut occurrences = Vec::new();
    for master in &masters {
        if !master.recurs() {
            // A single event; an override of its only occurrence replaces it.
            let chosen = overrides
                .remove(&(master.uid.clone(), master.start.timestamp()))
                .unwrap_or_else(|| master.clone());
            if in_window(chosen.start) || in_window(master.start) {
                occurrences.push(chosen.occurrence(master.uid.clone(), chosen.start));
            }
            continue;
        }
        let expansion = match expand::expand(
            master.start,
            &master.rrules,
            &master.rdates,
            &master.exdates,
            &window,
        ) {
            Ok(expansion) => expansion,
            Err(reason) => {
                refused.push(Refusal {
                    uid: Some(master.uid.clone()),
                    reason,
                });
                continue;
            }
        };
        if let Some(reason) = expansion.capped {
            refused.push(Refusal {
                uid: Some(master.uid.clone()),
                reason,
            });
        }
        for start in expansion.starts {
            let key = occurrence_key(&master.uid, start);
            match overrides.remove(&(master.uid.clone(), start.timestamp())) {
                Some(moved) => occurrences.push(moved.occurrence(key, moved.start)),
                None => occurrences.push(master.occurrence(key, start)),
            }
        }
    }
    // Overrides not met in an expansion: moved into the window from outside it, of an
    // occurrence past the cap, or of a recurring event the feed does not carry.
    for at in override_order {
        if let Some(event) = overrides.remove(&at) {
            let rid = event.recurrence_id.expect("overrides have one");
            if in_window(event.start) || in_window(rid) {
                occurrences.push(event.occurrence(occurrence_key(&event.uid, rid), event.start));
            }
        }
    }
    occurrences.sort_by(|a, b| (a.starts_at, &a.key).cmp(&(b.starts_at, &b.key)));
    Ok(ImportedFeed {
        name,
        occurrences,
        refused,
    })
}

/// Whitespace (line breaks included) collapsed to single spaces, trimmed.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_event(c: &Component, zones: &Zones) -> Result<Event, Refusal> {
    let uid = c
        .prop("UID")
        .map(|p| p.value.trim().to_owned())
        .filter(|u| !u.is_empty());
    let refuse = |reason: String| Refusal {
        uid: uid.clone(),
        reason,
    };
    let Some(uid) = uid.clone() else {
        return Err(refuse(
            "it has no UID, so a later import could not recognise it".into(),
        ));
    };
    if uid.chars().count() > MAX_UID_CHARS {
        return Err(refuse(format!(
            "its UID is longer than {MAX_UID_CHARS} characters"
        )));
    }
    let title = c
        .prop("SUMMARY")
        .map(|p| one_line(&text::unescape(&p.value)))
        .unwrap_or_default();
    if title.is_empty() {
        return Err(refuse("it has no title (SUMMARY)".into()));
    }
    let Some(dtstart) = c.prop("DTSTART") else {
        return Err(refuse("it has no start (DTSTART)".into()));
    };
    let start_value = zones.value(dtstart).map_err(&refuse)?;
    let start = start_value.instant();
    let all_day = start_value.is_date();

    let length = match (c.prop("DTEND"), c.prop("DURATION")) {
        (Some(dtend), _) => match (start_value, zones.value(dtend).map_err(&refuse)?) {
            (Value::Date(s), Value::Date(e)) => Length::Days((e - s).num_days().max(1)),
            (_, end) => Length::Exact(end.instant() - start),
        },
        (None, Some(duration)) => {
            let d = when::parse_duration(&duration.value).ok_or_else(|| {
                refuse(format!("its DURATION “{}” cannot be read", duration.value))
            })?;
            if all_day && d.num_seconds() % 86_400 == 0 {
                Length::Days(d.num_days().max(1))
            } else {
                Length::Exact(d)
            }
        }
        (None, None) if all_day => Length::Days(1),
        (None, None) => Length::Exact(TimeDelta::zero()),
    };
    if let Length::Exact(d) = length
        && d < TimeDelta::zero()
    {
        return Err(refuse("it ends before it starts".into()));
    }

    let recurrence_id = c
        .prop("RECURRENCE-ID")
        .map(|p| zones.value(p).map(Value::instant))
        .transpose()
        .map_err(&refuse)?;
    let rrules = c.all("RRULE").map(|p| p.value.clone()).collect();
    let mut rdates = Vec::new();
    for p in c.all("RDATE") {
        rdates.extend(
            zones
                .values(p)
                .map_err(&refuse)?
                .into_iter()
                .map(Value::instant),
        );
    }
    let mut exdates = HashSet::new();
    for p in c.all("EXDATE") {
        exdates.extend(
            zones
                .values(p)
                .map_err(&refuse)?
                .into_iter()
                .map(|v| v.instant().timestamp()),
        );
    }

    let description = c
        .prop("DESCRIPTION")
        .or_else(|| c.prop("X-ALT-DESC"))
        .map(|p| text::plain(&text::unescape(&p.value)))
        .unwrap_or_default();
    let location = c
        .prop("LOCATION")
        .map(|p| text::unescape(&p.value).trim().to_owned())
        .filter(|l| !l.is_empty());
    let url = c
        .prop("URL")
        .map(|p| p.value.trim().to_owned())
        .filter(|u| {
            let lower = u.to_ascii_lowercase();
            (lower.starts_with("https://") || lower.starts_with("http://"))
                && u.len() > "https://".len()
                && !u.chars().any(|ch| ch.is_whitespace() || ch.is_control())
        });
    let cancelled = c
        .prop("STATUS")
        .is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED"));

    Ok(Event {
        uid,
        recurrence_id,
        start,
        all_day,
        length,
        rrules,
        rdates,
        exdates,
        title,
        description,
        location,
        url,
        cancelled,
    })
}
