//! « Rapports » (`/admin/reports`): a period's figures for coordinators and funders,
//! filtered like the public calendar (organisation, MRC, town, programme, audience,
//! topic, kind, format), with charts (inline SVG, each with its caption, a one-sentence
//! summary and its data table), survey results and the « et ensuite? » answers; every
//! table exports as CSV (`/admin/reports/export.csv?table=…`, UTF-8 with a BOM, `;` in
//! French) and the page prints without the navigation. The regional administrator
//! sees the region; anyone else only their organisations (`store::reports`).

pub mod charts;
pub mod tables;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use super::{Chrome, StaffPage};
use crate::db::now;
use crate::domain::csv::{self, Separator};
use crate::domain::report::{ReportFilter, ReportQuery, percent};
use crate::domain::time;
use crate::store;
use crate::store::catalogue::Catalogue;
use crate::store::reports::Report;
use crate::web::i18n::Lang;
use crate::web::public::calendar::month_title;
use crate::web::{AppError, AppResult, AppState, parse_query, read_as, render};
use charts::Bar;
use tables::{Figure, Table, Words};

/// Sessions listed in the page's survey table.
const SURVEY_SESSIONS: usize = 15;

/// Most bars a chart draws (the table beside it lists every line).
const MAX_BARS: usize = 12;

#[derive(Debug, Serialize)]
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct Select {
    name: &'static str,
    label: String,
    options: Vec<Opt>,
}

#[derive(Debug, Serialize)]
struct ChartView {
    id: String,
    title: String,
    summary: String,
    svg: String,
    table: Table,
}

