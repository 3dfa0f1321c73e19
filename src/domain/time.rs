//! Québec time: storage is UTC, display is America/Toronto, in the Office québécois de
//! la langue française's style (« samedi 14 mars 2026, 13 h 30 ») or in English.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::America::Toronto;
use chrono_tz::Tz;

use crate::domain::lang::Lang;

pub const ZONE: Tz = Toronto;
pub const ZONE_NAME: &str = "America/Toronto";

/// The first day a query may name (a filter's `from`, the calendar's month or week).
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("a real date"),
};
/// The last day a query may name. Between the two, every computation made from a day
/// (a month on, a week back, its Monday, midnight in Québec) stays far inside chrono's
/// range: a hostile `?month=-262143-01` is refused instead of overflowing.
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => panic!("a real date"),
};

/// Whether a day is one queries may name ([`FIRST_DAY`] to [`LAST_DAY`]).
pub fn in_range(day: NaiveDate) -> bool {
    (FIRST_DAY..=LAST_DAY).contains(&day)
}

/// A day as queries write it, `YYYY-MM-DD`, within [`FIRST_DAY`]..=[`LAST_DAY`].
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    if s.len() > 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| in_range(*d))
}

/// A month as queries write it, `YYYY-MM`: its first day, within range.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    if s.len() > 7 {
        return None;
    }
    parse_day(&format!("{s}-01"))
}

/// A stored UTC time as a zoned Québec time.
pub fn local(utc: NaiveDateTime) -> DateTime<Tz> {
    Utc.from_utc_datetime(&utc).with_timezone(&ZONE)
}

/// Québec wall-clock time to stored UTC. In the hour skipped in spring the time does
/// not exist (`None`); in the hour repeated in autumn the earlier one is taken.
pub fn to_utc(local: NaiveDateTime) -> Option<NaiveDateTime> {
    ZONE.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc).naive_utc())
}

/// The Québec day of `session_start` when it is not the Québec day of `now` (attendance
/// taken on another day deserves a warning).
pub fn other_local_day(session_start: NaiveDateTime, now: NaiveDateTime) -> Option<NaiveDate> {
    let day = local(session_start).date_naive();
    (day != local(now).date_naive()).then_some(day)
}

/// Midnight at the start of a Québec day, in UTC.
pub fn day_start_utc(day: NaiveDate) -> NaiveDateTime {
    // Midnight always exists in America/Toronto (changes happen at 2 a.m.).
    to_utc(day.and_hms_opt(0, 0, 0).expect("midnight")).expect("midnight exists in Toronto")
}

