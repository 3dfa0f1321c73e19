//! The session form page (new, edit, series) and what the edit page shows beyond the
//! form: status, trainers, registration counts.

use crate::web::{AppError, AppResult};
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use super::forms::SessionForm;
use crate::domain::session::{Format, Level, SessionLanguage};
use crate::error::{FieldError, Msg};
use crate::store;
use crate::store::programme::FormChoices;
use crate::web::admin::{Choice, Chrome, Staff, choices};
use crate::web::i18n::Lang;
use crate::web::{AppState, read_as, render};

#[derive(Debug, Serialize)]
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct TrainerItem {
    id: i64,
    name: String,
}

/// What the edit page shows beyond the form.
#[derive(Debug, Serialize)]
pub(super) struct SessionExtra {
    id: i64,
    status: String,
    status_label: String,
    public_url: String,
    trainers: Vec<TrainerItem>,
    available_trainers: Vec<Choice>,
    counts: Vec<(String, i64)>,
    can_delete: bool,
    cancelled: bool,
    /// The partners' feeds it comes from (`origins`).
    pub origins: Vec<super::origins::OriginItem>,
    /// Volunteer helpers confirmed and wanted (issue 17).
    helpers_confirmed: i32,
    helpers_wanted: i32,
}

#[derive(Debug, Serialize)]
struct FormView {
    chrome: Chrome,
    /// `new`, `edit` or `series`.
    mode: &'static str,
    action: String,
    event_url: String,
    values: SessionForm,
    errors: BTreeMap<String, String>,
    kinds: Vec<Choice>,
    venues: Vec<Choice>,
    tracks: Vec<Choice>,
    audiences: Vec<Choice>,
    topics: Vec<Choice>,
    formats: Vec<Opt>,
    levels: Vec<Opt>,
    languages: Vec<Opt>,
    preview: Vec<String>,
    session: Option<SessionExtra>,
    /// For each audience, its reduced price as typed (paid sessions).
    reduced: Vec<ReducedRow>,
}

/// An audience's reduced price on the form.
#[derive(Debug, Serialize)]
struct ReducedRow {
    id: i64,
    label: String,
    value: String,
    error: Option<String>,
}

/// kinds, venues, tracks, audiences, topics
type Lists = (
    Vec<Choice>,
    Vec<Choice>,
    Vec<Choice>,
    Vec<Choice>,
    Vec<Choice>,
);

fn choices_view(lang: Lang, c: &FormChoices, v: &SessionForm) -> Lists {
    let is = |s: &str, id: i64| s.trim() == id.to_string();
    let has = |list: &[String], id: i64| list.iter().any(|s| is(s, id));
    (
        choices(&c.kinds, |t| {
            (t.id, t.name(lang).to_owned(), is(&v.kind_id, t.id))
        }),
        choices(&c.venues, |x| {
            let label = match &x.room {
                Some(r) => format!("{} — {r}", x.name),
                None => x.name.clone(),
            };
            (x.id, label, is(&v.venue_id, x.id))
        }),
        choices(&c.tracks, |t| (t.id, t.name.clone(), is(&v.track_id, t.id))),
        choices(&c.audiences, |t| {
            (t.id, t.name(lang).to_owned(), has(&v.audiences, t.id))
        }),
        choices(&c.topics, |t| {
            (t.id, t.name(lang).to_owned(), has(&v.topics, t.id))
        }),
    )
}

fn opts<T: Copy>(
    state: &AppState,
    lang: Lang,
    all: &[T],
    code: fn(T) -> &'static str,
    prefix: &str,
    current: &str,
) -> Vec<Opt> {
    all.iter()
        .map(|x| Opt {
            value: code(*x).to_owned(),
            label: state.i18n.t(lang, &format!("{prefix}{}", code(*x))),
            selected: code(*x) == current,
        })
        .collect()
}

/// The form page of one request: who asks, which form (`new`, `edit` or `series`),
/// where it posts, for which event, with which choices. [`FormPage::show`] renders it
/// with the values, the errors (422 when there are some) and the extras of the mode.
pub(super) struct FormPage<'a> {
    pub req: &'a HttpRequest,
    pub state: &'a AppState,
    pub lang: Lang,
    pub who: &'a Staff,
    pub mode: &'static str,
    pub action: String,
    pub event_id: i64,
    pub choices: &'a FormChoices,
}

