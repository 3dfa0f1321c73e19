//! Region administration: municipalities, topics and audiences; the moderators of
//! each MRC and the organisations whose activities publish without moderation
//! (regional administrators only).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Choice, Chrome, Form, Staff, StaffPage, choices, chosen, see_other};
use crate::store;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read_as, render, write_as};

#[derive(Debug, Serialize)]
struct ModeratorItem {
    user_id: i64,
    mrc_id: i64,
    label: String,
}

#[derive(Debug, Serialize)]
struct TrustItem {
    id: i64,
    name: String,
    trusted: bool,
}

#[derive(Debug, Serialize)]
struct RegionView {
    chrome: Chrome,
    mrcs: Vec<Choice>,
    municipalities: Vec<String>,
    /// Every municipality, for setting its centroid.
    towns: Vec<Choice>,
    /// « Lachute (45,6520, −74,3390) », or the name alone when unknown.
    centroids: Vec<String>,
    topics: Vec<String>,
    audiences: Vec<String>,
    moderators: Vec<ModeratorItem>,
    organisations: Vec<TrustItem>,
    /// Who coordinates each MRC's workshop requests, and for which team.
    coordinators: Vec<ModeratorItem>,
}

pub async fn show(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    if !who.access.can_administer_region() {
        return Err(AppError::Forbidden);
    }
    let (cat, moderators, trust, coordinators) = read_as(&state, &who.access, |conn, access| {
        Ok((
            store::catalogue::catalogue(conn)?,
            store::moderation::moderator_list(conn, access)?,
            store::moderation::organisations_trust(conn, access)?,
            store::requests::coordinator_list(conn, access)?,
        ))
    })
    .await?;
    let view = RegionView {
        chrome: Chrome::new(&req, &state, lang, &who),
        mrcs: choices(&cat.mrcs, |m| (m.id, m.name.clone(), false)),
        municipalities: cat.municipalities.iter().map(|m| m.name.clone()).collect(),
        towns: choices(&cat.municipalities, |m| (m.id, m.name.clone(), false)),
        centroids: cat
            .municipalities
            .iter()
            .filter_map(|m| {
                let (la, lo) = (m.latitude?, m.longitude?);
                Some(format!("{} ({la:.4} ; {lo:.4})", m.name))
            })
            .collect(),
        topics: cat.topics.iter().map(|t| t.name(lang).to_owned()).collect(),
        audiences: cat
            .audiences
            .iter()
            .map(|t| t.name(lang).to_owned())
            .collect(),
        moderators: moderators
            .into_iter()
            .map(|m| ModeratorItem {
                user_id: m.user_id,
                mrc_id: m.mrc_id,
                label: format!("{} — {} ({})", m.mrc_name, m.name, m.email),
            })
            .collect(),
        organisations: trust
            .into_iter()
            .map(|(id, name, trusted)| TrustItem { id, name, trusted })
            .collect(),
        coordinators: coordinators
            .into_iter()
            .map(|c| ModeratorItem {
                user_id: c.user_id,
                mrc_id: c.mrc_id,
                label: format!("{} — {} ({}) — {}", c.mrc_name, c.name, c.email, c.team),
            })
            .collect(),
    };
    let title = state.i18n.t(lang, "admin-region-title");
    render(&req, &state, lang, "admin/region.html", title, &view)
}

#[derive(Debug, Deserialize)]
pub struct MunicipalityForm {
    #[serde(default)]
    mrc_id: String,
    #[serde(default)]
    name: String,
}

pub async fn create_municipality(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<MunicipalityForm>,
) -> AppResult<HttpResponse> {
    let mrc = chosen(&f.mrc_id, "mrc_id")?;
    write_as(&state, &who.access, move |conn, access| {
        store::members::create_municipality(conn, access, mrc, &f.name)
    })
    .await?;
    Ok(see_other("/admin/region", "created"))
}

#[derive(Debug, Deserialize)]
pub struct CentroidForm {
    #[serde(default)]
    municipality_id: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
}

