//! Volunteer helpers (« bénévoles », « aides », issue 17): a hands-on session asks for
//! people to help the learners (about one per three or four), says what they will do,
//! and people sign up for a shift. What a request for helpers must be, what a sign-up
//! must hold, when a shift may change state, and when staff hear that a session is
//! short: pure rules, without I/O (`store::helpers` applies them).

use chrono::{Duration, NaiveDateTime};

use crate::domain::lang::Lang;
use crate::domain::messages::{FieldError, Msg};
use crate::domain::registration::{Email, Phone, parse_name, person_key};

text_enum!(
    /// Where a helper's shift stands.
    ShiftStatus {
        /// Signed up on the public form; waits for the emailed link to be opened.
        PendingConfirmation => "pending_confirmation",
        /// Holds one of the places (confirmed by the link, or entered by staff).
        Confirmed => "confirmed",
        /// Cancelled by the helper, by staff, or with the session.
        Cancelled => "cancelled",
    }
);

impl ShiftStatus {
    /// Whether the shift still counts for its person: a repeated sign-up finds it.
    pub fn is_live(self) -> bool {
        self != ShiftStatus::Cancelled
    }
}

/// The most helpers one session may ask for.
pub const MAX_WANTED: i64 = 50;
/// The longest task description (it is shown in lists and in emails' subjects' lines).
pub const MAX_TASK: usize = 200;
/// How long a confirmation link works; an unconfirmed sign-up is deleted after it.
pub const CONFIRM_WITHIN: Duration = Duration::hours(48);
/// How close to its start a session short of helpers is told to its staff.
pub const ALERT_WITHIN: Duration = Duration::hours(48);
/// At most one email per shift in this time when the same address signs up again, so
/// the form cannot be used to flood someone's mailbox.
pub const REPEAT_WINDOW: Duration = Duration::minutes(10);

/// What a session asks of helpers: how many, to do what. `wanted == 0`: none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelperNeed {
    pub wanted: i32,
    pub task: String,
}

fn err(field: &str, key: &str) -> FieldError {
    FieldError::new(field, Msg::new(key))
}

impl HelperNeed {
    /// From the numbers given (the API, or a form field already read): 0 to
    /// [`MAX_WANTED`] helpers, a task of at most [`MAX_TASK`] characters.
    pub fn new(wanted: Option<i64>, task: &str) -> Result<HelperNeed, Vec<FieldError>> {
        let mut errors = Vec::new();
        let wanted = wanted.unwrap_or(0);
        if !(0..=MAX_WANTED).contains(&wanted) {
            errors.push(err("helpers_wanted", "helpers-error-wanted"));
        }
        let task = task.split_whitespace().collect::<Vec<_>>().join(" ");
        if task.chars().count() > MAX_TASK || task.chars().any(char::is_control) {
            errors.push(err("helpers_task", "helpers-error-task"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(HelperNeed {
            wanted: wanted as i32,
            task,
        })
    }

    /// From a form: the number as typed (empty: none).
    pub fn parse(wanted: &str, task: &str) -> Result<HelperNeed, Vec<FieldError>> {
        let typed = wanted.trim();
        let number = if typed.is_empty() {
            Some(0)
        } else {
            typed.parse::<i64>().ok()
        };
        match number {
            Some(n) => HelperNeed::new(Some(n), task),
            None => {
                let mut errors = vec![err("helpers_wanted", "helpers-error-wanted")];
                if let Err(more) = HelperNeed::new(Some(0), task) {
                    errors.extend(more);
                }
                Err(errors)
            }
        }
    }
}

/// Places still open: wanted less confirmed, never below zero.
pub fn places_left(wanted: i32, confirmed: i32) -> i32 {
    (wanted - confirmed).max(0)
}

/// Whether a session with `wanted` helpers and `confirmed` of them should be told to
/// its staff as short at `now`: it has not started, starts within [`ALERT_WITHIN`],
/// and lacks helpers.
pub fn short_soon(
    starts_at: NaiveDateTime,
    now: NaiveDateTime,
    wanted: i32,
    confirmed: i32,
) -> bool {
    wanted > 0 && confirmed < wanted && starts_at > now && starts_at <= now + ALERT_WITHIN
}

/// Whether a confirmation link made at `created_at` still works at `now`.
pub fn link_works(created_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    now < created_at + CONFIRM_WITHIN
}

/// A helper as typed, on the public form or by staff taking a call: every field text.
#[derive(Debug, Clone, Default)]
pub struct RawHelper {
    pub name: String,
    pub email: String,
    pub phone: String,
    /// The person agreed (ticked the box, or said so on the phone).
    pub consent: bool,
}

/// A helper that passed: a name, and an email or a phone (the public form needs the
/// email; staff may enter a phone alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperInput {
    pub name: String,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub lang: Lang,
}

impl HelperInput {
    /// Who this is, to find a repeated sign-up: the normalised email, or for someone
    /// entered by phone the phone's digits and the name.
    pub fn person_key(&self) -> Option<String> {
        person_key(
            self.email.as_ref(),
            &self.name,
            self.phone.as_ref().map(Phone::as_str),
        )
    }
}

/// Who may give what: the public form needs an email; staff need a phone or an email.
/// Both record consent (the box ticked, or said aloud on the phone and ticked by staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Public,
    Staff,
}

/// Checks a helper's fields, with a message per field in the form's order.
pub fn parse_helper(
    raw: &RawHelper,
    entry: Entry,
    lang: Lang,
) -> Result<HelperInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = parse_name(&raw.name);
    if name.is_none() {
        errors.push(err("name", "helpers-error-name"));
    }
    let typed = raw.email.trim();
    let email = Email::parse(typed);
    if email.is_none() && !typed.is_empty() {
        errors.push(err("email", "helpers-error-email"));
    } else if email.is_none() && entry == Entry::Public {
        errors.push(err("email", "helpers-error-email-required"));
    }
    let typed_phone = raw.phone.trim();
    let phone = Phone::parse(typed_phone);
    if phone.is_none() && !typed_phone.is_empty() {
        errors.push(err("phone", "helpers-error-phone"));
    }
    if entry == Entry::Staff && typed.is_empty() && typed_phone.is_empty() {
        errors.push(err("phone", "helpers-error-contact"));
    }
    if !raw.consent {
        errors.push(err("consent", "helpers-error-consent"));
    }
    match name {
        Some(name) if errors.is_empty() => Ok(HelperInput {
            name,
            email,
            phone,
            lang,
        }),
        _ => Err(errors),
    }
}

