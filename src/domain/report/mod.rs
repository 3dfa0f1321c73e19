//! Reports for coordinators and funders (issue 14): what the period's sessions gave —
//! held and cancelled, seats, registrations, attendance, unmet demand, new and
//! returning people, staff-entered registrations, seniors reached, hours — rolled up
//! from per-session counts that the database adds up (`store::reports`). Pure: the
//! store hands each session's facts here, and the same numbers feed the page, the CSV
//! and the charts. [`suppress`] keeps the public page (`/outcomes`) to cells of five
//! people or more.
//!
//! Definitions (the page's explanation says the same):
//! - a session is *held* when it was published and has ended, *cancelled* when
//!   cancelled, *to come* when published and not ended; drafts never count;
//! - *people* are seats (a registration for two is two people); *present* are the
//!   seats of registrations checked in (`attended`), *no-shows* those marked absent,
//!   and the attendance rate is present ÷ (present + no-shows), over the held sessions
//!   where attendance was taken (seats still `confirmed` after the end are « not
//!   recorded », never counted as absent);
//! - *unmet demand* is the seats of registrations still waitlisted or offered when
//!   their session ended or was cancelled: people who waited and never got a seat (a
//!   person who left the waitlist by cancelling cannot be told apart, in the data,
//!   from one who cancelled a seat, so is not counted);
//! - *returning* registrations are those of a person (same person key) who had
//!   registered before in the region (`registrations.returning_person`, decided at
//!   registration, so the figure survives the retention purge);
//! - *seniors reached* are people present at held sessions whose audiences include the
//!   seniors' audience (`aines`), plus people present elsewhere who paid the seniors'
//!   reduced price;
//! - places are the session's (its venue's municipality, or the one its partner
//!   calendar placed it in): where people live is not collected.

pub mod suppress;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::filter::{FilterQuery, bad_value};
use super::session::Format;
use super::text::Slug;
use crate::error::Error;

/// The seniors' audience (`audiences.slug`), as the demo and the region name it.
pub const SENIORS_AUDIENCE: &str = "aines";

/// The report's query as written in the URL: the period and the same slugs as the
/// public filters (`domain::filter`), plus `event` (a programme's slug) and `sep` for
/// the CSV.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ReportQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(default)]
    pub org: Vec<String>,
    #[serde(default)]
    pub mrc: Vec<String>,
    #[serde(default)]
    pub municipality: Vec<String>,
    #[serde(default)]
    pub event: Vec<String>,
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub topic: Vec<String>,
    #[serde(default)]
    pub kind: Vec<String>,
    #[serde(default)]
    pub format: Vec<String>,
    pub sep: Option<String>,
}

/// A checked report filter: a period of Québec days (both included) and slugs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFilter {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub org: Vec<String>,
    pub mrc: Vec<String>,
    pub municipality: Vec<String>,
    pub event: Vec<String>,
    pub audience: Vec<String>,
    pub topic: Vec<String>,
    pub kind: Vec<String>,
    pub format: Vec<Format>,
}

impl ReportFilter {
    /// The calendar year of `today`, unfiltered.
    pub fn year(year: i32) -> ReportFilter {
        ReportFilter {
            from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
            to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
            org: Vec::new(),
            mrc: Vec::new(),
            municipality: Vec::new(),
            event: Vec::new(),
            audience: Vec::new(),
            topic: Vec::new(),
            kind: Vec::new(),
            format: Vec::new(),
        }
    }
}

impl ReportQuery {
    /// Checks the query as the public filters are checked (slugs, real dates from 2000
    /// to 2199, a period of two years at most). Without dates, the calendar year of
    /// `today`; with one, the rest of its calendar year (or its start).
    pub fn parse(&self, today: NaiveDate) -> Result<ReportFilter, Error> {
        let common = FilterQuery {
            org: self.org.clone(),
            mrc: self.mrc.clone(),
            municipality: self.municipality.clone(),
            audience: self.audience.clone(),
            topic: self.topic.clone(),
            kind: self.kind.clone(),
            format: self.format.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            ..FilterQuery::default()
        }
        .parse()?;
        let mut event = Vec::new();
        for v in self
            .event
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            let slug = Slug::parse(v)
                .ok_or_else(|| bad_value("event", v))?
                .into_string();
            if !event.contains(&slug) {
                event.push(slug);
            }
        }
        let year_of = |d: NaiveDate| d.year();
        let from = common.from.unwrap_or_else(|| {
            let y = common.to.map_or(today.year(), year_of);
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today)
        });
        let to = common
            .to
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(from.year(), 12, 31).unwrap_or(from));
        Ok(ReportFilter {
            from,
            to,
            org: common.org,
            mrc: common.mrc,
            municipality: common.municipality,
            event,
            audience: common.audience,
            topic: common.topic,
            kind: common.kind,
            format: common.format,
        })
    }
}

