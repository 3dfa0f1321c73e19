//! Sessions in the back office: the form (new, edit, weekly series with a preview),
//! publish, unpublish, duplicate, delete while nobody registered, trainers.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Duration, Timelike};
use serde::{Deserialize, Serialize};

use super::{Choice, Chrome, Form, Staff, opt_num, see_other};
use crate::domain::programme::{SessionFields, SessionInput, local_to_utc, parse_clock};
use crate::domain::series::{Every, occurrences};
use crate::domain::session::{Format, Level, SessionLanguage};
use crate::error::{FieldError, Msg};
use crate::store;
use crate::store::programme::FormChoices;
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read, render, write};

/// The session form as submitted (and as shown again after an error).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub title: String,
    pub description: String,
    pub kind_id: String,
    /// Québec date `YYYY-MM-DD` and times `HH:MM`.
    pub day: String,
    pub start: String,
    pub end: String,
    pub format: String,
    pub online_url: String,
    pub venue_id: String,
    pub registration_required: String,
    pub capacity: String,
    pub waitlist_limit: String,
    pub max_seats: String,
    pub level: String,
    pub language: String,
    pub track_id: String,
    pub what_to_bring: String,
    pub audiences: Vec<String>,
    pub topics: Vec<String>,
    /// Registration window, `datetime-local` in Québec time (empty: not limited).
    pub registration_opens: String,
    pub registration_closes: String,
    /// `1`: publish at once.
    pub publish: String,
    /// Series: `1` every week, `2` every other week; how many; `1` once previewed.
    pub every: String,
    pub count: String,
    pub confirm: String,
}

impl SessionForm {
    /// Parses the fields; `errors` gets one message per bad field.
    fn fields(&self, errors: &mut Vec<FieldError>) -> SessionFields {
        let mut num = |field: &str, s: &str| match opt_num(field, s) {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let kind_id = num("kind_id", &self.kind_id);
        let venue_id = num("venue_id", &self.venue_id);
        let capacity = num("capacity", &self.capacity);
        let waitlist_limit = num("waitlist_limit", &self.waitlist_limit);
        let max_seats = num("max_seats", &self.max_seats);
        let track_id = num("track_id", &self.track_id);
        let ids =
            |v: &[String]| -> Vec<i64> { v.iter().filter_map(|s| s.trim().parse().ok()).collect() };
        let (mut starts_at, mut ends_at) = (None, None);
        if chrono::NaiveDate::parse_from_str(self.day.trim(), "%Y-%m-%d").is_err() {
            errors.push(FieldError::new("day", Msg::new("admin-error-date")));
        } else {
            match parse_clock(&self.start) {
                None => errors.push(FieldError::new("start", Msg::new("admin-error-time"))),
                Some(_) => starts_at = local_to_utc(&self.day, &self.start),
            }
            match parse_clock(&self.end) {
                None => errors.push(FieldError::new("end", Msg::new("admin-error-time"))),
                Some(_) => ends_at = local_to_utc(&self.day, &self.end),
            }
            if parse_clock(&self.start).is_some() && starts_at.is_none() {
                errors.push(FieldError::new(
                    "start",
                    Msg::new("admin-error-time-skipped"),
                ));
            }
        }
        let mut window = |field: &str, v: &str| {
            if v.trim().is_empty() {
                return None;
            }
            let t = crate::domain::programme::local_datetime_to_utc(v);
            if t.is_none() {
                errors.push(FieldError::new(
                    field,
                    Msg::new("admin-error-datetime-local"),
                ));
            }
            t
        };
        let registration_opens_at = window("registration_opens_at", &self.registration_opens);
        let registration_closes_at = window("registration_closes_at", &self.registration_closes);
        SessionFields {
            registration_opens_at,
            registration_closes_at,
            title: self.title.clone(),
            description: self.description.clone(),
            kind_id,
            starts_at,
            ends_at,
            format: if self.format.is_empty() {
                "in_person".into()
            } else {
                self.format.clone()
            },
            online_url: self.online_url.clone(),
            venue_id,
            registration_required: !self.registration_required.is_empty(),
            capacity,
            waitlist_limit,
            max_seats,
            level: self.level.clone(),
            language: self.language.clone(),
            track_id,
            what_to_bring: self.what_to_bring.clone(),
            audiences: ids(&self.audiences),
            topics: ids(&self.topics),
        }
    }

    /// A valid session, or every field's message.
    fn parse(&self) -> Result<SessionInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let fields = self.fields(&mut errors);
        match fields.validate() {
            Ok(s) if errors.is_empty() => Ok(s),
            Ok(_) => Err(errors),
            Err(mut more) => {
                // Times already reported as unreadable need no second message.
                more.retain(|e| {
                    !(matches!(e.field.as_str(), "starts_at" | "ends_at")
                        && errors
                            .iter()
                            .any(|x| matches!(x.field.as_str(), "day" | "start" | "end")))
                });
                errors.extend(more);
                Err(errors)
            }
        }
    }