/// What may happen to a shift, by its status.
pub fn can_confirm(status: ShiftStatus) -> bool {
    status == ShiftStatus::PendingConfirmation
}

/// Helpers' minutes for a report: confirmed helpers × the session's length.
pub fn helper_minutes(helpers: i64, session_minutes: i64) -> i64 {
    helpers.max(0) * session_minutes.max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_need_is_a_small_number_and_a_short_task() {
        assert_eq!(
            HelperNeed::parse(" 2 ", "  accompagner les participants\nsur leur tablette "),
            Ok(HelperNeed {
                wanted: 2,
                task: "accompagner les participants sur leur tablette".into()
            })
        );
        assert_eq!(HelperNeed::parse("", ""), Ok(HelperNeed::default()));
        let fields = |r: Result<HelperNeed, Vec<FieldError>>| -> Vec<String> {
            r.unwrap_err().into_iter().map(|e| e.field).collect()
        };
        assert_eq!(fields(HelperNeed::parse("-1", "")), ["helpers_wanted"]);
        assert_eq!(fields(HelperNeed::parse("deux", "")), ["helpers_wanted"]);
        assert_eq!(fields(HelperNeed::parse("51", "")), ["helpers_wanted"]);
        assert_eq!(
            fields(HelperNeed::parse("x", &"é".repeat(201))),
            ["helpers_wanted", "helpers_task"]
        );
        assert_eq!(
            fields(HelperNeed::new(Some(3), "a\u{7}b")),
            ["helpers_task"]
        );
        assert!(HelperNeed::new(Some(MAX_WANTED), &"é".repeat(200)).is_ok());
    }

    #[test]
    fn places_and_alerts_follow_the_counts() {
        assert_eq!(places_left(3, 1), 2);
        assert_eq!(places_left(1, 2), 0);
        let now = t("2026-03-12 12:00");
        assert!(short_soon(t("2026-03-14 11:00"), now, 2, 1));
        assert!(
            !short_soon(t("2026-03-14 13:00"), now, 2, 1),
            "more than 48 h ahead"
        );
        assert!(
            !short_soon(t("2026-03-12 11:00"), now, 2, 1),
            "already started"
        );
        assert!(
            !short_soon(t("2026-03-13 11:00"), now, 2, 2),
            "enough helpers"
        );
        assert!(!short_soon(t("2026-03-13 11:00"), now, 0, 0), "none wanted");
        assert!(link_works(t("2026-03-12 12:00"), t("2026-03-14 11:59")));
        assert!(!link_works(t("2026-03-12 12:00"), t("2026-03-14 12:00")));
        assert_eq!(helper_minutes(3, 90), 270);
    }

    #[test]
    fn the_public_needs_an_email_and_consent_staff_a_phone_or_an_email() {
        let raw = RawHelper {
            name: " Léa  Tremblay ".into(),
            email: "Lea@Exemple.QC.ca".into(),
            phone: String::new(),
            consent: true,
        };
        let h = parse_helper(&raw, Entry::Public, Lang::Fr).unwrap();
        assert_eq!(h.name, "Léa Tremblay");
        assert_eq!(h.person_key().unwrap(), "email:lea@exemple.qc.ca");
        let fields = |raw: &RawHelper, entry| -> Vec<(String, String)> {
            parse_helper(raw, entry, Lang::Fr)
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.msg.key))
                .collect()
        };
        let empty = RawHelper::default();
        assert_eq!(
            fields(&empty, Entry::Public),
            [
                ("name".into(), "helpers-error-name".into()),
                ("email".into(), "helpers-error-email-required".into()),
                ("consent".into(), "helpers-error-consent".into()),
            ]
        );
        assert_eq!(
            fields(&empty, Entry::Staff),
            [
                ("name".into(), "helpers-error-name".into()),
                ("phone".into(), "helpers-error-contact".into()),
                ("consent".into(), "helpers-error-consent".into()),
            ]
        );
        let phoned = RawHelper {
            name: "Gérard Côté".into(),
            phone: "819 555-1234".into(),
            consent: true,
            ..RawHelper::default()
        };
        let h = parse_helper(&phoned, Entry::Staff, Lang::Fr).unwrap();
        assert_eq!(h.person_key().unwrap(), "phone:8195551234:gerard-cote");
        let bad = RawHelper {
            email: "lea@".into(),
            phone: "<script>".into(),
            ..raw
        };
        assert_eq!(
            fields(&bad, Entry::Public),
            [
                ("email".into(), "helpers-error-email".into()),
                ("phone".into(), "helpers-error-phone".into()),
            ]
        );
        assert!(can_confirm(ShiftStatus::PendingConfirmation));
        assert!(!can_confirm(ShiftStatus::Cancelled));
        assert!(ShiftStatus::Confirmed.is_live() && !ShiftStatus::Cancelled.is_live());
    }
}
