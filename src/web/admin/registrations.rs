//! A session's people for the organiser: confirmed, waitlist in order, offered and
//! cancelled; registering someone who phoned; promoting from the waitlist by hand;
//! writing to everyone confirmed; cancelling the session; CSV exports. Every rule is the
//! registration engine's (`store::registrations`); these handlers only ask it.

use crate::web::{AppError, AppResult};
use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Chrome, Empty, Form, Staff, StaffPage, see_other};
use crate::db::models::Registration;
use crate::domain::csv::{self, Separator};
use crate::error::FieldError;
use crate::store;
use crate::store::intake::RawInput;
use crate::store::people::Channel;
use crate::store::roster::Need;
use crate::web::i18n::Lang;
use crate::web::{AppState, read_as, render, write_as};

/// A registration as the organiser's lists show it.
#[derive(Debug, Serialize)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub seats: i32,
    pub status: String,
    pub status_label: String,
    pub needs: String,
    pub code: String,
    pub registered: String,
    pub by_staff: bool,
    /// What the person owes or paid (a paid session), in words.
    pub pay: Option<super::payments::PayView>,
    /// Put on the waitlist first by the organisation's no-show policy.
    pub no_show_hold: bool,
}

impl PersonRow {
    pub fn new(state: &AppState, lang: Lang, r: &Registration) -> PersonRow {
        let contact = [r.email.clone(), r.phone.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        PersonRow {
            id: r.id,
            name: r.name.clone().unwrap_or_else(|| "—".into()),
            contact,
            seats: r.seats,
            status_label: state.i18n.t(lang, &format!("admin-person-{}", r.status)),
            status: r.status.to_string(),
            needs: r.needs.clone().unwrap_or_default(),
            code: r.check_in_code.clone(),
            registered: crate::domain::time::datetime_long(r.created_at, lang),
            by_staff: r.source == crate::domain::registration::Source::Staff,
            pay: None,
            no_show_hold: false,
        }
    }

    /// The row with what the registration owes or paid (`payments_of`).
    pub fn with_pay(mut self, state: &AppState, lang: Lang, payments: &Payments) -> PersonRow {
        self.pay = payments
            .get(&self.id)
            .map(|p| super::payments::PayView::new(&state.i18n, lang, p));
        self
    }
}

/// Registrations' payments, by registration id.
pub type Payments = std::collections::HashMap<i64, crate::db::models::Payment>;

#[derive(Debug, Serialize)]
struct PeopleView {
    chrome: Chrome,
    id: i64,
    event_id: i64,
    title: String,
    when: String,
    cancelled: bool,
    seats: String,
    confirmed: Vec<PersonRow>,
    waitlist: Vec<PersonRow>,
    offered: Vec<PersonRow>,
    cancelled_people: Vec<PersonRow>,
    values: RawForm,
    errors: BTreeMap<String, String>,
    message_count: usize,
    /// A paid session: its full price and the rates staff may choose from.
    price: Option<String>,
    rates: Vec<RateChoice>,
    /// Someone owes or paid something: the lists say what.
    show_pay: bool,
}

/// A rate staff may register someone at: the full price (empty slug) or an audience's
/// reduced price.
#[derive(Debug, Serialize)]
struct RateChoice {
    slug: String,
    label: String,
    selected: bool,
}

/// The staff registration form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawForm {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub seats: String,
    pub needs: String,
    pub language: String,
    pub consent: String,
    /// A paid session: the audience (slug) of the reduced rate; empty: the full price.
    pub rate: String,
}

impl RawForm {
    fn raw(&self) -> RawInput {
        RawInput {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            seats: self.seats.clone(),
            needs: self.needs.clone(),
            language: self.language.clone(),
            consent: !self.consent.is_empty(),
        }
    }
}

/// A session's people page.
fn people_url(id: i64) -> String {
    format!("/admin/sessions/{id}/registrations")
}

