//! « Prévenez-moi »: a person leaves their name and address for a topic in a
//! municipality, and is told first when a matching workshop is published. The page
//! answers the same whatever the address (a second sign-up changes nothing); posts
//! carry the CSRF token and a honeypot and are limited per client like the
//! registration form. The emailed link shows the request (`GET`) and removes it
//! (`POST`): a `GET` never changes anything, since mail scanners open links.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::domain::interest::{RawSignup, parse_signup};
use crate::error::FieldError;
use crate::store;
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, csrf, read, render, write};

/// A `<select>` option keyed by slug.
#[derive(Debug, Serialize)]
pub struct SlugChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Serialize)]
struct ErrorLink {
    anchor: &'static str,
    message: String,
}

#[derive(Debug, Serialize, Default)]
struct Input {
    name: String,
    email: String,
    consent: bool,
}

#[derive(Debug, Serialize)]
struct FormView {
    topics: Vec<SlugChoice>,
    municipalities: Vec<SlugChoice>,
    form: Input,
    errors: BTreeMap<String, String>,
    error_list: Vec<ErrorLink>,
}

/// The form's fields in reading order, with the element each error links to.
const FIELDS: [(&str, &str); 5] = [
    ("topic", "int-topic"),
    ("municipality", "int-municipality"),
    ("name", "int-name"),
    ("email", "int-email"),
    ("consent", "int-consent"),
];

/// The topics and municipalities to choose from, `topic` and `town` chosen.
pub async fn slug_choices(
    state: &AppState,
    lang: Lang,
    topic: String,
    town: String,
) -> AppResult<(Vec<SlugChoice>, Vec<SlugChoice>)> {
    let cat = read(state, |c| Ok(store::catalogue::catalogue(c)?)).await?;
    let topics = cat
        .topics
        .iter()
        .map(|t| SlugChoice {
            selected: t.slug == topic,
            value: t.slug.clone(),
            label: t.name(lang).to_owned(),
        })
        .collect();
    let towns = cat
        .municipalities
        .iter()
        .map(|m| SlugChoice {
            selected: m.slug == town,
            value: m.slug.clone(),
            label: m.name.clone(),
        })
        .collect();
    Ok((topics, towns))
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    topic: String,
    town: String,
    form: Input,
    fields: &[FieldError],
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let (topics, municipalities) = slug_choices(state, lang, topic, town).await?;
    let tr = |f: &FieldError| state.i18n.msg(lang, &f.msg);
    let error_list = FIELDS
        .iter()
        .filter_map(|(name, anchor)| {
            fields.iter().find(|f| f.field == *name).map(|f| ErrorLink {
                anchor,
                message: tr(f),
            })
        })
        .collect();
    let view = FormView {
        topics,
        municipalities,
        form,
        errors: fields.iter().map(|f| (f.field.clone(), tr(f))).collect(),
        error_list,
    };
    let mut title = state.i18n.t(lang, "interest-title");
    if !fields.is_empty() {
        title = state.i18n.tr(
            lang,
            "reg-title-error",
            &[("title", FluentValue::from(title))],
        );
    }
    let mut page = render(req, state, lang, "public/interest.html", title, &view)?;
    *page.status_mut() = status;
    Ok(page)
}

/// The first value of a query key, as sent (nothing when the query is unreadable).
fn first(req: &HttpRequest, key: &str) -> String {
    let pairs: Vec<(String, String)> =
        serde_html_form::from_str(req.query_string()).unwrap_or_default();
    pairs
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

/// `GET /interest?topic=tablette&municipality=lachute`: the form, prefilled with the
/// calendar's filters when they name a topic and a municipality.
pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let (topic, town) = (first(&req, "topic"), first(&req, "municipality"));
    form_page(
        &state,
        &req,
        lang,
        topic,
        town,
        Input::default(),
        &[],
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    consent: Option<String>,
    /// Honeypot: hidden from people, filled by robots.
    #[serde(default)]
    website: String,
}

/// `POST /interest`: puts the person on the list (once) and says the same in every case.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    form: web::Form<SignupForm>,
) -> AppResult<HttpResponse> {
    let f = form.into_inner();
    csrf::verify(&req, &f.csrf_token)?;
    if !f.website.is_empty() {
        return Err(AppError::bad_request("reg-error-robot"));
    }
    state.registration_limiter.check(&req)?;
    let raw = RawSignup {
        topic: f.topic.clone(),
        municipality: f.municipality.clone(),
        name: f.name.clone(),
        email: f.email.clone(),
        consent: f.consent.is_some(),
    };
    let input = Input {
        name: f.name.chars().take(120).collect(),
        email: f.email.trim().chars().take(254).collect(),
        consent: raw.consent,
    };
    let fields = match parse_signup(&raw, lang) {
        Ok(signup) => match write(&state, move |c| {
            store::interests::sign_up(c, &signup, now())
        })
        .await
        {
            Ok(_) => {
                let title = state.i18n.t(lang, "interest-sent-title");
                return render(&req, &state, lang, "public/interest_sent.html", title, &());
            }
            Err(AppError::Validation(fields)) => fields,
            Err(e) => return Err(e),
        },
        Err(fields) => fields,
    };
    form_page(
        &state,
        &req,
        lang,
        f.topic,
        f.municipality,
        input,
        &fields,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Serialize)]
struct EntryView {
    text: String,
    session_url: Option<String>,
}

#[derive(Debug, Serialize)]
struct ManageView {
    entries: Vec<EntryView>,
    action: String,
}

/// A page reached by a secret link: for nobody's cache nor the browser's history.
fn private(mut page: HttpResponse) -> HttpResponse {
    page.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    page
}

/// `GET /interest/{token}`: what the person asked for, and the button that removes it.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    let entries = read(&state, move |c| store::interests::of_token(c, &t)).await?;
    let view = ManageView {
        entries: entries
            .into_iter()
            .map(|e| {
                let key = if e.notified_session_id.is_some() {
                    "interest-manage-told"
                } else {
                    "interest-manage-waiting"
                };
                EntryView {
                    text: state.i18n.tr(
                        lang,
                        key,
                        &[
                            ("topic", FluentValue::from(e.topic.name(lang).to_owned())),
                            ("municipality", FluentValue::from(e.municipality)),
                        ],
                    ),
                    session_url: e.notified_session_id.map(|id| format!("/sessions/{id}")),
                }
            })
            .collect(),
        action: format!("/interest/{token}"),
    };
    let title = state.i18n.t(lang, "interest-manage-title");
    Ok(private(render(
        &req,
        &state,
        lang,
        "public/interest_manage.html",
        title,
        &view,
    )?))
}

#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /interest/{token}`: takes the person off the list (their name and address are
/// deleted).
pub async fn remove(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    form: web::Form<RemoveForm>,
) -> AppResult<HttpResponse> {
    csrf::verify(&req, &form.csrf_token)?;
    let token = token.into_inner();
    write(&state, move |c| store::interests::remove(c, &token)).await?;
    let title = state.i18n.t(lang, "interest-removed-title");
    Ok(private(render(
        &req,
        &state,
        lang,
        "public/interest_removed.html",
        title,
        &(),
    )?))
}
