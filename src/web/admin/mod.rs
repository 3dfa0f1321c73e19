//! The back office: staff sign-in, organisations, programmes (events, days, tracks,
//! sessions, series), trainers, venues, members, the audit log, region vocabularies;
//! and the routes of the staff JSON API, whose handlers are in `web::api::staff`. Every
//! URL is in [`ROUTES`] (one table, so the access-control test can check it tries them
//! all); handlers parse, ask `store`, render.

pub mod account;
pub mod dashboard;
pub mod demand;
pub mod door;
pub mod embed;
pub mod events;
pub mod follow_ups;
pub mod helpers;
pub mod moderation;
pub mod organisations;
pub mod payments;
pub mod region;
pub mod registrations;
pub mod reports;
pub mod requests;
pub mod sessions;
pub mod sources;
pub mod storm;
pub mod venues;
pub mod webhooks;

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{FromRequest, HttpRequest, HttpResponse, dev::Payload, web};
use futures_util::StreamExt;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::api::staff;
use super::{AppState, write_as};
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::store::staff::StaffUser;
use crate::web::{AppError, AppResult};

/// The cookie holding a staff session token.
pub const SESSION_COOKIE: &str = "staff";

macro_rules! route_table {
    ($($method:ident $path:literal => $handler:path;)*) => {
        /// Every back-office and staff-API URL: (method, path pattern).
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        /// Wires [`ROUTES`] to their handlers.
        pub fn routes(cfg: &mut web::ServiceConfig) {
            $(cfg.route($path, web::$method().to($handler));)*
        }
    };
}