async fn people_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    who: &Staff,
    id: i64,
    values: RawForm,
    errors: &[FieldError],
) -> AppResult<HttpResponse> {
    let (s, roster, payments, reduced) = read_as(state, &who.access, move |conn, access| {
        let s = store::roster::session_for(conn, access, id, Need::Manage)?;
        let roster = store::registrations::roster(conn, id)?;
        let payments = store::payments_admin::payments_of_sessions(conn, &[id])?;
        let payments = (payments, store::outcomes::held_in(conn, id)?);
        // The session's reduced prices with their audiences' names.
        let reduced = if s.price_cents > 0 {
            store::sessions::details(conn, vec![s.clone()])?
                .pop()
                .map(|d| d.reduced_prices)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Ok((s, roster, payments, reduced))
    })
    .await?;
    let (payments, held) = payments;
    let rows = |v: &[Registration]| {
        v.iter()
            .map(|r| PersonRow {
                no_show_hold: held.contains(&r.id),
                ..PersonRow::new(state, lang, r).with_pay(state, lang, &payments)
            })
            .collect::<Vec<_>>()
    };
    let paid = s.price_cents > 0;
    let price = paid.then(|| crate::domain::payment::money(s.price_cents, lang));
    let rates: Vec<RateChoice> = if paid {
        std::iter::once(RateChoice {
            slug: String::new(),
            label: state.i18n.tr(
                lang,
                "pay-admin-rate-full",
                &[("amount", price.clone().unwrap_or_default().into())],
            ),
            selected: values.rate.trim().is_empty(),
        })
        .chain(reduced.iter().map(|(t, cents)| RateChoice {
            label: state.i18n.tr(
                lang,
                if *cents == 0 {
                    "pay-admin-rate-free"
                } else {
                    "pay-admin-rate-reduced"
                },
                &[
                    ("audience", t.name(lang).into()),
                    ("amount", crate::domain::payment::money(*cents, lang).into()),
                ],
            ),
            selected: values.rate.trim() == t.slug,
            slug: t.slug.clone(),
        }))
        .collect()
    } else {
        Vec::new()
    };
    let mut errs = BTreeMap::new();
    for e in errors {
        // The engine speaks to the citizen ("acceptez…"); here staff fill the form for them.
        let key = match e.msg.key.as_str() {
            "reg-error-consent" => "admin-error-consent",
            other => other,
        };
        errs.entry(e.field.clone())
            .or_insert_with(|| state.i18n.msg_as(lang, key, &e.msg));
    }
    let view = PeopleView {
        chrome: Chrome::new(req, state, lang, who),
        id,
        event_id: s.event_id,
        when: crate::domain::time::range_long(s.starts_at, s.ends_at, lang),
        cancelled: s.status == crate::domain::session::SessionStatus::Cancelled,
        seats: match s.capacity {
            Some(c) => format!("{} / {c}", s.seats_taken),
            None => s.seats_taken.to_string(),
        },
        message_count: roster
            .confirmed
            .iter()
            .filter(|r| store::people::reached_by_message(r))
            .count(),
        confirmed: rows(&roster.confirmed),
        waitlist: rows(&roster.waitlist),
        offered: rows(&roster.offered),
        cancelled_people: rows(&roster.cancelled),
        values,
        errors: errs,
        show_pay: price.is_some() || !payments.is_empty(),
        price,
        rates,
        title: s.title,
    };
    let title = format!(
        "{} — {}",
        state.i18n.t(lang, "admin-people-title"),
        view.title
    );
    let mut res = render(req, state, lang, "admin/people.html", title, &view)?;
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub async fn list(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let values = RawForm {
        seats: "1".into(),
        ..Default::default()
    };
    people_page(&req, &state, lang, &who, id.into_inner(), values, &[]).await
}

/// Registers someone who phoned or came to the desk (email optional, phone instead).
pub async fn create(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
    Form(f): Form<RawForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let raw = f.raw();
    let channel = Channel {
        rate: Some(f.rate.clone()),
        ..Channel::default()
    };
    let result = write_as(&state, &who.access, move |conn, access| {
        store::people::register(conn, access, id, &raw, lang, &channel)
    })
    .await;
    match result {
        Ok(done) if done.created() => Ok(see_other(
            &people_url(id),
            if done.registration.status == crate::domain::registration::Status::Waitlisted {
                "registered-waitlist"
            } else {
                "registered"
            },
        )),
        Ok(_) => Ok(see_other(&people_url(id), "already-registered")),
        Err(AppError::Validation(errors)) => {
            people_page(&req, &state, lang, &who, id, f, &errors).await
        }
        Err(e) => Err(e),
    }
}

/// Moves one waiting person to a seat, out of turn.
pub async fn promote(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let (id, rid) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::people::promote(conn, access, id, rid)
    })
    .await?;
    Ok(see_other(&people_url(id), "promoted"))
}

#[derive(Debug, Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

/// Writes to everyone confirmed (through the outbox).
pub async fn message(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<MessageForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let from = who.user.name.clone();
    write_as(&state, &who.access, move |conn, access| {
        store::people::message(conn, access, &from, id, &f.subject, &f.body)
    })
    .await?;
    Ok(see_other(&people_url(id), "message-queued"))
}

#[derive(Debug, Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    reason: String,
}

/// Cancels the session with a reason; the engine cancels every registration and tells
/// each person.
pub async fn cancel(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<CancelForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::people::cancel_session(conn, access, id, &f.reason)
    })
    .await?;
    Ok(see_other(&super::sessions::session_url(id), "cancelled"))
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    sep: Option<String>,
}

/// An amount as a spreadsheet of the export's locale reads a number: « 15,00 » with
/// the semicolon (French), « 15.00 » with the comma (English); no currency sign.
fn csv_amount(cents: i32, sep: Separator) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let point = match sep {
        Separator::Semicolon => ',',
        Separator::Comma => '.',
    };
    format!("{sign}{}{point}{:02}", c / 100, c % 100)
}

