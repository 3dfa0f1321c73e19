//! `GET /`: upcoming sessions grouped by day, with filters that work without JavaScript.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::now;
use crate::domain::filter::SessionFilter;
use crate::domain::session::Format;
use crate::store;
use crate::web::AppResult;
use crate::web::i18n::Lang;
use crate::web::views::{DayGroup, SessionCard, group_by_day, page_count, term_names};
use crate::web::{AppState, parse_filter, query_without, read, render};

const PER_PAGE: u32 = 20;

#[derive(Debug, Serialize)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Serialize)]
pub struct OptGroup {
    pub label: String,
    pub options: Vec<Opt>,
}

#[derive(Debug, Serialize)]
pub struct FilterForm {
    pub regions: Vec<Opt>,
    pub mrcs: Vec<Opt>,
    pub municipalities: Vec<OptGroup>,
    /// « Et autour »: the radii, the chosen one selected.
    pub around: Vec<Opt>,
    pub audiences: Vec<Opt>,
    pub topics: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub formats: Vec<Opt>,
    pub from: String,
    pub to: String,
    pub free: bool,
}

#[derive(Debug, Serialize)]
struct HomeView {
    days: Vec<DayGroup>,
    total: i64,
    page: u32,
    pages: i64,
    prev_url: Option<String>,
    next_url: Option<String>,
    filtered: bool,
    form: FilterForm,
    feed_url: String,
}

fn opts<'a>(items: impl Iterator<Item = (&'a str, String)>, chosen: &[String]) -> Vec<Opt> {
    items
        .map(|(slug, label)| Opt {
            selected: chosen.iter().any(|c| c == slug),
            value: slug.to_owned(),
            label,
        })
        .collect()
}

pub fn filter_form(
    state: &AppState,
    lang: Lang,
    cat: &store::catalogue::Catalogue,
    f: &SessionFilter,
) -> FilterForm {
    let terms =
        |ts: &[crate::db::models::Term], chosen: &[String]| opts(term_names(ts, lang), chosen);
    FilterForm {
        regions: opts(
            cat.regions
                .iter()
                .map(|r| (r.slug.as_str(), r.name.clone())),
            &f.region,
        ),
        mrcs: opts(
            cat.mrcs.iter().map(|m| (m.slug.as_str(), m.name.clone())),
            &f.mrc,
        ),
        municipalities: cat
            .mrcs
            .iter()
            .map(|m| OptGroup {
                label: m.name.clone(),
                options: opts(
                    cat.municipalities
                        .iter()
                        .filter(|x| x.mrc_id == m.id)
                        .map(|x| (x.slug.as_str(), x.name.clone())),
                    &f.municipality,
                ),
            })
            .collect(),
        around: crate::domain::geo::RADII_KM
            .iter()
            .map(|km| Opt {
                value: km.to_string(),
                label: state
                    .i18n
                    .tr(lang, "filters-around-km", &[("km", (*km).into())]),
                selected: f.around_km == Some(*km),
            })
            .collect(),
        audiences: terms(&cat.audiences, &f.audience),
        topics: terms(&cat.topics, &f.topic),
        kinds: terms(&cat.kinds, &f.kind),
        formats: Format::ALL
            .iter()
            .map(|x| Opt {
                value: x.as_str().to_owned(),
                label: state.i18n.t(lang, &format!("format-{}", x.as_str())),
                selected: f.format.contains(x),
            })
            .collect(),
        from: f.from.map(|d| d.to_string()).unwrap_or_default(),
        to: f.to.map(|d| d.to_string()).unwrap_or_default(),
        free: f.free_only,
    }
}

/// The query string with `page` replaced.
fn page_url(req: &HttpRequest, page: u32) -> String {
    let page = format!("page={page}");
    let mut q = query_without(req, &["page"]);
    q.push(&page);
    format!("{}?{}", req.path(), q.join("&"))
}

pub async fn index(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let (query, filter) = parse_filter(&req)?;
    let paging = query.paging(PER_PAGE)?;
    let f = filter.clone();
    let (cat, (found, total)) = read(&state, move |conn| {
        let cat = store::catalogue::catalogue(conn)?;
        let found = store::sessions::search(conn, &f, Some(paging), now())?;
        Ok((cat, found))
    })
    .await?;
    let now = now();
    let cards = found
        .iter()
        .map(|d| SessionCard::new(&state.i18n, lang, d, now))
        .collect();
    let pages = page_count(total, paging);
    let feed_query = query_without(&req, &["page", "lang"]).join("&");
    let view = HomeView {
        days: group_by_day(cards),
        total,
        page: paging.page,
        pages,
        prev_url: (paging.page > 1).then(|| page_url(&req, paging.page - 1)),
        next_url: (i64::from(paging.page) < pages).then(|| page_url(&req, paging.page + 1)),
        filtered: !filter.is_empty(),
        form: filter_form(&state, lang, &cat, &filter),
        feed_url: if feed_query.is_empty() {
            "/subscribe".to_owned()
        } else {
            format!("/subscribe?{feed_query}")
        },
    };
    let title = state.i18n.t(lang, "home-title");
    render(&req, &state, lang, "public/home.html", title, &view)
}
