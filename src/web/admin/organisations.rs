//! An organisation's back office: its events, venues, members and trainers; the list
//! of organisations (and creating one, for regional administrators).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Choice, Chrome, Empty, Form, Staff, StaffPage, choices, see_other};
use crate::domain::access::Role;
use crate::store;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read_as, render, write_as};

#[derive(Debug, Serialize)]
struct OrgItem {
    name: String,
    url: String,
    kind: String,
}

#[derive(Debug, Serialize)]
struct ListView {
    chrome: Chrome,
    organisations: Vec<OrgItem>,
    municipalities: Vec<Choice>,
    kinds: Vec<&'static str>,
}

pub async fn list(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let (orgs, cat) = read_as(&state, &who.access, move |conn, access| {
        Ok((
            store::members::organisations_for(conn, access)?,
            store::catalogue::catalogue(conn)?,
        ))
    })
    .await?;
    let view = ListView {
        chrome: Chrome::new(&req, &state, lang, &who),
        organisations: orgs
            .into_iter()
            .map(|o| OrgItem {
                url: format!("/admin/organisations/{}", o.id),
                name: o.name,
                kind: o.kind,
            })
            .collect(),
        municipalities: choices(&cat.municipalities, |m| (m.id, m.name.clone(), false)),
        kinds: crate::domain::session::OrganisationKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect(),
    };
    let title = state.i18n.t(lang, "admin-organisations-title");
    render(&req, &state, lang, "admin/organisations.html", title, &view)
}

#[derive(Debug, Deserialize)]
pub struct NewOrgForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    municipality_id: String,
}

pub async fn create(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<NewOrgForm>,
) -> AppResult<HttpResponse> {
    let town = super::opt_num("municipality_id", &f.municipality_id)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let id = write_as(&state, &who.access, move |conn, access| {
        store::members::create_organisation(conn, access, &f.name, &f.kind, town)
    })
    .await?;
    Ok(see_other(&format!("/admin/organisations/{id}"), "created"))
}

