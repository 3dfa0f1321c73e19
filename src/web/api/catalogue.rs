//! `GET /api/v1/catalogue`: every slug a filter accepts, with names in both languages.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::store;
use crate::web::AppResult;
use crate::web::{AppState, read};

#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceJson {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MrcJson {
    pub slug: String,
    pub name: String,
    pub municipalities: Vec<PlaceJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionJson {
    pub slug: String,
    pub name: String,
    pub mrcs: Vec<MrcJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationJson {
    pub slug: String,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TermJson {
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogueJson {
    pub regions: Vec<RegionJson>,
    pub organisations: Vec<OrganisationJson>,
    pub kinds: Vec<TermJson>,
    pub audiences: Vec<TermJson>,
    pub topics: Vec<TermJson>,
}

fn terms(ts: Vec<crate::db::models::Term>) -> Vec<TermJson> {
    ts.into_iter()
        .map(|t| TermJson {
            slug: t.slug,
            name_fr: t.name_fr,
            name_en: t.name_en,
        })
        .collect()
}

/// Regions → MRCs → municipalities, organisations, kinds, audiences and topics.
#[utoipa::path(
    get,
    path = "/api/v1/catalogue",
    tag = "catalogue",
    responses((status = 200, description = "Everything filters accept", body = CatalogueJson))
)]
pub async fn show(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let c = read(&state, |conn| Ok(store::catalogue::catalogue(conn)?)).await?;
    let regions = c
        .regions
        .iter()
        .map(|r| RegionJson {
            slug: r.slug.clone(),
            name: r.name.clone(),
            mrcs: c
                .mrcs
                .iter()
                .filter(|m| m.region_id == r.id)
                .map(|m| MrcJson {
                    slug: m.slug.clone(),
                    name: m.name.clone(),
                    municipalities: c
                        .municipalities
                        .iter()
                        .filter(|x| x.mrc_id == m.id)
                        .map(|x| PlaceJson {
                            slug: x.slug.clone(),
                            name: x.name.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(CatalogueJson {
        regions,
        organisations: c
            .organisations
            .into_iter()
            .map(|o| OrganisationJson {
                slug: o.slug,
                name: o.name,
                kind: o.kind,
            })
            .collect(),
        kinds: terms(c.kinds),
        audiences: terms(c.audiences),
        topics: terms(c.topics),
    }))
}