/// Sets a town's centroid (both fields), or forgets it (both empty).
pub async fn set_centroid(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<CentroidForm>,
) -> AppResult<HttpResponse> {
    use crate::domain::geo::parse_degrees;
    let id = chosen(&f.municipality_id, "municipality_id")?;
    let point = match (f.latitude.trim(), f.longitude.trim()) {
        ("", "") => None,
        (la, lo) => Some((
            parse_degrees(la)
                .ok_or_else(|| AppError::field("latitude", "admin-error-coordinates"))?,
            parse_degrees(lo)
                .ok_or_else(|| AppError::field("longitude", "admin-error-coordinates"))?,
        )),
    };
    write_as(&state, &who.access, move |conn, access| {
        store::members::set_centroid(conn, access, id, point)
    })
    .await?;
    Ok(see_other("/admin/region", "saved"))
}

#[derive(Debug, Deserialize)]
pub struct TermForm {
    #[serde(default)]
    which: String,
    #[serde(default)]
    name_fr: String,
    #[serde(default)]
    name_en: String,
}

pub async fn create_term(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<TermForm>,
) -> AppResult<HttpResponse> {
    write_as(&state, &who.access, move |conn, access| {
        store::members::create_term(conn, access, &f.which, &f.name_fr, &f.name_en)
    })
    .await?;
    Ok(see_other("/admin/region", "created"))
}

#[derive(Debug, Deserialize)]
pub struct ModeratorForm {
    #[serde(default)]
    mrc_id: String,
    #[serde(default)]
    email: String,
}

/// `POST /admin/region/moderators`: names the account with this email a moderator of
/// the MRC.
pub async fn add_moderator(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<ModeratorForm>,
) -> AppResult<HttpResponse> {
    if !who.access.can_administer_region() {
        return Err(AppError::Forbidden);
    }
    let mrc = chosen(&f.mrc_id, "mrc_id")?;
    write_as(&state, &who.access, move |conn, access| {
        store::moderation::add_moderator_by_email(conn, access, &f.email, mrc)
    })
    .await?;
    Ok(see_other("/admin/region", "moderator-added"))
}

/// `POST /admin/region/mrcs/{mrc_id}/moderators/{user_id}/remove`
pub async fn remove_moderator(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<super::Empty>,
) -> AppResult<HttpResponse> {
    let (mrc, user) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::moderation::remove_moderator(conn, access, user, mrc)
    })
    .await?;
    Ok(see_other("/admin/region", "moderator-removed"))
}

#[derive(Debug, Deserialize)]
pub struct TrustForm {
    #[serde(default)]
    trusted: String,
}

/// `POST /admin/region/organisations/{id}/trusted`: the organisation's activities
/// publish without moderation (`trusted=1`), or go through it again.
pub async fn set_trusted(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<TrustForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let trusted = f.trusted.trim() == "1";
    write_as(&state, &who.access, move |conn, access| {
        store::moderation::set_trusted(conn, access, id, trusted)
    })
    .await?;
    Ok(see_other("/admin/region", "saved"))
}

#[derive(Debug, Deserialize)]
pub struct CoordinatorForm {
    #[serde(default)]
    mrc_id: String,
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    email: String,
}

/// `POST /admin/region/coordinators`: names the account with this email the
/// coordinator of an MRC's workshop requests, for a team (issue 17, part 2).
pub async fn add_coordinator(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<CoordinatorForm>,
) -> AppResult<HttpResponse> {
    if !who.access.can_administer_region() {
        return Err(AppError::Forbidden);
    }
    let mrc = chosen(&f.mrc_id, "mrc_id")?;
    let org = chosen(&f.organisation_id, "organisation_id")?;
    write_as(&state, &who.access, move |conn, access| {
        store::requests::appoint(conn, access, &f.email, mrc, org)
    })
    .await?;
    Ok(see_other("/admin/region", "coordinator-added"))
}

/// `POST /admin/region/mrcs/{mrc_id}/coordinators/{user_id}/remove`
pub async fn remove_coordinator(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<super::Empty>,
) -> AppResult<HttpResponse> {
    let (mrc, user) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::requests::dismiss(conn, access, user, mrc)
    })
    .await?;
    Ok(see_other("/admin/region", "coordinator-removed"))
}
