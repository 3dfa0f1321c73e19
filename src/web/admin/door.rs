//! Attendance at the door, for a tablet held in one hand: the expected people in large
//! rows, one tap to check in or undo, a present / expected count, search by name or by
//! the code of the confirmation email, walk-ins while seats remain, then the rest marked
//! as no-shows in one action. Without JavaScript each tap is a form post and the search
//! a GET; `static/js/door.js` filters as you type and posts in the background. For a
//! paid session each row says what the person owes; « Payé comptant » and « Payé par
//! carte » record it (plain form posts of their own form, which the script leaves be).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::registrations::PersonRow;
use super::{Chrome, Empty, Form, Staff, StaffPage, see_other};
use crate::db::now;
use crate::domain::payment::PaidVia;
use crate::domain::text::slugify;
use crate::store;
use crate::store::door::{Attendance, Target, WalkIn};
use crate::store::roster::Need;
use crate::web::AppResult;
use crate::web::i18n::Lang;
use crate::web::{AppState, read_as, render, write_as};

#[derive(Debug, Default, Deserialize)]
pub struct DoorQuery {
    #[serde(default)]
    q: String,
}

#[derive(Debug, Serialize)]
struct DoorRow {
    person: PersonRow,
    present: bool,
    /// Folded name and code, for the script's filter.
    search: String,
}

#[derive(Debug, Serialize)]
struct DoorView {
    chrome: Chrome,
    id: i64,
    title: String,
    when: String,
    q: String,
    q_encoded: String,
    rows: Vec<DoorRow>,
    /// Seats of the people present, and of everyone expected.
    present: i32,
    expected: i32,
    /// People (registrations) present, and expected.
    present_people: usize,
    expected_people: usize,
    /// The session is on another day than today (Québec): check-ins still work, with
    /// a warning, e.g. when a roster is filled in the next morning.
    other_day: Option<String>,
    seats_left: Option<i32>,
    can_walk_in: bool,
    started: bool,
    can_manage: bool,
    cancelled: bool,
    code_match: bool,
    script_url: String,
    /// Someone shown owes at the door: the page carries the payment buttons' form.
    any_due: bool,
    /// The session's confirmed volunteer helpers (issue 17), with a « présent » tick.
    helpers: Vec<super::helpers::DoorHelper>,
}

fn fold(s: &str) -> String {
    slugify(s).replace('-', " ")
}

pub async fn show(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let q: DoorQuery = crate::web::parse_query(&req)?;
    let needle = q.q.trim().chars().take(100).collect::<String>();
    let n2 = needle.clone();
    let (s, roster, by_code, (payments, helpers)) =
        read_as(&state, &who.access, move |conn, access| {
            let s = store::roster::session_for(conn, access, id, Need::Door)?;
            let roster = store::registrations::roster(conn, id)?;
            let by_code = store::roster::by_code(conn, id, &n2)?;
            let payments = store::payments_admin::payments_of_sessions(conn, &[id])?;
            let helpers = store::helpers::staff::at_the_door(conn, access, id)?;
            Ok((s, roster, by_code, (payments, helpers)))
        })
        .await?;
    let wanted = fold(&needle);
    let mut rows: Vec<DoorRow> = roster
        .confirmed
        .iter()
        .map(|r| DoorRow {
            present: r.status == crate::domain::registration::Status::Attended,
            search: format!(
                "{} {}",
                fold(r.name.as_deref().unwrap_or("")),
                r.check_in_code.to_lowercase()
            ),
            person: PersonRow::new(&state, lang, r).with_pay(&state, lang, &payments),
        })
        .collect();
    let count = Attendance::of(&roster);
    let code_match = by_code.is_some();
    if let Some(hit) = &by_code {
        rows.retain(|r| r.person.id == hit.id);
    } else if !wanted.is_empty() {
        rows.retain(|r| r.search.contains(&wanted));
    }
    rows.sort_by(|a, b| {
        a.person
            .name
            .to_lowercase()
            .cmp(&b.person.name.to_lowercase())
    });
    let seats_left = s.seats_left();
    let any_due = rows
        .iter()
        .any(|r| r.person.pay.as_ref().is_some_and(|p| p.due));
    let view = DoorView {
        chrome: Chrome::new(&req, &state, lang, &who),
        id,
        when: crate::domain::time::range_long(s.starts_at, s.ends_at, lang),
        q_encoded: crate::web::templates::encode_query_value(&needle),
        q: needle,
        rows,
        present: count.present_seats,
        expected: count.expected_seats,
        present_people: count.present_people,
        expected_people: count.expected_people,
        other_day: crate::domain::time::other_local_day(s.starts_at, now())
            .map(|day| crate::domain::time::date_long(day, lang)),
        can_walk_in: s.status == crate::domain::session::SessionStatus::Published
            && seats_left.is_none_or(|n| n > 0),
        seats_left,
        started: s.starts_at <= now(),
        can_manage: who.access.can_edit(s.organisation_id),
        cancelled: s.status == crate::domain::session::SessionStatus::Cancelled,
        code_match,
        script_url: crate::web::assets::asset_url("door.js"),
        any_due,
        helpers: super::helpers::at_the_door(&helpers),
        title: s.title,
    };
    let title = format!(
        "{} — {}",
        state.i18n.t(lang, "admin-door-title"),
        view.title
    );
    render(&req, &state, lang, "admin/door.html", title, &view)
}