route_table! {
    get "/admin/sign-in" => account::sign_in_form;
    post "/admin/sign-in" => account::sign_in;
    post "/admin/sign-out" => account::sign_out;
    get "/admin/password/forgot" => account::forgot_form;
    post "/admin/password/forgot" => account::forgot;
    get "/password/reset/{token}" => account::reset_form;
    post "/password/reset/{token}" => account::reset;
    get "/admin/sign-in/code" => account::code_form;
    post "/admin/sign-in/code" => account::code;
    get "/admin/account" => account::show;
    get "/admin/account/two-factor" => account::two_factor_form;
    post "/admin/account/two-factor" => account::two_factor_confirm;
    post "/admin/account/two-factor/off" => account::two_factor_off;
    post "/admin/account/recovery-codes" => account::recovery_codes;
    get "/admin" => dashboard::show;
    get "/admin/new" => dashboard::new_in_event;
    get "/admin/me/schedule" => dashboard::trainer_schedule;
    post "/admin/me/schedule/feed" => dashboard::trainer_feed_link;
    get "/admin/audit" => dashboard::audit;
    get "/admin/organisations" => organisations::list;
    post "/admin/organisations" => organisations::create;
    get "/admin/organisations/{id}" => organisations::show;
    post "/admin/organisations/{id}" => organisations::update;
    post "/admin/organisations/{id}/payments" => payments::update_settings;
    post "/admin/organisations/{id}/no-shows" => follow_ups::no_show_policy;
    post "/admin/organisations/{id}/events" => events::create;
    post "/admin/organisations/{id}/members" => organisations::add_member;
    post "/admin/organisations/{id}/members/{user_id}/remove" => organisations::remove_member;
    post "/admin/organisations/{id}/trainers" => organisations::add_trainer;
    post "/admin/organisations/{id}/venues" => venues::create;
    get "/admin/venues/{id}" => venues::edit;
    post "/admin/venues/{id}" => venues::update;
    get "/admin/events/{id}" => events::show;
    post "/admin/events/{id}" => events::update;
    post "/admin/events/{id}/publish" => events::publish;
    post "/admin/events/{id}/unpublish" => events::unpublish;
    post "/admin/events/{id}/duplicate" => events::duplicate;
    post "/admin/events/{id}/delete" => events::delete;
    post "/admin/events/{id}/days" => events::add_day;
    post "/admin/events/{id}/tracks" => events::add_track;
    get "/admin/events/{id}/sessions/new" => sessions::new;
    post "/admin/events/{id}/sessions" => sessions::create;
    get "/admin/events/{id}/series/new" => sessions::series::new_series;
    post "/admin/events/{id}/series" => sessions::series::create_series;
    get "/admin/sessions/{id}" => sessions::edit;
    post "/admin/sessions/{id}" => sessions::update;
    post "/admin/sessions/{id}/publish" => sessions::publish;
    post "/admin/sessions/{id}/unpublish" => sessions::unpublish;
    post "/admin/sessions/{id}/duplicate" => sessions::duplicate;
    post "/admin/sessions/{id}/delete" => sessions::delete;
    post "/admin/sessions/{id}/trainers" => sessions::trainers::assign_trainer;
    post "/admin/sessions/{id}/trainers/{trainer_id}/remove" => sessions::trainers::unassign_trainer;
    get "/admin/sessions/{id}/registrations" => registrations::list;
    post "/admin/sessions/{id}/registrations" => registrations::create;
    post "/admin/sessions/{id}/registrations/{registration_id}/promote" => registrations::promote;
    post "/admin/sessions/{id}/message" => registrations::message;
    post "/admin/sessions/{id}/cancel" => registrations::cancel;
    get "/admin/sessions/{id}/export.csv" => registrations::export_session;
    get "/admin/events/{id}/export.csv" => registrations::export_event;
    get "/admin/sessions/{id}/door" => door::show;
    post "/admin/sessions/{id}/door/{registration_id}/check-in" => door::check_in;
    post "/admin/sessions/{id}/door/{registration_id}/undo" => door::undo;
    post "/admin/sessions/{id}/door/walk-in" => door::walk_in;
    post "/admin/sessions/{id}/door/no-shows" => door::no_shows;
    post "/admin/sessions/{id}/door/{registration_id}/payment" => door::record_payment;
    get "/admin/sessions/{id}/helpers" => helpers::show;
    post "/admin/sessions/{id}/helpers" => helpers::add;
    post "/admin/sessions/{id}/helpers/{shift_id}/cancel" => helpers::cancel;
    post "/admin/sessions/{id}/door/helpers/{shift_id}/present" => helpers::present;
    get "/admin/refunds" => payments::refunds;
    get "/admin/embed" => embed::show;
    get "/admin/demand" => demand::show;
    get "/admin/follow-ups" => follow_ups::list;
    post "/admin/follow-ups/{id}/done" => follow_ups::done;
    get "/admin/reports" => reports::show;
    get "/admin/reports/export.csv" => reports::export;
    post "/admin/demand" => demand::create;
    get "/admin/storm" => storm::show;
    post "/admin/storm" => storm::cancel;
    get "/admin/region" => region::show;
    post "/admin/region/municipalities" => region::create_municipality;
    post "/admin/region/centroids" => region::set_centroid;
    post "/admin/region/terms" => region::create_term;
    get "/admin/webhooks" => webhooks::list;
    post "/admin/webhooks" => webhooks::create;
    get "/admin/webhooks/{id}" => webhooks::show;
    post "/admin/webhooks/{id}" => webhooks::update;
    post "/admin/webhooks/{id}/delete" => webhooks::delete;
    post "/admin/webhooks/{id}/deliveries/{delivery_id}/replay" => webhooks::replay;
    post "/admin/region/moderators" => region::add_moderator;
    post "/admin/region/mrcs/{mrc_id}/moderators/{user_id}/remove" => region::remove_moderator;
    post "/admin/region/organisations/{id}/trusted" => region::set_trusted;
    post "/admin/region/coordinators" => region::add_coordinator;
    post "/admin/region/mrcs/{mrc_id}/coordinators/{user_id}/remove" => region::remove_coordinator;
    get "/admin/requests" => requests::list;
    get "/admin/requests/{id}" => requests::show;
    post "/admin/requests/{id}/dates" => requests::propose;
    post "/admin/requests/{id}/accept" => requests::accept;
    post "/admin/requests/{id}/refuse" => requests::refuse;
    post "/admin/requests/{id}/invoice" => requests::invoice;
    post "/admin/requests/{id}/invoice/paid" => requests::paid;
    get "/admin/requests/{id}/invoice.pdf" => requests::invoice_pdf;
    get "/admin/moderation" => moderation::list;
    post "/admin/moderation/approve" => moderation::approve;
    post "/admin/moderation/reject" => moderation::reject;
    get "/admin/sources" => sources::list;
    post "/admin/sources" => sources::create;
    get "/admin/sources/{id}" => sources::edit;
    post "/admin/sources/{id}" => sources::update;
    post "/admin/sources/{id}/import" => sources::import;
    post "/admin/sessions/{id}/origins/{origin_id}/split" => sessions::origins::split;
    get "/api/v1/me" => staff::me::me;
    post "/api/v1/events" => staff::events::create_event;
    post "/api/v1/sessions" => staff::sessions::create_session;
    patch "/api/v1/sessions/{id}" => staff::sessions::update_session;
    delete "/api/v1/sessions/{id}" => staff::sessions::delete_session;
    post "/api/v1/sessions/{id}/publish" => staff::sessions::publish_session;
    post "/api/v1/sessions/{id}/unpublish" => staff::sessions::unpublish_session;
    post "/api/v1/sessions/{id}/trainers" => staff::trainers::assign_trainer;
    post "/api/v1/venues" => staff::venues::create_venue;
    get "/api/v1/sessions/{id}/roster" => staff::registrations::roster;
    post "/api/v1/sessions/{id}/check-ins" => staff::door::check_in;
    delete "/api/v1/sessions/{id}/check-ins/{registration_id}" => staff::door::undo_check_in;
    post "/api/v1/sessions/{id}/walk-ins" => staff::door::walk_in;
    post "/api/v1/sessions/{id}/no-shows" => staff::door::no_shows;
    post "/api/v1/sessions/{id}/promotions" => staff::registrations::promote;
    post "/api/v1/sessions/{id}/cancel" => staff::sessions::cancel_session;
    post "/api/v1/registrations/{id}/payment" => staff::registrations::record_payment;
}

