//! Weekly series: the form, a preview of the dates, then every session created in one
//! transaction.

use actix_web::{HttpResponse, web};

use super::forms::SessionForm;
use super::views::{FormPage, event_choices, or_form};
use crate::domain::programme::parse_clock;
use crate::domain::series::{Every, occurrences};
use crate::error::{FieldError, Msg};
use crate::store;
use crate::web::AppResult;
use crate::web::admin::{Form, StaffPage, see_other};
use crate::web::write_as;

pub async fn new_series(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let values = SessionForm {
        every: "1".into(),
        count: "8".into(),
        ..SessionForm::new_session()
    };
    FormPage::of_event(&req, &state, lang, &who, "series", id, &choices).blank(values)
}
/// A series: without `confirm`, shows the dates it would create (a preview); with it,
/// creates them all in one transaction.
pub async fn create_series(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let page = FormPage::of_event(&req, &state, lang, &who, "series", id, &choices);
    let mut errors = Vec::new();
    let input = f.parse_full().map_err(|e| errors.extend(e)).ok();
    let every = Every::parse(f.every.trim());
    if every.is_none() {
        errors.push(FieldError::new("every", Msg::new("admin-error-choice")));
    }
    let count = f.count.trim().parse::<u32>().ok();
    // Unreadable, or more dates than a series may hold.
    let bad_count = || {
        FieldError::new(
            "count",
            Msg::new("admin-error-series-count").arg("max", crate::domain::series::MAX_OCCURRENCES),
        )
    };
    let dates = match (input.as_ref(), every, count) {
        (Some(_), Some(every), Some(count)) => {
            let first = chrono::NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d").ok();
            let (s, e) = (parse_clock(&f.start), parse_clock(&f.end));
            match (first, s, e) {
                (Some(first), Some(s), Some(e)) => occurrences(first, s, e, every, count)
                    .unwrap_or_else(|_| {
                        errors.push(bad_count());
                        Vec::new()
                    }),
                _ => Vec::new(),
            }
        }
        (_, _, None) => {
            errors.push(bad_count());
            Vec::new()
        }
        _ => Vec::new(),
    };
    let preview: Vec<String> = dates
        .iter()
        .map(|o| crate::domain::time::range_long(o.starts_at, o.ends_at, lang))
        .collect();
    let (Some((input, prices, helpers)), true) = (input, errors.is_empty()) else {
        return page.show(f, &errors, preview, None);
    };
    if f.confirm != "1" {
        let values = SessionForm {
            confirm: "1".into(),
            ..f
        };
        return page.show(values, &[], preview, None);
    }
    let publish = f.publish == "1";
    let result = write_as(&state, &who.access, move |conn, access| {
        store::programme::create_series_full(
            conn, access, id, &input, &dates, &prices, &helpers, publish,
        )
    })
    .await;
    match or_form(result, async |errors| {
        page.show(f.clone(), &errors, preview.clone(), None)
    })
    .await?
    {
        Ok(_) => Ok(see_other(
            &crate::web::admin::events::event_url(id),
            "series-created",
        )),
        Err(page) => Ok(page),
    }
}
