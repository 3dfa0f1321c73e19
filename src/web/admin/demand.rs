//! « Demande »: how many people wait for a workshop, per municipality × topic, in the
//! staff member's regions (counts only: no names, no addresses); and, for managers, a
//! form to put on a list someone who phoned or came to the desk, their consent heard
//! on the phone. Listing or exporting the people of a cell is left out on purpose:
//! organisers need the numbers, and the people are told by the platform itself.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Choice, Chrome, Form, Staff, StaffPage, choices, chosen, see_other};
use crate::db::now;
use crate::domain::interest::{RawSignup, parse_signup};
use crate::domain::lang::Lang;
use crate::store;
use crate::web::public::interest::{SlugChoice, slug_choices};
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read_as, render, write_as};

#[derive(Debug, Serialize)]
struct Cell {
    municipality: String,
    topic: String,
    count: i64,
}

#[derive(Debug, Serialize)]
struct DemandView {
    chrome: Chrome,
    cells: Vec<Cell>,
    total: i64,
    /// The organisations the person manages (empty: no form to add someone).
    organisations: Vec<Choice>,
    topics: Vec<SlugChoice>,
    municipalities: Vec<SlugChoice>,
}

/// `GET /admin/demand`
pub async fn show(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let (cells, orgs) = read_as(&state, &who.access, |conn, access| {
        let cells = store::interests::demand(conn, access)?;
        let orgs: Vec<_> = store::members::organisations_for(conn, access)?
            .into_iter()
            .filter(|o| access.can_manage(o.id))
            .collect();
        Ok((cells, orgs))
    })
    .await?;
    let (topics, municipalities) = slug_choices(&state, lang, String::new(), String::new()).await?;
    let view = DemandView {
        chrome: Chrome::new(&req, &state, lang, &who),
        total: cells.iter().map(|c| c.count).sum(),
        cells: cells
            .into_iter()
            .map(|c| Cell {
                topic: c.topic.name(lang).to_owned(),
                municipality: c.municipality,
                count: c.count,
            })
            .collect(),
        organisations: choices(&orgs, |o| (o.id, o.name.clone(), orgs.len() == 1)),
        topics,
        municipalities,
    };
    let title = state.i18n.t(lang, "interest-demand-title");
    render(&req, &state, lang, "admin/demand.html", title, &view)
}

#[derive(Debug, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    lang: String,
    consent: Option<String>,
}

/// `POST /admin/demand`: a manager puts someone who phoned on a list.
pub async fn create(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<AddForm>,
) -> AppResult<HttpResponse> {
    let org = chosen(&f.organisation_id, "organisation_id")?;
    let Some(lang) = Lang::parse(f.lang.trim()) else {
        return Err(AppError::field("lang", "admin-error-choice"));
    };
    let raw = RawSignup {
        topic: f.topic,
        municipality: f.municipality,
        name: f.name,
        email: f.email,
        consent: f.consent.is_some(),
    };
    let signup = parse_signup(&raw, lang).map_err(AppError::Validation)?;
    let added = write_as(&state, &who.access, move |conn, access| {
        store::interests::add_by_staff(conn, access, org, &signup, now())
    })
    .await?;
    let done = if added {
        "interest-added"
    } else {
        "interest-already"
    };
    Ok(see_other("/admin/demand", done))
}
