//! Emails about workshop requests (issue 17, part 2): what their templates see (the
//! requester's link, the dates proposed, the scheduled time, place and trainer, the
//! coordinators' back-office link), and the invoice as its PDF reads in the reader's
//! language ([`invoice_doc`], also what the download links serve).

use chrono::NaiveDateTime;
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::domain::messages::MessageKind;
use crate::domain::payment::money;
use crate::domain::request::quantity;
use crate::domain::time;
use crate::i18n::{I18n, Lang};
use crate::invoice::InvoiceDoc;
use crate::store::requests::InvoiceData;

#[derive(Debug, Default, Deserialize)]
struct Span {
    starts_at: String,
    ends_at: String,
}

/// What a request's message carries in its outbox payload.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RequestPayload {
    /// The requester's link (`/requests/{token}`), minted for this message.
    request_token: Option<String>,
    /// The coordinators' page of the request.
    request_path: Option<String>,
    /// Dates proposed (UTC, RFC 3339).
    #[serde(default)]
    dates: Vec<Span>,
    /// Where a scheduled workshop takes place, and who gives it.
    place: Option<String>,
    trainers: Option<String>,
    /// A scheduled workshop is in the public calendar.
    #[serde(default)]
    public: bool,
    /// The invoice an `invoice_issued` message sends.
    pub(super) invoice: Option<InvoiceData>,
}

/// What a request's template sees.
#[derive(Debug, Serialize)]
pub struct RequestMail {
    /// The requester's link.
    pub link: Option<String>,
    /// The coordinators' page.
    pub admin_url: Option<String>,
    /// Dates proposed, as people read them.
    pub dates: Vec<String>,
    pub place: String,
    pub trainers: String,
    pub public: bool,
    /// An invoice: number, total, due date.
    pub invoice: Option<InvoiceMail>,
}

#[derive(Debug, Serialize)]
pub struct InvoiceMail {
    pub number: String,
    pub total: String,
    pub due: String,
}

fn parse_time(s: &str) -> Option<NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.naive_utc())
}

/// The request part of a message's view (`None` for any other kind).
pub(super) fn view(
    kind: MessageKind,
    p: &RequestPayload,
    base_url: &str,
    lang: Lang,
) -> Option<RequestMail> {
    if !kind.is_request() {
        return None;
    }
    Some(RequestMail {
        link: p
            .request_token
            .as_deref()
            .map(|t| format!("{base_url}/requests/{t}")),
        admin_url: p
            .request_path
            .as_deref()
            .filter(|path| path.starts_with("/admin/"))
            .map(|path| format!("{base_url}{path}")),
        dates: p
            .dates
            .iter()
            .filter_map(|d| {
                Some(time::range_long(
                    parse_time(&d.starts_at)?,
                    parse_time(&d.ends_at)?,
                    lang,
                ))
            })
            .collect(),
        place: p.place.clone().unwrap_or_default(),
        trainers: p.trainers.clone().unwrap_or_default(),
        public: p.public,
        invoice: p.invoice.as_ref().map(|i| InvoiceMail {
            number: i.number.clone(),
            total: money(i.totals.total_cents, lang),
            due: time::date_long(time::local(i.due_at).date_naive(), lang),
        }),
    })
}

/// The invoice's file name in the reader's language: `facture-2026-0001.pdf`.
pub fn invoice_file_name(d: &InvoiceData, i18n: &I18n, lang: Lang) -> String {
    format!("{}-{}.pdf", i18n.t(lang, "invoice-file"), d.number)
}

/// The invoice's words and amounts in the reader's language, ready to lay out.
pub fn invoice_doc(d: &InvoiceData, i18n: &I18n, lang: Lang) -> InvoiceDoc {
    let t = |k: &str| i18n.t(lang, k);
    let day = |utc: NaiveDateTime| time::date_long(time::local(utc).date_naive(), lang);
    let mut issuer = vec![d.issuer_name.clone()];
    issuer.extend(
        d.issuer_address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned),
    );
    if let Some(n) = &d.tax_number {
        issuer.push(format!("{} {n}", t("invoice-tax-numbers")));
    }
    let rows = d
        .lines
        .iter()
        .map(|l| {
            let unit = if l.unit == "hour" {
                t("invoice-unit-hour")
            } else {
                t("invoice-unit-session")
            };
            [
                l.description.clone(),
                format!("{} {unit}", quantity(l.quantity_hundredths, lang)),
                money(l.unit_cents, lang),
                money(l.amount_cents, lang),
            ]
        })
        .collect();
    let mut totals = Vec::new();
    if d.tax_number.is_some() {
        totals.push((t("invoice-subtotal"), money(d.totals.subtotal_cents, lang)));
        totals.push((t("invoice-gst"), money(d.totals.gst_cents, lang)));
        totals.push((t("invoice-qst"), money(d.totals.qst_cents, lang)));
    }
    totals.push((t("invoice-total"), money(d.totals.total_cents, lang)));
    let mut notes = vec![match d.paid_at {
        Some(p) => i18n.tr(
            lang,
            "invoice-paid-on",
            &[("date", FluentValue::from(day(p)))],
        ),
        None => i18n.tr(
            lang,
            "invoice-pay-by",
            &[
                ("date", FluentValue::from(day(d.due_at))),
                ("issuer", FluentValue::from(d.issuer_name.as_str())),
            ],
        ),
    }];
    if d.tax_number.is_none() {
        notes.push(t("invoice-no-taxes"));
    }
    notes.push(i18n.tr(
        lang,
        "invoice-reference",
        &[("id", FluentValue::from(d.request_id))],
    ));
    InvoiceDoc {
        document_title: i18n.tr(
            lang,
            "invoice-document-title",
            &[("number", FluentValue::from(d.number.as_str()))],
        ),
        heading: t("invoice-heading"),
        issuer,
        facts: vec![
            (t("invoice-number"), d.number.clone()),
            (t("invoice-date"), day(d.issued_at)),
            (t("invoice-due"), day(d.due_at)),
        ],
        bill_to_label: t("invoice-bill-to"),
        bill_to: vec![d.bill_to.clone()],
        columns: [
            t("invoice-col-description"),
            t("invoice-col-quantity"),
            t("invoice-col-unit"),
            t("invoice-col-amount"),
        ],
        rows,
        totals,
        notes,
    }
}