/// Where a session stands for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Held {
    Held,
    Cancelled,
    ToCome,
}

impl Held {
    /// A session that is not a draft: published and ended is held, published and not
    /// ended is to come.
    pub fn of(cancelled: bool, ends_at: NaiveDateTime, now: NaiveDateTime) -> Held {
        if cancelled {
            Held::Cancelled
        } else if ends_at <= now {
            Held::Held
        } else {
            Held::ToCome
        }
    }
}

/// What the database added up for one session's registrations (seats unless said).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Registrations made (rows, whatever became of them).
    pub registrations: i64,
    /// Of them, entered by staff (phone, walk-in).
    pub by_staff: i64,
    /// Seats held or used: confirmed, offered, pending payment, present, absent.
    pub seats: i64,
    /// Registrations (rows) holding or having used seats, by a returning person.
    pub returning: i64,
    /// Registrations (rows) holding or having used seats, by a new person.
    pub newcomers: i64,
    pub present: i64,
    pub absent: i64,
    /// Seats still `confirmed` (attendance not taken).
    pub unrecorded: i64,
    /// Seats waitlisted or offered now.
    pub waiting: i64,
    /// Present people who paid the seniors' reduced price.
    pub present_seniors_rate: i64,
    /// Volunteer helpers confirmed (issue 17), people not seats.
    pub helpers: i64,
}

/// One session as the report sees it.
#[derive(Debug, Clone)]
pub struct SessionFacts {
    pub id: i64,
    pub organisation_id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub held: Held,
    pub capacity: Option<i32>,
    pub municipality_id: Option<i64>,
    pub topic_ids: Vec<i64>,
    pub trainer_ids: Vec<i64>,
    /// Whether its audiences include the seniors'.
    pub for_seniors: bool,
    pub counts: Counts,
}

impl SessionFacts {
    /// Length in minutes (0 for a session that ends before it starts).
    pub fn minutes(&self) -> i64 {
        (self.ends_at - self.starts_at).num_minutes().max(0)
    }

    /// Seats it offered (0 without a capacity: drop-in).
    pub fn seats_offered(&self) -> i64 {
        if self.held == Held::Cancelled {
            0
        } else {
            i64::from(self.capacity.unwrap_or(0).max(0))
        }
    }

    /// Seniors among the people present.
    pub fn seniors_present(&self) -> i64 {
        if self.held != Held::Held {
            0
        } else if self.for_seniors {
            self.counts.present
        } else {
            self.counts.present_seniors_rate
        }
    }
}

/// The period's figures.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Totals {
    pub sessions_held: i64,
    pub sessions_cancelled: i64,
    pub sessions_to_come: i64,
    /// Of held and to-come sessions (drop-in sessions without a capacity add nothing).
    pub seats_offered: i64,
    pub registrations: i64,
    pub by_staff: i64,
    pub seats: i64,
    pub present: i64,
    pub absent: i64,
    pub unrecorded: i64,
    /// Seats waitlisted or offered at sessions that ended or were cancelled.
    pub unmet: i64,
    /// Seats waitlisted or offered at sessions to come.
    pub waiting_now: i64,
    pub newcomers: i64,
    pub returning: i64,
    pub seniors: i64,
    /// Minutes of training delivered (held sessions).
    pub minutes: i64,
    /// Participant-minutes (minutes × people present).
    pub participant_minutes: i64,
    /// Interest-list sign-ups in the period (`interests`).
    pub interest_signups: i64,
    /// Volunteer helpers confirmed at held sessions (issue 17).
    pub helpers: i64,
    /// Volunteer minutes (« heures de bénévolat »): helpers × minutes, held sessions.
    pub helper_minutes: i64,
}

impl Totals {
    /// Present ÷ (present + absent), when attendance was taken at all.
    pub fn attendance_rate(&self) -> Option<f64> {
        ratio(self.present, self.present + self.absent)
    }

    /// Staff-entered ÷ registrations.
    pub fn staff_share(&self) -> Option<f64> {
        ratio(self.by_staff, self.registrations)
    }

    /// Returning ÷ (new + returning).
    pub fn returning_share(&self) -> Option<f64> {
        ratio(self.returning, self.returning + self.newcomers)
    }
}

