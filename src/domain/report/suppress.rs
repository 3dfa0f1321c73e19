//! Small cells on the public page (`/outcomes`): never a count of fewer than five
//! people, so nobody in a small village workshop can be singled out.
//!
//! What this protects against, and how:
//! 1. a small cell shown directly: cells under [`MIN_PEOPLE`] are merged into one
//!    « autres » cell, and never listed;
//! 2. subtraction within a page (a total minus the cells shown gives the cells
//!    hidden): when the merged « autres » would itself be under five, the next
//!    smallest cells join it until it reaches five, or everything is merged; an
//!    « autres » under five (every cell together under five) is hidden, and so is the
//!    total then, since it is the same number;
//! 3. subtraction across pages (a region's figure minus one MRC's gives the other
//!    MRC's, which its own page may have hidden): every people count shown is rounded
//!    to the nearest multiple of [`ROUND_TO`], as Statistics Canada rounds its
//!    tables, so a difference of two shown figures is off by up to four either way and
//!    cannot pin a cell under five (a 2 reads as anything from 0 to 6).
//!
//! Counts of sessions and of municipalities are about activities, already public on the
//! calendar, not about people: they are shown as they are.

/// The smallest number of people a public cell may show.
pub const MIN_PEOPLE: i64 = 5;

/// Public people counts are rounded to a multiple of this.
pub const ROUND_TO: i64 = 5;

/// A people count as the public page may show it: `None` under [`MIN_PEOPLE`], else
/// rounded to the nearest multiple of [`ROUND_TO`] (half up), so never under five.
pub fn public_count(n: i64) -> Option<i64> {
    if n < MIN_PEOPLE {
        return None;
    }
    let rounded = (n + ROUND_TO / 2) / ROUND_TO * ROUND_TO;
    Some(rounded.max(MIN_PEOPLE))
}

/// Cells fit to publish: those shown (label, rounded count), largest first, and the
/// merged « autres » (rounded), when there is one and it may be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed<L> {
    pub shown: Vec<(L, i64)>,
    pub others: Option<i64>,
}

/// Merges the cells under five people into « autres », and more cells into it while it
/// is under five (see the module's 2.), then rounds what is shown (3.). Cells of 0 are
/// dropped (nobody to protect, nothing to say).
pub fn suppress_small<L>(cells: Vec<(L, i64)>) -> Suppressed<L> {
    let mut cells: Vec<(L, i64)> = cells.into_iter().filter(|(_, n)| *n > 0).collect();
    // Largest first; equal counts keep their given order.
    cells.sort_by_key(|c| std::cmp::Reverse(c.1));
    let split = cells.partition_point(|(_, n)| *n >= MIN_PEOPLE);
    let small = cells.split_off(split);
    let mut others: i64 = small.iter().map(|(_, n)| n).sum();
    if !small.is_empty() {
        while others < MIN_PEOPLE {
            match cells.pop() {
                Some((_, n)) => others += n,
                None => break,
            }
        }
    }
    Suppressed {
        shown: cells
            .into_iter()
            .filter_map(|(l, n)| public_count(n).map(|n| (l, n)))
            .collect(),
        others: if others > 0 {
            public_count(others)
        } else {
            None
        },
    }
}

/// One year of a region or an MRC as the database counted it, before publishing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawYear {
    pub sessions_held: i64,
    /// Towns where at least one session was held.
    pub municipalities: i64,
    /// People reached: seats present, or registered and not marked absent.
    pub people: i64,
    /// (topic id, people) — a session with two topics counts under both.
    pub by_topic: Vec<(i64, i64)>,
    /// (town id, people; `None`: online or no town) — adds up to `people`.
    pub by_municipality: Vec<(Option<i64>, i64)>,
}

/// What `/outcomes` may show of a year: activity counts as they are, people counts
/// through [`public_count`] and [`suppress_small`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicYear {
    pub sessions_held: i64,
    pub municipalities: i64,
    pub people: Option<i64>,
    /// The largest topics (at most [`TOP_TOPICS`]), none under five, merged like the
    /// towns (when sessions have one topic each, the total minus the topics shown must
    /// not tell a small one); the merged rest is not shown, since topics overlap.
    pub topics: Vec<(i64, i64)>,
    pub towns: Suppressed<Option<i64>>,
}

/// How many topics the public page lists.
pub const TOP_TOPICS: usize = 5;

