//! Registration at the HTTP boundary, shared by the HTML form and the JSON API: the
//! route table of the area, the chosen language, and the views. Input parsing and the
//! engine's refusals are `store::intake`'s (re-exported here), since the staff acts
//! parse after their permission check.

use actix_web::{HttpMessage, HttpRequest, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::i18n::{I18n, Lang};
use super::{api, public};
use crate::db::models::Registration;
use crate::domain::registration::Status;
use crate::domain::time;
pub use crate::store::intake::{RawInput, app_error, parse_input};
use crate::store::registrations::{NewRegistration, RegistrationDetails};

/// Every URL of the registration area.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/sessions/{id}/registrations")
            .app_data(web::JsonConfig::default().limit(8 * 1024))
            .route(web::post().to(api::registrations::create)),
    )
    .service(
        web::resource("/api/v1/registrations/{token}")
            .app_data(web::JsonConfig::default().limit(8 * 1024))
            .route(web::get().to(api::registrations::show))
            .route(web::patch().to(api::registrations::update))
            .route(web::delete().to(api::registrations::delete)),
    )
    .service(
        web::resource("/sessions/{id}/register")
            .app_data(web::FormConfig::default().limit(8 * 1024))
            .route(web::post().to(public::registrations::create)),
    )
    .service(web::resource("/r/{token}").route(web::get().to(public::registrations::show)))
    .service(
        web::resource("/r/{token}/cancel")
            .route(web::get().to(public::registrations::cancel_confirm))
            .route(web::post().to(public::registrations::cancel)),
    )
    .service(web::resource("/r/{token}/seats").route(web::post().to(public::registrations::seats)))
    .service(
        web::resource("/r/{token}/accept").route(web::post().to(public::registrations::accept)),
    )
    .service(web::resource("/r/{token}/pay").route(web::post().to(public::payments::pay)))
    .service(
        web::resource("/r/{token}/more-time").route(web::post().to(public::payments::more_time)),
    )
    .service(
        web::resource("/payments/return").route(web::get().to(public::payments::back_from_stripe)),
    )
    .service(
        web::resource("/webhooks/stripe")
            .app_data(web::PayloadConfig::new(256 * 1024))
            .route(web::post().to(public::payments::webhook)),
    )
    .service(
        web::resource("/r/{token}/data.json").route(web::get().to(public::registrations::export)),
    )
    .service(
        web::resource("/r/{token}/delete")
            .route(web::get().to(public::registrations::delete_confirm))
            .route(web::post().to(public::registrations::delete)),
    )
    .service(web::resource("/privacy").route(web::get().to(public::registrations::privacy)))
    .service(
        web::resource("/my-activities")
            .app_data(web::FormConfig::default().limit(8 * 1024))
            .route(web::get().to(public::activities::new))
            .route(web::post().to(public::activities::create)),
    )
    .service(
        web::resource("/my-activities/{token}").route(web::get().to(public::activities::show)),
    );
}

/// The language a person chose in their registration: the messages of this request
/// (errors included) use it. Read by `Lang::of_request`.
#[derive(Debug, Clone, Copy)]
pub struct ChosenLang(pub Lang);

/// Makes the rest of the request (error pages included) speak the chosen language.
pub fn choose_lang(req: &HttpRequest, raw_language: &str) -> Option<Lang> {
    let lang = Lang::parse(raw_language)?;
    req.extensions_mut().insert(ChosenLang(lang));
    Some(lang)
}

/// The manage link of a registration.
pub fn manage_url(base_url: &str, token: &str) -> String {
    format!("{base_url}/r/{token}")
}

/// The replay key of a submission (`domain::token::replay_digest`) from its channel
/// secret: the same retry, by the same client, with the same input, finds it again.
pub fn replay_key(session_id: i64, channel: &str, new: &NewRegistration) -> String {
    crate::domain::token::replay_digest(session_id, channel, &new.fingerprint())
}

/// The session a registration is for, as the API names it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationSessionJson {
    pub id: i64,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub url: String,
}

/// A registration in the JSON API.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationJson {
    /// `confirmed`, `waitlisted`, `offered`, `pending_payment`, `attended`, `no_show` or `cancelled`.
    pub status: String,
    /// 1 = next to get a seat; `null` unless waitlisted.
    pub waitlist_position: Option<i32>,
    pub seats: i32,
    /// The private link to see, change or cancel the registration.
    pub manage_url: Option<String>,
    /// A sentence for the person, in their language.
    pub message: String,
    /// Until when an offered seat is held (RFC 3339).
    pub offer_expires_at: Option<String>,
    pub session: RegistrationSessionJson,
}

/// The answer to a repeated registration (same person, same session): nothing about
/// the registration itself, whoever sent it; the link goes to the person's address.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlreadyRegisteredJson {
    /// Always `true`.
    pub already_registered: bool,
    /// Always `null`: the link is emailed to the person, never shown to the caller.
    pub manage_url: Option<String>,
    /// A sentence for the person, in their language.
    pub message: String,
    pub session: RegistrationSessionJson,
}

impl AlreadyRegisteredJson {
    pub fn new(
        base_url: &str,
        i18n: &I18n,
        lang: Lang,
        s: &crate::db::models::Session,
    ) -> AlreadyRegisteredJson {
        AlreadyRegisteredJson {
            already_registered: true,
            manage_url: None,
            message: i18n.t(lang, "reg-link-resent"),
            session: RegistrationSessionJson::of(base_url, s),
        }
    }
}

