//! The coordinators' queue of workshop requests (issue 17, part 2): the requests of
//! the MRCs a person coordinates (every MRC for the regional administrator), one page
//! per request with its three decisions — propose dates, accept (a session with a
//! trainer, private or public, and a rate), refuse with a reason — then the invoice
//! and its payment. Handlers parse, ask `store::requests`, render.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Chrome, Form, StaffPage, see_other};
use crate::db::now;
use crate::domain::payment::money;
use crate::domain::request::{
    RawSlot, RequestState, parse_rate, parse_reason, parse_slot, parse_slots,
};
use crate::domain::time;
use crate::error::{FieldError, Msg};
use crate::store::requests::{self as store, Acceptance, ForCoordinator};
use crate::store::staff::StaffUser;
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult, AppState, read_as, render, write_as};

/// The state of a request as the queue and pages say it.
fn state_label(state: &AppState, lang: Lang, s: RequestState) -> String {
    state.i18n.t(lang, &format!("req-state-{}", s.as_str()))
}

#[derive(Serialize)]
struct QueueItem {
    id: i64,
    group: String,
    municipality: String,
    people: i32,
    received: String,
    state: String,
    open: bool,
    service: String,
}

#[derive(Serialize)]
struct QueueView {
    chrome: Chrome,
    items: Vec<QueueItem>,
}

/// `GET /admin/requests`: the queue, open requests first (403 for someone who
/// coordinates nothing).
pub async fn list(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let rows = read_as(&state, &who.access, store::queue).await?;
    let view = QueueView {
        chrome: Chrome::new(&req, &state, lang, &who),
        items: rows
            .into_iter()
            .map(|r| QueueItem {
                id: r.id,
                group: r.group_name,
                municipality: r.municipality,
                people: r.people,
                received: time::date_long(time::local(r.created_at).date_naive(), lang),
                state: state_label(&state, lang, r.state),
                open: r.state.is_open(),
                service: state
                    .i18n
                    .t(lang, &format!("req-service-{}", r.service.as_str())),
            })
            .collect(),
    };
    let title = state.i18n.t(lang, "req-queue-title");
    render(&req, &state, lang, "admin/requests.html", title, &view)
}

#[derive(Serialize, Default)]
struct Opt {
    id: String,
    label: String,
}

/// What the decision forms hold after a refusal (the typed values, a message per
/// field) — or their starting values.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DecisionForm {
    title: String,
    date: String,
    start: String,
    end: String,
    trainer_id: String,
    public: Option<String>,
    rate: String,
    rate_unit: String,
    reason: String,
    slot_date: Vec<String>,
    slot_start: Vec<String>,
    slot_end: Vec<String>,
}

#[derive(Serialize)]
struct RequestPage {
    chrome: Chrome,
    id: i64,
    state: String,
    open: bool,
    scheduled: bool,
    group: String,
    group_kind: String,
    contact: String,
    email: String,
    phone: String,
    service: String,
    topic: String,
    audience: String,
    municipality: String,
    place: String,
    at_requester: bool,
    periods: String,
    people: i32,
    details: String,
    received: String,
    refusal_reason: String,
    team: String,
    slots: Vec<(String, bool)>,
    session: Option<SessionBox>,
    rate: String,
    invoice: Option<InvoiceBox>,
    can_invoice: bool,
    trainers: Vec<Opt>,
    /// The three rows of the « propose dates » form: (date, start, end).
    slot_rows: Vec<[String; 3]>,
    form: DecisionForm,
    /// The form a refusal came from ("dates", "accept", "refuse", "invoice").
    failed: String,
    errors: std::collections::BTreeMap<String, String>,
    error_list: Vec<String>,
}

#[derive(Serialize)]
struct SessionBox {
    id: i64,
    title: String,
    when: String,
    trainers: String,
    public: bool,
}

#[derive(Serialize)]
struct InvoiceBox {
    number: String,
    total: String,
    due: String,
    paid: Option<String>,
}

