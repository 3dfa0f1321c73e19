//! Invoices of scheduled requests: issued and emailed as a PDF, marked paid by hand,
//! or paid online through Stripe (its event applied once).

use super::*;

/// An invoice as its PDF and emails show it (amounts in cents, times in UTC).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvoiceData {
    pub number: String,
    pub issued_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub issuer_name: String,
    pub issuer_address: String,
    pub tax_number: Option<String>,
    pub bill_to: String,
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub paid_at: Option<NaiveDateTime>,
    pub request_id: i64,
}

fn invoice_data(conn: &mut DbConnection, inv: &InvoiceRow) -> Result<InvoiceData> {
    let (issuer_name, issuer_address): (String, String) = organisations::table
        .find(inv.organisation_id)
        .select((organisations::name, organisations::postal_address))
        .first(conn)?;
    let lines: Vec<Line> = serde_json::from_str(&inv.lines)
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("invoice {}: lines: {e}", inv.id)))?;
    Ok(InvoiceData {
        number: inv.number.clone(),
        issued_at: inv.issued_at,
        due_at: inv.due_at,
        issuer_name,
        issuer_address,
        tax_number: inv.tax_number.clone(),
        bill_to: inv.bill_to.clone(),
        lines,
        totals: Totals {
            subtotal_cents: inv.subtotal_cents,
            gst_cents: inv.gst_cents,
            qst_cents: inv.qst_cents,
            total_cents: inv.total_cents,
        },
        paid_at: inv.paid_at,
        request_id: inv.request_id,
    })
}

/// Issues the invoice of a scheduled request with a rate (one per request: issuing
/// again is a conflict), numbered in the team organisation's sequence for the year,
/// taxes added when the organisation gives its tax numbers, due in [`DUE_DAYS`]; the
/// requester is emailed the PDF. Its line names the workshop and its day in the
/// requester's language.
pub fn issue_invoice(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    now: NaiveDateTime,
) -> Result<i64> {
    write_tx(conn, |conn| {
        let r = for_coordinator(conn, who, id)?;
        let (Some(session_id), RequestState::Scheduled) = (r.session_id, r.state) else {
            return Err(Error::conflict("req-error-not-scheduled"));
        };
        let (Some(rate), Some(unit)) = (r.rate_cents, r.rate_unit) else {
            return Err(Error::conflict("req-error-no-rate"));
        };
        let already: i64 = invoices::table
            .filter(invoices::request_id.eq(r.id))
            .count()
            .get_result(conn)?;
        if already > 0 {
            return Err(Error::conflict("req-error-invoiced"));
        }
        let s = crate::store::sessions::lock_session(conn, session_id)?;
        let org = s.organisation_id;
        // One issuer at a time per organisation (SQLite holds the write lock).
        let tax_number: Option<String> = match conn {
            DbConnection::Postgres(c) => organisations::table
                .find(org)
                .select(organisations::tax_number)
                .for_update()
                .first(c)?,
            DbConnection::Sqlite(c) => organisations::table
                .find(org)
                .select(organisations::tax_number)
                .first(c)?,
        };
        let tax_number = tax_number.filter(|t| !t.trim().is_empty());
        let lang = Lang::parse(&r.language).unwrap_or_default();
        let day = crate::domain::time::date_long(
            crate::domain::time::local(s.starts_at).date_naive(),
            lang,
        );
        let label = format!("{} — {day}", s.title);
        let line = line_for(&label, s.starts_at, s.ends_at, rate, unit);
        let lines = vec![line];
        let t = totals(&lines, tax_number.is_some());
        let year = invoice_year(now);
        let prefix = format!("{year}-");
        let numbers: Vec<String> = invoices::table
            .filter(invoices::organisation_id.eq(org))
            .filter(invoices::number.like(format!("{prefix}%")))
            .select(invoices::number)
            .load(conn)?;
        let rank = numbers
            .iter()
            .filter_map(|n| n.strip_prefix(&prefix)?.parse::<i64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let number = invoice_number(year, rank);
        let bill_to = r.group_name.clone();
        diesel::insert_into(invoices::table)
            .values((
                invoices::request_id.eq(r.id),
                invoices::organisation_id.eq(org),
                invoices::number.eq(&number),
                invoices::bill_to.eq(&bill_to),
                invoices::lines.eq(serde_json::to_string(&lines).unwrap_or_default()),
                invoices::subtotal_cents.eq(t.subtotal_cents),
                invoices::gst_cents.eq(t.gst_cents),
                invoices::qst_cents.eq(t.qst_cents),
                invoices::total_cents.eq(t.total_cents),
                invoices::tax_number.eq(&tax_number),
                invoices::issued_at.eq(now),
                invoices::due_at.eq(now + Duration::days(DUE_DAYS)),
            ))
            .execute(conn)?;
        let inv: InvoiceRow = invoices::table
            .filter(invoices::organisation_id.eq(org))
            .filter(invoices::number.eq(&number))
            .select(InvoiceRow::as_select())
            .first(conn)?;
        let data = invoice_data(conn, &inv)?;
        let token = fresh_link(conn, r.id)?;
        record(
            conn,
            &Entry::new(who.user_id, "invoice", "request", Some(r.id))
                .org(org)
                .detail(&number),
        )?;
        tell(
            conn,
            &r,
            MessageKind::InvoiceIssued,
            json!({
                "request_token": token,
                "title": number,
                "invoice": data,
            }),
        )?;
        Ok(inv.id)
    })
}

/// Marks the request's invoice paid (cheque, transfer, cash: recorded by hand).
/// Marking it again changes nothing.
pub fn mark_paid(conn: &mut DbConnection, who: &Access, id: i64, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let r = for_coordinator(conn, who, id)?;
        let inv: InvoiceRow = invoices::table
            .filter(invoices::request_id.eq(r.id))
            .select(InvoiceRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| Error::conflict("req-error-no-invoice"))?;
        if inv.paid_at.is_some() {
            return Ok(());
        }
        diesel::update(invoices::table.find(inv.id))
            .set((
                invoices::paid_at.eq(now),
                invoices::paid_how.eq("hand"),
                invoices::paid_by_user_id.eq(who.user_id),
            ))
            .execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "invoice_paid", "request", Some(r.id))
                .org(inv.organisation_id)
                .detail(&inv.number),
        )?;
        Ok(())
    })
}

