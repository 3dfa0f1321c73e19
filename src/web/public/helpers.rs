//! « Donner un coup de main » (issue 17): the sessions still looking for volunteer
//! helpers, with the calendar's filters; the sign-up form of one session (CSRF, a
//! honeypot, the registration form's limit per client address); and the emailed
//! confirmation link, whose `GET` shows one button (mail scanners open links) and
//! whose `POST` confirms while a place remains. The page after a sign-up says the
//! same whatever the address.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::domain::helpers::{Entry, RawHelper, parse_helper};
use crate::domain::time;
use crate::error::FieldError;
use crate::store;
use crate::store::helpers::public::Confirmed;
use crate::store::helpers::{Need, Wanted};
use crate::web::admin::{Empty, Form};
use crate::web::i18n::Lang;
use crate::web::public::home::{FilterForm, filter_form};
use crate::web::views::{SessionCard, page_count};
use crate::web::{AppError, AppResult};
use crate::web::{AppState, parse_filter, query_without, read, redirect, render, write};

const PER_PAGE: u32 = 20;

/// What a session asks of helpers, in words.
#[derive(Debug, Serialize)]
pub struct NeedView {
    pub task: String,
    pub left: i32,
    pub wanted: i32,
    /// « Ce groupe cherche 2 bénévoles : accompagner… » / « … cherche encore 1 bénévole ».
    pub sentence: String,
}

impl NeedView {
    pub fn new(state: &AppState, lang: Lang, need: &Need) -> NeedView {
        let key = if need.task.is_empty() {
            "helpers-wanted-sentence-no-task"
        } else {
            "helpers-wanted-sentence"
        };
        NeedView {
            sentence: state.i18n.tr(
                lang,
                key,
                &[
                    ("count", FluentValue::from(need.left())),
                    ("task", FluentValue::from(need.task.as_str())),
                ],
            ),
            task: need.task.clone(),
            left: need.left(),
            wanted: need.wanted,
        }
    }
}

/// One session in the list.
#[derive(Debug, Serialize)]
struct Row {
    card: SessionCard,
    /// « samedi 14 mars 2026, 13 h 30 »
    starts: String,
    need: NeedView,
    signup_url: String,
}

#[derive(Debug, Serialize)]
struct ListView {
    rows: Vec<Row>,
    total: i64,
    page: u32,
    pages: i64,
    prev_url: Option<String>,
    next_url: Option<String>,
    filtered: bool,
    form: FilterForm,
}

fn page_url(req: &HttpRequest, page: u32) -> String {
    let page = format!("page={page}");
    let mut q = query_without(req, &["page"]);
    q.push(&page);
    format!("{}?{}", req.path(), q.join("&"))
}

/// `GET /helpers`: upcoming sessions still short of helpers, filtered like the calendar.
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let (query, filter) = parse_filter(&req)?;
    let paging = query.paging(PER_PAGE)?;
    let f = filter.clone();
    let (cat, (found, total)) = read(&state, move |conn| {
        let cat = store::catalogue::catalogue(conn)?;
        let found = store::helpers::wanted(conn, &f, Some(paging), now())?;
        Ok((cat, found))
    })
    .await?;
    let at = now();
    let rows = found
        .iter()
        .map(|Wanted { details, need }| Row {
            card: SessionCard::new(&state.i18n, lang, details, at),
            starts: time::datetime_long(details.session.starts_at, lang),
            need: NeedView::new(&state, lang, need),
            signup_url: format!("/helpers/{}", details.session.id),
        })
        .collect();
    let pages = page_count(total, paging);
    let view = ListView {
        rows,
        total,
        page: paging.page,
        pages,
        prev_url: (paging.page > 1).then(|| page_url(&req, paging.page - 1)),
        next_url: (i64::from(paging.page) < pages).then(|| page_url(&req, paging.page + 1)),
        filtered: !filter.is_empty(),
        form: filter_form(&state, lang, &cat, &filter),
    };
    let title = state.i18n.t(lang, "helpers-title");
    render(&req, &state, lang, "public/helpers.html", title, &view)
}

/// The sign-up form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    consent: Option<String>,
    /// Honeypot: hidden from people, filled by robots.
    #[serde(default)]
    website: String,
}

/// What the person typed, shown again after an error.
#[derive(Debug, Default, Serialize)]
struct Input {
    name: String,
    email: String,
    phone: String,
    consent: bool,
}

#[derive(Debug, Serialize)]
struct ErrorLink {
    anchor: &'static str,
    message: String,
}

#[derive(Debug, Serialize)]
struct FormView {
    id: i64,
    card: SessionCard,
    starts: String,
    need: NeedView,
    form: Input,
    errors: BTreeMap<String, String>,
    error_list: Vec<ErrorLink>,
    /// No place left: the page says so instead of showing the form.
    full: bool,
}

/// The form's fields in reading order, with the element each message links to.
const FIELDS: [(&str, &str); 4] = [
    ("name", "hlp-name"),
    ("email", "hlp-email"),
    ("phone", "hlp-phone"),
    ("consent", "hlp-consent"),
];