/// The page, with a failed decision's form and messages when there is one.
async fn page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    who: &StaffUser,
    id: i64,
    failed: Option<(&str, DecisionForm, Vec<FieldError>)>,
) -> AppResult<HttpResponse> {
    let f: ForCoordinator = read_as(state, &who.access, move |c, a| store::show(c, a, id)).await?;
    let d = &f.detail;
    let r = &d.request;
    let tr = |k: &str| state.i18n.t(lang, k);
    let chosen = d.slots.iter().find(|s| s.chosen_at.is_some());
    let (failed_name, form, errors) = match failed {
        Some((n, form, e)) => (n.to_owned(), form, e),
        None => {
            let (date, start, end) = match chosen {
                Some(s) => {
                    let a = time::local(s.starts_at);
                    let b = time::local(s.ends_at);
                    (
                        a.format("%Y-%m-%d").to_string(),
                        a.format("%H:%M").to_string(),
                        b.format("%H:%M").to_string(),
                    )
                }
                None => Default::default(),
            };
            let topic = d.topic.as_ref().map(|t| t.name(lang).to_owned());
            let form = DecisionForm {
                title: match topic {
                    Some(t) => format!("{t} — {}", r.group_name),
                    None => r.group_name.clone(),
                },
                date,
                start,
                end,
                rate_unit: "hour".into(),
                ..DecisionForm::default()
            };
            (String::new(), form, Vec::new())
        }
    };
    let msg = |m: &Msg| state.i18n.msg(lang, m);
    let view = RequestPage {
        chrome: Chrome::new(req, state, lang, who),
        id: r.id,
        state: state_label(state, lang, r.state),
        open: r.state.is_open(),
        scheduled: r.state == RequestState::Scheduled,
        group: r.group_name.clone(),
        group_kind: tr(&format!("req-kind-{}", r.group_kind.as_str())),
        contact: r.contact_name.clone().unwrap_or_default(),
        email: r.email.clone().unwrap_or_default(),
        phone: r.phone.clone().unwrap_or_default(),
        service: tr(&format!("req-service-{}", r.service.as_str())),
        topic: d
            .topic
            .as_ref()
            .map(|t| t.name(lang).to_owned())
            .unwrap_or_default(),
        audience: d
            .audience
            .as_ref()
            .map(|t| t.name(lang).to_owned())
            .unwrap_or_default(),
        municipality: format!("{} ({})", d.municipality, d.mrc),
        place: r.place.clone(),
        at_requester: r.at_requester,
        periods: r.periods.clone(),
        people: r.people,
        details: r.details.clone(),
        received: time::datetime_long(r.confirmed_at.unwrap_or(r.created_at), lang),
        refusal_reason: r.refusal_reason.clone().unwrap_or_default(),
        team: f.team.clone(),
        slots: d
            .slots
            .iter()
            .map(|s| {
                (
                    time::range_long(s.starts_at, s.ends_at, lang),
                    s.chosen_at.is_some(),
                )
            })
            .collect(),
        session: d.session.as_ref().map(|s| SessionBox {
            id: s.id,
            title: s.title.clone(),
            when: time::range_long(s.starts_at, s.ends_at, lang),
            trainers: s.trainers.join(", "),
            public: s.published,
        }),
        rate: match (r.rate_cents, r.rate_unit) {
            (Some(c), Some(u)) => state.i18n.tr(
                lang,
                &format!("req-rate-per-{}", u.as_str()),
                &[("amount", money(c, lang).into())],
            ),
            _ => String::new(),
        },
        invoice: d.invoice.as_ref().map(|i| InvoiceBox {
            number: i.number.clone(),
            total: money(i.total_cents, lang),
            due: time::date_long(time::local(i.due_at).date_naive(), lang),
            paid: i
                .paid_at
                .map(|p| time::date_long(time::local(p).date_naive(), lang)),
        }),
        can_invoice: r.state == RequestState::Scheduled
            && r.rate_cents.is_some()
            && d.invoice.is_none(),
        trainers: f
            .trainers
            .iter()
            .map(|t| Opt {
                id: t.id.to_string(),
                label: t.name.clone(),
            })
            .collect(),
        slot_rows: (0..3)
            .map(|i| {
                let at = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
                [
                    at(&form.slot_date),
                    at(&form.slot_start),
                    at(&form.slot_end),
                ]
            })
            .collect(),
        form,
        failed: failed_name,
        errors: errors
            .iter()
            .rev()
            .map(|e| (e.field.clone(), msg(&e.msg)))
            .collect(),
        error_list: errors.iter().map(|e| msg(&e.msg)).collect(),
    };
    let failed = !view.error_list.is_empty();
    let mut title = state.i18n.tr(
        lang,
        "req-page-title",
        &[("group", r.group_name.as_str().into())],
    );
    if failed {
        title = state
            .i18n
            .tr(lang, "reg-title-error", &[("title", title.into())]);
    }
    let mut res = render(req, state, lang, "admin/request.html", title, &view)?;
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// `GET /admin/requests/{id}`
pub async fn show(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    page(&state, &req, lang, &who, id.into_inner(), None).await
}

/// Runs a decision; a refusal of its input (or a state that changed meanwhile) shows
/// the page again with the form as typed and the message, anything else is an error.
async fn decide<T: Send + 'static>(
    StaffPage(state, req, lang, who): StaffPage,
    id: i64,
    name: &str,
    form: DecisionForm,
    parsed: Result<
        impl FnOnce(
            &mut crate::db::DbConnection,
            &crate::domain::access::Access,
        ) -> crate::store::Result<T>
        + Send
        + 'static,
        Vec<FieldError>,
    >,
    done: &str,
) -> AppResult<HttpResponse> {
    let errors = match parsed {
        Err(errors) => errors,
        Ok(act) => match write_as(&state, &who.access, act).await {
            Ok(_) => return Ok(see_other(&format!("/admin/requests/{id}"), done)),
            Err(AppError::Validation(errors)) => errors,
            Err(AppError::Conflict(m)) => vec![FieldError::new(name, m)],
            Err(e) => return Err(e),
        },
    };
    page(&state, &req, lang, &who, id, Some((name, form, errors))).await
}