/// The payment cells of an export line (status, amount, how paid, when, refunded);
/// empty when the registration owes nothing.
fn payment_cells(
    t: &dyn Fn(&str) -> String,
    stamp: &dyn Fn(chrono::NaiveDateTime) -> String,
    p: Option<&crate::db::models::Payment>,
    sep: Separator,
) -> [String; 5] {
    let Some(p) = p else {
        return Default::default();
    };
    [
        t(&format!("pay-admin-csv-status-{}", p.status)),
        csv_amount(p.amount_cents, sep),
        p.paid_via
            .map(|v| t(&format!("pay-admin-via-{v}")))
            .unwrap_or_default(),
        p.paid_at.map(stamp).unwrap_or_default(),
        if p.refunded_cents > 0 {
            csv_amount(p.refunded_cents, sep)
        } else {
            String::new()
        },
    ]
}

fn csv_response(
    state: &AppState,
    lang: Lang,
    name: &str,
    sep: Separator,
    (rows, payments): &(Vec<store::roster::ExportRow>, Payments),
) -> HttpResponse {
    let t = |k: &str| state.i18n.t(lang, k);
    let mut out = String::from(csv::BOM);
    out.push_str(&csv::line(
        &[
            t("admin-csv-session"),
            t("admin-csv-date"),
            t("admin-csv-name"),
            t("admin-csv-email"),
            t("admin-csv-phone"),
            t("admin-csv-seats"),
            t("admin-csv-status"),
            t("admin-csv-source"),
            t("admin-csv-registered"),
            t("admin-csv-checked-in"),
            t("admin-csv-needs"),
            t("admin-csv-code"),
            t("pay-admin-csv-status"),
            t("pay-admin-csv-amount"),
            t("pay-admin-csv-via"),
            t("pay-admin-csv-paid-at"),
            t("pay-admin-csv-refunded"),
        ],
        sep,
    ));
    let stamp = |d: chrono::NaiveDateTime| {
        crate::domain::time::local(d)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    for row in rows {
        let r = &row.registration;
        let [pay_status, amount, via, paid_at, refunded] =
            payment_cells(&t, &stamp, payments.get(&r.id), sep);
        out.push_str(&csv::line(
            &[
                row.session_title.clone(),
                stamp(row.starts_at),
                r.name.clone().unwrap_or_default(),
                r.email.clone().unwrap_or_default(),
                r.phone.as_deref().map(csv::phone).unwrap_or_default(),
                r.seats.to_string(),
                t(&format!("admin-person-{}", r.status)),
                t(&format!("admin-source-{}", r.source)),
                stamp(r.created_at),
                r.checked_in_at.map(stamp).unwrap_or_default(),
                r.needs.clone().unwrap_or_default(),
                r.check_in_code.clone(),
                pay_status,
                amount,
                via,
                paid_at,
                refunded,
            ],
            sep,
        ));
    }
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(out)
}

/// An export's lines and their payments.
fn export_with_payments(
    conn: &mut crate::db::DbConnection,
    session_ids: &[i64],
) -> store::Result<(Vec<store::roster::ExportRow>, Payments)> {
    let rows = store::roster::export_rows(conn, session_ids)?;
    let payments = store::payments_admin::payments_of_sessions(conn, session_ids)?;
    Ok((rows, payments))
}

fn separator(q: &ExportQuery, lang: Lang) -> AppResult<Separator> {
    match q.sep.as_deref() {
        None | Some("") => Ok(match lang {
            Lang::Fr => Separator::Semicolon,
            Lang::En => Separator::Comma,
        }),
        Some(s) => {
            Separator::parse(s).ok_or_else(|| AppError::bad_request("admin-error-separator"))
        }
    }
}

/// `GET /admin/sessions/{id}/export.csv?sep=semicolon|comma`: registrations and attendance.
pub async fn export_session(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let q: ExportQuery = crate::web::parse_query(&req)?;
    let sep = separator(&q, lang)?;
    let id = id.into_inner();
    let rows = read_as(&state, &who.access, move |conn, access| {
        store::roster::session_for(conn, access, id, Need::Manage)?;
        export_with_payments(conn, &[id])
    })
    .await?;
    Ok(csv_response(
        &state,
        lang,
        &format!("seance-{id}"),
        sep,
        &rows,
    ))
}

/// `GET /admin/events/{id}/export.csv`: every session of the programme.
pub async fn export_event(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let q: ExportQuery = crate::web::parse_query(&req)?;
    let sep = separator(&q, lang)?;
    let id = id.into_inner();
    let (slug, rows) = read_as(&state, &who.access, move |conn, access| {
        let (slug, ids) = store::roster::event_sessions(conn, access, id)?;
        Ok((slug, export_with_payments(conn, &ids)?))
    })
    .await?;
    Ok(csv_response(&state, lang, &slug, sep, &rows))
}
