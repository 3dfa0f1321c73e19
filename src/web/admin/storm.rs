//! « Tempête »: cancel every session of a day in an area in one act (a snowstorm, an
//! ice storm, a power cut across a county). `GET /admin/storm` asks for the day, the
//! area, the reason and an optional replacement date, and with them shows the preview:
//! each session that would be cancelled and how many people would be told, each one
//! ticked. `POST /admin/storm` cancels the ticked sessions (`store::snowstorm`) and
//! shows what was done. Regional administrators choose any area; an organisation's
//! managers see and cancel their own sessions only.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Chrome, Form, Staff, StaffPage};
use crate::db::now;
use crate::domain::lang::Lang;
use crate::domain::snowstorm::{self, Area, Request};
use crate::domain::time;
use crate::error::{Error, FieldError};
use crate::store;
use crate::web::{AppError, AppResult, AppState, read_as, render, write_as};

/// The request as typed (GET query or POST form).
#[derive(Debug, Default, Deserialize)]
pub struct StormQuery {
    #[serde(default)]
    day: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    again: String,
    /// The sessions ticked in the preview (POST only).
    #[serde(default)]
    session: Vec<i64>,
}

impl StormQuery {
    fn check(&self) -> Result<Request, Error> {
        let today = time::local(now()).date_naive();
        let again = match self.again.trim() {
            "" => Some(None),
            s => time::parse_day(s).map(Some),
        };
        snowstorm::check(
            time::parse_day(self.day.trim()),
            Area::parse(&self.area),
            &self.reason,
            again,
            today,
        )
    }
}

#[derive(Debug, Serialize)]
struct AreaChoice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    title: String,
    when: String,
    organisation: String,
    place: String,
    people: i64,
    paid: bool,
}

#[derive(Debug, Serialize)]
struct StormView {
    chrome: Chrome,
    day: String,
    reason: String,
    again: String,
    area: String,
    mrcs: Vec<AreaChoice>,
    towns: Vec<AreaChoice>,
    organisations: Vec<AreaChoice>,
    errors: Vec<(String, String)>,
    /// The preview, once the request is valid (`previewed`: even an empty one).
    preview: Option<Vec<Row>>,
    previewed: bool,
    people: i64,
    day_label: String,
    again_label: String,
    /// What the POST did.
    done: Option<store::snowstorm::Done>,
}

/// `GET /admin/storm`: the form, and with a valid request the preview.
pub async fn show(
    StaffPage(state, req, lang, who): StaffPage,
    q: web::Query<StormQuery>,
) -> AppResult<HttpResponse> {
    page(&state, &req, lang, &who, q.into_inner(), None).await
}

/// `POST /admin/storm`: cancels the sessions ticked in the preview.
pub async fn cancel(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: crate::web::i18n::Lang,
    who: Staff,
    Form(f): Form<StormQuery>,
) -> AppResult<HttpResponse> {
    may_storm(&who)?;
    let request = f.check().map_err(AppError::from)?;
    let seen = f.session.clone();
    let done = write_as(&state, &who.access, move |conn, access| {
        store::snowstorm::cancel_day(conn, access, &request, &seen)
    })
    .await?;
    page(&state, &req, lang, &who, f, Some(done)).await
}

/// Managers and regional administrators only: others have no session to cancel.
fn may_storm(who: &Staff) -> AppResult<()> {
    let a = &who.access;
    if a.is_admin || a.memberships.iter().any(|(o, _)| a.can_manage(*o)) {
        Ok(())
    } else {
        Err(AppError::from(Error::Forbidden))
    }
}

async fn page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    who: &Staff,
    q: StormQuery,
    done: Option<store::snowstorm::Done>,
) -> AppResult<HttpResponse> {
    may_storm(who)?;
    let asked = !q.day.is_empty() || !q.area.is_empty();
    let checked = if asked && done.is_none() {
        Some(q.check())
    } else {
        None
    };
    let request = match &checked {
        Some(Ok(r)) => Some(r.clone()),
        _ => None,
    };
    let errors: Vec<FieldError> = match checked {
        Some(Err(Error::Invalid(e))) => e,
        Some(Err(e)) => return Err(e.into()),
        _ => Vec::new(),
    };
    let for_preview = request.clone();
    let (areas, affected) = read_as(state, &who.access, move |conn, access| {
        let areas = store::snowstorm::areas(conn, access)?;
        let affected = match for_preview {
            Some(r) => Some(store::snowstorm::preview(conn, access, r.day, r.area)?),
            None => None,
        };
        Ok((areas, affected))
    })
    .await?;
    let choice = |kind: &str, list: Vec<(i64, String)>| {
        list.into_iter()
            .map(|(id, label)| {
                let value = format!("{kind}-{id}");
                AreaChoice {
                    selected: value == q.area,
                    value,
                    label,
                }
            })
            .collect::<Vec<_>>()
    };
    let preview = affected.map(|list| {
        list.into_iter()
            .map(|a| Row {
                id: a.session_id,
                when: time::range_long(a.starts_at, a.ends_at, lang),
                title: a.title,
                organisation: a.organisation,
                place: a.municipality.unwrap_or_default(),
                people: a.people,
                paid: a.paid,
            })
            .collect::<Vec<_>>()
    });
    let view = StormView {
        chrome: Chrome::new(req, state, lang, who),
        people: preview.iter().flatten().map(|r| r.people).sum(),
        day_label: request
            .as_ref()
            .map(|r| time::date_long(r.day, lang))
            .unwrap_or_default(),
        again_label: request
            .as_ref()
            .and_then(|r| r.again)
            .map(|d| time::date_long(d, lang))
            .unwrap_or_default(),
        previewed: preview.is_some(),
        preview,
        errors: errors
            .iter()
            .map(|e| (e.field.clone(), state.i18n.msg(lang, &e.msg)))
            .collect(),
        mrcs: choice("mrc", areas.mrcs),
        towns: choice("municipality", areas.towns),
        organisations: choice("organisation", areas.organisations),
        day: q.day,
        reason: q.reason,
        again: q.again,
        area: q.area,
        done,
    };
    let title = state.i18n.t(lang, "storm-title");
    render(req, state, lang, "admin/storm.html", title, &view)
}
