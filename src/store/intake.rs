//! The registration engine's edge, shared by every caller (the public form, the JSON
//! API, the back office, the door): a registration's fields as typed, parsed into a
//! [`NewRegistration`] with a message per field, and the engine's refusals as a store
//! [`Error`] (bad input is invalid on its field, a state that forbids the change a
//! conflict; the web layer says it in HTTP and in the reader's language).
//! The staff acts (`store::door`, `store::people`) parse here, after their permission
//! check, so a caller without the right never learns what was wrong with the input.

use serde::{Deserialize, Serialize};

use crate::domain::lang::Lang;
use crate::domain::registration::{self as rules, Email, Source};
use crate::error::{Error, FieldError, Msg};
use crate::store::registrations::{NewRegistration, RegError};

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
) -> Result<NewRegistration, Error> {
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
            let p = rules::Phone::parse(s);
            if p.is_none() {
                err(&mut fields, "phone", "reg-error-phone");
            }
            p
        }
    };
    let seats = match raw.seats.trim() {
        "" => 1,
        s => match rules::Seats::parse(s) {
            Some(n) => n.get(),
            None => {
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
        return Err(Error::Invalid(fields));
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

/// A store refusal as the person reads it: bad input is invalid on its field, a state
/// that forbids the change is a conflict with its own message (`domain::registration`'s
/// `Refusal`, whose arguments are typed and written in the reader's language by web).
pub fn app_error(e: RegError) -> Error {
    Error::from(e)
}

/// A refusal of a staff act, as [`app_error`].
pub fn refused(e: RegError) -> Error {
    app_error(e)
}