    fn from_session(a: &store::programme::SessionAdmin) -> SessionForm {
        let s = &a.details.session;
        let start = crate::domain::time::local(s.starts_at);
        let end = crate::domain::time::local(s.ends_at);
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        SessionForm {
            title: s.title.clone(),
            description: s.description.clone(),
            kind_id: s.kind_id.to_string(),
            day: start.format("%Y-%m-%d").to_string(),
            start: format!("{:02}:{:02}", start.hour(), start.minute()),
            end: format!("{:02}:{:02}", end.hour(), end.minute()),
            format: s.format.to_string(),
            online_url: s.online_url.clone().unwrap_or_default(),
            venue_id: opt(s.venue_id),
            registration_required: if s.registration_required {
                "1".into()
            } else {
                String::new()
            },
            capacity: opt(s.capacity.map(i64::from)),
            waitlist_limit: opt(s.waitlist_limit.map(i64::from)),
            max_seats: s.max_seats.to_string(),
            level: s.level.to_string(),
            language: s.language.clone(),
            track_id: opt(s.track_id),
            what_to_bring: s.what_to_bring.clone(),
            audiences: a.audiences.iter().map(i64::to_string).collect(),
            topics: a.topics.iter().map(i64::to_string).collect(),
            registration_opens: s.registration_opens_at.map(local_input).unwrap_or_default(),
            registration_closes: s
                .registration_closes_at
                .map(local_input)
                .unwrap_or_default(),
            ..Default::default()
        }
    }
}

/// A UTC time as a `datetime-local` value in Québec time.
fn local_input(t: chrono::NaiveDateTime) -> String {
    crate::domain::time::local(t)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

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
struct SessionExtra {
    id: i64,
    status: String,
    status_label: String,
    public_url: String,
    trainers: Vec<TrainerItem>,
    available_trainers: Vec<Choice>,
    counts: Vec<(String, i64)>,
    can_delete: bool,
    cancelled: bool,
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
        c.kinds
            .iter()
            .map(|t| Choice {
                id: t.id,
                label: t.name(lang).to_owned(),
                selected: is(&v.kind_id, t.id),
            })
            .collect(),
        c.venues
            .iter()
            .map(|x| Choice {
                id: x.id,
                label: match &x.room {
                    Some(r) => format!("{} — {r}", x.name),
                    None => x.name.clone(),
                },
                selected: is(&v.venue_id, x.id),
            })
            .collect(),
        c.tracks
            .iter()
            .map(|t| Choice {
                id: t.id,
                label: t.name.clone(),
                selected: is(&v.track_id, t.id),
            })
            .collect(),
        c.audiences
            .iter()
            .map(|t| Choice {
                id: t.id,
                label: t.name(lang).to_owned(),
                selected: has(&v.audiences, t.id),
            })
            .collect(),
        c.topics
            .iter()
            .map(|t| Choice {
                id: t.id,
                label: t.name(lang).to_owned(),
                selected: has(&v.topics, t.id),
            })
            .collect(),
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

#[allow(clippy::too_many_arguments)]
fn form_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    who: &Staff,
    mode: &'static str,
    action: String,
    event_id: i64,
    choices: &FormChoices,
    values: SessionForm,
    errors: &[FieldError],
    preview: Vec<String>,
    session: Option<SessionExtra>,
) -> AppResult<HttpResponse> {
    let (kinds, venues, tracks, audiences, topics) = choices_view(lang, choices, &values);
    let translate = |m: &Msg| state.i18n.msg(lang, m);
    let mut errs = BTreeMap::new();
    for e in errors {
        errs.entry(e.field.clone())
            .or_insert_with(|| translate(&e.msg));
    }
    let view = FormView {
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

async fn event_choices(state: &AppState, who: &Staff, event_id: i64) -> AppResult<FormChoices> {
    let access = who.access.clone();
    read(state, move |conn| {
        let org = store::programme::event_owner(conn, event_id)?;
        if !access.can_edit(org) {
            return Err(AppError::Forbidden);
        }
        Ok(store::programme::form_choices(conn, org, event_id)?)
    })
    .await
}

pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let values = SessionForm {
        registration_required: "1".into(),
        max_seats: "2".into(),
        ..Default::default()
    };
    form_page(
        &req,
        &state,
        lang,
        &who,
        "new",
        format!("/admin/events/{id}/sessions"),
        id,
        &choices,
        values,
        &[],
        Vec::new(),
        None,
    )
}

/// Turns a store refusal about fields into the form again; anything else passes.
async fn or_form<T>(
    result: AppResult<T>,
    show: impl AsyncFnOnce(Vec<FieldError>) -> AppResult<HttpResponse>,
) -> AppResult<Result<T, HttpResponse>> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(AppError::Validation(errors)) => Ok(Err(show(errors).await?)),
        Err(e) => Err(e),
    }
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let action = format!("/admin/events/{id}/sessions");
    let input = match f.parse() {
        Ok(i) => i,
        Err(errors) => {
            return form_page(
                &req,
                &state,
                lang,
                &who,
                "new",
                action,
                id,
                &choices,
                f,
                &errors,
                Vec::new(),
                None,
            );
        }
    };
    let access = who.access.clone();
    let publish = f.publish == "1";
    let result = write(&state, move |conn| {
        Ok(store::programme::create_session(
            conn, &access, id, &input, publish,
        )?)
    })
    .await;
    match or_form(result, async |errors| {
        form_page(
            &req,
            &state,
            lang,
            &who,
            "new",
            action.clone(),
            id,
            &choices,
            f.clone(),
            &errors,
            Vec::new(),
            None,
        )
    })
    .await?
    {
        Ok(sid) => Ok(see_other(&format!("/admin/sessions/{sid}"), "created")),
        Err(page) => Ok(page),
    }
}