#[derive(Debug, Deserialize)]
pub struct TapForm {
    #[serde(default)]
    q: String,
}

fn back(id: i64, q: &str, done: &str) -> HttpResponse {
    let q = q.trim();
    if q.is_empty() {
        see_other(&format!("/admin/sessions/{id}/door"), done)
    } else {
        see_other(
            &format!(
                "/admin/sessions/{id}/door?q={}",
                crate::web::templates::encode_query_value(q)
            ),
            done,
        )
    }
}

pub async fn check_in(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(f): Form<TapForm>,
) -> AppResult<HttpResponse> {
    let (id, rid) = path.into_inner();
    let done = write_as(&state, &who.access, move |conn, access| {
        store::door::check_in(conn, access, id, &Target::id(rid))
    })
    .await?;
    Ok(back(
        id,
        &f.q,
        if done.already {
            "already-checked-in"
        } else {
            "checked-in"
        },
    ))
}

pub async fn undo(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(f): Form<TapForm>,
) -> AppResult<HttpResponse> {
    let (id, rid) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::door::undo_check_in(conn, access, id, rid)
    })
    .await?;
    Ok(back(id, &f.q, "check-in-undone"))
}

#[derive(Debug, Deserialize)]
pub struct PayForm {
    #[serde(default)]
    q: String,
    /// `cash` or `card`: the button tapped.
    #[serde(default)]
    via: String,
}

/// « Payé comptant » / « Payé par carte »: what the person owed is paid. A second tap
/// finds it paid and says so.
pub async fn record_payment(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(f): Form<PayForm>,
) -> AppResult<HttpResponse> {
    let (id, rid) = path.into_inner();
    // Cash or card only: anything else is refused by the act after it checked who asks.
    let via = PaidVia::parse(f.via.trim()).unwrap_or(PaidVia::Stripe);
    let done = write_as(&state, &who.access, move |conn, access| {
        store::roster::session_for(conn, access, id, Need::Door)?;
        if store::roster::status_of(conn, id, rid)?.is_none() {
            return Err(store::Error::NotFound);
        }
        store::payments_admin::record_payment(conn, access, rid, via, now())
    })
    .await?;
    Ok(back(
        id,
        &f.q,
        if done.already {
            "already-paid"
        } else {
            "payment-recorded"
        },
    ))
}

/// Someone at the door without a registration, while seats remain: registered by staff
/// and checked in at once.
pub async fn walk_in(
    state: web::Data<AppState>,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
    Form(input): Form<WalkIn>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let done = write_as(&state, &who.access, move |conn, access| {
        store::door::walk_in(conn, access, id, &input, lang)
    })
    .await?;
    Ok(back(
        id,
        "",
        if done.waitlisted {
            "registered-waitlist"
        } else {
            "walked-in"
        },
    ))
}

/// After the start: everyone still expected becomes a no-show.
pub async fn no_shows(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::door::mark_no_shows(conn, access, id)
    })
    .await?;
    Ok(back(id, "", "no-shows"))
}