/// `a ÷ b`, or nothing for an empty base.
pub fn ratio(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// One line of a breakdown (by month, municipality or topic).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Line {
    pub sessions_held: i64,
    pub seats_offered: i64,
    pub seats: i64,
    pub present: i64,
    pub absent: i64,
    /// Waitlisted or offered, whether the session ended or not.
    pub waiting: i64,
    pub minutes: i64,
}

impl Line {
    fn add(&mut self, s: &SessionFacts) {
        if s.held == Held::Held {
            self.sessions_held += 1;
            self.minutes += s.minutes();
        }
        self.seats_offered += s.seats_offered();
        self.seats += s.counts.seats;
        self.present += s.counts.present;
        self.absent += s.counts.absent;
        self.waiting += s.counts.waiting;
    }

    /// Waitlist pressure: people waiting ÷ seats offered.
    pub fn pressure(&self) -> Option<f64> {
        ratio(self.waiting, self.seats_offered)
    }
}

/// The period rolled up: totals and the breakdowns the page, the CSV and the charts
/// show. Keys: the first day of a month (Québec time), a municipality id (`None`:
/// online, or a place unknown), a topic id.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub totals: Totals,
    pub by_month: BTreeMap<NaiveDate, Line>,
    pub by_municipality: BTreeMap<Option<i64>, Line>,
    /// A session with two topics counts under both.
    pub by_topic: BTreeMap<i64, Line>,
}

/// The first day of the Québec month of a UTC time.
pub fn month_of(utc: NaiveDateTime) -> NaiveDate {
    let d = super::time::local(utc).date_naive();
    d.with_day(1).unwrap_or(d)
}

/// Adds up the sessions' counts. `interest_signups` comes from its own query.
pub fn summarise(sessions: &[SessionFacts], interest_signups: i64) -> Summary {
    let mut s = Summary::default();
    let t = &mut s.totals;
    t.interest_signups = interest_signups;
    for f in sessions {
        let c = &f.counts;
        match f.held {
            Held::Held => t.sessions_held += 1,
            Held::Cancelled => t.sessions_cancelled += 1,
            Held::ToCome => t.sessions_to_come += 1,
        }
        t.seats_offered += f.seats_offered();
        t.registrations += c.registrations;
        t.by_staff += c.by_staff;
        t.seats += c.seats;
        t.present += c.present;
        t.absent += c.absent;
        if f.held == Held::Held {
            t.unrecorded += c.unrecorded;
            t.minutes += f.minutes();
            t.participant_minutes += f.minutes() * c.present;
            t.helpers += c.helpers;
            t.helper_minutes += crate::domain::helpers::helper_minutes(c.helpers, f.minutes());
        }
        match f.held {
            Held::ToCome => t.waiting_now += c.waiting,
            Held::Held | Held::Cancelled => t.unmet += c.waiting,
        }
        t.newcomers += c.newcomers;
        t.returning += c.returning;
        t.seniors += f.seniors_present();
        s.by_month.entry(month_of(f.starts_at)).or_default().add(f);
        s.by_municipality
            .entry(f.municipality_id)
            .or_default()
            .add(f);
        for topic in &f.topic_ids {
            s.by_topic.entry(*topic).or_default().add(f);
        }
    }
    s
}

/// Survey answers added up (one session, trainer or topic): answers, and how many said
/// « oui » (3) to each question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SurveyCounts {
    pub answers: i64,
    pub useful_yes: i64,
    pub clear_yes: i64,
}

impl SurveyCounts {
    pub fn add(&mut self, other: &SurveyCounts) {
        self.answers += other.answers;
        self.useful_yes += other.useful_yes;
        self.clear_yes += other.clear_yes;
    }

    pub fn useful_share(&self) -> Option<f64> {
        ratio(self.useful_yes, self.answers)
    }

    pub fn clear_share(&self) -> Option<f64> {
        ratio(self.clear_yes, self.answers)
    }
}