/// RFC 3339 with the Québec offset, e.g. `2026-03-14T13:30:00-04:00`.
pub fn rfc3339(utc: NaiveDateTime) -> String {
    local(utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

const JOURS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

/// « samedi 14 mars 2026 » / "Saturday, March 14, 2026".
pub fn date_long(day: NaiveDate, lang: Lang) -> String {
    let w = weekday_index(day.weekday());
    let m = day.month0() as usize;
    match lang {
        Lang::Fr => {
            let d = if day.day() == 1 {
                "1er".to_string()
            } else {
                day.day().to_string()
            };
            format!("{} {} {} {}", JOURS[w], d, MOIS[m], day.year())
        }
        Lang::En => format!("{}, {} {}, {}", DAYS[w], MONTHS[m], day.day(), day.year()),
    }
}

/// « sam. 14 mars » / "Sat, Mar 14": for compact lists.
pub fn date_short(day: NaiveDate, lang: Lang) -> String {
    let w = weekday_index(day.weekday());
    let m = day.month0() as usize;
    match lang {
        Lang::Fr => format!("{}. {} {}", &JOURS[w][..3], day.day(), MOIS[m]),
        Lang::En => format!("{}, {} {}", &DAYS[w][..3], &MONTHS[m][..3], day.day()),
    }
}

/// « 13 h 30 », « 9 h » / "1:30 p.m.", "9 a.m.".
pub fn clock(h: u32, min: u32, lang: Lang) -> String {
    match lang {
        Lang::Fr if min == 0 => format!("{h} h"),
        Lang::Fr => format!("{h} h {min:02}"),
        Lang::En => {
            let suffix = if h < 12 { "a.m." } else { "p.m." };
            let h12 = match h % 12 {
                0 => 12,
                x => x,
            };
            if min == 0 {
                format!("{h12} {suffix}")
            } else {
                format!("{h12}:{min:02} {suffix}")
            }
        }
    }
}

/// « samedi 14 mars 2026, 13 h 30 » / "Saturday, March 14, 2026, 1:30 p.m.".
pub fn datetime_long(utc: NaiveDateTime, lang: Lang) -> String {
    let t = local(utc);
    format!(
        "{}, {}",
        date_long(t.date_naive(), lang),
        clock(t.hour(), t.minute(), lang)
    )
}

/// « samedi 14 mars 2026, 13 h 30 à 15 h » / "Saturday, March 14, 2026, 1:30 p.m. to 3 p.m.";
/// a session over several days names both dates.
pub fn range_long(start: NaiveDateTime, end: NaiveDateTime, lang: Lang) -> String {
    let (s, e) = (local(start), local(end));
    let to = match lang {
        Lang::Fr => "à",
        Lang::En => "to",
    };
    if s.date_naive() == e.date_naive() {
        format!(
            "{} {} {}",
            datetime_long(start, lang),
            to,
            clock(e.hour(), e.minute(), lang)
        )
    } else {
        let to = match lang {
            Lang::Fr => "au",
            Lang::En => "to",
        };
        format!(
            "{} {} {}",
            datetime_long(start, lang),
            to,
            datetime_long(end, lang)
        )
    }
}

/// « 13 h 30 à 15 h » for lists under a day heading.
pub fn hours(start: NaiveDateTime, end: NaiveDateTime, lang: Lang) -> String {
    let (s, e) = (local(start), local(end));
    let to = match lang {
        Lang::Fr => "à",
        Lang::En => "to",
    };
    format!(
        "{} {} {}",
        clock(s.hour(), s.minute(), lang),
        to,
        clock(e.hour(), e.minute(), lang)
    )
}

/// Price in cents as « 15,00 $ » / "$15.00" (`domain::payment::money`); 0 is
/// « Gratuit » / "Free".
pub fn price(cents: i32, lang: Lang) -> String {
    match (lang, cents) {
        (Lang::Fr, 0) => "Gratuit".into(),
        (Lang::En, 0) => "Free".into(),
        _ => crate::domain::payment::money(cents, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn french_long_format_follows_quebec_style() {
        // 2026-03-14 17:30 UTC is 13 h 30 EDT (DST began on 8 March 2026).
        assert_eq!(
            datetime_long(utc("2026-03-14 17:30"), Lang::Fr),
            "samedi 14 mars 2026, 13 h 30"
        );
        assert_eq!(
            datetime_long(utc("2026-03-14 17:30"), Lang::En),
            "Saturday, March 14, 2026, 1:30 p.m."
        );
    }

    #[test]
    fn same_wall_clock_time_either_side_of_dst_change() {
        // 10 h in Lachute on Saturday 7 March (EST, UTC-5) and Saturday 14 March (EDT, UTC-4).
        assert_eq!(
            datetime_long(utc("2026-03-07 15:00"), Lang::Fr),
            "samedi 7 mars 2026, 10 h"
        );
        assert_eq!(
            datetime_long(utc("2026-03-14 14:00"), Lang::Fr),
            "samedi 14 mars 2026, 10 h"
        );
        assert_eq!(
            to_utc(utc("2026-03-07 10:00")),
            Some(utc("2026-03-07 15:00"))
        );
        assert_eq!(
            to_utc(utc("2026-03-14 10:00")),
            Some(utc("2026-03-14 14:00"))
        );
        // 2:30 on 8 March 2026 does not exist in Québec.
        assert_eq!(to_utc(utc("2026-03-08 02:30")), None);
        // Back to EST on 1 November 2026.
        assert_eq!(
            rfc3339(utc("2026-11-07 15:00")),
            "2026-11-07T10:00:00-05:00"
        );
        assert_eq!(
            rfc3339(utc("2026-10-31 14:00")),
            "2026-10-31T10:00:00-04:00"
        );
    }

    #[test]
    fn days_and_months_outside_the_range_are_refused_not_overflowed() {
        assert_eq!(parse_month("2026-03"), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(
            parse_day("2026-03-14"),
            NaiveDate::from_ymd_opt(2026, 3, 14)
        );
        for bad in [
            "-262143-01",
            "262143-12",
            "+2026-03",
            "1999-12",
            "2200-01",
            "2026-13",
            "",
            "x",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        for bad in [
            "-262143-01-01",
            "2026-02-30",
            "2200-01-01",
            "1999-12-31",
            "2026-01-011",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn first_of_the_month_is_premier() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(date_long(d, Lang::Fr), "mardi 1er décembre 2026");
    }

    #[test]
    fn prices_read_naturally() {
        assert_eq!(price(0, Lang::Fr), "Gratuit");
        assert_eq!(price(1500, Lang::Fr), "15,00\u{a0}$");
        assert_eq!(price(1250, Lang::Fr), "12,50\u{a0}$");
        assert_eq!(price(1250, Lang::En), "$12.50");
    }

    #[test]
    fn ranges_name_the_end_hour() {
        assert_eq!(
            range_long(utc("2026-03-14 17:30"), utc("2026-03-14 19:00"), Lang::Fr),
            "samedi 14 mars 2026, 13 h 30 à 15 h"
        );
        assert_eq!(
            hours(utc("2026-03-14 17:30"), utc("2026-03-14 19:00"), Lang::En),
            "1:30 p.m. to 3 p.m."
        );
    }

    #[test]
    fn the_day_of_a_session_is_the_day_in_quebec() {
        let utc = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // 20:00 in Québec on 14 March 2026 is already the 15th in UTC.
        assert_eq!(
            other_local_day(utc("2026-03-15 00:00"), utc("2026-03-14 12:00")),
            None
        );
        assert_eq!(
            other_local_day(utc("2026-03-15 00:00"), utc("2026-03-15 12:00")),
            NaiveDate::from_ymd_opt(2026, 3, 14)
        );
    }
}