fn slots_of(f: &DecisionForm) -> Vec<RawSlot> {
    (0..f.slot_date.len().max(f.slot_start.len()))
        .map(|i| RawSlot {
            date: f.slot_date.get(i).cloned().unwrap_or_default(),
            start: f.slot_start.get(i).cloned().unwrap_or_default(),
            end: f.slot_end.get(i).cloned().unwrap_or_default(),
        })
        .collect()
}

/// `POST /admin/requests/{id}/dates`: proposes dates to pick from.
pub async fn propose(
    p: StaffPage,
    id: web::Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let at = now();
    let parsed = parse_slots(&slots_of(&f), at)
        .map(|slots| move |c: &mut _, a: &_| store::propose(c, a, id, &slots, at));
    decide(p, id, "dates", f, parsed, "request-dates").await
}

/// `POST /admin/requests/{id}/accept`: schedules the workshop with a trainer.
pub async fn accept(
    p: StaffPage,
    id: web::Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let at = now();
    let travel = chrono::Duration::minutes(i64::from(p.0.settings.travel_gap_minutes));
    let programme_title = p.0.i18n.t(Lang::Fr, "req-programme-title");
    let mut errors = Vec::new();
    let title = f.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(FieldError::new("title", Msg::new("admin-error-required")));
    }
    // Said on the date field, whichever part was wrong.
    let span = parse_slot(
        &RawSlot {
            date: f.date.clone(),
            start: f.start.clone(),
            end: f.end.clone(),
        },
        "date",
        at,
    )
    .map_err(|e| errors.push(e))
    .ok();
    let trainer_id = f.trainer_id.trim().parse::<i64>().ok();
    if trainer_id.is_none() {
        errors.push(FieldError::new("trainer_id", Msg::new("req-error-trainer")));
    }
    let rate = parse_rate(&f.rate, &f.rate_unit).unwrap_or_else(|e| {
        errors.extend(e);
        None
    });
    let parsed = match (span, trainer_id) {
        (Some((starts_at, ends_at)), Some(trainer_id)) if errors.is_empty() => {
            let a = Acceptance {
                title,
                starts_at,
                ends_at,
                trainer_id,
                public: f.public.is_some(),
                rate,
                programme_title,
            };
            Ok(move |c: &mut _, w: &_| store::accept(c, w, id, &a, travel, at))
        }
        _ => Err(errors),
    };
    decide(p, id, "accept", f, parsed, "request-accepted").await
}

/// `POST /admin/requests/{id}/refuse`: refuses, with the reason the requester reads.
pub async fn refuse(
    p: StaffPage,
    id: web::Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let at = now();
    let parsed = parse_reason(&f.reason)
        .map(|reason| move |c: &mut _, a: &_| store::refuse(c, a, id, &reason, at))
        .map_err(|e| vec![e]);
    decide(p, id, "refuse", f, parsed, "request-refused").await
}

/// `POST /admin/requests/{id}/invoice`: issues the invoice and emails its PDF.
pub async fn invoice(
    p: StaffPage,
    id: web::Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let at = now();
    let parsed: Result<_, Vec<FieldError>> =
        Ok(move |c: &mut _, a: &_| store::issue_invoice(c, a, id, at));
    decide(p, id, "invoice", f, parsed, "invoice-issued").await
}

/// `POST /admin/requests/{id}/invoice/paid`: marks the invoice paid (by hand).
pub async fn paid(
    p: StaffPage,
    id: web::Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let at = now();
    let parsed: Result<_, Vec<FieldError>> =
        Ok(move |c: &mut _, a: &_| store::mark_paid(c, a, id, at));
    decide(p, id, "invoice", f, parsed, "invoice-paid").await
}

/// `GET /admin/requests/{id}/invoice.pdf`: the invoice as the requester received it.
pub async fn invoice_pdf(
    StaffPage(state, _req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let data = read_as(&state, &who.access, move |c, a| {
        store::invoice_for(c, a, id)
    })
    .await?;
    let file = crate::mail::requests::invoice_file_name(&data, &state.i18n, lang);
    let doc = crate::mail::requests::invoice_doc(&data, &state.i18n, lang);
    crate::web::pdf_download(&file, move || crate::invoice::render(&doc)).await
}
