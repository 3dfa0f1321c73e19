//! Dates and times as feeds write them: `VALUE=DATE` days, floating local times (read
//! as Québec time), UTC times (`Z`), and times with a `TZID`, which may be an IANA name,
//! a Windows name (Outlook), a vendor-prefixed IANA name (`/mozilla.org/…/America/Toronto`),
//! or a producer's own label explained by the feed's VTIMEZONE.

use std::str::FromStr;

use chrono::offset::LocalResult;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Tz;

use super::content::{Component, Document, Prop};
use super::windows_zones::WINDOWS_ZONES;
use crate::domain::time::ZONE;

/// A DATE or DATE-TIME value, before it is placed on the time line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value {
    /// `VALUE=DATE`: a whole day in Québec.
    Date(NaiveDate),
    /// Wall-clock time in a zone (floating times are given Québec's zone).
    Local(NaiveDateTime, Tz),
}

impl Value {
    pub fn is_date(self) -> bool {
        matches!(self, Value::Date(_))
    }

    /// The instant, in its zone (a day starts at midnight in Québec).
    pub fn instant(self) -> DateTime<Tz> {
        match self {
            Value::Date(d) => localize(ZONE, d.and_time(NaiveTime::MIN)),
            Value::Local(t, tz) => localize(tz, t),
        }
    }
}

/// Wall-clock time to an instant. In an hour repeated in autumn the first is taken; a
/// time in the hour skipped in spring is moved forward by the gap (RFC 5545 §3.3.5).
pub(super) fn localize(tz: Tz, t: NaiveDateTime) -> DateTime<Tz> {
    match tz.from_local_datetime(&t) {
        LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => d,
        LocalResult::None => tz
            .from_local_datetime(&(t + TimeDelta::hours(1)))
            .earliest()
            .unwrap_or_else(|| tz.from_utc_datetime(&t)),
    }
}

/// How the feed's own VTIMEZONE blocks describe a TZID.
struct ZoneBlock {
    tzid: String,
    /// Mozilla and libical name the IANA zone in `X-LIC-LOCATION`.
    location: Option<String>,
    /// `TZOFFSETTO` of the STANDARD and DAYLIGHT parts, in seconds east of UTC.
    standard: Option<i32>,
    daylight: Option<i32>,
}

/// Resolves TZIDs and reads date-time values.
pub(super) struct Zones {
    blocks: Vec<ZoneBlock>,
}

fn offset_seconds(c: &Component) -> Option<i32> {
    let v = c.prop("TZOFFSETTO")?.value.trim();
    let (sign, digits) = match v.as_bytes().first()? {
        b'-' => (-1, &v[1..]),
        b'+' => (1, &v[1..]),
        _ => (1, v),
    };
    if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

impl Zones {
    pub fn new(doc: &Document) -> Self {
        let blocks = doc
            .components("VTIMEZONE")
            .filter_map(|c| {
                Some(ZoneBlock {
                    tzid: c.prop("TZID")?.value.trim().to_owned(),
                    location: c.prop("X-LIC-LOCATION").map(|p| p.value.trim().to_owned()),
                    standard: c
                        .children
                        .iter()
                        .filter(|s| s.kind == "STANDARD")
                        .find_map(offset_seconds),
                    daylight: c
                        .children
                        .iter()
                        .filter(|s| s.kind == "DAYLIGHT")
                        .find_map(offset_seconds),
                })
            })
            .collect();
        Zones { blocks }
    }

    /// The zone a TZID names. In order: an IANA name; a Windows name (CLDR's table);
    /// an IANA name at the end of a vendor path; the feed's VTIMEZONE for it (its
    /// `X-LIC-LOCATION`, or offsets: Québec's −05:00/−04:00 is Québec, a single whole-hour
    /// offset is that offset). A TZID the feed does not describe at all is read as
    /// Québec time: partners are in the region, and such a label is a producer's name
    /// for its local time far more often than a foreign zone. A VTIMEZONE with other
    /// offsets is refused rather than guessed.
    pub fn resolve(&self, tzid: &str) -> Result<Tz, String> {
        let name = tzid.trim().trim_matches('"').trim();
        if let Some(tz) = iana(name) {
            return Ok(tz);
        }
        if let Some((_, iana_name)) = WINDOWS_ZONES
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(name))
        {
            return Tz::from_str(iana_name).map_err(|e| e.to_string());
        }
        if let Some(tz) = name
            .match_indices('/')
            .find_map(|(i, _)| iana(&name[i + 1..]))
        {
            return Ok(tz);
        }
        let Some(block) = self.blocks.iter().find(|b| b.tzid == name) else {
            return Ok(ZONE);
        };
        if let Some(tz) = block.location.as_deref().and_then(iana) {
            return Ok(tz);
        }
        match (block.standard, block.daylight) {
            (Some(-18_000), Some(-14_400)) => Ok(ZONE),
            (Some(s), None) if s % 3600 == 0 => {
                let hours = -s / 3600;
                let etc = match hours {
                    0 => "Etc/UTC".to_owned(),
                    h => format!("Etc/GMT{h:+}"),
                };
                iana(&etc).ok_or_else(|| format!("its time zone “{name}” is not one we know"))
            }
            _ => Err(format!(
                "its time zone “{name}” is not one we know, and its offsets are not Québec's"
            )),
        }
    }

    /// The values of a DATE / DATE-TIME property (`EXDATE` and `RDATE` may list several,
    /// comma-separated; a PERIOD keeps its start).
    pub fn values(&self, prop: &Prop) -> Result<Vec<Value>, String> {
        let date_only = prop
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        let zone = match prop.param("TZID") {
            Some(tzid) if !date_only => Some(self.resolve(tzid)?),
            _ => None,
        };
        prop.value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                let v = v.split('/').next().unwrap_or(v);
                parse_value(v, zone).ok_or_else(|| {
                    format!("its {} “{v}” is not a date or time we can read", prop.name)
                })
            })
            .collect()
    }

    /// The single value of a DTSTART / DTEND / RECURRENCE-ID.
    pub fn value(&self, prop: &Prop) -> Result<Value, String> {
        self.values(prop)?
            .into_iter()
            .next()
            .ok_or_else(|| format!("its {} is empty", prop.name))
    }
}

