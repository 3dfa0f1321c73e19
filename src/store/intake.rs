//! The registration engine's edge, shared by every caller (the public form, the JSON
//! API, the back office, the door): a registration's fields as typed, parsed into a
//! [`NewRegistration`] with a message per field, and the engine's refusals as
//! `AppError` (bad input is 422 on its field, a state that forbids the change is 409).
//! The staff acts (`store::door`, `store::people`) parse here, after their permission
//! check, so a caller without the right never learns what was wrong with the input.

use serde::{Deserialize, Serialize};

use crate::domain::registration::{self as rules, Email, Refusal, Source};
use crate::domain::time;
use crate::error::{AppError, FieldError, Msg};
use crate::store::registrations::{NewRegistration, RegError};
use crate::web::i18n::Lang;

/// The fields of a registration as sent, by the form (all text) or by JSON.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RawInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub seats: String,
    #[serde(default)]
    pub needs: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub consent: bool,
}

fn err(fields: &mut Vec<FieldError>, field: &str, key: &str) {
    fields.push(FieldError::new(field, Msg::new(key)));
}

/// Checks every field at once (so a form shows every mistake together). Staff entries
/// may give a phone number instead of an email.
pub fn parse_input(
    raw: &RawInput,
    source: Source,
    entered_by: Option<i64>,
    request_lang: Lang,
) -> Result<NewRegistration, AppError> {
    let mut fields = Vec::new();
    let name = rules::parse_name(&raw.name);
    if name.is_none() {
        err(&mut fields, "name", "reg-error-name");
    }
    let email = match raw.email.trim() {
        "" => {
            if source == Source::Web {
                err(&mut fields, "email", "reg-error-email-required");
            } else if raw.phone.trim().is_empty() {
                err(&mut fields, "email", "reg-error-contact-required");
            }
            None
        }
        s => {
            let e = Email::parse(s);
            if e.is_none() {
                err(&mut fields, "email", "reg-error-email");
            }
            e
        }
    };
    let phone = match raw.phone.trim() {
        "" => None,
        s => {
            let p = rules::parse_phone(s);
            if p.is_none() {
                err(&mut fields, "phone", "reg-error-phone");
            }
            p
        }
    };
    let seats = match raw.seats.trim() {
        "" => 1,
        s => match s.parse::<i32>() {
            Ok(n) if (1..=99).contains(&n) => n,
            _ => {
                err(&mut fields, "seats", "reg-error-seats");
                1
            }
        },
    };
    let needs = rules::parse_note(&raw.needs).unwrap_or_else(|| {
        err(&mut fields, "needs", "reg-error-needs");
        None
    });
    let language = match raw.language.trim() {
        "" => request_lang,
        s => Lang::parse(s).unwrap_or_else(|| {
            err(&mut fields, "language", "reg-error-language");
            request_lang
        }),
    };
    if !raw.consent {
        err(&mut fields, "consent", "reg-error-consent");
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    Ok(NewRegistration {
        name: name.unwrap_or_default(),
        email,
        phone,
        seats,
        needs,
        language,
        source,
        entered_by,
    })
}

/// A store refusal as the person reads it: bad input is 422 on its field, a state that
/// forbids the change is 409 with its own message.
pub fn app_error(e: RegError, lang: Lang) -> AppError {
    let conflict = |key: &str| AppError::Conflict(Msg::new(key));
    match e {
        RegError::NotFound => AppError::NotFound,
        RegError::Db(e) => AppError::from(e),
        RegError::Refused(r) => match r {
            Refusal::NotFound => AppError::NotFound,
            Refusal::TooManySeats(max) => AppError::Validation(vec![FieldError::new(
                "seats",
                Msg::new("reg-error-seats-max").arg("max", max),
            )]),
            Refusal::SessionCancelled => conflict("reg-refused-cancelled"),
            Refusal::SessionEnded => conflict("reg-refused-ended"),
            Refusal::NoRegistration => conflict("reg-refused-drop-in"),
            Refusal::NotYetOpen(at) => AppError::Conflict(
                Msg::new("reg-refused-not-open").arg("date", time::datetime_long(at, lang)),
            ),
            Refusal::Closed => conflict("reg-refused-closed"),
            Refusal::Full => conflict("reg-refused-full"),
            Refusal::WaitlistFull => conflict("reg-refused-waitlist-full"),
            Refusal::NotEnoughSeats(free) => {
                AppError::Conflict(Msg::new("reg-refused-not-enough-seats").arg("free", free))
            }
            Refusal::NotChangeable => conflict("reg-refused-not-changeable"),
            Refusal::NoOffer => conflict("reg-refused-no-offer"),
            Refusal::OfferExpired => conflict("reg-refused-offer-expired"),
            Refusal::CapacityBelowTaken(n) => {
                AppError::Conflict(Msg::new("reg-refused-capacity-below").arg("taken", n))
            }
            Refusal::NotWaiting => conflict("reg-refused-not-waiting"),
        },
    }
}

/// A refusal of an act whose refusals carry no date (every one but registering, whose
/// "not open yet" names the opening in the caller's language: use [`app_error`]).
pub fn refused(e: RegError) -> AppError {
    app_error(e, Lang::default())
}
