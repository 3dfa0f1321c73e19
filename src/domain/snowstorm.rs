//! A snowstorm (« tempête »): every session of one day in an area cancelled in one act,
//! with one reason, and optionally given again on a replacement date. The rules here
//! say what an area is, what a valid request is, and which registrations follow a
//! session to its new date; `store::snowstorm` does it.

use chrono::NaiveDate;

use super::registration::Status;
use crate::error::{Error, FieldError, Msg, Result};

/// Where the storm is: a regional county (MRC), a town, or one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Mrc(i64),
    Municipality(i64),
    Organisation(i64),
}

impl Area {
    /// From the form's value, `mrc-3`, `municipality-12` or `organisation-2`.
    pub fn parse(s: &str) -> Option<Area> {
        let (kind, id) = s.trim().split_once('-')?;
        let id: i64 = id.parse().ok().filter(|n| *n > 0)?;
        match kind {
            "mrc" => Some(Area::Mrc(id)),
            "municipality" => Some(Area::Municipality(id)),
            "organisation" => Some(Area::Organisation(id)),
            _ => None,
        }
    }

    /// The form's value for this area.
    pub fn value(self) -> String {
        match self {
            Area::Mrc(id) => format!("mrc-{id}"),
            Area::Municipality(id) => format!("municipality-{id}"),
            Area::Organisation(id) => format!("organisation-{id}"),
        }
    }

    /// Whether a session of this organisation, in this town of this MRC (none for a
    /// session without a place), is in the area.
    pub fn holds(self, organisation: i64, municipality: Option<i64>, mrc: Option<i64>) -> bool {
        match self {
            Area::Mrc(id) => mrc == Some(id),
            Area::Municipality(id) => municipality == Some(id),
            Area::Organisation(id) => organisation == id,
        }
    }
}

/// Longest reason, as for one session's cancellation.
pub const MAX_REASON: usize = 500;

/// What staff ask for, checked: the day, the area, the reason told to everyone, and the
/// replacement date (after the storm's day, and not in the past).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub day: NaiveDate,
    pub area: Area,
    pub reason: String,
    pub again: Option<NaiveDate>,
}

/// Checks a request; `today` is the Québec date now. Every field's message at once.
pub fn check(
    day: Option<NaiveDate>,
    area: Option<Area>,
    reason: &str,
    again: Option<Option<NaiveDate>>,
    today: NaiveDate,
) -> Result<Request> {
    let mut errors = Vec::new();
    let mut field = |f: &str, key: &str| errors.push(FieldError::new(f, Msg::new(key)));
    match day {
        None => field("day", "storm-error-day"),
        Some(d) if d < today => field("day", "storm-error-past"),
        _ => {}
    }
    if area.is_none() {
        field("area", "storm-error-area");
    }
    let reason = reason.trim();
    if reason.is_empty() {
        field("reason", "admin-error-reason");
    } else if reason.chars().count() > MAX_REASON {
        field("reason", "admin-error-too-long");
    }
    let again = match again {
        None => {
            field("again", "storm-error-again");
            None
        }
        Some(Some(a)) if day.is_some_and(|d| a <= d) || a < today => {
            field("again", "storm-error-again-before");
            None
        }
        Some(a) => a,
    };
    match (day, area) {
        (Some(day), Some(area)) if errors.is_empty() => Ok(Request {
            day,
            area,
            reason: reason.to_owned(),
            again,
        }),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Whether a registration follows its session to the replacement date: the people
/// with a seat or waiting for one, when the session is free. A payment is not carried
/// (it is refunded with the cancellation; the person may register again).
pub fn follows(status: Status, paid_session: bool) -> bool {
    !paid_session
        && matches!(
            status,
            Status::Confirmed | Status::Offered | Status::Waitlisted
        )
}

/// The order in which carried registrations are placed on the new date: people with
/// a seat first, then those offered one, then the waitlist, each in their old order,
/// so the new session's list is the old one.
pub fn carry_rank(status: Status) -> u8 {
    match status {
        Status::Confirmed => 0,
        Status::Offered => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn areas_read_back_what_the_form_wrote() {
        for a in [Area::Mrc(3), Area::Municipality(12), Area::Organisation(2)] {
            assert_eq!(Area::parse(&a.value()), Some(a));
        }
        for bad in ["", "mrc", "mrc-", "mrc-0", "mrc--4", "ville-3", "mrc-3x"] {
            assert_eq!(Area::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_area_holds_sessions_by_town_county_or_organisation() {
        assert!(Area::Mrc(1).holds(9, Some(4), Some(1)));
        assert!(!Area::Mrc(1).holds(9, None, None));
        assert!(Area::Municipality(4).holds(9, Some(4), Some(1)));
        assert!(!Area::Municipality(5).holds(9, Some(4), Some(1)));
        assert!(Area::Organisation(9).holds(9, None, None));
    }

    #[test]
    fn a_request_needs_a_day_an_area_a_reason_and_a_later_replacement() {
        let today = d("2027-01-10");
        let ok = check(
            Some(d("2027-01-12")),
            Some(Area::Mrc(1)),
            " Tempête ",
            Some(Some(d("2027-01-19"))),
            today,
        )
        .unwrap();
        assert_eq!(ok.reason, "Tempête");
        assert_eq!(ok.again, Some(d("2027-01-19")));
        let no_again = check(
            Some(today),
            Some(Area::Mrc(1)),
            "Verglas",
            Some(None),
            today,
        )
        .unwrap();
        assert_eq!(no_again.again, None);

        let Err(Error::Invalid(f)) = check(None, None, "  ", None, today) else {
            panic!()
        };
        let fields: Vec<_> = f.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["day", "area", "reason", "again"]);
        let Err(Error::Invalid(f)) = check(
            Some(d("2027-01-12")),
            Some(Area::Mrc(1)),
            "x",
            Some(Some(d("2027-01-12"))),
            today,
        ) else {
            panic!()
        };
        assert_eq!(f[0].field, "again");
        let Err(Error::Invalid(f)) = check(
            Some(d("2027-01-09")),
            Some(Area::Mrc(1)),
            "x",
            Some(None),
            today,
        ) else {
            panic!()
        };
        assert_eq!(f[0].field, "day");
        let long = "a".repeat(MAX_REASON + 1);
        assert!(check(Some(today), Some(Area::Mrc(1)), &long, Some(None), today).is_err());
    }

    #[test]
    fn free_sessions_carry_seats_and_waitlist_in_their_order() {
        assert!(follows(Status::Confirmed, false));
        assert!(follows(Status::Waitlisted, false));
        assert!(follows(Status::Offered, false));
        assert!(!follows(Status::PendingPayment, false));
        assert!(!follows(Status::Cancelled, false));
        assert!(!follows(Status::Confirmed, true));
        assert!(carry_rank(Status::Confirmed) < carry_rank(Status::Offered));
        assert!(carry_rank(Status::Offered) < carry_rank(Status::Waitlisted));
    }
}