/// An unpaid invoice the requester may pay online, with what Stripe's page needs:
/// (invoice, request). A paid invoice is a conflict.
pub fn invoice_to_pay(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<(InvoiceRow, WorkshopRequest)> {
    let r = by_token(conn, token, now)?;
    let inv: InvoiceRow = invoices::table
        .filter(invoices::request_id.eq(r.id))
        .select(InvoiceRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if inv.paid_at.is_some() {
        return Err(Error::conflict("req-error-paid"));
    }
    Ok((inv, r))
}

/// Keeps the Checkout session opened for an invoice (its event names it).
pub fn record_invoice_checkout(
    conn: &mut DbConnection,
    invoice_id: i64,
    checkout_id: &str,
) -> Result<()> {
    diesel::update(invoices::table.find(invoice_id))
        .filter(invoices::paid_at.is_null())
        .set(invoices::checkout_id.eq(checkout_id))
        .execute(conn)?;
    Ok(())
}

/// What a Stripe event did to an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceEffect {
    /// Marked paid, online.
    Paid,
    /// Seen before (Stripe sends events at least once).
    Duplicate,
    /// Nothing to do: not a payment, already paid, another session, another amount.
    Ignored,
}

/// Applies a Stripe event about an invoice's Checkout session, at most once (its id is
/// recorded with its effect): a completed, paid session for the invoice's amount marks
/// it paid (`paid_how` 'stripe'); anything else changes nothing.
pub fn apply_invoice_event(
    conn: &mut DbConnection,
    ev: &crate::domain::payment::StripeEvent,
    now: NaiveDateTime,
) -> Result<InvoiceEffect> {
    use crate::db::schema::stripe_events;
    use crate::domain::payment::StripeEvent;
    let Some(c) = &ev.checkout else {
        return Ok(InvoiceEffect::Ignored);
    };
    let Some(invoice_id) = c.invoice_id else {
        return Ok(InvoiceEffect::Ignored);
    };
    write_tx(conn, |conn| {
        let row = (
            stripe_events::id.eq(&ev.id),
            stripe_events::kind.eq(&ev.kind),
            stripe_events::received_at.eq(now),
        );
        let fresh = crate::per_backend!(conn, |x| diesel::insert_into(stripe_events::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(x))?
            == 1;
        if !fresh {
            return Ok(InvoiceEffect::Duplicate);
        }
        let paid = matches!(
            ev.kind.as_str(),
            StripeEvent::COMPLETED | StripeEvent::ASYNC_SUCCEEDED
        ) && c.paid;
        let inv: Option<InvoiceRow> = invoices::table
            .find(invoice_id)
            .select(InvoiceRow::as_select())
            .first(conn)
            .optional()?;
        let Some(inv) = inv.filter(|i| {
            paid && i.paid_at.is_none()
                && c.amount_total == Some(i64::from(i.total_cents))
                && i.checkout_id.as_deref() == Some(c.id.as_str())
        }) else {
            return Ok(InvoiceEffect::Ignored);
        };
        diesel::update(invoices::table.find(inv.id))
            .filter(invoices::paid_at.is_null())
            .set((invoices::paid_at.eq(now), invoices::paid_how.eq("stripe")))
            .execute(conn)?;
        tracing::info!(invoice = %inv.number, "invoice paid online");
        Ok(InvoiceEffect::Paid)
    })
}

/// The invoice of the request a link leads to (its PDF, for the requester).
pub fn invoice_by_token(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<InvoiceData> {
    let r = by_token(conn, token, now)?;
    invoice_of(conn, r.id)
}

/// The invoice of a request (its PDF, for the coordinator).
pub fn invoice_for(conn: &mut DbConnection, who: &Access, id: i64) -> Result<InvoiceData> {
    let r = for_coordinator(conn, who, id)?;
    invoice_of(conn, r.id)
}

fn invoice_of(conn: &mut DbConnection, request_id: i64) -> Result<InvoiceData> {
    let inv: InvoiceRow = invoices::table
        .filter(invoices::request_id.eq(request_id))
        .select(InvoiceRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    invoice_data(conn, &inv)
}