/// A signed-in staff member (401 otherwise: the error page offers the sign-in link).
#[derive(Debug, Clone)]
pub struct Staff(pub StaffUser);

impl std::ops::Deref for Staff {
    type Target = StaffUser;
    fn deref(&self) -> &StaffUser {
        &self.0
    }
}

/// Who is signed in, if anyone.
#[derive(Debug, Clone)]
pub struct MaybeStaff(pub Option<StaffUser>);

async fn current(req: HttpRequest) -> AppResult<Option<StaffUser>> {
    let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    if !crate::domain::token::looks_like_token(&token) {
        return Ok(None);
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no app state")))?;
    let lifetime = chrono::Duration::days(i64::from(state.settings.staff_session_days.max(1)));
    super::read(&state, move |conn| {
        crate::store::staff::session_user(conn, &token, lifetime)
    })
    .await
}

/// Where an administrator without a second factor is sent, and what they may reach
/// before setting it up.
pub const SECOND_FACTOR_SETUP: &str = "/admin/account/two-factor";

/// A regional administrator without a second factor may only set it up or sign out.
pub fn second_factor_gate(req: &HttpRequest, who: &StaffUser) -> AppResult<()> {
    let allowed = [SECOND_FACTOR_SETUP, "/admin/sign-out"];
    if who.must_set_up_second_factor() && !allowed.contains(&req.path()) {
        return Err(AppError::SeeOther(SECOND_FACTOR_SETUP.to_owned()));
    }
    Ok(())
}

impl FromRequest for MaybeStaff {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { current(req).await.map(MaybeStaff) })
    }
}

impl FromRequest for Staff {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let who = current(req.clone()).await?.ok_or(AppError::Unauthorized)?;
            second_factor_gate(&req, &who)?;
            Ok(Staff(who))
        })
    }
}

/// What a back-office page gets from its request: the app, the request, the reader's
/// language and the signed-in staff member (401 otherwise), taken in that order.
pub struct StaffPage(
    pub web::Data<AppState>,
    pub HttpRequest,
    pub crate::web::i18n::Lang,
    pub Staff,
);

impl FromRequest for StaffPage {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = web::Data::<AppState>::from_request(req, payload);
        let lang = crate::web::i18n::Lang::from_request(req, payload);
        let who = Staff::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move { Ok(StaffPage(state.await?, req, lang.await?, who.await?)) })
    }
}

/// A form body (`application/x-www-form-urlencoded`, repeated keys as lists) whose
/// CSRF field matched the cookie: extracting it is the CSRF check.
pub struct Form<T>(pub T);

const FORM_LIMIT: usize = 32 * 1024;

/// The body of a form whose button is the whole request (publish, delete, promote…):
/// nothing but its CSRF token, which `Form` checks.
#[derive(Debug, serde::Deserialize)]
pub struct Empty {}

/// A request body of at most `limit` bytes (400 beyond).
async fn body(mut payload: Payload, limit: usize) -> AppResult<web::BytesMut> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::bad_request("error-malformed"))?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::bad_request("error-too-large"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            let body = body(payload, FORM_LIMIT).await?;
            let pairs: Vec<(String, String)> = serde_html_form::from_bytes(&body)
                .map_err(|_| AppError::bad_request("error-malformed"))?;
            // PostgreSQL refuses NUL in text; no person types one.
            if pairs
                .iter()
                .any(|(k, v)| k.contains('\0') || v.contains('\0'))
            {
                return Err(AppError::bad_request("error-malformed"));
            }
            let token = pairs
                .iter()
                .find(|(k, _)| k == super::csrf::FIELD)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default();
            super::csrf::verify(&req, token)?;
            serde_html_form::from_bytes(&body)
                .map(Form)
                .map_err(super::malformed)
        })
    }
}

/// A JSON body for the staff API (64 KB at most). Like `web::Json`, plus: a NUL
/// character anywhere is refused (400), since PostgreSQL cannot store it.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(_: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let payload = payload.take();
        Box::pin(async move {
            let body = body(payload, 64 * 1024).await?;
            let lower = body.to_ascii_lowercase();
            if lower.windows(6).any(|w| w == b"\\u0000") {
                return Err(AppError::bad_request("error-malformed"));
            }
            serde_json::from_slice(&body)
                .map(Json)
                .map_err(super::malformed)
        })
    }
}

