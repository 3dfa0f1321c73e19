//! Interest lists (« Prévenez-moi »): what a sign-up must hold, and the head start an
//! organisation gives the people on a list before the public sees a new session.

use chrono::{Duration, NaiveDateTime};

use crate::domain::lang::Lang;
use crate::domain::messages::{FieldError, Msg};
use crate::domain::registration::{Email, parse_name};

/// The longest head start an organisation may give: a week.
pub const MAX_HEAD_START_HOURS: i64 = 168;

/// A sign-up as typed (a form or a staff member's entry): every field text.
#[derive(Debug, Clone, Default)]
pub struct RawSignup {
    pub topic: String,
    pub municipality: String,
    pub name: String,
    pub email: String,
    /// The consent box was ticked (by the person, or by staff who heard it on the phone).
    pub consent: bool,
}

/// A sign-up that passed: the topic and municipality are still slugs (the store knows
/// whether they exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signup {
    pub topic: String,
    pub municipality: String,
    pub name: String,
    pub email: Email,
    pub lang: Lang,
}

fn err(field: &str, key: &str) -> FieldError {
    FieldError::new(field, Msg::new(key))
}

/// Checks a sign-up, with a message per field in the form's order.
pub fn parse_signup(raw: &RawSignup, lang: Lang) -> Result<Signup, Vec<FieldError>> {
    let mut errors = Vec::new();
    let topic = raw.topic.trim();
    if topic.is_empty() || topic.len() > 100 {
        errors.push(err("topic", "interest-error-topic"));
    }
    let municipality = raw.municipality.trim();
    if municipality.is_empty() || municipality.len() > 100 {
        errors.push(err("municipality", "interest-error-municipality"));
    }
    let name = parse_name(&raw.name);
    if name.is_none() {
        errors.push(err("name", "interest-error-name"));
    }
    let typed = raw.email.trim();
    let email = Email::parse(typed);
    if email.is_none() {
        let key = if typed.is_empty() {
            "interest-error-email-required"
        } else {
            "interest-error-email"
        };
        errors.push(err("email", key));
    }
    if !raw.consent {
        errors.push(err("consent", "interest-error-consent"));
    }
    match (name, email) {
        (Some(name), Some(email)) if errors.is_empty() => Ok(Signup {
            topic: topic.to_owned(),
            municipality: municipality.to_owned(),
            name,
            email,
            lang,
        }),
        _ => Err(errors),
    }
}

/// A head start as typed on the organisation page (empty: none), in hours.
pub fn parse_head_start(hours: Option<i64>) -> Result<i32, FieldError> {
    let h = hours.unwrap_or(0);
    if (0..=MAX_HEAD_START_HOURS).contains(&h) {
        Ok(h as i32)
    } else {
        Err(err("head_start_hours", "interest-error-head-start"))
    }
}

/// When a session told first to its list appears in public listings (`None`: at once).
pub fn public_at(published_at: NaiveDateTime, head_start_hours: i32) -> Option<NaiveDateTime> {
    (head_start_hours > 0).then(|| published_at + Duration::hours(i64::from(head_start_hours)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawSignup {
        RawSignup {
            topic: "tablette".into(),
            municipality: "lachute".into(),
            name: "  Gisèle   Tremblay ".into(),
            email: " Gisele@Exemple.ca ".into(),
            consent: true,
        }
    }

    #[test]
    fn a_complete_sign_up_passes_trimmed() {
        let s = parse_signup(&raw(), Lang::Fr).unwrap();
        assert_eq!(s.name, "Gisèle Tremblay");
        assert_eq!(s.email.as_str(), "Gisele@Exemple.ca");
        assert_eq!(
            (s.topic.as_str(), s.municipality.as_str()),
            ("tablette", "lachute")
        );
    }

    #[test]
    fn each_missing_field_is_named_in_the_form_order() {
        let r = RawSignup::default();
        let fields: Vec<String> = parse_signup(&r, Lang::En)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["topic", "municipality", "name", "email", "consent"]
        );
        let bad = RawSignup {
            email: "gisele@".into(),
            ..raw()
        };
        let e = parse_signup(&bad, Lang::Fr).unwrap_err();
        assert_eq!(e[0].msg.key, "interest-error-email");
    }

    #[test]
    fn a_head_start_is_at_most_a_week() {
        assert_eq!(parse_head_start(None), Ok(0));
        assert_eq!(parse_head_start(Some(168)), Ok(168));
        assert!(parse_head_start(Some(169)).is_err());
        assert!(parse_head_start(Some(-1)).is_err());
        let t = chrono::NaiveDate::from_ymd_opt(2026, 3, 14)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(public_at(t, 0), None);
        assert_eq!(public_at(t, 24), Some(t + Duration::days(1)));
    }
}
