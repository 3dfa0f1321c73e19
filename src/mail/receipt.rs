//! A receipt as the payment emails show it (issue 13): number, amount, taxes
//! included when the organisation gives a tax number, and how it was paid.

use serde::Serialize;

use crate::db::models::OutboxRow;
use crate::domain::payment::{self, PaidVia};
use crate::domain::time;
use crate::i18n::{I18n, Lang};
use crate::store::delivery::MessageSubject;
use crate::store::sessions::SessionDetails;

/// A receipt as the email shows it.
#[derive(Debug, Serialize)]
pub(super) struct ReceiptMail {
    /// « R-<registration id> ».
    number: Option<String>,
    paid_on: Option<String>,
    organisation: String,
    postal_address: String,
    title: String,
    when: String,
    seats: i32,
    amount: String,
    /// Taxes included, when the organisation gives a tax number.
    taxes: Option<TaxesMail>,
    /// How it was paid, in words.
    paid_via: Option<String>,
}

/// The taxes included in a receipt's amount (`domain::payment::included_taxes`).
#[derive(Debug, Serialize)]
struct TaxesMail {
    gst: String,
    qst: String,
    number: String,
}

/// How a payment reached the organisation, in words.
fn paid_via_text(via: PaidVia, i18n: &I18n, lang: Lang) -> String {
    i18n.t(
        lang,
        match via {
            PaidVia::Stripe => "mail-receipt-via-stripe",
            PaidVia::Cash => "mail-receipt-via-cash",
            PaidVia::Card => "mail-receipt-via-card",
        },
    )
}

/// The receipt of a registration's payment, read as it is now (the payload's amount
/// when the payment row is gone).
pub(super) fn receipt_mail(
    subj: &MessageSubject,
    d: &SessionDetails,
    row: &OutboxRow,
    payload_amount: Option<i32>,
    i18n: &I18n,
    lang: Lang,
) -> ReceiptMail {
    let p = subj.payment.as_ref();
    let amount = p.map(|p| p.amount_cents).or(payload_amount).unwrap_or(0);
    let issuer = subj.issuer.clone().unwrap_or_default();
    ReceiptMail {
        number: row
            .registration_id
            .or(p.map(|p| p.registration_id))
            .map(|id| format!("R-{id}")),
        paid_on: p
            .and_then(|p| p.paid_at)
            .map(|t| time::datetime_long(t, lang)),
        organisation: d.organisation.name.clone(),
        postal_address: issuer.postal_address,
        title: d.session.title.clone(),
        when: time::range_long(d.session.starts_at, d.session.ends_at, lang),
        seats: subj.registration.as_ref().map_or(1, |r| r.seats),
        amount: payment::money(amount, lang),
        taxes: issuer.tax_number.map(|number| {
            let (gst, qst) = payment::included_taxes(amount);
            TaxesMail {
                gst: payment::money(gst, lang),
                qst: payment::money(qst, lang),
                number,
            }
        }),
        paid_via: p
            .and_then(|p| p.paid_via)
            .map(|v| paid_via_text(v, i18n, lang)),
    }
}
