//! `RRULE` (and `RDATE`) expansion through the `rrule` crate, in the event's own zone
//! (a weekly 13:30 stays 13:30 across a daylight-saving change), minus `EXDATE`s,
//! within the window, and capped so a hostile rule cannot exhaust time or memory.

use std::collections::HashSet;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Tz;
use rrule::{RRule, RRuleSet, Unvalidated};

use super::{MAX_OCCURRENCES_PER_EVENT, MAX_STEPS_PER_EVENT};

/// The starts of a recurring event that fall in the window, and why the list was cut
/// when it was.
pub(super) struct Expansion {
    pub starts: Vec<DateTime<Tz>>,
    pub capped: Option<String>,
}

/// Expands `rrules` from `start` (DTSTART always counts, as RFC 5545 says), adds
/// `rdates`, removes `exdates` (UTC timestamps), keeps the starts in `window` (UTC).
pub(super) fn expand(
    start: DateTime<Tz>,
    rrules: &[String],
    rdates: &[DateTime<Tz>],
    exdates: &HashSet<i64>,
    window: &Range<NaiveDateTime>,
) -> Result<Expansion, String> {
    let zone = rrule::Tz::Tz(start.timezone());
    let dt_start = start.with_timezone(&zone);
    let mut rules = Vec::with_capacity(rrules.len());
    for text in rrules {
        let text = text.trim();
        let text = text
            .strip_prefix("RRULE:")
            .or_else(|| text.strip_prefix("rrule:"))
            .unwrap_or(text);
        let rule = until_in_utc(text, start.timezone())
            .parse::<RRule<Unvalidated>>()
            .and_then(|r| r.validate(dt_start))
            .map_err(|e| format!("its recurrence rule (RRULE) cannot be read: {e}"))?;
        rules.push(rule);
    }
    let mut extra: Vec<_> = rdates.iter().map(|d| d.with_timezone(&zone)).collect();
    extra.push(dt_start);
    let set = RRuleSet::new(dt_start)
        .set_rrules(rules)
        .set_rdates(extra)
        .limit();

    // The crate is pure Rust and careful, but this is hostile input read in the job's
    // thread: a panic in it refuses the event instead of ending the import.
    let tz = start.timezone();
    catch_unwind(AssertUnwindSafe(|| walk(&set, tz, exdates, window)))
        .map_err(|_| "its recurrence rule (RRULE) cannot be expanded".to_owned())
}

/// RFC 5545 writes `UNTIL` in UTC for a zoned DTSTART, but floating (or as a DATE) for a
/// floating or all-day one; we place floating and all-day starts in Québec, and the
/// `rrule` crate wants a UTC `UNTIL` then. A local `UNTIL` is read in the event's zone
/// (a DATE as the end of that day, since UNTIL is inclusive) and written in UTC.
fn until_in_utc(rule: &str, tz: Tz) -> String {
    rule.split(';')
        .map(|part| {
            let Some((name, value)) = part.split_once('=') else {
                return part.to_owned();
            };
            if !name.trim().eq_ignore_ascii_case("UNTIL") || value.ends_with(['Z', 'z']) {
                return part.to_owned();
            }
            let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
                .ok()
                .or_else(|| {
                    chrono::NaiveDate::parse_from_str(value, "%Y%m%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(23, 59, 59))
                });
            match local {
                Some(t) => format!(
                    "UNTIL={}",
                    super::when::localize(tz, t)
                        .naive_utc()
                        .format("%Y%m%dT%H%M%SZ")
                ),
                None => part.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn walk(
    set: &RRuleSet,
    tz: Tz,
    exdates: &HashSet<i64>,
    window: &Range<NaiveDateTime>,
) -> Expansion {
    let mut starts = Vec::new();
    let mut last: Option<i64> = None;
    for (step, d) in set.into_iter().enumerate() {
        if step >= MAX_STEPS_PER_EVENT {
            return Expansion {
                starts,
                capped: Some(format!(
                    "its recurrence rule produces more than {MAX_STEPS_PER_EVENT} occurrences \
                     before the end of the import window; the rest are left out"
                )),
            };
        }
        let utc = d.naive_utc();
        if utc >= window.end {
            break;
        }
        let stamp = d.timestamp();
        if last == Some(stamp) || utc < window.start || exdates.contains(&stamp) {
            last = Some(stamp);
            continue;
        }
        last = Some(stamp);
        if starts.len() == MAX_OCCURRENCES_PER_EVENT {
            return Expansion {
                starts,
                capped: Some(format!(
                    "its recurrence was cut at {MAX_OCCURRENCES_PER_EVENT} occurrences in the \
                     import window; the later ones are left out"
                )),
            };
        }
        starts.push(d.with_timezone(&tz));
    }
    Expansion {
        starts,
        capped: None,
    }
}

#[cfg(test)]
mod tests {
    use super::until_in_utc;
    use crate::domain::time::ZONE;

    #[test]
    fn a_local_until_is_written_in_utc() {
        assert_eq!(
            until_in_utc("FREQ=WEEKLY;UNTIL=20270317T235959;BYDAY=WE", ZONE),
            "FREQ=WEEKLY;UNTIL=20270318T035959Z;BYDAY=WE"
        );
        assert_eq!(
            until_in_utc("FREQ=DAILY;UNTIL=20261231", ZONE),
            "FREQ=DAILY;UNTIL=20270101T045959Z"
        );
        assert_eq!(
            until_in_utc("FREQ=DAILY;UNTIL=20261231T050000Z", ZONE),
            "FREQ=DAILY;UNTIL=20261231T050000Z"
        );
    }
}
