//! Trainer schedules: a trainer cannot be in two sessions at once, and between two
//! sessions at different venues they need time to travel (the "formateur volant" of the
//! brigade volante). Pure: the store hands in the trainer's other sessions.

use chrono::{Duration, NaiveDateTime};

/// One session as the schedule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub session_id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    /// `None` for online sessions: no travel to or from them.
    pub venue_id: Option<i64>,
}

/// Why a trainer cannot take a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// The two sessions overlap in time.
    Overlap(Slot),
    /// They do not overlap but are at different venues with less than the travel gap
    /// between them; `gap` is the time there is.
    TooClose { other: Slot, gap: Duration },
}

impl Clash {
    pub fn other(&self) -> &Slot {
        match self {
            Clash::Overlap(s) | Clash::TooClose { other: s, .. } => s,
        }
    }
}

/// The first session of `existing` (in start order) that keeps the trainer from
/// taking `new`, given the `travel` time needed between different venues.
pub fn first_clash(new: &Slot, existing: &[Slot], travel: Duration) -> Option<Clash> {
    let mut sorted: Vec<&Slot> = existing
        .iter()
        .filter(|s| s.session_id != new.session_id)
        .collect();
    sorted.sort_by_key(|s| (s.starts_at, s.session_id));
    sorted.into_iter().find_map(|other| {
        if new.starts_at < other.ends_at && other.starts_at < new.ends_at {
            return Some(Clash::Overlap(other.clone()));
        }
        let different_places = match (new.venue_id, other.venue_id) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        };
        if !different_places {
            return None;
        }
        let gap = if other.ends_at <= new.starts_at {
            new.starts_at - other.ends_at
        } else {
            other.starts_at - new.ends_at
        };
        (gap < travel).then(|| Clash::TooClose {
            other: other.clone(),
            gap,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 14)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn slot(id: i64, start: NaiveDateTime, minutes: i64, venue: Option<i64>) -> Slot {
        Slot {
            session_id: id,
            title: format!("séance {id}"),
            starts_at: start,
            ends_at: start + Duration::minutes(minutes),
            venue_id: venue,
        }
    }

    #[test]
    fn overlapping_sessions_clash_and_name_the_other_one() {
        let new = slot(1, at(13, 0), 90, Some(1));
        let other = slot(2, at(14, 0), 60, Some(1));
        assert_eq!(
            first_clash(&new, std::slice::from_ref(&other), Duration::minutes(30)),
            Some(Clash::Overlap(other))
        );
    }

    #[test]
    fn back_to_back_at_the_same_venue_is_fine() {
        let new = slot(1, at(13, 0), 60, Some(1));
        let other = slot(2, at(14, 0), 60, Some(1));
        assert_eq!(first_clash(&new, &[other], Duration::minutes(30)), None);
    }

    #[test]
    fn different_venues_need_the_travel_gap_in_both_directions() {
        let new = slot(1, at(13, 0), 60, Some(1));
        let after = slot(2, at(14, 20), 60, Some(2));
        let before = slot(3, at(11, 0), 110, Some(2));
        let travel = Duration::minutes(30);
        assert!(matches!(
            first_clash(&new, std::slice::from_ref(&after), travel),
            Some(Clash::TooClose { gap, .. }) if gap == Duration::minutes(20)
        ));
        assert!(matches!(
            first_clash(&new, &[before], travel),
            Some(Clash::TooClose { gap, .. }) if gap == Duration::minutes(10)
        ));
        assert_eq!(first_clash(&new, &[after], Duration::minutes(20)), None);
    }

    #[test]
    fn online_sessions_need_no_travel() {
        let new = slot(1, at(13, 0), 60, None);
        let other = slot(2, at(14, 0), 60, Some(2));
        assert_eq!(first_clash(&new, &[other], Duration::minutes(30)), None);
    }

    proptest! {
        #[test]
        fn a_clash_is_found_whenever_the_sessions_overlap(
            a in 0i64..600, la in 1i64..240, b in 0i64..600, lb in 1i64..240,
        ) {
            let new = slot(1, at(6, 0) + Duration::minutes(a), la, Some(1));
            let other = slot(2, at(6, 0) + Duration::minutes(b), lb, Some(1));
            let overlap = a < b + lb && b < a + la;
            let clash = first_clash(&new, &[other], Duration::minutes(30));
            prop_assert_eq!(clash.is_some(), overlap);
        }
    }
}