#[derive(Debug, Serialize)]
struct CommentView {
    session: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct Export {
    label: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct ReportView {
    chrome: Chrome,
    from: String,
    to: String,
    period: String,
    selects: Vec<Select>,
    figures: Vec<Figure>,
    charts: Vec<ChartView>,
    survey: [Table; 3],
    survey_answers: i64,
    comments: Vec<CommentView>,
    exports: Vec<Export>,
    empty: bool,
}

fn select(
    name: &'static str,
    label: String,
    chosen: &[String],
    items: Vec<(String, String)>,
) -> Select {
    Select {
        name,
        label,
        options: items
            .into_iter()
            .map(|(value, label)| Opt {
                selected: chosen.contains(&value),
                value,
                label,
            })
            .collect(),
    }
}

/// The filter's drop-downs: the reader's organisations (all for the administrator),
/// the region's places and vocabularies, and the programmes of those organisations.
fn selects(
    w: &Words,
    f: &ReportFilter,
    c: &Catalogue,
    events: Vec<(String, String)>,
    mine: Option<&[i64]>,
) -> Vec<Select> {
    let terms = |ts: &[crate::db::models::Term]| {
        ts.iter()
            .map(|t| (t.slug.clone(), t.name(w.lang).to_owned()))
            .collect::<Vec<_>>()
    };
    let formats: Vec<String> = f.format.iter().map(|x| x.as_str().to_owned()).collect();
    vec![
        select(
            "org",
            w.t("reports-filter-org"),
            &f.org,
            c.organisations
                .iter()
                .filter(|o| mine.is_none_or(|m| m.contains(&o.id)))
                .map(|o| (o.slug.clone(), o.name.clone()))
                .collect(),
        ),
        select(
            "mrc",
            w.t("reports-filter-mrc"),
            &f.mrc,
            c.mrcs
                .iter()
                .map(|m| (m.slug.clone(), m.name.clone()))
                .collect(),
        ),
        select(
            "municipality",
            w.t("reports-filter-municipality"),
            &f.municipality,
            c.municipalities
                .iter()
                .map(|m| (m.slug.clone(), m.name.clone()))
                .collect(),
        ),
        select("event", w.t("reports-filter-event"), &f.event, events),
        select(
            "audience",
            w.t("reports-filter-audience"),
            &f.audience,
            terms(&c.audiences),
        ),
        select(
            "topic",
            w.t("reports-filter-topic"),
            &f.topic,
            terms(&c.topics),
        ),
        select("kind", w.t("reports-filter-kind"), &f.kind, terms(&c.kinds)),
        select(
            "format",
            w.t("reports-filter-format"),
            &formats,
            crate::domain::session::Format::ALL
                .iter()
                .map(|x| {
                    (
                        x.as_str().to_owned(),
                        w.t(&format!("reports-format-{}", x.as_str())),
                    )
                })
                .collect(),
        ),
    ]
}

/// The bars of a table's first column against one or two of its number columns.
fn chart(
    w: &Words,
    id: &str,
    title_key: &str,
    summary: String,
    series: &[(&str, usize)],
    table: Table,
) -> ChartView {
    let bars = table
        .rows
        .iter()
        .take(MAX_BARS)
        .map(|row| Bar {
            label: row[0].clone(),
            values: series
                .iter()
                .map(|(_, col)| {
                    let text = row[*col].clone();
                    let v = text
                        .trim_end_matches(['%', ' ', '\u{a0}', '\u{202f}'])
                        .replace(',', ".")
                        .parse::<f64>()
                        .unwrap_or(0.0);
                    (v, text)
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    let names: Vec<String> = series.iter().map(|(k, _)| w.t(k)).collect();
    let caption = format!("{id}-caption");
    // The table beside the chart: its labels and the charted columns, every line.
    let cols: Vec<usize> = std::iter::once(0)
        .chain(series.iter().map(|s| s.1))
        .collect();
    let pick = |row: &Vec<String>| cols.iter().map(|c| row[*c].clone()).collect::<Vec<_>>();
    ChartView {
        svg: charts::bars(&caption, &names, &bars),
        id: id.to_owned(),
        title: w.t(title_key),
        summary,
        table: Table {
            head: pick(&table.head),
            rows: table.rows.iter().map(pick).collect(),
        },
    }
}

/// The four charts: attendance by month, by town, by topic; waitlist pressure by topic.
fn charts_of(w: &Words, r: &Report) -> Vec<ChartView> {
    let s = &r.summary;
    let say =
        |key: &str, args: &[(&str, fluent_bundle::FluentValue<'_>)]| w.i18n.tr(w.lang, key, args);
    let none = w.t("reports-chart-none");
    // Columns of tables::LINE_HEADS after the label: present is 4, absent 5, pressure 7.
    let month = match s.by_month.iter().max_by_key(|(_, l)| l.present) {
        Some((m, l)) if l.present > 0 => say(
            "reports-chart-month-summary",
            &[
                ("month", month_title(*m, w.lang).into()),
                ("count", l.present.into()),
            ],
        ),
        _ => none.clone(),
    };
    let town = match s.by_municipality.iter().max_by_key(|(_, l)| l.present) {
        Some((t, l)) if l.present > 0 => say(
            "reports-chart-town-summary",
            &[
                ("place", w.place(r, *t).into()),
                ("count", l.present.into()),
            ],
        ),
        _ => none.clone(),
    };
    let topic = match s.by_topic.iter().max_by_key(|(_, l)| l.present) {
        Some((t, l)) if l.present > 0 => say(
            "reports-chart-topic-summary",
            &[
                ("topic", w.topic(r, *t).into()),
                ("count", l.present.into()),
            ],
        ),
        _ => none.clone(),
    };
    let mut pressure_table = tables::by_topic(w, r);
    let pressure_of = |name: &str| {
        s.by_topic
            .iter()
            .find(|(t, _)| w.topic(r, **t) == name)
            .and_then(|(_, l)| l.pressure())
            .unwrap_or(0.0)
    };
    pressure_table
        .rows
        .sort_by(|a, b| pressure_of(&b[0]).total_cmp(&pressure_of(&a[0])));
    let pressure = match s
        .by_topic
        .iter()
        .filter_map(|(t, l)| Some((t, l.pressure()?)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        Some((t, p)) if p > 0.0 => say(
            "reports-chart-pressure-summary",
            &[
                ("topic", w.topic(r, *t).into()),
                ("percent", percent(p).into()),
            ],
        ),
        _ => w.t("reports-chart-pressure-none"),
    };
    vec![
        chart(
            w,
            "chart-month",
            "reports-chart-month",
            month,
            &[("reports-col-present", 4), ("reports-col-absent", 5)],
            tables::by_month(w, r),
        ),
        chart(
            w,
            "chart-town",
            "reports-chart-town",
            town,
            &[("reports-col-present", 4)],
            tables::by_municipality(w, r),
        ),
        chart(
            w,
            "chart-topic",
            "reports-chart-topic",
            topic,
            &[("reports-col-present", 4)],
            tables::by_topic(w, r),
        ),
        chart(
            w,
            "chart-pressure",
            "reports-chart-pressure",
            pressure,
            &[("reports-col-pressure", 7)],
            pressure_table,
        ),
    ]
}

/// The query without `table` and `sep`, for links that keep the filter.
fn filter_query(req: &HttpRequest) -> String {
    crate::web::query_without(req, &["table", "sep", "lang"]).join("&")
}

async fn read_report(
    state: &AppState,
    who: &super::Staff,
    f: ReportFilter,
) -> AppResult<(Report, Catalogue, Vec<(String, String)>)> {
    read_as(state, &who.access, move |conn, access| {
        let report = store::reports::report(conn, access, &f, now())?;
        let catalogue = store::catalogue::catalogue(conn)?;
        let events = store::reports::programmes(conn, access)?;
        Ok((report, catalogue, events))
    })
    .await
}

/// `GET /admin/reports`
pub async fn show(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let q: ReportQuery = parse_query(&req)?;
    let today = time::local(now()).date_naive();
    let f = q.parse(today)?;
    let (report, catalogue, events) = read_report(&state, &who, f.clone()).await?;
    let w = Words {
        i18n: &state.i18n,
        lang,
    };
    let query = filter_query(&req);
    let export = |table: &str, key: &str| Export {
        label: w.t(key),
        url: if query.is_empty() {
            format!("/admin/reports/export.csv?table={table}")
        } else {
            format!("/admin/reports/export.csv?{query}&table={table}")
        },
    };
    let names = |id: i64| {
        report
            .sessions
            .iter()
            .find(|s| s.id == id)
            .map(|s| {
                format!(
                    "{} — {}",
                    s.title,
                    time::date_short(time::local(s.starts_at).date_naive(), lang)
                )
            })
            .unwrap_or_default()
    };
    let mine = who.access.organisations();
    let view = ReportView {
        chrome: Chrome::new(&req, &state, lang, &who),
        from: f.from.to_string(),
        to: f.to.to_string(),
        period: state.i18n.tr(
            lang,
            "reports-period",
            &[
                ("from", time::date_long(f.from, lang).into()),
                ("to", time::date_long(f.to, lang).into()),
            ],
        ),
        selects: selects(&w, &f, &catalogue, events, mine.as_deref()),
        figures: tables::figures(&w, &report),
        charts: charts_of(&w, &report),
        survey: {
            // On the page, the sessions with the most answers; the CSV has them all.
            let mut t = tables::survey(&w, &report);
            let answers = |row: &Vec<String>| row[1].parse::<i64>().unwrap_or(0);
            t[2].rows.sort_by_key(|r| std::cmp::Reverse(answers(r)));
            t[2].rows.truncate(SURVEY_SESSIONS);
            t
        },
        survey_answers: report.survey.total().answers,
        comments: report
            .survey
            .comments
            .iter()
            .take(50)
            .map(|c| CommentView {
                session: names(c.session_id),
                text: c.text.clone(),
            })
            .collect(),
        exports: vec![
            export("sessions", "reports-export-sessions"),
            export("months", "reports-export-months"),
            export("municipalities", "reports-export-municipalities"),
            export("topics", "reports-export-topics"),
            export("survey", "reports-export-survey"),
        ],
        empty: report.sessions.is_empty(),
    };
    let title = state.i18n.t(lang, "reports-title");
    render(&req, &state, lang, "admin/reports.html", title, &view)
}

/// `GET /admin/reports/export.csv?table=sessions|months|municipalities|topics|survey&sep=`
pub async fn export(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let q: ReportQuery = parse_query(&req)?;
    #[derive(serde::Deserialize)]
    struct Which {
        table: Option<String>,
    }
    let which: Which =
        serde_html_form::from_str(req.query_string()).unwrap_or(Which { table: None });
    let sep = match q.sep.as_deref().map(str::trim) {
        None | Some("") => match lang {
            Lang::Fr => Separator::Semicolon,
            Lang::En => Separator::Comma,
        },
        Some(s) => {
            Separator::parse(s).ok_or_else(|| AppError::bad_request("admin-error-separator"))?
        }
    };
    let today = time::local(now()).date_naive();
    let f = q.parse(today)?;
    let table_name = which.table.unwrap_or_else(|| "sessions".to_owned());
    let (report, _, _) = read_report(&state, &who, f.clone()).await?;
    let w = Words {
        i18n: &state.i18n,
        lang,
    };
    let table = match table_name.as_str() {
        "sessions" => tables::sessions(&w, &report),
        "months" => tables::by_month(&w, &report),
        "municipalities" => tables::by_municipality(&w, &report),
        "topics" => tables::by_topic(&w, &report),
        "survey" => {
            let [topics, trainers, sessions] = tables::survey(&w, &report);
            let mut all = Table {
                head: topics.head.clone(),
                rows: Vec::new(),
            };
            for (kind, t) in [
                ("reports-col-topic", topics),
                ("reports-col-trainer", trainers),
                ("reports-col-session", sessions),
            ] {
                for mut row in t.rows {
                    row[0] = format!("{} : {}", w.t(kind), row[0]);
                    all.rows.push(row);
                }
            }
            all.head[0] = w.t("reports-col-what");
            all
        }
        _ => return Err(AppError::bad_request("reports-error-table")),
    };
    let mut out = String::from(csv::BOM);
    out.push_str(&csv::line(&table.head, sep));
    for row in &table.rows {
        out.push_str(&csv::line(row, sep));
    }
    let name = format!("rapport-{table_name}-{}-{}", f.from, f.to);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(out))
}