/// Publishes, or takes back to draft, an event or a session (`act`), then back to its
/// `page`.
pub async fn set_published(
    state: &AppState,
    who: &Staff,
    id: i64,
    published: bool,
    act: fn(&mut DbConnection, &Access, i64, bool) -> crate::store::Result<()>,
    page: &str,
) -> AppResult<HttpResponse> {
    write_as(state, &who.access, move |conn, access| {
        act(conn, access, id, published)
    })
    .await?;
    let done = if published {
        "published"
    } else {
        "unpublished"
    };
    Ok(see_other(page, done))
}

/// The id a form's select sent, or the field's « choose one » message.
pub fn chosen(value: &str, field: &str) -> AppResult<i64> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::field(field, "admin-error-choice"))
}

/// Post/redirect/get: back to `to` with a message key shown once (`?done=`).
pub fn see_other(to: &str, done: &str) -> HttpResponse {
    let sep = if to.contains('?') { '&' } else { '?' };
    super::redirect(format!("{to}{sep}done={done}"))
}

/// The `?done=` message of a page, translated, when it is one of ours.
pub fn flash(req: &HttpRequest, state: &AppState, lang: crate::web::i18n::Lang) -> Option<String> {
    let q: std::collections::HashMap<String, String> =
        serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let key = q.get("done")?;
    if !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') || key.len() > 40 {
        return None;
    }
    let id = format!("admin-done-{key}");
    // Unknown keys are not ours to show (the translator returns the id itself).
    Some(state.i18n.t(lang, &id)).filter(|text| *text != id)
}

/// The staff cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS; ends with the browser.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// What every back-office page shows around its content.
#[derive(Debug, Serialize)]
pub struct Chrome {
    pub user_name: String,
    pub is_admin: bool,
    pub is_trainer: bool,
    pub flash: Option<String>,
    /// Items waiting for this person's moderation (`None`: they moderate nothing).
    pub moderation_waiting: Option<usize>,
    /// Workshop requests waiting for this person (`None`: they coordinate nothing).
    pub requests_waiting: Option<usize>,
    /// Whether the person manages an organisation (partner calendars are theirs).
    pub manages: bool,
}

impl Chrome {
    pub fn new(
        req: &HttpRequest,
        state: &AppState,
        lang: crate::web::i18n::Lang,
        who: &StaffUser,
    ) -> Chrome {
        Chrome {
            user_name: who.user.name.clone(),
            is_admin: who.access.is_admin,
            is_trainer: who.access.trainer_id.is_some(),
            flash: flash(req, state, lang),
            moderation_waiting: who.moderation_waiting,
            requests_waiting: who.requests_waiting,
            manages: who.access.is_admin
                || who
                    .access
                    .memberships
                    .iter()
                    .any(|(o, _)| who.access.can_manage(*o)),
        }
    }
}

/// Optional number from a form field: empty is `None`, anything else must parse.
pub fn opt_num(field: &str, s: &str) -> Result<Option<i64>, crate::error::FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i64>().map(Some).map_err(|_| {
        crate::error::FieldError::new(field, crate::error::Msg::new("admin-error-number"))
    })
}

/// A session in a back-office list.
#[derive(Debug, Serialize)]
pub struct SessionRow {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub place: String,
    pub organisation: String,
    pub status: String,
    pub status_label: String,
    pub seats: String,
    pub waitlist: i32,
    pub edit_url: String,
    pub public_url: String,
}

impl SessionRow {
    pub fn new(
        i18n: &crate::web::i18n::I18n,
        lang: crate::web::i18n::Lang,
        d: &crate::store::sessions::SessionDetails,
    ) -> SessionRow {
        let card = crate::web::views::SessionCard::new(i18n, lang, d, crate::db::now());
        let s = &d.session;
        SessionRow {
            id: s.id,
            title: s.title.clone(),
            when: card.when,
            place: card.place,
            organisation: card.organisation,
            status: s.status.to_string(),
            status_label: i18n.t(lang, &format!("admin-status-{}", s.status)),
            seats: match s.capacity {
                Some(c) => format!("{} / {c}", s.seats_taken),
                None => s.seats_taken.to_string(),
            },
            waitlist: s.waitlist_count,
            edit_url: format!("/admin/sessions/{}", s.id),
            public_url: format!("/sessions/{}", s.id),
        }
    }
}

/// An id and a label, for `<select>` and checkbox lists.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

/// A list to choose from: each item's id and label, and whether it is chosen.
pub fn choices<T>(items: &[T], item: impl Fn(&T) -> (i64, String, bool)) -> Vec<Choice> {
    items
        .iter()
        .map(|t| {
            let (id, label, selected) = item(t);
            Choice {
                id,
                label,
                selected,
            }
        })
        .collect()
}