pub async fn new_series(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let values = SessionForm {
        registration_required: "1".into(),
        max_seats: "2".into(),
        every: "1".into(),
        count: "8".into(),
        ..Default::default()
    };
    form_page(
        &req,
        &state,
        lang,
        &who,
        "series",
        format!("/admin/events/{id}/series"),
        id,
        &choices,
        values,
        &[],
        Vec::new(),
        None,
    )
}

/// A series: without `confirm`, shows the dates it would create (a preview); with it,
/// creates them all in one transaction.
pub async fn create_series(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let action = format!("/admin/events/{id}/series");
    let mut errors = Vec::new();
    let input = f.parse().map_err(|e| errors.extend(e)).ok();
    let every = Every::parse(f.every.trim());
    if every.is_none() {
        errors.push(FieldError::new("every", Msg::new("admin-error-choice")));
    }
    let count = f.count.trim().parse::<u32>().ok();
    let dates = match (input.as_ref(), every, count) {
        (Some(_), Some(every), Some(count)) => {
            let first = chrono::NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d").ok();
            let (s, e) = (parse_clock(&f.start), parse_clock(&f.end));
            match (first, s, e) {
                (Some(first), Some(s), Some(e)) => match occurrences(first, s, e, every, count) {
                    Ok(d) => d,
                    Err(_) => {
                        errors.push(FieldError::new(
                            "count",
                            Msg::new("admin-error-series-count")
                                .arg("max", crate::domain::series::MAX_OCCURRENCES),
                        ));
                        Vec::new()
                    }
                },
                _ => Vec::new(),
            }
        }
        (_, _, None) => {
            errors.push(FieldError::new(
                "count",
                Msg::new("admin-error-series-count")
                    .arg("max", crate::domain::series::MAX_OCCURRENCES),
            ));
            Vec::new()
        }
        _ => Vec::new(),
    };
    let preview: Vec<String> = dates
        .iter()
        .map(|o| crate::domain::time::range_long(o.starts_at, o.ends_at, lang))
        .collect();
    let (Some(input), true) = (input, errors.is_empty()) else {
        return form_page(
            &req, &state, lang, &who, "series", action, id, &choices, f, &errors, preview, None,
        );
    };
    if f.confirm != "1" {
        let values = SessionForm {
            confirm: "1".into(),
            ..f
        };
        return form_page(
            &req,
            &state,
            lang,
            &who,
            "series",
            action,
            id,
            &choices,
            values,
            &[],
            preview,
            None,
        );
    }
    let access = who.access.clone();
    let publish = f.publish == "1";
    let result = write(&state, move |conn| {
        Ok(store::programme::create_series(
            conn, &access, id, &input, &dates, publish,
        )?)
    })
    .await;
    match or_form(result, async |errors| {
        form_page(
            &req,
            &state,
            lang,
            &who,
            "series",
            action.clone(),
            id,
            &choices,
            f.clone(),
            &errors,
            preview.clone(),
            None,
        )
    })
    .await?
    {
        Ok(_) => Ok(see_other(&format!("/admin/events/{id}"), "series-created")),
        Err(page) => Ok(page),
    }
}

