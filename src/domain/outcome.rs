//! After a session (issue 14): when the message after it is due, the three-question
//! survey's answers, a request for personal follow-up (« Je veux un accompagnement »),
//! and the organisation's optional no-show policy. Rules only: the store applies them.

use chrono::{Duration, NaiveDateTime};

use crate::domain::messages::{FieldError, Msg};
use crate::domain::registration::{Book, Phone, Placement};

/// Longest free text kept from the survey or a follow-up request (characters).
pub const TEXT_MAX: usize = 1000;

/// How long after a session its message is still worth sending: a registration marked
/// present weeks later (or every past one, the day this feature is switched on) gets
/// no thank-you out of the blue.
pub const FOLLOW_UP_WINDOW_DAYS: i64 = 7;

/// The sessions whose message is due at `now`: ended at least `delay` ago, and not
/// more than [`FOLLOW_UP_WINDOW_DAYS`] before that. Returns (earliest end, latest end).
pub fn follow_up_window(now: NaiveDateTime, delay: Duration) -> (NaiveDateTime, NaiveDateTime) {
    let latest = now - delay;
    (latest - Duration::days(FOLLOW_UP_WINDOW_DAYS), latest)
}

/// One answer to « utile ? » or « claire ? »: non · un peu · oui (stored 1 · 2 · 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    No = 1,
    ALittle = 2,
    Yes = 3,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::No, Rating::ALittle, Rating::Yes];

    pub fn parse(s: &str) -> Option<Rating> {
        match s.trim() {
            "1" | "no" | "non" => Some(Rating::No),
            "2" | "a-little" | "un-peu" => Some(Rating::ALittle),
            "3" | "yes" | "oui" => Some(Rating::Yes),
            _ => None,
        }
    }

    pub fn from_stored(n: i32) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.value() == n)
    }

    pub fn value(self) -> i32 {
        self as i32
    }

    /// The word's key (`outcome-rating-…`).
    pub fn slug(self) -> &'static str {
        match self {
            Rating::No => "no",
            Rating::ALittle => "a-little",
            Rating::Yes => "yes",
        }
    }
}

/// The survey as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct RawSurvey {
    pub useful: String,
    pub clear: String,
    pub next_step: String,
}

/// A survey answer, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyAnswer {
    pub useful: Rating,
    pub clear: Rating,
    /// « Et ensuite? »: optional, trimmed, at most [`TEXT_MAX`] characters.
    pub next_step: String,
}

fn text(s: &str, field: &str, errors: &mut Vec<FieldError>) -> String {
    let s = s.trim();
    if s.chars().count() > TEXT_MAX {
        errors.push(FieldError::new(
            field,
            Msg::new("outcome-error-too-long").arg("max", TEXT_MAX),
        ));
    }
    s.to_owned()
}

/// Checks a survey: both questions answered, the free text short enough.
pub fn parse_survey(raw: &RawSurvey) -> Result<SurveyAnswer, Vec<FieldError>> {
    let mut errors = Vec::new();
    let useful = Rating::parse(&raw.useful);
    let clear = Rating::parse(&raw.clear);
    if useful.is_none() {
        errors.push(FieldError::new(
            "useful",
            Msg::new("outcome-error-choose-one"),
        ));
    }
    if clear.is_none() {
        errors.push(FieldError::new(
            "clear",
            Msg::new("outcome-error-choose-one"),
        ));
    }
    let next_step = text(&raw.next_step, "next_step", &mut errors);
    match (useful, clear) {
        (Some(useful), Some(clear)) if errors.is_empty() => Ok(SurveyAnswer {
            useful,
            clear,
            next_step,
        }),
        _ => Err(errors),
    }
}

/// How the person would like the organisation to reach them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    Email,
    Phone,
}

impl Contact {
    pub fn parse(s: &str) -> Option<Contact> {
        match s.trim() {
            "email" => Some(Contact::Email),
            "phone" => Some(Contact::Phone),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Contact::Email => "email",
            Contact::Phone => "phone",
        }
    }
}