impl RegistrationSessionJson {
    fn of(base_url: &str, s: &crate::db::models::Session) -> RegistrationSessionJson {
        RegistrationSessionJson {
            id: s.id,
            title: s.title.clone(),
            starts_at: time::rfc3339(s.starts_at),
            ends_at: time::rfc3339(s.ends_at),
            url: format!("{base_url}/sessions/{}", s.id),
        }
    }
}

/// What the owner of the link sees (`GET /api/v1/registrations/{token}`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationOwnerJson {
    #[serde(flatten)]
    pub registration: RegistrationJson,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub needs: Option<String>,
    pub language: String,
    /// The code to show at the door.
    pub check_in_code: String,
    pub created_at: String,
}

pub fn status_message(i18n: &I18n, lang: Lang, r: &Registration, position: Option<i32>) -> String {
    use fluent_bundle::FluentValue;
    match Some(r.status) {
        Some(Status::Waitlisted) => i18n.tr(
            lang,
            "reg-status-waitlisted",
            &[("position", FluentValue::from(position.unwrap_or(1)))],
        ),
        Some(Status::Offered) => i18n.tr(
            lang,
            "reg-status-offered",
            &[(
                "date",
                FluentValue::from(
                    r.offer_expires_at
                        .map(|t| time::datetime_long(t, lang))
                        .unwrap_or_default(),
                ),
            )],
        ),
        Some(s) => i18n.t(
            lang,
            &format!("reg-status-{}", s.as_str().replace('_', "-")),
        ),
        None => String::new(),
    }
}

impl RegistrationJson {
    /// A registration as its link's holder sees it (`token`: the link they used).
    pub fn new(
        base_url: &str,
        i18n: &I18n,
        lang: Lang,
        d: &RegistrationDetails,
        token: &str,
    ) -> RegistrationJson {
        Self::of(
            base_url,
            i18n,
            lang,
            &d.registration,
            &d.session.session,
            d.waitlist_position,
            Some(token),
        )
    }

    /// From the rows alone (what `register` returns), without the session's details.
    pub fn of(
        base_url: &str,
        i18n: &I18n,
        lang: Lang,
        r: &Registration,
        s: &crate::db::models::Session,
        waitlist_position: Option<i32>,
        token: Option<&str>,
    ) -> RegistrationJson {
        RegistrationJson {
            status: r.status.to_string(),
            waitlist_position,
            seats: r.seats,
            manage_url: token.map(|t| manage_url(base_url, t)),
            message: status_message(i18n, lang, r, waitlist_position),
            offer_expires_at: r.offer_expires_at.map(time::rfc3339),
            session: RegistrationSessionJson::of(base_url, s),
        }
    }
}

impl RegistrationOwnerJson {
    pub fn new(
        base_url: &str,
        i18n: &I18n,
        lang: Lang,
        d: &RegistrationDetails,
        token: &str,
    ) -> Self {
        let r = &d.registration;
        RegistrationOwnerJson {
            registration: RegistrationJson::new(base_url, i18n, lang, d, token),
            name: r.name.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
            needs: r.needs.clone(),
            language: r.language.clone(),
            check_in_code: r.check_in_code.clone(),
            created_at: time::rfc3339(r.created_at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registration::{Refusal, Source};
    use crate::store::registrations::RegError;
    use crate::web::AppError;

    fn keys(e: &AppError) -> Vec<String> {
        match e {
            AppError::Validation(f) => f.iter().map(|f| f.msg.key.clone()).collect(),
            other => vec![other.message().key],
        }
    }

    #[test]
    fn every_refusal_and_status_has_a_message_in_both_languages() {
        let i18n = I18n::load();
        let t = crate::db::now();
        let refusals = [
            Refusal::SessionCancelled,
            Refusal::SessionEnded,
            Refusal::NoRegistration,
            Refusal::NotYetOpen(t),
            Refusal::Closed,
            Refusal::Full,
            Refusal::WaitlistFull,
            Refusal::TooManySeats(2),
            Refusal::NotEnoughSeats(1),
            Refusal::NotChangeable,
            Refusal::NoOffer,
            Refusal::OfferExpired,
            Refusal::CapacityBelowTaken(3),
            Refusal::NotWaiting,
        ];
        let mut seen = std::collections::BTreeSet::new();
        for r in refusals {
            for key in keys(&AppError::from(app_error(RegError::Refused(r)))) {
                for lang in [Lang::Fr, Lang::En] {
                    assert_ne!(i18n.t(lang, &key), key, "{r:?} in {lang:?}");
                }
                assert!(seen.insert(key.clone()), "{r:?} shares its message {key}");
            }
        }
        let bad = RawInput::default();
        for key in keys(&AppError::from(
            parse_input(&bad, Source::Web, None, Lang::Fr).unwrap_err(),
        )) {
            assert_ne!(i18n.t(Lang::En, &key), key);
        }
        for s in Status::ALL {
            let key = format!("reg-status-{}", s.as_str().replace('_', "-"));
            for lang in [Lang::Fr, Lang::En] {
                assert_ne!(i18n.t(lang, &key), key, "{s:?}");
            }
        }
    }
}
