//! The open data files (issue 17): `/open-data/activities.csv`, `activities.json` and
//! their DCAT-AP description `dcat.json`, written by `domain::open_data` from one read
//! of `store::open_data`. Kept rendered like the public feeds (the same cache, data
//! version and `feed_cache_seconds`; `ETag`, `Last-Modified`, `304`, gzip once), and
//! open to any site's scripts (`Access-Control-Allow-Origin: *`): they are open data.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use super::answer::{Rendered, respond};
use crate::db::now;
use crate::domain::lang::Lang;
use crate::domain::open_data::{self, Licence, Meta, Texts};
use crate::store;
use crate::store::open_data::OpenData;
use crate::web::{AppResult, AppState, read};

/// One of the three files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    Csv,
    Json,
    Dcat,
}

impl File {
    const ALL: [File; 3] = [File::Csv, File::Json, File::Dcat];

    fn name(self) -> &'static str {
        match self {
            File::Csv => "activities.csv",
            File::Json => "activities.json",
            File::Dcat => "dcat.json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            File::Csv => "text/csv; charset=utf-8",
            File::Json => "application/json",
            // JSON-LD's own type: what DCAT harvesters ask for (it is JSON to others).
            File::Dcat => "application/ld+json",
        }
    }
}

/// Who publishes the data: the setting, else the regions in the database, else the
/// site's name.
pub fn publisher(state: &AppState, regions: &[String]) -> String {
    let set = state.settings.open_data_publisher.trim();
    if !set.is_empty() {
        set.to_owned()
    } else if !regions.is_empty() {
        regions.join(", ")
    } else {
        state.i18n.t(Lang::Fr, "site-name")
    }
}

/// The licence of the files (checked at start-up: `AppState::new`).
pub fn licence(state: &AppState) -> Licence {
    Licence::parse(&state.settings.open_data_licence)
        .or_else(|| Licence::parse("CC-BY-4.0"))
        .expect("CC-BY-4.0 is a known licence")
}

/// What the files say about themselves, in both languages.
fn meta<'a>(state: &'a AppState, data: &OpenData) -> Meta<'a> {
    let texts = [Lang::Fr, Lang::En]
        .into_iter()
        .map(|lang| {
            let t = |k: &str| state.i18n.t(lang, k);
            Texts {
                lang,
                title: t("opendata-dataset-title"),
                description: t("opendata-dataset-description"),
                keywords: t("opendata-keywords")
                    .split(',')
                    .map(|k| k.trim().to_owned())
                    .filter(|k| !k.is_empty())
                    .collect(),
                csv_title: t("opendata-csv-title"),
                json_title: t("opendata-json-title"),
            }
        })
        .collect();
    let contact = state.settings.open_data_contact_email.trim();
    Meta {
        base_url: state.base_url(),
        publisher: publisher(state, &data.regions),
        contact_email: (!contact.is_empty()).then(|| contact.to_owned()),
        licence: licence(state),
        issued: data.issued,
        modified: data.modified,
        texts,
    }
}

/// The file, from the cache while the data did not change; the three are written
/// together from one read, so they always agree.
async fn answer(state: &AppState, req: &HttpRequest, file: File) -> AppResult<HttpResponse> {
    let today = crate::domain::time::local(now()).date_naive();
    let key = |f: File| format!("open-data/{}|{today}", f.name());
    let max_age = StdDuration::from_secs(state.settings.feed_cache_seconds);
    let (version, latest_change) = match state.feeds.recent_version(max_age) {
        Some(v) => v,
        None => {
            let v = read(state, |conn| Ok(store::feeds::data_version(conn)?)).await?;
            state.feeds.remember_version(&v);
            v
        }
    };
    let rendered = match state.feeds.get(&key(file), &version) {
        Some(r) => r,
        None => {
            let data = read(state, |conn| store::open_data::activities(conn, now())).await?;
            let meta = meta(state, &data);
            // Last-Modified: a file changes when any session does, even one that left it.
            let changed = data.modified.max(latest_change);
            let mut mine = None;
            for f in File::ALL {
                let text = match f {
                    File::Csv => open_data::csv(&data.activities, meta.base_url),
                    File::Json => open_data::json(&data.activities, &meta),
                    File::Dcat => {
                        serde_json::to_string_pretty(&open_data::dcat(&meta)).unwrap_or_default()
                    }
                };
                let r = Arc::new(Rendered::new(text, changed).with_gzip());
                state.feeds.put(key(f), version.clone(), r.clone());
                if f == file {
                    mine = Some(r);
                }
            }
            mine.expect("the asked file is one of the three")
        }
    };
    let mut res = respond(req, &rendered, false, file.name());
    if res.status().is_success() {
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(file.content_type()),
        );
    }
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(res)
}

/// `GET /open-data/activities.csv`
pub async fn csv(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    answer(&state, &req, File::Csv).await
}

/// `GET /open-data/activities.json`
pub async fn json(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    answer(&state, &req, File::Json).await
}

/// `GET /open-data/dcat.json`
pub async fn dcat(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    answer(&state, &req, File::Dcat).await
}
