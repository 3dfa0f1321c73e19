//! Paid sessions in the back office (issue 13), one function per act as in
//! `store::door` and `store::people`: an organisation's ways to pay and refund policy,
//! a payment taken at the door (the door page and the staff API call the same
//! [`record_payment`]), and the refunds Stripe has not made yet. Each act checks who may
//! act first, then does its work and writes its audit entry in one transaction. The
//! rules are `domain::payment`'s; the engine (`store::registrations`) owns every change
//! to seats and to online payments.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::{Payment, Registration};
use crate::db::schema::{organisations, payments, registrations, sessions};
use crate::db::{DbConnection, write_tx};
use crate::domain::access::Access;
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::payment::{LatePayment, PaidVia, PayStatus, money};
use crate::domain::registration::Status;
use crate::error::{Error, FieldError, Msg, Result};
use crate::store::audit::{Entry, record};
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::roster::{Need, session_for};

/// How an organisation is paid and refunds, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentSettings {
    /// Online by card (Stripe), when the region has a Stripe key.
    pub pay_online: bool,
    /// On site, at the door (cash or card).
    pub pay_on_site: bool,
    /// A person's own cancellation is refunded up to this many hours before the start
    /// (`None`: not refunded; a cancelled session always is).
    pub refund_hours_before: Option<i32>,
    /// A payment that completes after its hold ran out, when the seats are gone.
    pub late_payment: LatePayment,
    pub tax_number: Option<String>,
    pub postal_address: String,
}

/// The organisation's settings, for whoever may edit its sessions (they see them on
/// the organisation's page; only managers change them).
pub fn payment_settings(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
) -> Result<PaymentSettings> {
    if !who.can_edit(organisation_id) {
        return Err(Error::Forbidden);
    }
    type Row = (bool, bool, Option<i32>, String, Option<String>, String);
    let (pay_online, pay_on_site, refund_hours_before, late, tax_number, postal_address): Row =
        organisations::table
            .find(organisation_id)
            .select((
                organisations::pay_online,
                organisations::pay_on_site,
                organisations::refund_hours_before,
                organisations::late_payment,
                organisations::tax_number,
                organisations::postal_address,
            ))
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound)?;
    Ok(PaymentSettings {
        pay_online,
        pay_on_site,
        refund_hours_before,
        late_payment: LatePayment::parse(&late).unwrap_or(LatePayment::Refund),
        tax_number,
        postal_address,
    })
}

/// The settings form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct PaymentSettingsForm {
    /// `online`, `on_site` or `both`.
    pub ways: String,
    /// `none` or `before` (up to `refund_hours` before the start).
    pub refund: String,
    pub refund_hours: String,
    /// `refund` or `waitlist`.
    pub late_payment: String,
    pub tax_number: String,
    pub postal_address: String,
}

/// The longest refund deadline one may set: 30 days before the start.
pub const MAX_REFUND_HOURS: i32 = 720;
pub const MAX_TAX_NUMBER: usize = 40;
pub const MAX_POSTAL_ADDRESS: usize = 300;

impl PaymentSettingsForm {
    /// The form filled from what is stored.
    pub fn of(s: &PaymentSettings) -> PaymentSettingsForm {
        PaymentSettingsForm {
            ways: match (s.pay_online, s.pay_on_site) {
                (true, true) => "both",
                (true, false) => "online",
                _ => "on_site",
            }
            .into(),
            refund: if s.refund_hours_before.is_some() {
                "before"
            } else {
                "none"
            }
            .into(),
            refund_hours: s
                .refund_hours_before
                .map(|h| h.to_string())
                .unwrap_or_else(|| "48".into()),
            late_payment: s.late_payment.as_str().into(),
            tax_number: s.tax_number.clone().unwrap_or_default(),
            postal_address: s.postal_address.clone(),
        }
    }

    /// The settings, or a message per field.
    pub fn parse(&self) -> std::result::Result<PaymentSettings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = |f: &str, k: &str| FieldError::new(f, Msg::new(k));
        let (pay_online, pay_on_site) = match self.ways.trim() {
            "online" => (true, false),
            "on_site" => (false, true),
            "both" => (true, true),
            _ => {
                errors.push(e("ways", "admin-error-choice"));
                (false, true)
            }
        };
        let refund_hours_before = match self.refund.trim() {
            "none" => None,
            "before" => match self.refund_hours.trim().parse::<i32>() {
                Ok(h) if (0..=MAX_REFUND_HOURS).contains(&h) => Some(h),
                _ => {
                    errors.push(FieldError::new(
                        "refund_hours",
                        Msg::new("pay-admin-error-refund-hours").arg("max", MAX_REFUND_HOURS),
                    ));
                    None
                }
            },
            _ => {
                errors.push(e("refund", "admin-error-choice"));
                None
            }
        };
        let late_payment = LatePayment::parse(self.late_payment.trim()).unwrap_or_else(|| {
            errors.push(e("late_payment", "admin-error-choice"));
            LatePayment::Refund
        });
        let tax_number = Some(self.tax_number.trim().to_owned()).filter(|t| !t.is_empty());
        if tax_number
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_TAX_NUMBER)
        {
            errors.push(e("tax_number", "admin-error-too-long"));
        }
        let postal_address = self.postal_address.trim().to_owned();
        if postal_address.chars().count() > MAX_POSTAL_ADDRESS {
            errors.push(e("postal_address", "admin-error-too-long"));
        }
        if errors.is_empty() {
            Ok(PaymentSettings {
                pay_online,
                pay_on_site,
                refund_hours_before,
                late_payment,
                tax_number,
                postal_address,
            })
        } else {
            Err(errors)
        }
    }
}

