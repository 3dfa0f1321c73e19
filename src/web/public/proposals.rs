//! « Proposer une activité » (issue 12, item 2): a community group proposes an activity
//! for a programme that takes proposals, without an account and without JavaScript.
//! The form is protected like the registration form (CSRF, a honeypot field, a limit
//! per client address); a valid proposal is stored and a confirmation link is emailed
//! (the page says the same whatever the address). The link's page shows the proposal
//! with one button: its `GET` changes nothing (mail scanners open links), its `POST`
//! sends the proposal to the moderators.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Choice, term_choices};
use crate::db::now;
use crate::domain::proposal::{FIELDS, HORIZON, Proposal, RawProposal};
use crate::domain::time;
use crate::error::FieldError;
use crate::store::proposals::{self as store, Choices};
use crate::web::admin::{Empty, Form};
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read, redirect, render, write};

/// The form as posted (every field text, checkboxes as lists).
#[derive(Debug, Default, Deserialize)]
pub struct ProposalForm {
    #[serde(default)]
    event: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    audiences: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    link: String,
    consent: Option<String>,
    /// Honeypot: hidden from people, filled by robots.
    #[serde(default)]
    website: String,
}

impl ProposalForm {
    fn raw(self) -> RawProposal {
        RawProposal {
            event: self.event,
            group: self.group,
            name: self.name,
            email: self.email,
            title: self.title,
            description: self.description,
            date: self.date,
            start: self.start,
            end: self.end,
            municipality: self.municipality,
            place: self.place,
            kind: self.kind,
            audiences: self.audiences,
            topics: self.topics,
            link: self.link,
            consent: self.consent.is_some(),
        }
    }
}

/// The form page: empty, or again with the person's input and a message per field.
#[derive(Serialize)]
struct FormView {
    programmes: Vec<Choice>,
    municipalities: Vec<Choice>,
    kinds: Vec<Choice>,
    audiences: Vec<Choice>,
    topics: Vec<Choice>,
    form: RawProposal,
    /// A message per field of [`FIELDS`] (empty when the field is fine).
    errors: BTreeMap<String, String>,
    /// The same messages in the order of the form, each linked to its field.
    error_list: Vec<super::ErrorLink>,
    /// The first and last day a date may take (Québec), for the date field.
    min_date: String,
    max_date: String,
}

impl FormView {
    fn new(
        state: &AppState,
        lang: Lang,
        c: &Choices,
        form: RawProposal,
        fields: &[FieldError],
    ) -> FormView {
        let (errors, error_list) =
            super::field_messages(&state.i18n, lang, &FIELDS, "prop", fields);
        let today = time::local(now()).date_naive();
        let last = time::local(now() + HORIZON).date_naive();
        FormView {
            programmes: c
                .programmes
                .iter()
                .map(|p| Choice {
                    id: p.id.to_string(),
                    label: format!("{} ({})", p.title, p.organisation),
                })
                .collect(),
            municipalities: c
                .municipalities
                .iter()
                .map(|m| Choice {
                    id: m.id.to_string(),
                    label: m.name.clone(),
                })
                .collect(),
            kinds: term_choices(&c.kinds, lang),
            audiences: term_choices(&c.audiences, lang),
            topics: term_choices(&c.topics, lang),
            form,
            errors,
            error_list,
            min_date: today.format("%Y-%m-%d").to_string(),
            max_date: last.format("%Y-%m-%d").to_string(),
        }
    }
}

/// Renders the form; with field messages, as a 422 whose title says so first.
async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    form: RawProposal,
    fields: Vec<FieldError>,
) -> AppResult<HttpResponse> {
    let choices = read(state, store::choices).await?;
    let view = FormView::new(state, lang, &choices, form, &fields);
    let mut title = state.i18n.t(lang, "prop-title");
    if !fields.is_empty() {
        // Screen readers announce the title first: say at once that something needs fixing.
        title = state
            .i18n
            .tr(lang, "reg-title-error", &[("title", title.into())]);
    }
    let mut page = render(req, state, lang, "public/propose.html", title, &view)?;
    if !fields.is_empty() {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

/// `GET /propose`: the form (or, when no programme takes proposals, says so).
pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    form_page(&state, &req, lang, RawProposal::default(), Vec::new()).await
}

/// `POST /propose`: stores a valid proposal and emails its confirmation link; the
/// answer is the same whatever the address. Nothing is stored on an error.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    Form(form): Form<ProposalForm>,
) -> AppResult<HttpResponse> {
    if !form.website.is_empty() {
        return Err(AppError::bad_request("reg-error-robot"));
    }
    state.registration_limiter.check(&req)?;
    let raw = form.raw();
    let proposal = match Proposal::parse(&raw, lang, now()) {
        Ok(p) => p,
        Err(fields) => return form_page(&state, &req, lang, raw, fields).await,
    };
    match write(&state, move |c| store::submit(c, &proposal, now())).await {
        Ok(()) => {
            let title = state.i18n.t(lang, "prop-sent-title");
            render(&req, &state, lang, "public/propose_sent.html", title, &())
        }
        Err(AppError::Validation(fields)) => form_page(&state, &req, lang, raw, fields).await,
        Err(e) => Err(e),
    }
}

/// What the confirmation link's page shows.
#[derive(Serialize)]
struct ConfirmView {
    token: String,
    title: String,
    when: String,
    programme: String,
    confirmed: bool,
}

/// The answer to a link that does not (or no longer) work: 404, saying why.
fn gone(state: &AppState, req: &HttpRequest, lang: Lang) -> AppResult<HttpResponse> {
    let title = state.i18n.t(lang, "prop-gone-title");
    let mut page = render(req, state, lang, "public/propose_gone.html", title, &())?;
    *page.status_mut() = StatusCode::NOT_FOUND;
    Ok(page)
}

/// `GET /propose/confirm/{token}`: the proposal with one button to confirm it (or
/// « confirmed, thank you » once done). Changes nothing.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    let w = match read(&state, move |c| store::waiting(c, &t, now())).await {
        Ok(w) => w,
        Err(AppError::NotFound) => return gone(&state, &req, lang),
        Err(e) => return Err(e),
    };
    let view = ConfirmView {
        token,
        when: time::range_long(w.starts_at, w.ends_at, lang),
        title: w.title,
        programme: w.programme,
        confirmed: w.confirmed,
    };
    let key = if view.confirmed {
        "prop-confirmed-title"
    } else {
        "prop-confirm-title"
    };
    let title = state.i18n.t(lang, key);
    render(
        &req,
        &state,
        lang,
        "public/propose_confirm.html",
        title,
        &view,
    )
}

/// `POST /propose/confirm/{token}`: confirms (again is harmless), then back to the
/// link's page, which says it is done.
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    match write(&state, move |c| store::confirm(c, &t, now())).await {
        Ok(_) => Ok(redirect(format!("/propose/confirm/{token}"))),
        Err(AppError::NotFound) => gone(&state, &req, lang),
        Err(e) => Err(e),
    }
}