/// A share as a whole percentage (« 67 % »), rounded half up.
pub fn percent(share: f64) -> i64 {
    (share * 100.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn q(s: &str) -> ReportQuery {
        serde_html_form::from_str(s).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    #[test]
    fn the_period_defaults_to_the_calendar_year_and_is_checked_like_public_filters() {
        let f = q("").parse(today()).unwrap();
        assert_eq!(
            (f.from.to_string(), f.to.to_string()),
            ("2026-01-01".into(), "2026-12-31".into())
        );
        let f = q("from=2025-03-01").parse(today()).unwrap();
        assert_eq!(f.to.to_string(), "2025-12-31");
        let f = q("to=2025-06-30&org=biblio&event=jn-2025&format=online")
            .parse(today())
            .unwrap();
        assert_eq!(f.from.to_string(), "2025-01-01");
        assert_eq!(
            (f.org, f.event, f.format),
            (
                vec!["biblio".to_owned()],
                vec!["jn-2025".to_owned()],
                vec![Format::Online]
            )
        );
        for bad in [
            "from=2026-13-01",
            "org=Biblioth%C3%A8que",
            "event=%3Cscript%3E",
            "from=2026-03-10&to=2026-03-01",
            "from=2020-01-01&to=2026-01-01",
            "format=papier",
        ] {
            assert!(
                matches!(q(bad).parse(today()), Err(Error::Malformed(_))),
                "{bad}"
            );
        }
    }

    fn facts(id: i64, held: Held, counts: Counts) -> SessionFacts {
        SessionFacts {
            id,
            organisation_id: 1,
            title: format!("Séance {id}"),
            starts_at: t("2026-03-14 17:30"),
            ends_at: t("2026-03-14 19:00"),
            held,
            capacity: Some(10),
            municipality_id: Some(7),
            topic_ids: vec![1, 2],
            trainer_ids: vec![],
            for_seniors: false,
            counts,
        }
    }

    #[test]
    fn totals_separate_held_cancelled_and_to_come() {
        let held = facts(
            1,
            Held::Held,
            Counts {
                registrations: 9,
                by_staff: 3,
                seats: 8,
                returning: 2,
                newcomers: 5,
                present: 6,
                absent: 1,
                unrecorded: 1,
                waiting: 2,
                present_seniors_rate: 2,
                helpers: 2,
            },
        );
        let cancelled = SessionFacts {
            counts: Counts {
                registrations: 4,
                waiting: 1,
                helpers: 3,
                ..Counts::default()
            },
            ..facts(2, Held::Cancelled, Counts::default())
        };
        let mut to_come = facts(
            3,
            Held::ToCome,
            Counts {
                registrations: 3,
                seats: 3,
                waiting: 4,
                newcomers: 3,
                ..Counts::default()
            },
        );
        to_come.starts_at = t("2026-04-02 14:00");
        to_come.ends_at = t("2026-04-02 16:00");
        let s = summarise(&[held, cancelled, to_come], 11);
        let t = &s.totals;
        assert_eq!(
            (t.sessions_held, t.sessions_cancelled, t.sessions_to_come),
            (1, 1, 1)
        );
        assert_eq!(t.seats_offered, 20, "the cancelled session offered nothing");
        assert_eq!((t.registrations, t.by_staff, t.seats), (16, 3, 11));
        assert_eq!((t.present, t.absent, t.unrecorded), (6, 1, 1));
        assert_eq!((t.unmet, t.waiting_now), (3, 4));
        assert_eq!((t.newcomers, t.returning), (8, 2));
        assert_eq!(t.seniors, 2, "only those who paid the seniors' rate");
        assert_eq!((t.minutes, t.participant_minutes), (90, 540));
        assert_eq!(
            (t.helpers, t.helper_minutes),
            (2, 180),
            "helpers of held sessions only"
        );
        assert_eq!(t.interest_signups, 11);
        assert_eq!(percent(t.attendance_rate().unwrap()), 86);
        assert_eq!(s.by_month.len(), 2);
        assert_eq!(s.by_topic[&1].present, 6);
        assert_eq!(s.by_topic[&2].waiting, 7);
        assert_eq!(percent(s.by_topic[&1].pressure().unwrap()), 35);
    }

    #[test]
    fn a_session_for_seniors_counts_everyone_present_as_a_senior() {
        let mut f = facts(
            1,
            Held::Held,
            Counts {
                present: 7,
                present_seniors_rate: 2,
                ..Counts::default()
            },
        );
        f.for_seniors = true;
        assert_eq!(summarise(&[f], 0).totals.seniors, 7);
    }

    #[test]
    fn months_are_quebec_months() {
        // 2026-04-01 02:00 UTC is still March 31 in Québec.
        assert_eq!(month_of(t("2026-04-01 02:00")).to_string(), "2026-03-01");
        assert_eq!(month_of(t("2026-04-01 05:00")).to_string(), "2026-04-01");
    }

    #[test]
    fn empty_bases_give_no_rate() {
        assert_eq!(Totals::default().attendance_rate(), None);
        assert_eq!(SurveyCounts::default().useful_share(), None);
        assert_eq!(percent(2.0 / 3.0), 67);
    }
}