impl RawYear {
    pub fn publish(self) -> PublicYear {
        let mut topics = suppress_small(self.by_topic).shown;
        topics.truncate(TOP_TOPICS);
        let towns = suppress_small(self.by_municipality);
        PublicYear {
            sessions_held: self.sessions_held,
            municipalities: self.municipalities,
            // Hidden when under five; when « autres » is hidden too, so is the total
            // (both are then the same small number).
            people: public_count(self.people),
            topics,
            towns,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_under_five_are_never_shown_and_others_are_rounded() {
        for n in 0..5 {
            assert_eq!(public_count(n), None);
        }
        assert_eq!(public_count(5), Some(5));
        assert_eq!(public_count(7), Some(5));
        assert_eq!(public_count(8), Some(10));
        assert_eq!(public_count(42), Some(40));
        assert_eq!(public_count(43), Some(45));
    }

    #[test]
    fn small_cells_merge_into_others() {
        let s = suppress_small(vec![
            ("Lachute", 40),
            ("Brownsburg", 3),
            ("Wentworth", 2),
            ("Gore", 12),
        ]);
        assert_eq!(s.shown, vec![("Lachute", 40), ("Gore", 10)]);
        assert_eq!(s.others, Some(5));
    }

    #[test]
    fn a_small_others_takes_the_next_smallest_cell() {
        // 3 alone would be « autres: 3 », and 50 − 47 would tell it anyway.
        let s = suppress_small(vec![("Lachute", 47), ("Gore", 6), ("Wentworth", 3)]);
        assert_eq!(s.shown, vec![("Lachute", 45)]);
        assert_eq!(s.others, Some(10), "6 + 3 = 9, shown as 10");
        let all_small = suppress_small(vec![("Gore", 2), ("Wentworth", 1)]);
        assert_eq!(
            all_small,
            Suppressed {
                shown: vec![],
                others: None
            }
        );
        let none_small = suppress_small(vec![("Gore", 5), ("Lachute", 0)]);
        assert_eq!(
            none_small,
            Suppressed {
                shown: vec![("Gore", 5)],
                others: None
            }
        );
    }

    /// Every combination of up to four cells of 0 to 12 people: nothing under five is
    /// shown, and what is hidden adds up to five or more, or to nothing at all (so a
    /// total minus the cells shown never reveals a small number).
    #[test]
    fn no_cell_or_difference_under_five_ever_comes_out() {
        let values: Vec<i64> = (0..=12).collect();
        let mut checked = 0;
        for a in &values {
            for b in &values {
                for c in &values {
                    for d in [0, 1, 4, 9] {
                        let cells = vec![(0, *a), (1, *b), (2, *c), (3, d)];
                        let total: i64 = cells.iter().map(|c| c.1).sum();
                        let s = suppress_small(cells.clone());
                        for (_, n) in &s.shown {
                            assert!(*n >= MIN_PEOPLE, "{cells:?} → {s:?}");
                        }
                        if let Some(o) = s.others {
                            assert!(o >= MIN_PEOPLE, "{cells:?} → {s:?}");
                        }
                        let shown_exact: i64 =
                            s.shown.iter().map(|(i, _)| cells[*i as usize].1).sum();
                        let hidden = total - shown_exact;
                        assert!(
                            hidden == 0
                                || hidden >= MIN_PEOPLE
                                || s.shown.is_empty() && total < MIN_PEOPLE,
                            "{cells:?} → {s:?}"
                        );
                        if hidden >= MIN_PEOPLE {
                            assert!(s.others.is_some(), "{cells:?} → {s:?}");
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 8000);
    }

    #[test]
    fn a_published_year_shows_no_people_count_under_five() {
        let raw = RawYear {
            sessions_held: 3,
            municipalities: 2,
            people: 13,
            by_topic: vec![(1, 9), (2, 4), (3, 13)],
            by_municipality: vec![(Some(1), 9), (Some(2), 4)],
        };
        let p = raw.publish();
        assert_eq!(
            (p.sessions_held, p.municipalities, p.people),
            (3, 2, Some(15))
        );
        // 4 is hidden, and 9 with it: when sessions have one topic each, the people
        // total minus the topics shown would otherwise tell the 4.
        assert_eq!(p.topics, vec![(3, 15)]);
        // 9 and 4: the 4 alone would be « autres: 4 », so both merge.
        assert_eq!(
            p.towns,
            Suppressed {
                shown: vec![],
                others: Some(15)
            }
        );
        let tiny = RawYear {
            people: 4,
            by_municipality: vec![(Some(1), 4)],
            ..RawYear::default()
        }
        .publish();
        assert_eq!((tiny.people, tiny.towns.others), (None, None));
    }
}