impl<'a> FormPage<'a> {
    /// A form that creates in an event: one session (`new`) or a weekly series
    /// (`series`).
    pub fn of_event(
        req: &'a HttpRequest,
        state: &'a AppState,
        lang: Lang,
        who: &'a Staff,
        mode: &'static str,
        event_id: i64,
        choices: &'a FormChoices,
    ) -> FormPage<'a> {
        let to = if mode == "series" {
            "series"
        } else {
            "sessions"
        };
        FormPage {
            req,
            state,
            lang,
            who,
            mode,
            action: format!("/admin/events/{event_id}/{to}"),
            event_id,
            choices,
        }
    }

    /// The form as first shown: no errors, no preview, no extras.
    pub fn blank(&self, values: SessionForm) -> AppResult<HttpResponse> {
        self.show(values, &[], Vec::new(), None)
    }

    pub fn show(
        &self,
        values: SessionForm,
        errors: &[FieldError],
        preview: Vec<String>,
        session: Option<SessionExtra>,
    ) -> AppResult<HttpResponse> {
        let FormPage {
            req,
            state,
            lang,
            who,
            mode,
            event_id,
            choices,
            ..
        } = *self;
        let action = self.action.clone();
        let (kinds, venues, tracks, audiences, topics) = choices_view(lang, choices, &values);
        let translate = |m: &Msg| state.i18n.msg(lang, m);
        let mut errs = BTreeMap::new();
        for e in errors {
            errs.entry(e.field.clone())
                .or_insert_with(|| translate(&e.msg));
        }
        let reduced = choices
            .audiences
            .iter()
            .map(|a| ReducedRow {
                id: a.id,
                label: a.name(lang).to_owned(),
                value: values.reduced_typed(a.id),
                error: errs.get(&store::programme::reduced_field(a.id)).cloned(),
            })
            .collect();
        let view = FormView {
            reduced,
            chrome: Chrome::new(req, state, lang, who),
            mode,
            action,
            event_url: format!("/admin/events/{event_id}"),
            formats: opts(
                state,
                lang,
                Format::ALL,
                Format::as_str,
                "format-",
                if values.format.is_empty() {
                    "in_person"
                } else {
                    &values.format
                },
            ),
            levels: opts(
                state,
                lang,
                Level::ALL,
                Level::as_str,
                "level-",
                &values.level,
            ),
            languages: opts(
                state,
                lang,
                SessionLanguage::ALL,
                SessionLanguage::as_str,
                "session-language-",
                &values.language,
            ),
            values,
            errors: errs,
            kinds,
            venues,
            tracks,
            audiences,
            topics,
            preview,
            session,
        };
        let title = state.i18n.t(lang, &format!("admin-session-{mode}-title"));
        let mut res = render(req, state, lang, "admin/session_form.html", title, &view)?;
        if !errors.is_empty() {
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        }
        Ok(res)
    }
}

pub(super) async fn event_choices(
    state: &AppState,
    who: &Staff,
    event_id: i64,
) -> AppResult<FormChoices> {
    read_as(state, &who.access, move |conn, access| {
        let org = store::programme::event_owner(conn, event_id)?;
        if !access.can_edit(org) {
            return Err(crate::store::Error::Forbidden);
        }
        Ok(store::programme::form_choices(conn, org, event_id)?)
    })
    .await
}

/// Turns a store refusal about fields into the form again; anything else passes.
pub(super) async fn or_form<T>(
    result: AppResult<T>,
    show: impl AsyncFnOnce(Vec<FieldError>) -> AppResult<HttpResponse>,
) -> AppResult<Result<T, HttpResponse>> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(AppError::Validation(errors)) => Ok(Err(show(errors).await?)),
        Err(e) => Err(e),
    }
}

pub(super) fn extra(
    state: &AppState,
    lang: Lang,
    a: &store::programme::SessionAdmin,
    c: &FormChoices,
) -> SessionExtra {
    let s = &a.details.session;
    SessionExtra {
        id: s.id,
        status: s.status.to_string(),
        status_label: state.i18n.t(lang, &format!("admin-status-{}", s.status)),
        public_url: format!("/sessions/{}", s.id),
        trainers: a
            .details
            .trainers
            .iter()
            .map(|t| TrainerItem {
                id: t.id,
                name: t.name.clone(),
            })
            .collect(),
        available_trainers: c
            .trainers
            .iter()
            .filter(|t| !a.details.trainers.iter().any(|x| x.id == t.id))
            .map(|t| Choice {
                id: t.id,
                label: t.name.clone(),
                selected: false,
            })
            .collect(),
        counts: a
            .counts
            .iter()
            .map(|(k, n)| (state.i18n.t(lang, &format!("admin-reg-status-{k}")), *n))
            .collect(),
        can_delete: !a.any_registration,
        cancelled: s.status == crate::domain::session::SessionStatus::Cancelled,
        origins: Vec::new(),
        helpers_confirmed: a.helpers.confirmed,
        helpers_wanted: a.helpers.wanted,
    }
}