/// The follow-up request form as sent.
#[derive(Debug, Clone, Default)]
pub struct RawFollowUp {
    pub contact: String,
    pub phone: String,
    pub message: String,
}

/// A follow-up request, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpInput {
    pub contact: Contact,
    /// The number to call (given when the contact is the phone).
    pub phone: Option<Phone>,
    pub message: String,
}

/// Checks a follow-up request: a way to reach the person that they have (an address
/// for email, a valid number for the phone), and a short message.
pub fn parse_follow_up(
    raw: &RawFollowUp,
    has_email: bool,
) -> Result<FollowUpInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let contact = Contact::parse(&raw.contact);
    let phone = if raw.phone.trim().is_empty() {
        None
    } else {
        let p = Phone::parse(&raw.phone);
        if p.is_none() {
            errors.push(FieldError::new("phone", Msg::new("reg-error-phone")));
        }
        p
    };
    match contact {
        None => errors.push(FieldError::new(
            "contact",
            Msg::new("outcome-error-choose-one"),
        )),
        Some(Contact::Phone) if phone.is_none() && raw.phone.trim().is_empty() => errors.push(
            FieldError::new("phone", Msg::new("outcome-error-phone-needed")),
        ),
        Some(Contact::Email) if !has_email => errors.push(FieldError::new(
            "contact",
            Msg::new("outcome-error-no-email"),
        )),
        _ => {}
    }
    let message = text(&raw.message, "message", &mut errors);
    match contact {
        Some(contact) if errors.is_empty() => Ok(FollowUpInput {
            contact,
            phone,
            message,
        }),
        _ => Err(errors),
    }
}

/// An organisation's no-show policy: after `limit` no-shows within `days` days, a
/// person's new registrations go to the waitlist first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoShowPolicy {
    /// `None`: off.
    pub limit: Option<i32>,
    pub days: i32,
}

/// Bounds of the policy as the settings form accepts them.
pub const NO_SHOW_LIMIT_MAX: i32 = 20;
pub const NO_SHOW_DAYS_MAX: i32 = 730;

impl NoShowPolicy {
    /// When no-shows start to count for a registration made at `now`.
    pub fn since(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - Duration::days(i64::from(self.days.max(1)))
    }

    /// Whether a person with `recent` no-shows (within [`Self::since`]) waits first.
    pub fn holds(&self, recent: i64) -> bool {
        self.limit.is_some_and(|n| n >= 1 && recent >= i64::from(n))
    }
}

/// Where a new registration goes once the no-show policy is heard: a person it
/// `held` who would have had a seat goes to the end of the waitlist instead, when the
/// session has a waitlist with room (else the policy cannot apply and the seat stays
/// theirs: never a silent block). Returns the placement and whether the policy held it.
pub fn place_with_policy(book: &Book, placement: Placement, held: bool) -> (Placement, bool) {
    let room = match book.waitlist_limit {
        Some(limit) => book.waitlist_count < limit,
        None => true,
    };
    match placement {
        Placement::Confirmed if held && room => {
            (Placement::Waitlisted(book.waitlist_count + 1), true)
        }
        other => (other, false),
    }
}