/// Changes how the organisation is paid and refunds (its managers). New registrations
/// follow the new settings; what people already owe or paid stays as it is.
pub fn update_payment_settings(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    form: &PaymentSettingsForm,
) -> Result<PaymentSettings> {
    if !who.can_manage(organisation_id) {
        return Err(Error::Forbidden);
    }
    let s = form.parse().map_err(Error::Invalid)?;
    write_tx(conn, |conn| {
        let n = diesel::update(organisations::table.find(organisation_id))
            .set((
                organisations::pay_online.eq(s.pay_online),
                organisations::pay_on_site.eq(s.pay_on_site),
                organisations::refund_hours_before.eq(s.refund_hours_before),
                organisations::late_payment.eq(s.late_payment.as_str()),
                organisations::tax_number.eq(&s.tax_number),
                organisations::postal_address.eq(&s.postal_address),
            ))
            .execute(conn)?;
        if n == 0 {
            return Err(Error::NotFound);
        }
        let refund = s
            .refund_hours_before
            .map_or_else(|| "none".to_owned(), |h| format!("{h} h"));
        record(
            conn,
            &Entry::new(
                who.user_id,
                "payment_settings",
                "organisation",
                Some(organisation_id),
            )
            .org(organisation_id)
            .detail(format!(
                "online={} on_site={} refund={refund} late={}",
                s.pay_online,
                s.pay_on_site,
                s.late_payment.as_str()
            )),
        )?;
        Ok(s)
    })
}

/// What recording a payment did.
#[derive(Debug, Clone)]
pub struct PaymentRecorded {
    pub registration: Registration,
    /// The payment as it stands now (`paid`).
    pub payment: Payment,
    /// It was paid already (a tap sent twice, a second volunteer): nothing changed,
    /// nothing recorded, no second receipt.
    pub already: bool,
}

/// Records that a person paid at the door, in cash or by card: what they owe (`due`)
/// becomes `paid`, with who recorded it and when; the audit log says so, and the person
/// gets a receipt when they gave an email. Whoever may check people in may do it (the
/// organisation's editors and the session's trainers). A second tap finds it paid and
/// says so (`already`); a payment that is not owed at the door (online, void, refunded)
/// or a person without a seat is refused (409).
#[tracing::instrument(level = "debug", skip_all, fields(registration_id))]
pub fn record_payment(
    conn: &mut DbConnection,
    who: &Access,
    registration_id: i64,
    via: PaidVia,
    now: NaiveDateTime,
) -> Result<PaymentRecorded> {
    write_tx(conn, |conn| {
        let session_id: i64 = registrations::table
            .find(registration_id)
            .select(registrations::session_id)
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound)?;
        session_for(conn, who, session_id, Need::Door)?;
        if via == PaidVia::Stripe {
            return Err(Error::field("via", "pay-admin-error-via"));
        }
        // The engine's order: the session's lock first, so a cancellation running at the
        // same moment sees the payment before or after, never in between.
        let s = crate::store::sessions::lock_session(conn, session_id)?;
        let r: Registration = registrations::table
            .find(registration_id)
            .select(Registration::as_select())
            .first(conn)?;
        let p = crate::store::registrations::payment_of(conn, registration_id)?
            .ok_or_else(|| Error::conflict("pay-admin-nothing-due"))?;
        match p.status {
            PayStatus::Paid => {
                return Ok(PaymentRecorded {
                    registration: r,
                    payment: p,
                    already: true,
                });
            }
            PayStatus::Due => {}
            _ => return Err(Error::conflict("pay-admin-not-due")),
        }
        if !matches!(
            r.status,
            Status::Confirmed | Status::Attended | Status::NoShow
        ) {
            return Err(Error::conflict("pay-admin-no-seat"));
        }
        diesel::update(
            payments::table
                .find(registration_id)
                .filter(payments::status.eq(PayStatus::Due)),
        )
        .set((
            payments::status.eq(PayStatus::Paid),
            payments::paid_via.eq(via),
            payments::paid_at.eq(now),
            payments::recorded_by_user_id.eq(who.user_id),
            payments::updated_at.eq(now),
        ))
        .execute(conn)?;
        record(
            conn,
            &Entry::new(
                who.user_id,
                "record_payment",
                "registration",
                Some(registration_id),
            )
            .org(s.organisation_id)
            .detail(format!(
                "{} — {} ({})",
                s.title,
                money(p.amount_cents, Lang::Fr),
                via.as_str()
            )),
        )?;
        if let Some(email) = r.email.clone() {
            enqueue(
                conn,
                &NewMessage {
                    kind: MessageKind::PaymentReceipt,
                    registration_id: Some(r.id),
                    session_id: Some(r.session_id),
                    recipient: email,
                    recipient_name: r.name.clone().unwrap_or_default(),
                    language: Lang::parse(&r.language).unwrap_or_default(),
                    payload: json!({"amount_cents": p.amount_cents}),
                },
            )?;
        }
        let payment = crate::store::registrations::payment_of(conn, registration_id)?
            .ok_or(Error::NotFound)?;
        Ok(PaymentRecorded {
            registration: r,
            payment,
            already: false,
        })
    })
}