#[derive(Debug, Serialize)]
struct EventItem {
    title: String,
    status: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct VenueItem {
    name: String,
    place: String,
    url: Option<String>,
}

#[derive(Debug, Serialize)]
struct MemberItem {
    user_id: i64,
    name: String,
    email: String,
    role: String,
}

#[derive(Debug, Serialize)]
struct TrainerItem {
    name: String,
    email: String,
}

#[derive(Debug, Serialize)]
struct OrgView {
    chrome: Chrome,
    id: i64,
    name: String,
    description: String,
    website: String,
    email: String,
    phone: String,
    offers: bool,
    offer_hours: i32,
    head_start_hours: i32,
    public_url: String,
    can_manage: bool,
    events: Vec<EventItem>,
    venues: Vec<VenueItem>,
    members: Vec<MemberItem>,
    trainers: Vec<TrainerItem>,
    municipalities: Vec<Choice>,
    /// Ways to pay and refund policy (paid sessions).
    pay: super::payments::OrgPayView,
    /// The no-show policy as its form shows it (limit empty: off).
    no_show: super::follow_ups::NoShowValues,
}

pub async fn show(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    if !who.access.can_edit(id) {
        // An unknown id and someone else's organisation look the same.
        return Err(AppError::Forbidden);
    }
    let page = read_as(&state, &who.access, move |conn, access| {
        let pay = store::payments_admin::payment_settings(conn, access, id)?;
        let org = store::members::organisation(conn, id)?;
        let events = store::programme::events_of(conn, id)?;
        let venues = store::venues::usable_by(conn, id)?;
        let members = store::members::list(conn, id)?;
        let trainers = store::trainers::of_organisation(conn, id)?;
        let towns = store::catalogue::catalogue(conn)?.municipalities;
        let head_start = store::interests::head_start(conn, id)?;
        let no_show = store::outcomes::policy::of(conn, id)?;
        Ok((
            org,
            events,
            venues,
            members,
            trainers,
            towns,
            (head_start, no_show),
            pay,
        ))
    })
    .await?;
    let (org, events, venues, members, trainers, towns, (head_start_hours, no_show), pay) = page;
    let can_manage = who.access.can_manage(id);
    let town_name = |mid: i64| {
        towns
            .iter()
            .find(|m| m.id == mid)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    };
    let view = OrgView {
        chrome: Chrome::new(&req, &state, lang, &who),
        id,
        public_url: format!("/organisations/{}", org.slug),
        description: org.description.clone(),
        website: org.website.clone().unwrap_or_default(),
        email: org.email.clone().unwrap_or_default(),
        phone: org.phone.clone().unwrap_or_default(),
        offers: org.waitlist_mode == "offers",
        offer_hours: org.offer_hours,
        head_start_hours,
        name: org.name,
        can_manage,
        events: events
            .into_iter()
            .map(|e| EventItem {
                url: format!("/admin/events/{}", e.id),
                status: state.i18n.t(lang, &format!("admin-status-{}", e.status)),
                title: e.title,
            })
            .collect(),
        venues: venues
            .into_iter()
            .map(|v| VenueItem {
                place: format!("{}, {}", v.address, town_name(v.municipality_id)),
                url: (can_manage && v.organisation_id == Some(id) || who.access.is_admin)
                    .then(|| format!("/admin/venues/{}", v.id)),
                name: v.name,
            })
            .collect(),
        members: members
            .into_iter()
            .map(|m| MemberItem {
                user_id: m.user_id,
                name: m.name,
                email: m.email,
                role: state.i18n.t(lang, &format!("admin-role-{}", m.role)),
            })
            .collect(),
        trainers: trainers
            .into_iter()
            .map(|t| TrainerItem {
                name: t.name,
                email: t.email.unwrap_or_default(),
            })
            .collect(),
        municipalities: choices(&towns, |m| (m.id, m.name.clone(), false)),
        pay: super::payments::OrgPayView::new(&state, lang, &pay),
        no_show: super::follow_ups::NoShowValues::from(no_show),
    };
    let title = view.name.clone();
    render(&req, &state, lang, "admin/organisation.html", title, &view)
}

#[derive(Debug, Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

pub async fn add_member(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<MemberForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let Some(role) = Role::parse(&f.role) else {
        return Err(AppError::field("role", "admin-error-choice"));
    };
    let base = state.settings.base_url.clone();
    write_as(&state, &who.access, move |conn, access| {
        store::members::add(conn, access, id, &f.name, &f.email, role, &base)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/organisations/{id}"),
        "member-added",
    ))
}

pub async fn remove_member(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let (id, user_id) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::members::remove(conn, access, id, user_id)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/organisations/{id}"),
        "member-removed",
    ))
}

#[derive(Debug, Deserialize)]
pub struct TrainerForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
}

pub async fn add_trainer(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<TrainerForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::trainers::add_to_organisation(conn, access, id, &f.name, &f.email, &f.phone)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/organisations/{id}"),
        "trainer-added",
    ))
}

#[derive(Debug, Deserialize)]
pub struct OrgForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    waitlist_mode: String,
    #[serde(default)]
    offer_hours: String,
    #[serde(default)]
    head_start_hours: String,
}

/// The organisation's details and waitlist policy (managers).
pub async fn update(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<OrgForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let hours =
        super::opt_num("offer_hours", &f.offer_hours).map_err(|e| AppError::Validation(vec![e]))?;
    let head_start = super::opt_num("head_start_hours", &f.head_start_hours)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let input = store::members::OrganisationInput {
        name: f.name,
        description: f.description,
        website: f.website,
        email: f.email,
        phone: f.phone,
        waitlist_mode: f.waitlist_mode,
        offer_hours: hours,
        head_start_hours: head_start,
    };
    write_as(&state, &who.access, move |conn, access| {
        store::members::update_organisation(conn, access, id, &input)
    })
    .await?;
    Ok(see_other(&format!("/admin/organisations/{id}"), "saved"))
}