async fn load(
    state: &AppState,
    who: &Staff,
    id: i64,
) -> AppResult<(store::programme::SessionAdmin, FormChoices)> {
    let access = who.access.clone();
    read(state, move |conn| {
        let a = store::programme::session_admin(conn, &access, id)?;
        let c = store::programme::form_choices(
            conn,
            a.details.session.organisation_id,
            a.details.session.event_id,
        )?;
        Ok((a, c))
    })
    .await
}

fn extra(
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
    }
}

pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (a, c) = load(&state, &who, id).await?;
    let values = SessionForm::from_session(&a);
    let x = extra(&state, lang, &a, &c);
    form_page(
        &req,
        &state,
        lang,
        &who,
        "edit",
        format!("/admin/sessions/{id}"),
        a.details.session.event_id,
        &c,
        values,
        &[],
        Vec::new(),
        Some(x),
    )
}

pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (a, c) = load(&state, &who, id).await?;
    let event_id = a.details.session.event_id;
    let action = format!("/admin/sessions/{id}");
    let input = match f.parse() {
        Ok(i) => i,
        Err(errors) => {
            let x = extra(&state, lang, &a, &c);
            return form_page(
                &req,
                &state,
                lang,
                &who,
                "edit",
                action,
                event_id,
                &c,
                f,
                &errors,
                Vec::new(),
                Some(x),
            );
        }
    };
    let access = who.access.clone();
    let travel = Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    let result = write(&state, move |conn| {
        Ok(store::programme::update_session(
            conn, &access, id, &input, travel,
        )?)
    })
    .await;
    match or_form(result, async |errors| {
        let x = extra(&state, lang, &a, &c);
        form_page(
            &req,
            &state,
            lang,
            &who,
            "edit",
            action.clone(),
            event_id,
            &c,
            f.clone(),
            &errors,
            Vec::new(),
            Some(x),
        )
    })
    .await?
    {
        Ok(u) if u.notified > 0 => Ok(see_other(&format!("/admin/sessions/{id}"), "moved")),
        Ok(_) => Ok(see_other(&format!("/admin/sessions/{id}"), "saved")),
        Err(page) => Ok(page),
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn publish(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    write(&state, move |conn| {
        Ok(store::programme::set_session_published(
            conn, &access, id, true,
        )?)
    })
    .await?;
    Ok(see_other(&format!("/admin/sessions/{id}"), "published"))
}

pub async fn unpublish(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    write(&state, move |conn| {
        Ok(store::programme::set_session_published(
            conn, &access, id, false,
        )?)
    })
    .await?;
    Ok(see_other(&format!("/admin/sessions/{id}"), "unpublished"))
}

pub async fn duplicate(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    let copy = write(&state, move |conn| {
        Ok(store::programme::duplicate_session(conn, &access, id)?)
    })
    .await?;
    Ok(see_other(&format!("/admin/sessions/{copy}"), "duplicated"))
}

pub async fn delete(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    let event = write(&state, move |conn| {
        Ok(store::programme::delete_session(conn, &access, id)?)
    })
    .await?;
    Ok(see_other(&format!("/admin/events/{event}"), "deleted"))
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    trainer_id: String,
}

pub async fn assign_trainer(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<AssignForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let trainer = f
        .trainer_id
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::field("trainer_id", "admin-error-choice"))?;
    let access = who.access.clone();
    let travel = Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    write(&state, move |conn| {
        Ok(store::trainers::assign(conn, &access, id, trainer, travel)?)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/sessions/{id}"),
        "trainer-assigned",
    ))
}

pub async fn unassign_trainer(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let (id, trainer) = path.into_inner();
    let access = who.access.clone();
    write(&state, move |conn| {
        Ok(store::trainers::unassign(conn, &access, id, trainer)?)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/sessions/{id}"),
        "trainer-removed",
    ))
}