/// The payments of some sessions' registrations (their lists, their exports), by
/// registration. The caller has checked who may see them.
pub fn payments_of_sessions(
    conn: &mut DbConnection,
    session_ids: &[i64],
) -> QueryResult<HashMap<i64, Payment>> {
    if session_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(payments::table
        .filter(payments::session_id.eq_any(session_ids))
        .select(Payment::as_select())
        .load(conn)?
        .into_iter()
        .map(|p| (p.registration_id, p))
        .collect())
}

/// A refund Stripe has not made yet, with what staff need to follow it.
#[derive(Debug, Clone)]
pub struct RefundWaiting {
    pub payment: Payment,
    /// `None` once the person's data was erased (the money is still theirs).
    pub name: Option<String>,
    pub session_id: i64,
    pub session_title: String,
    pub starts_at: NaiveDateTime,
}

/// How many refunds are listed at most.
pub const REFUNDS_SHOWN: i64 = 200;

/// Refunds waiting for Stripe (`refund_due`) in the organisations `who` may edit
/// (everyone's for a regional administrator), those that failed first, oldest first.
pub fn refunds_waiting(conn: &mut DbConnection, who: &Access) -> Result<Vec<RefundWaiting>> {
    if !who.is_admin && who.memberships.is_empty() {
        return Err(Error::Forbidden);
    }
    let mut q = payments::table
        .inner_join(registrations::table.inner_join(sessions::table))
        .filter(payments::status.eq(PayStatus::RefundDue))
        .order((
            payments::refund_attempts.desc(),
            payments::updated_at,
            payments::registration_id,
        ))
        .limit(REFUNDS_SHOWN)
        .select((
            Payment::as_select(),
            registrations::name,
            sessions::id,
            sessions::title,
            sessions::starts_at,
        ))
        .into_boxed();
    if let Some(orgs) = who.organisations() {
        q = q.filter(payments::organisation_id.eq_any(orgs));
    }
    type Row = (Payment, Option<String>, i64, String, NaiveDateTime);
    let rows: Vec<Row> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(payment, name, session_id, session_title, starts_at)| RefundWaiting {
                payment,
                name,
                session_id,
                session_title,
                starts_at,
            },
        )
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(ways: &str, refund: &str, hours: &str, late: &str) -> PaymentSettingsForm {
        PaymentSettingsForm {
            ways: ways.into(),
            refund: refund.into(),
            refund_hours: hours.into(),
            late_payment: late.into(),
            tax_number: " 123456789 RT0001 ".into(),
            postal_address: "1, rue Principale, Sherbrooke (Québec)  J1H 1A1".into(),
        }
    }

    #[test]
    fn settings_read_as_typed_and_refuse_what_makes_no_sense() {
        let s = form("both", "before", "48", "waitlist").parse().unwrap();
        assert!(s.pay_online && s.pay_on_site);
        assert_eq!(s.refund_hours_before, Some(48));
        assert_eq!(s.late_payment, LatePayment::Waitlist);
        assert_eq!(s.tax_number.as_deref(), Some("123456789 RT0001"));
        assert_eq!(PaymentSettingsForm::of(&s).ways, "both");
        let none = form("on_site", "none", "", "refund").parse().unwrap();
        assert_eq!(none.refund_hours_before, None);
        let fields: Vec<String> = form("partout", "before", "-3", "jamais")
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["ways", "refund_hours", "late_payment"]);
    }
}
