//! Paid sessions in the back office (issue 13): what a registration owes or paid, in
//! words (the door, the session's people, the refunds page), the organisation's ways
//! to pay and refund policy, and the refunds Stripe has not made yet. The acts are
//! `store::payments_admin`'s.

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::Serialize;

use super::{Chrome, Form, Staff, StaffPage, see_other};
use crate::db::models::Payment;
use crate::domain::payment::{PayStatus, money};
use crate::domain::time;
use crate::store;
use crate::store::payments_admin::{PaymentSettings, PaymentSettingsForm};
use crate::web::AppResult;
use crate::web::i18n::{I18n, Lang};
use crate::web::{AppState, read_as, render, write_as};

/// A registration's payment as staff read it.
#[derive(Debug, Clone, Serialize)]
pub struct PayView {
    /// `due`, `pending`, `paid`, `expired`, `refund_due`, `refunded`, `void`.
    pub status: String,
    /// « Doit 15,00 $ », « Payé — comptant », « Paiement en ligne en attente »…
    pub label: String,
    /// The amount, « 15,00 $ ».
    pub amount: String,
    /// Owed at the door: the door offers « Payé comptant » / « Payé par carte ».
    pub due: bool,
    /// A refund Stripe did not make yet, with its last error, attempts and next try.
    pub problem: Option<String>,
}

impl PayView {
    pub fn new(i18n: &I18n, lang: Lang, p: &Payment) -> PayView {
        let amount = money(p.amount_cents, lang);
        let with_amount = |key: &str| i18n.tr(lang, key, &[("amount", amount.as_str().into())]);
        let label = match p.status {
            PayStatus::Due => with_amount("pay-admin-due"),
            PayStatus::Pending => i18n.t(lang, "pay-admin-pending"),
            PayStatus::Paid => {
                let via = p
                    .paid_via
                    .map(|v| i18n.t(lang, &format!("pay-admin-via-{v}")))
                    .unwrap_or_default();
                i18n.tr(lang, "pay-admin-paid", &[("via", via.into())])
            }
            PayStatus::Expired => i18n.t(lang, "pay-admin-expired"),
            PayStatus::RefundDue => with_amount("pay-admin-refund-due"),
            PayStatus::Refunded => i18n.tr(
                lang,
                "pay-admin-refunded",
                &[("amount", money(p.refunded_cents, lang).into())],
            ),
            PayStatus::Void => i18n.t(lang, "pay-admin-void"),
        };
        PayView {
            status: p.status.to_string(),
            due: p.status == PayStatus::Due,
            problem: refund_problem(i18n, lang, p),
            label,
            amount,
        }
    }
}

/// « Remboursement en échec : <error> — nouvel essai à <time> (3 essais) » for a refund
/// Stripe refused or did not answer; « Remboursement demandé à Stripe » before any
/// answer.
fn refund_problem(i18n: &I18n, lang: Lang, p: &Payment) -> Option<String> {
    if p.status != PayStatus::RefundDue {
        return None;
    }
    let next = p
        .refund_next_at
        .map(|t| next_try(i18n, lang, t, crate::db::now()))
        .unwrap_or_default();
    Some(match &p.refund_error {
        Some(error) => i18n.tr(
            lang,
            "pay-admin-refund-failed",
            &[
                ("error", error.as_str().into()),
                ("next", next.into()),
                ("attempts", p.refund_attempts.into()),
            ],
        ),
        None => i18n.t(lang, "pay-admin-refund-waiting"),
    })
}

/// When a refund is asked again: « à 14 h 05 » today, « le samedi 14 mars 2026,
/// 13 h 30 » another day (Québec time).
fn next_try(i18n: &I18n, lang: Lang, at: NaiveDateTime, now: NaiveDateTime) -> String {
    use chrono::Timelike;
    if time::other_local_day(at, now).is_none() {
        let local = time::local(at);
        let clock = time::clock(local.hour(), local.minute(), lang);
        i18n.tr(lang, "pay-admin-next-today", &[("time", clock.into())])
    } else {
        let when = time::datetime_long(at, lang);
        i18n.tr(lang, "pay-admin-next-later", &[("when", when.into())])
    }
}

/// What the organisation page shows of its payment settings.
#[derive(Debug, Serialize)]
pub struct OrgPayView {
    pub values: PaymentSettingsForm,
    /// The region has no Stripe key: online payment is off whatever is chosen.
    pub stripe_missing: bool,
    /// The ways people may pay now, in words.
    pub summary: String,
}

impl OrgPayView {
    pub fn new(state: &AppState, lang: Lang, s: &PaymentSettings) -> OrgPayView {
        let stripe = !state.settings.stripe_secret_key.is_empty();
        let ways = crate::domain::payment::Ways::new(s.pay_online, s.pay_on_site, stripe);
        let key = match (ways.online, ways.on_site) {
            (true, true) => "pay-admin-ways-now-both",
            (true, false) => "pay-admin-ways-now-online",
            _ => "pay-admin-ways-now-on-site",
        };
        OrgPayView {
            values: PaymentSettingsForm::of(s),
            stripe_missing: !stripe,
            summary: state.i18n.t(lang, key),
        }
    }
}

/// `POST /admin/organisations/{id}/payments`: ways to pay, refunds, late payments, tax
/// number and postal address (managers).
pub async fn update_settings(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<PaymentSettingsForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::payments_admin::update_payment_settings(conn, access, id, &f)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/organisations/{id}"),
        "payment-settings-saved",
    ))
}

#[derive(Debug, Serialize)]
struct RefundRow {
    name: String,
    session: String,
    session_url: String,
    when: String,
    amount: String,
    /// When the refund last changed (asked, or refused again).
    updated: String,
    problem: Option<String>,
    failing: bool,
}

#[derive(Debug, Serialize)]
struct RefundsView {
    chrome: Chrome,
    rows: Vec<RefundRow>,
    failing: usize,
}

/// `GET /admin/refunds`: refunds Stripe has not made yet in one's organisations, those
/// that failed first, with the error and the next try.
pub async fn refunds(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let waiting = read_as(&state, &who.access, move |conn, access| {
        store::payments_admin::refunds_waiting(conn, access)
    })
    .await?;
    let rows: Vec<RefundRow> = waiting
        .iter()
        .map(|w| RefundRow {
            name: w.name.clone().unwrap_or_else(|| "—".into()),
            session: w.session_title.clone(),
            session_url: format!("/admin/sessions/{}/registrations", w.session_id),
            when: time::datetime_long(w.starts_at, lang),
            amount: money(w.payment.amount_cents, lang),
            updated: time::datetime_long(w.payment.updated_at, lang),
            problem: refund_problem(&state.i18n, lang, &w.payment),
            failing: w.payment.refund_error.is_some(),
        })
        .collect();
    let view = RefundsView {
        chrome: Chrome::new(&req, &state, lang, &who),
        failing: rows.iter().filter(|r| r.failing).count(),
        rows,
    };
    let title = state.i18n.t(lang, "pay-admin-refunds-title");
    render(&req, &state, lang, "admin/refunds.html", title, &view)
}