fn iana(name: &str) -> Option<Tz> {
    if name.is_empty() {
        return None;
    }
    Tz::from_str(name).ok()
}

/// `YYYYMMDD`, `YYYYMMDDTHHMMSS` (in `zone`, or floating: Québec) or `…Z` (UTC).
fn parse_value(v: &str, zone: Option<Tz>) -> Option<Value> {
    match v.len() {
        8 => NaiveDate::parse_from_str(v, "%Y%m%d").ok().map(Value::Date),
        15 | 16 => {
            let (t, utc) = match v.strip_suffix(['Z', 'z']) {
                Some(t) => (t, true),
                None => (v, false),
            };
            let t = NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%S").ok()?;
            let tz = if utc { Tz::UTC } else { zone.unwrap_or(ZONE) };
            Some(Value::Local(t, tz))
        }
        _ => None,
    }
}

/// An RFC 5545 DURATION (`PT1H30M`, `P1D`, `P2W`, `-PT15M`).
pub(super) fn parse_duration(v: &str) -> Option<TimeDelta> {
    let v = v.trim();
    let (sign, rest) = match v.as_bytes().first()? {
        b'-' => (-1, &v[1..]),
        b'+' => (1, &v[1..]),
        _ => (1, v),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut seconds: i64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let per = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                seconds = seconds.checked_add(n.checked_mul(per)?)?;
                any = true;
            }
        }
    }
    if !any || !number.is_empty() {
        return None;
    }
    TimeDelta::try_seconds(sign * seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones() -> Zones {
        Zones { blocks: Vec::new() }
    }

    #[test]
    fn tzids_in_every_spelling_feeds_use() {
        let z = zones();
        assert_eq!(
            z.resolve("America/Toronto").unwrap(),
            chrono_tz::America::Toronto
        );
        assert_eq!(
            z.resolve("Eastern Standard Time").unwrap(),
            chrono_tz::America::New_York
        );
        assert_eq!(
            z.resolve("Central Standard Time").unwrap(),
            chrono_tz::America::Chicago
        );
        assert_eq!(
            z.resolve("Atlantic Standard Time").unwrap(),
            chrono_tz::America::Halifax
        );
        assert_eq!(z.resolve("\"UTC\"").unwrap(), Tz::UTC);
        assert_eq!(
            z.resolve("/mozilla.org/20050126_1/America/Montreal")
                .unwrap()
                .name(),
            "America/Montreal"
        );
        // Not described anywhere: Québec time.
        assert_eq!(z.resolve("Heure de l'Est").unwrap(), ZONE);
    }

    #[test]
    fn a_producer_label_is_read_from_its_vtimezone() {
        let block = |tzid: &str, standard, daylight| ZoneBlock {
            tzid: tzid.into(),
            location: None,
            standard,
            daylight,
        };
        let z = Zones {
            blocks: vec![
                block(
                    "(UTC-05:00) Eastern Time (US & Canada)",
                    Some(-18_000),
                    Some(-14_400),
                ),
                block("Custom Saskatchewan", Some(-21_600), None),
                block("Custom Paris", Some(3_600), Some(7_200)),
            ],
        };
        assert_eq!(
            z.resolve("(UTC-05:00) Eastern Time (US & Canada)").unwrap(),
            ZONE
        );
        assert_eq!(
            z.resolve("Custom Saskatchewan").unwrap().name(),
            "Etc/GMT+6"
        );
        assert!(
            z.resolve("Custom Paris")
                .unwrap_err()
                .contains("Custom Paris")
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M"), Some(TimeDelta::minutes(90)));
        assert_eq!(parse_duration("P1D"), Some(TimeDelta::days(1)));
        assert_eq!(parse_duration("P1W"), Some(TimeDelta::days(7)));
        assert_eq!(parse_duration("P1DT2H"), Some(TimeDelta::hours(26)));
        assert_eq!(parse_duration("-PT15M"), Some(TimeDelta::minutes(-15)));
        assert_eq!(parse_duration("P"), None);
        assert_eq!(parse_duration("PT1H3"), None);
        assert_eq!(parse_duration("1H"), None);
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_forward() {
        let t = NaiveDateTime::parse_from_str("20270314T023000", "%Y%m%dT%H%M%S").unwrap();
        assert_eq!(
            localize(ZONE, t).naive_local().to_string(),
            "2027-03-14 03:30:00"
        );
    }
}