/// Reads the policy from the settings form: an empty limit turns it off.
pub fn parse_policy(limit: &str, days: &str) -> Result<NoShowPolicy, Vec<FieldError>> {
    let mut errors = Vec::new();
    let limit = match limit.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(n) if (1..=NO_SHOW_LIMIT_MAX).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    "no_show_limit",
                    Msg::new("outcome-error-range")
                        .arg("min", 1)
                        .arg("max", NO_SHOW_LIMIT_MAX),
                ));
                None
            }
        },
    };
    let days = match days.trim() {
        "" => 365,
        s => match s.parse::<i32>() {
            Ok(n) if (1..=NO_SHOW_DAYS_MAX).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(
                    "no_show_days",
                    Msg::new("outcome-error-range")
                        .arg("min", 1)
                        .arg("max", NO_SHOW_DAYS_MAX),
                ));
                365
            }
        },
    };
    if errors.is_empty() {
        Ok(NoShowPolicy { limit, days })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_message_is_due_after_the_delay_and_within_a_week() {
        let (from, to) = follow_up_window(at("2026-03-14 20:00"), Duration::hours(2));
        assert_eq!(to, at("2026-03-14 18:00"));
        assert_eq!(from, at("2026-03-07 18:00"));
    }

    #[test]
    fn a_survey_needs_both_answers_and_keeps_the_text_short() {
        let ok = parse_survey(&RawSurvey {
            useful: "3".into(),
            clear: "2".into(),
            next_step: "  Les courriels  ".into(),
        })
        .unwrap();
        assert_eq!(ok.useful, Rating::Yes);
        assert_eq!(ok.clear, Rating::ALittle);
        assert_eq!(ok.next_step, "Les courriels");
        let err = parse_survey(&RawSurvey {
            useful: String::new(),
            clear: "9".into(),
            next_step: "x".repeat(TEXT_MAX + 1),
        })
        .unwrap_err();
        let fields: Vec<_> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["useful", "clear", "next_step"]);
        assert_eq!(Rating::from_stored(1), Some(Rating::No));
        assert_eq!(Rating::from_stored(4), None);
    }

    #[test]
    fn a_follow_up_by_phone_needs_a_number_and_by_email_an_address() {
        let phone = parse_follow_up(
            &RawFollowUp {
                contact: "phone".into(),
                phone: "819 555-1234".into(),
                message: String::new(),
            },
            false,
        )
        .unwrap();
        assert_eq!(phone.contact, Contact::Phone);
        assert!(phone.phone.is_some());
        let no_number = parse_follow_up(
            &RawFollowUp {
                contact: "phone".into(),
                ..RawFollowUp::default()
            },
            true,
        )
        .unwrap_err();
        assert_eq!(no_number[0].field, "phone");
        let no_email = parse_follow_up(
            &RawFollowUp {
                contact: "email".into(),
                ..RawFollowUp::default()
            },
            false,
        )
        .unwrap_err();
        assert_eq!(no_email[0].field, "contact");
        assert!(parse_follow_up(&RawFollowUp::default(), true).is_err());
    }

    #[test]
    fn a_held_person_waits_when_there_is_a_waitlist_with_room() {
        let book = Book {
            capacity: Some(10),
            seats_taken: 2,
            waitlist_limit: None,
            waitlist_count: 1,
            max_seats: 4,
        };
        assert_eq!(
            place_with_policy(&book, Placement::Confirmed, true),
            (Placement::Waitlisted(2), true)
        );
        assert_eq!(
            place_with_policy(&book, Placement::Confirmed, false),
            (Placement::Confirmed, false)
        );
        let no_waitlist = Book {
            waitlist_limit: Some(0),
            ..book
        };
        assert_eq!(
            place_with_policy(&no_waitlist, Placement::Confirmed, true),
            (Placement::Confirmed, false)
        );
    }

    #[test]
    fn the_policy_holds_from_the_limit_on_and_is_off_without_one() {
        let p = NoShowPolicy {
            limit: Some(2),
            days: 90,
        };
        assert!(!p.holds(1));
        assert!(p.holds(2));
        assert!(p.holds(5));
        assert_eq!(p.since(at("2026-03-31 12:00")), at("2025-12-31 12:00"));
        let off = NoShowPolicy {
            limit: None,
            days: 90,
        };
        assert!(!off.holds(100));
        assert_eq!(parse_policy("", "").unwrap().limit, None);
        assert_eq!(
            parse_policy("3", "60").unwrap(),
            NoShowPolicy {
                limit: Some(3),
                days: 60
            }
        );
        assert!(parse_policy("0", "60").is_err());
        assert!(parse_policy("2", "9999").is_err());
    }
}
