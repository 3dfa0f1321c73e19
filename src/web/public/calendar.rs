//! `GET /calendar`: the same sessions and filters as the home page, as a month grid,
//! a week, or a list of the month — printable, without JavaScript.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use actix_web::{HttpRequest, HttpResponse, web};

use super::home::{FilterForm, filter_form};
use crate::db::now;
use crate::domain::time;
use crate::store;
use crate::web::i18n::Lang;
use crate::web::views::{DayGroup, SessionCard, group_by_day};
use crate::web::{AppError, AppResult};
use crate::web::{AppState, parse_filter, parse_query, query_without, read, render};

#[derive(Debug, Default, Deserialize)]
struct CalendarQuery {
    view: Option<String>,
    /// `YYYY-MM` for the month and list views.
    month: Option<String>,
    /// Any day of the week to show, `YYYY-MM-DD`.
    week: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum View {
    Month,
    Week,
    List,
}

#[derive(Debug, Serialize)]
struct Cell {
    day: u32,
    in_month: bool,
    today: bool,
    label: String,
    sessions: Vec<SessionCard>,
}

#[derive(Debug, Serialize)]
struct CalendarView {
    view: View,
    heading: String,
    weekdays: Vec<&'static str>,
    weeks: Vec<Vec<Cell>>,
    days: Vec<DayGroup>,
    /// `None` at the edge of the dates queries may name.
    prev_url: Option<String>,
    next_url: Option<String>,
    month_url: String,
    week_url: String,
    list_url: String,
    /// The printed programme of the month shown, with the same filters.
    print_url: String,
    total: usize,
    form: FilterForm,
    filter_query: String,
}

const FR_WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn bad(field: &str, value: &str) -> AppError {
    crate::domain::filter::bad_value(field, value).into()
}

/// A day some days away, if it is still one queries may name.
fn shift_days(day: NaiveDate, days: i64) -> Option<NaiveDate> {
    day.checked_add_signed(chrono::Duration::days(days))
        .filter(|d| time::in_range(*d))
}

/// The first of the month some months away, if still in range.
pub(crate) fn shift_months(first: NaiveDate, months: i32) -> Option<NaiveDate> {
    let m = Months::new(months.unsigned_abs());
    if months < 0 {
        first.checked_sub_months(m)
    } else {
        first.checked_add_months(m)
    }
    .filter(|d| time::in_range(*d))
}

pub(crate) fn month_title(first: NaiveDate, lang: Lang) -> String {
    // « décembre 2026 » / "December 2026", from the long date of the 1st.
    let long = time::date_long(first, lang);
    match lang {
        Lang::Fr => long.splitn(3, ' ').nth(2).unwrap_or(&long).to_owned(),
        Lang::En => {
            let month = long.split(' ').nth(1).unwrap_or("");
            format!("{month} {}", first.year())
        }
    }
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let cq: CalendarQuery = parse_query(&req)?;
    let (_, mut filter) = parse_filter(&req)?;
    let today = time::local(now()).date_naive();
    let view = match cq.view.as_deref() {
        None | Some("") | Some("month") => View::Month,
        Some("week") => View::Week,
        Some("list") => View::List,
        Some(other) => return Err(bad("view", other)),
    };
    // Every day below comes from the query: parsed within time::FIRST_DAY..=LAST_DAY,
    // and moved with checked arithmetic only (a link past the range is not offered).
    let month_first = match cq.month.as_deref() {
        None | Some("") => today.with_day(1).unwrap_or(today),
        Some(m) => time::parse_month(m).ok_or_else(|| bad("month", m))?,
    };
    let week_day = match cq.week.as_deref() {
        None | Some("") => today,
        Some(w) => time::parse_day(w).ok_or_else(|| bad("week", w))?,
    };
    let monday = week_day.week(Weekday::Mon).checked_first_day();
    let monday = monday.ok_or_else(|| bad("week", &week_day.to_string()))?;
    let (from, to) = match view {
        View::Week => (monday, shift_days(monday, 6)),
        View::Month | View::List => (
            month_first,
            month_first
                .checked_add_months(Months::new(1))
                .and_then(|d| d.checked_sub_days(Days::new(1))),
        ),
    };
    let to = to.ok_or_else(|| bad("month", &month_first.to_string()))?;
    filter.from = Some(from);
    filter.to = Some(to);
    let f = filter.clone();
    let (cat, (found, _)) = read(&state, move |conn| {
        Ok((
            store::catalogue::catalogue(conn)?,
            store::sessions::search(conn, &f, None, now())?,
        ))
    })
    .await?;
    let stamp = now();
    let cards: Vec<SessionCard> = found
        .iter()
        .map(|d| SessionCard::new(&state.i18n, lang, d, stamp))
        .collect();
    let total = cards.len();

    // Filters other than dates and view, carried by every navigation link.
    let dates = ["view", "month", "week", "from", "to", "lang", "page"];
    let filter_query = query_without(&req, &dates).join("&");
    let url = |params: String| {
        if filter_query.is_empty() {
            format!("/calendar?{params}")
        } else {
            format!("/calendar?{params}&{filter_query}")
        }
    };
    let ym = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    let (prev_url, next_url, heading) = match view {
        View::Week => (
            shift_days(monday, -7).map(|d| url(format!("view=week&week={d}"))),
            shift_days(monday, 7).map(|d| url(format!("view=week&week={d}"))),
            format!(
                "{} – {}",
                time::date_long(monday, lang),
                time::date_long(to, lang)
            ),
        ),
        View::Month | View::List => {
            let v = if view == View::List { "list" } else { "month" };
            (
                shift_months(month_first, -1).map(|d| url(format!("view={v}&month={}", ym(d)))),
                shift_months(month_first, 1).map(|d| url(format!("view={v}&month={}", ym(d)))),
                month_title(month_first, lang),
            )
        }
    };

    let mut weeks = Vec::new();
    if view == View::Month {
        let mut day = month_first
            .week(Weekday::Mon)
            .checked_first_day()
            .unwrap_or(month_first);
        let last = to.week(Weekday::Mon).checked_last_day().unwrap_or(to);
        let mut cards_iter = cards.clone().into_iter().peekable();
        while day <= last {
            let mut row = Vec::with_capacity(7);
            for _ in 0..7 {
                let key = day.to_string();
                let mut sessions = Vec::new();
                while cards_iter.peek().is_some_and(|c| c.day_key == key) {
                    sessions.extend(cards_iter.next());
                }
                row.push(Cell {
                    day: day.day(),
                    in_month: day.month() == month_first.month(),
                    today: day == today,
                    label: time::date_long(day, lang),
                    sessions,
                });
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
            weeks.push(row);
        }
    }
    let view_data = CalendarView {
        view,
        heading: heading.clone(),
        weekdays: match lang {
            Lang::Fr => FR_WEEKDAYS.to_vec(),
            Lang::En => EN_WEEKDAYS.to_vec(),
        },
        weeks,
        days: if view == View::Month {
            Vec::new()
        } else {
            group_by_day(cards)
        },
        prev_url,
        next_url,
        month_url: url(format!(
            "view=month&month={}",
            ym(match view {
                View::Week => monday,
                _ => month_first,
            })
        )),
        week_url: url(format!(
            "view=week&week={}",
            if view == View::Week {
                monday
            } else if today.year() == month_first.year() && today.month() == month_first.month() {
                today
            } else {
                month_first
            }
        )),
        list_url: url(format!(
            "view=list&month={}",
            ym(match view {
                View::Week => monday,
                _ => month_first,
            })
        )),
        print_url: {
            let m = format!(
                "month={}",
                ym(match view {
                    View::Week => monday,
                    _ => month_first,
                })
            );
            if filter_query.is_empty() {
                format!("/print/programme?{m}")
            } else {
                format!("/print/programme?{m}&{filter_query}")
            }
        },
        total,
        form: filter_form(&state, lang, &cat, &filter),
        filter_query,
    };
    let title = format!("{} — {}", state.i18n.t(lang, "calendar-title"), heading);
    render(
        &req,
        &state,
        lang,
        "public/calendar.html",
        title,
        &view_data,
    )
}
