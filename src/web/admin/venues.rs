//! Venues: created from the organisation page, edited on their own page.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Choice, Chrome, Form, Staff, StaffPage, choices, opt_num, see_other};
use crate::store;
use crate::store::venues::VenueInput;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read_as, render, write_as};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VenueForm {
    name: String,
    address: String,
    municipality_id: String,
    room: String,
    postal_code: String,
    capacity: String,
    step_free_access: String,
    accessibility_notes: String,
    wifi: String,
    computers: String,
    directions: String,
}

impl VenueForm {
    fn parse(&self) -> AppResult<VenueInput> {
        let mut errors = Vec::new();
        let mut num = |f: &str, s: &str| match opt_num(f, s) {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let input = VenueInput {
            name: self.name.clone(),
            address: self.address.clone(),
            municipality_id: num("municipality_id", &self.municipality_id),
            room: self.room.clone(),
            postal_code: self.postal_code.clone(),
            capacity: num("capacity", &self.capacity),
            step_free_access: !self.step_free_access.is_empty(),
            accessibility_notes: self.accessibility_notes.clone(),
            wifi: !self.wifi.is_empty(),
            computers: num("computers", &self.computers),
            directions: self.directions.clone(),
        };
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

pub async fn create(
    state: web::Data<AppState>,
    who: Staff,
    org: web::Path<i64>,
    Form(f): Form<VenueForm>,
) -> AppResult<HttpResponse> {
    let org = org.into_inner();
    let input = f.parse()?;
    write_as(&state, &who.access, move |conn, access| {
        store::venues::create(conn, access, org, &input)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/organisations/{org}"),
        "venue-created",
    ))
}

#[derive(Debug, Serialize)]
struct VenueView {
    chrome: Chrome,
    id: i64,
    back_url: String,
    values: VenueForm,
    municipalities: Vec<Choice>,
    errors: BTreeMap<String, String>,
}

pub async fn edit(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (v, towns) = read_as(&state, &who.access, move |conn, access| {
        Ok((
            store::venues::for_edit(conn, access, id)?,
            store::catalogue::catalogue(conn)?.municipalities,
        ))
    })
    .await?;
    let flag = |b: bool| if b { "1".to_owned() } else { String::new() };
    let view = VenueView {
        chrome: Chrome::new(&req, &state, lang, &who),
        id,
        back_url: v
            .organisation_id
            .map(|o| format!("/admin/organisations/{o}"))
            .unwrap_or_else(|| "/admin".into()),
        municipalities: choices(&towns, |m| {
            (m.id, m.name.clone(), m.id == v.municipality_id)
        }),
        values: VenueForm {
            name: v.name,
            address: v.address,
            municipality_id: v.municipality_id.to_string(),
            room: v.room.unwrap_or_default(),
            postal_code: v.postal_code.unwrap_or_default(),
            capacity: v.capacity.map(|c| c.to_string()).unwrap_or_default(),
            step_free_access: flag(v.step_free_access),
            accessibility_notes: v.accessibility_notes,
            wifi: flag(v.wifi),
            computers: v.computers.to_string(),
            directions: v.directions,
        },
        errors: BTreeMap::new(),
    };
    let title = view.values.name.clone();
    render(&req, &state, lang, "admin/venue.html", title, &view)
}

pub async fn update(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<VenueForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let input = f.parse()?;
    write_as(&state, &who.access, move |conn, access| {
        store::venues::update(conn, access, id, &input)
    })
    .await?;
    Ok(see_other(&format!("/admin/venues/{id}"), "saved"))
}
