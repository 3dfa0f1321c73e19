//! « Bilan » (`/outcomes?region=…&mrc=…&year=2026`): what the workshops gave in a
//! region or an MRC, this year against last — sessions held, people reached,
//! municipalities covered, the most followed topics — as aggregates only: every people
//! count went through `domain::report::suppress` in the store (none under five,
//! small towns merged, numbers rounded to five). Cached like the other public pages.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::domain::filter::{FilterQuery, bad_value};
use crate::domain::report::suppress::PublicYear;
use crate::domain::time;
use crate::store;
use crate::store::reports::outcomes::Outcomes;
use crate::web::i18n::Lang;
use crate::web::{AppResult, AppState, parse_query, read, render};

#[derive(Debug, Default, Deserialize)]
struct OutcomesQuery {
    #[serde(default)]
    region: Vec<String>,
    #[serde(default)]
    mrc: Vec<String>,
    year: Option<String>,
}

#[derive(Debug, Serialize)]
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    label: String,
    value: String,
}

#[derive(Debug, Serialize)]
struct OutcomesView {
    year: i32,
    last: i32,
    scope: String,
    regions: Vec<Opt>,
    mrcs: Vec<Opt>,
    years: Vec<Opt>,
    /// What, this year, last year.
    compare: Vec<[String; 3]>,
    topics: Vec<Row>,
    towns: Vec<Row>,
}

/// How long a browser or a proxy may keep the page: figures move slowly.
const CACHE: &str = "public, max-age=900";

/// People reached as shown: the rounded count, « moins de 5 », or 0 in a year without
/// any session held (nobody to protect).
fn people(w: &crate::i18n::I18n, lang: Lang, y: &PublicYear) -> String {
    match y.people {
        Some(n) => n.to_string(),
        None if y.sessions_held == 0 => "0".to_owned(),
        None => w.t(lang, "outcomes-small"),
    }
}

fn compare(state: &AppState, lang: Lang, this: &PublicYear, last: &PublicYear) -> Vec<[String; 3]> {
    let t = |k: &str| state.i18n.t(lang, k);
    vec![
        [
            t("outcomes-sessions"),
            this.sessions_held.to_string(),
            last.sessions_held.to_string(),
        ],
        [
            t("outcomes-people"),
            people(&state.i18n, lang, this),
            people(&state.i18n, lang, last),
        ],
        [
            t("outcomes-municipalities"),
            this.municipalities.to_string(),
            last.municipalities.to_string(),
        ],
    ]
}

/// `GET /outcomes`
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let q: OutcomesQuery = parse_query(&req)?;
    let checked = FilterQuery {
        region: q.region.clone(),
        mrc: q.mrc.clone(),
        ..FilterQuery::default()
    }
    .parse()?;
    let this_year = time::local(now()).year();
    let year = match q.year.as_deref().map(str::trim) {
        None | Some("") => this_year,
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2001..=2199).contains(y))
            .ok_or_else(|| bad_value("year", y))?,
    };
    let (region, mrc) = (checked.region.clone(), checked.mrc.clone());
    let (o, catalogue): (Outcomes, _) = read(&state, move |conn| {
        let o = store::reports::outcomes::outcomes(conn, &region, &mrc, year, now())?;
        Ok((o, store::catalogue::catalogue(conn)?))
    })
    .await?;
    let opts = |items: Vec<(String, String)>, chosen: &[String]| {
        items
            .into_iter()
            .map(|(value, label)| Opt {
                selected: chosen.contains(&value),
                value,
                label,
            })
            .collect::<Vec<_>>()
    };
    let named: Vec<String> = catalogue
        .regions
        .iter()
        .filter(|r| checked.region.contains(&r.slug))
        .map(|r| r.name.clone())
        .chain(
            catalogue
                .mrcs
                .iter()
                .filter(|m| checked.mrc.contains(&m.slug))
                .map(|m| m.name.clone()),
        )
        .collect();
    let t = |k: &str| state.i18n.t(lang, k);
    let mut towns: Vec<Row> = o
        .this_year
        .towns
        .shown
        .iter()
        .map(|(town, n)| Row {
            label: town
                .and_then(|id| o.municipalities.get(&id).cloned())
                .unwrap_or_else(|| t("outcomes-place-none")),
            value: n.to_string(),
        })
        .collect();
    if let Some(n) = o.this_year.towns.others {
        towns.push(Row {
            label: t("outcomes-others"),
            value: n.to_string(),
        });
    }
    let view = OutcomesView {
        year,
        last: year - 1,
        scope: if named.is_empty() {
            t("outcomes-scope-all")
        } else {
            named.join(", ")
        },
        regions: opts(
            catalogue
                .regions
                .iter()
                .map(|r| (r.slug.clone(), r.name.clone()))
                .collect(),
            &checked.region,
        ),
        mrcs: opts(
            catalogue
                .mrcs
                .iter()
                .map(|m| (m.slug.clone(), m.name.clone()))
                .collect(),
            &checked.mrc,
        ),
        years: opts(
            (this_year.min(year) - 4..=this_year.max(year))
                .rev()
                .map(|y| (y.to_string(), y.to_string()))
                .collect(),
            &[year.to_string()],
        ),
        compare: compare(&state, lang, &o.this_year, &o.last_year),
        topics: o
            .this_year
            .topics
            .iter()
            .map(|(id, n)| Row {
                label: o
                    .topics
                    .get(id)
                    .map(|t| t.name(lang).to_owned())
                    .unwrap_or_default(),
                value: n.to_string(),
            })
            .collect(),
        towns,
    };
    let title = t("outcomes-title");
    let mut res = render(&req, &state, lang, "public/outcomes.html", title, &view)?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(CACHE),
    );
    Ok(res)
}
