//! Series of sessions: the same workshop every week or every other week. Dates repeat
//! in Québec wall-clock time, so a 13 h 30 workshop stays at 13 h 30 when daylight
//! saving time starts or ends (its UTC time moves by an hour).

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::time;

/// At most this many sessions in one series (a year of weekly workshops).
pub const MAX_OCCURRENCES: u32 = 52;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Week,
    TwoWeeks,
}

impl Every {
    pub fn parse(s: &str) -> Option<Every> {
        match s {
            "1" | "week" | "weekly" => Some(Every::Week),
            "2" | "two_weeks" | "biweekly" => Some(Every::TwoWeeks),
            _ => None,
        }
    }

    fn days(self) -> i64 {
        match self {
            Every::Week => 7,
            Every::TwoWeeks => 14,
        }
    }
}

/// One occurrence: local day and its start and end in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub day: NaiveDate,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesError {
    /// `count` is 0 or above [`MAX_OCCURRENCES`].
    Count,
    /// The end time is not after the start time.
    Times,
}

/// The occurrences of a series starting on `first` at local `start`–`end`, every week
/// or two, `count` times. A day whose start falls in the hour skipped in spring is
/// left out (it does not exist on the clock); the earlier of a repeated autumn hour is
/// taken.
pub fn occurrences(
    first: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    every: Every,
    count: u32,
) -> Result<Vec<Occurrence>, SeriesError> {
    if count == 0 || count > MAX_OCCURRENCES {
        return Err(SeriesError::Count);
    }
    if end <= start {
        return Err(SeriesError::Times);
    }
    let mut out = Vec::with_capacity(count as usize);
    for i in 0..i64::from(count) {
        let day = first + Duration::days(i * every.days());
        let (Some(s), Some(e)) = (
            time::to_utc(day.and_time(start)),
            time::to_utc(day.and_time(end)),
        ) else {
            continue;
        };
        out.push(Occurrence {
            day,
            starts_at: s,
            ends_at: e,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn weekly_series_keeps_local_time_across_the_spring_change() {
        // Daylight saving time starts on Sunday 8 March 2026.
        let occ = occurrences(d(2026, 3, 4), t(13, 30), t(15, 0), Every::Week, 3).unwrap();
        let days: Vec<_> = occ.iter().map(|o| o.day).collect();
        assert_eq!(days, vec![d(2026, 3, 4), d(2026, 3, 11), d(2026, 3, 18)]);
        // 13:30 EST is 18:30 UTC; 13:30 EDT is 17:30 UTC.
        assert_eq!(occ[0].starts_at.hour(), 18);
        assert_eq!(occ[1].starts_at.hour(), 17);
        for o in &occ {
            let local = time::local(o.starts_at);
            assert_eq!((local.hour(), local.minute()), (13, 30));
        }
    }

    #[test]
    fn every_other_week_across_the_autumn_change() {
        // Standard time returns on Sunday 1 November 2026.
        let occ = occurrences(d(2026, 10, 21), t(10, 0), t(11, 30), Every::TwoWeeks, 3).unwrap();
        let days: Vec<_> = occ.iter().map(|o| o.day).collect();
        assert_eq!(days, vec![d(2026, 10, 21), d(2026, 11, 4), d(2026, 11, 18)]);
        assert_eq!(occ[0].starts_at.hour(), 14);
        assert_eq!(occ[1].starts_at.hour(), 15);
        assert_eq!(occ[2].ends_at - occ[2].starts_at, Duration::minutes(90));
    }

    #[test]
    fn a_start_in_the_skipped_hour_is_left_out() {
        let occ = occurrences(d(2026, 3, 1), t(2, 30), t(3, 30), Every::Week, 2).unwrap();
        assert_eq!(occ.len(), 1);
        assert_eq!(occ[0].day, d(2026, 3, 1));
    }

    #[test]
    fn counts_and_times_are_checked() {
        assert_eq!(
            occurrences(d(2026, 3, 1), t(10, 0), t(11, 0), Every::Week, 0),
            Err(SeriesError::Count)
        );
        assert_eq!(
            occurrences(d(2026, 3, 1), t(10, 0), t(11, 0), Every::Week, 53),
            Err(SeriesError::Count)
        );
        assert_eq!(
            occurrences(d(2026, 3, 1), t(10, 0), t(9, 0), Every::Week, 2),
            Err(SeriesError::Times)
        );
    }
}