async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session_id: i64,
    form: Input,
    fields: &[FieldError],
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let (d, need) = read(state, move |c| {
        store::helpers::open_session(c, session_id, now())
    })
    .await?;
    let tr = |f: &FieldError| state.i18n.msg(lang, &f.msg);
    let view = FormView {
        id: session_id,
        card: SessionCard::new(&state.i18n, lang, &d, now()),
        starts: time::datetime_long(d.session.starts_at, lang),
        need: NeedView::new(state, lang, &need),
        full: need.left() == 0,
        form,
        errors: fields.iter().map(|f| (f.field.clone(), tr(f))).collect(),
        error_list: FIELDS
            .iter()
            .filter_map(|(name, anchor)| {
                fields.iter().find(|f| f.field == *name).map(|f| ErrorLink {
                    anchor,
                    message: tr(f),
                })
            })
            .collect(),
    };
    let mut title = state.i18n.tr(
        lang,
        "helpers-signup-title",
        &[("title", FluentValue::from(d.session.title.as_str()))],
    );
    if !fields.is_empty() {
        // Screen readers announce the title first: say at once that something needs fixing.
        title = state.i18n.tr(
            lang,
            "reg-title-error",
            &[("title", FluentValue::from(title))],
        );
    }
    let mut page = render(req, state, lang, "public/helpers_signup.html", title, &view)?;
    *page.status_mut() = status;
    Ok(page)
}

/// `GET /helpers/{id}`: the sign-up form of a session that asks for helpers.
pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    form_page(
        &state,
        &req,
        lang,
        id.into_inner(),
        Input::default(),
        &[],
        StatusCode::OK,
    )
    .await
}

/// The page for a session with no place left: 409, « c'est complet, merci ».
fn full_page(state: &AppState, req: &HttpRequest, lang: Lang) -> AppResult<HttpResponse> {
    let title = state.i18n.t(lang, "helpers-full-title");
    let mut page = render(req, state, lang, "public/helpers_full.html", title, &())?;
    *page.status_mut() = StatusCode::CONFLICT;
    Ok(page)
}

/// `POST /helpers/{id}`: signs the person up and emails the confirmation link; the
/// answer is the same whatever the address. Nothing is stored on an error.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    id: web::Path<i64>,
    Form(f): Form<SignupForm>,
) -> AppResult<HttpResponse> {
    let session_id = id.into_inner();
    if !f.website.is_empty() {
        return Err(AppError::bad_request("reg-error-robot"));
    }
    state.registration_limiter.check(&req)?;
    let raw = RawHelper {
        name: f.name.clone(),
        email: f.email.clone(),
        phone: f.phone.clone(),
        consent: f.consent.is_some(),
    };
    let input = Input {
        name: f.name.chars().take(120).collect(),
        email: f.email.trim().chars().take(254).collect(),
        phone: f.phone.trim().chars().take(40).collect(),
        consent: raw.consent,
    };
    let fields = match parse_helper(&raw, Entry::Public, lang) {
        Ok(h) => match write(&state, move |c| {
            store::helpers::public::sign_up(c, session_id, &h, now())
        })
        .await
        {
            Ok(()) => {
                let title = state.i18n.t(lang, "helpers-sent-title");
                return render(&req, &state, lang, "public/helpers_sent.html", title, &());
            }
            Err(AppError::Conflict(_)) => return full_page(&state, &req, lang),
            Err(AppError::Validation(fields)) => fields,
            Err(e) => return Err(e),
        },
        Err(fields) => fields,
    };
    form_page(
        &state,
        &req,
        lang,
        session_id,
        input,
        &fields,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

#[derive(Debug, Serialize)]
struct ConfirmView {
    token: String,
    card: SessionCard,
    starts: String,
    need: NeedView,
    name: String,
    confirmed: bool,
    full: bool,
}

/// The answer to a confirmation link that does not (or no longer) work: 404, saying why.
fn gone(state: &AppState, req: &HttpRequest, lang: Lang) -> AppResult<HttpResponse> {
    let title = state.i18n.t(lang, "helpers-gone-title");
    let mut page = render(req, state, lang, "public/helpers_gone.html", title, &())?;
    *page.status_mut() = StatusCode::NOT_FOUND;
    Ok(page)
}

/// `GET /helpers/confirm/{token}`: the shift with one button to confirm it (or « déjà
/// confirmé », or « c'est complet »). Changes nothing.
pub async fn show_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    let w = match read(&state, move |c| {
        store::helpers::public::waiting(c, &t, now())
    })
    .await
    {
        Ok(w) => w,
        Err(AppError::NotFound) => return gone(&state, &req, lang),
        Err(e) => return Err(e),
    };
    let d = &w.details;
    let confirmed = d.shift.status == crate::domain::helpers::ShiftStatus::Confirmed;
    let view = ConfirmView {
        token,
        card: SessionCard::new(&state.i18n, lang, &d.session, now()),
        starts: time::datetime_long(d.session.session.starts_at, lang),
        need: NeedView::new(&state, lang, &d.need),
        name: d.shift.name.clone().unwrap_or_default(),
        confirmed,
        full: w.full,
    };
    let key = if confirmed {
        "helpers-confirmed-title"
    } else if w.full {
        "helpers-full-title"
    } else {
        "helpers-confirm-title"
    };
    let title = state.i18n.t(lang, key);
    let mut page = render(
        &req,
        &state,
        lang,
        "public/helpers_confirm.html",
        title,
        &view,
    )?;
    if w.full {
        *page.status_mut() = StatusCode::CONFLICT;
    }
    Ok(page)
}

/// `POST /helpers/confirm/{token}`: confirms while a place remains, then on to the
/// helper's page (its link is also emailed, with the invite). Pressing again is
/// harmless; no place left says « c'est complet, merci ».
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    match write(&state, move |c| {
        store::helpers::public::confirm(c, &t, now())
    })
    .await
    {
        Ok(Confirmed::Now(manage)) => Ok(redirect(format!("/h/{manage}?done=confirmed"))),
        Ok(Confirmed::Already) => Ok(redirect(format!("/helpers/confirm/{token}"))),
        Ok(Confirmed::Full) => full_page(&state, &req, lang),
        Err(AppError::NotFound) => gone(&state, &req, lang),
        Err(e) => Err(e),
    }
}
