//! Paid sessions (issue 13), without I/O: what a registration costs, which ways to pay an
//! organisation offers, how long online payment holds the seats, what is refunded, and
//! money as people read it.
//!
//! ```text
//!  on site:  due ──(staff records cash or card)──▶ paid
//!              └──(registration cancelled)──▶ void
//!  online:   pending ──(Stripe: checkout completed)──▶ paid ──(refund asked)──▶ refund_due ──▶ refunded
//!              └──(hold ran out unpaid)──▶ expired
//! ```
//!
//! **Holds.** An online registration that gets seats is `pending_payment`: its seats count
//! against the capacity (so the last seat is never sold twice while someone types a card
//! number) until it is paid or its hold runs out. The hold is at least Stripe's minimum
//! for a Checkout Session (30 minutes); the person is warned [`WARN_BEFORE`] before it
//! ends and may extend it once by [`hold`] again (WCAG 2.2.1, timing adjustable).
//!
//! **A payment after its hold.** If Stripe confirms a payment whose hold already ran out:
//! the seats are taken again when they are still free; otherwise the organisation's
//! [`LatePayment`] policy puts the paid person on the waitlist or refunds them.

use chrono::{Duration, NaiveDateTime};

use crate::domain::lang::Lang;

text_enum!(
    /// How a person pays.
    PayMethod { Online => "online", OnSite => "on_site" }
);

text_enum!(
    /// Where a registration's money stands (`payments.status`; module doc).
    PayStatus {
        Due => "due",
        Pending => "pending",
        Paid => "paid",
        Expired => "expired",
        RefundDue => "refund_due",
        Refunded => "refunded",
        Void => "void",
    }
);

impl PayStatus {
    /// Money the organisation has received and still holds.
    pub fn is_paid(self) -> bool {
        matches!(self, PayStatus::Paid | PayStatus::RefundDue)
    }
}

text_enum!(
    /// How a payment reached the organisation.
    PaidVia { Stripe => "stripe", Cash => "cash", Card => "card" }
);

text_enum!(
    /// What happens to a payment that completes after its hold ran out and its seats were
    /// taken by someone else (`organisations.late_payment`).
    LatePayment { Refund => "refund", Waitlist => "waitlist" }
);

/// The currency of every price (ISO 4217; Stripe wants it lower-case).
pub const CURRENCY: &str = "CAD";

/// Stripe's shortest Checkout Session: a hold is never shorter.
pub const MIN_HOLD_MINUTES: u32 = 30;
/// Stripe's longest Checkout Session: a hold is never longer.
pub const MAX_HOLD_MINUTES: u32 = 24 * 60;
/// How long before a hold ends the person is warned (email, and the page says so).
pub const WARN_BEFORE: Duration = Duration::minutes(10);

/// A hold's length, from the setting, within what Stripe accepts.
pub fn hold(minutes: u32) -> Duration {
    Duration::minutes(minutes.clamp(MIN_HOLD_MINUTES, MAX_HOLD_MINUTES).into())
}

/// When the Stripe page for a hold closes: with the hold, but within what Stripe accepts
/// from `now` (at least 30 minutes ahead, at most 24 hours, with a minute's margin each
/// way). A page that outlives its hold is closed by the hold job when the hold ends,
/// and a payment that still gets through is a late payment.
pub fn checkout_expiry(hold_ends: NaiveDateTime, now: NaiveDateTime) -> NaiveDateTime {
    let earliest = now + Duration::minutes(i64::from(MIN_HOLD_MINUTES) + 1);
    let latest = now + Duration::minutes(i64::from(MAX_HOLD_MINUTES) - 1);
    hold_ends.clamp(earliest, latest)
}

/// Why a choice of price or way to pay is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayRefusal {
    /// The session is paid and no way to pay was chosen.
    MethodRequired,
    /// The organisation does not take this way to pay for now.
    MethodNotOffered,
    /// A reduced price was asked for an audience that has none.
    NoSuchRate,
}

/// What a session costs: its full price and its reduced prices by audience.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pricing {
    pub price_cents: i32,
    /// (audience id, price in cents), 0 meaning free for that audience.
    pub reduced: Vec<(i64, i32)>,
}

impl Pricing {
    /// Whether anyone may have to pay.
    pub fn is_paid(&self) -> bool {
        self.price_cents > 0
    }

    /// The price of one seat at the rate chosen (`None`: the full price).
    pub fn unit(&self, audience: Option<i64>) -> Result<i32, PayRefusal> {
        match audience {
            None => Ok(self.price_cents),
            Some(a) => self
                .reduced
                .iter()
                .find(|(id, _)| *id == a)
                .map(|(_, p)| *p)
                .ok_or(PayRefusal::NoSuchRate),
        }
    }

    /// The cheapest price anyone pays (what a calendar card shows as « à partir de »).
    pub fn lowest(&self) -> i32 {
        self.reduced
            .iter()
            .map(|(_, p)| *p)
            .fold(self.price_cents, i32::min)
    }
}

/// The ways to pay an organisation offers now: online needs the region's Stripe key too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ways {
    pub online: bool,
    pub on_site: bool,
}

impl Ways {
    pub fn new(org_online: bool, org_on_site: bool, stripe_configured: bool) -> Ways {
        let online = org_online && stripe_configured;
        Ways {
            online,
            // An organisation that offers neither (or only online, without Stripe) still
            // takes its paid sessions' registrations: paid at the door.
            on_site: org_on_site || !online,
        }
    }

    pub fn offers(&self, m: PayMethod) -> bool {
        match m {
            PayMethod::Online => self.online,
            PayMethod::OnSite => self.on_site,
        }
    }

    /// The method to use when only one is offered and none was chosen.
    pub fn only(&self) -> Option<PayMethod> {
        match (self.online, self.on_site) {
            (true, false) => Some(PayMethod::Online),
            (false, true) => Some(PayMethod::OnSite),
            _ => None,
        }
    }

    /// The method for a registration of `amount` cents: none when it is free.
    pub fn choose(
        &self,
        amount: i32,
        chosen: Option<PayMethod>,
    ) -> Result<Option<PayMethod>, PayRefusal> {
        if amount == 0 {
            return Ok(None);
        }
        match chosen.or(self.only()) {
            None => Err(PayRefusal::MethodRequired),
            Some(m) if self.offers(m) => Ok(Some(m)),
            Some(_) => Err(PayRefusal::MethodNotOffered),
        }
    }
}

/// Whether a person's own cancellation is refunded: up to `hours_before` the start
/// (`None`: the organisation does not refund cancellations).
pub fn refunded_on_cancel(
    hours_before: Option<i32>,
    starts_at: NaiveDateTime,
    now: NaiveDateTime,
) -> bool {
    hours_before.is_some_and(|h| now <= starts_at - Duration::hours(h.max(0).into()))
}

/// The last moment a person's own cancellation is refunded, for the page and the email.
pub fn refund_deadline(
    hours_before: Option<i32>,
    starts_at: NaiveDateTime,
) -> Option<NaiveDateTime> {
    hours_before.map(|h| starts_at - Duration::hours(h.max(0).into()))
}

/// When a refund that Stripe did not accept is asked again: 1, 5, 30 minutes, 2 h, then
/// every 6 h (staff see it waiting, with the error, all along).
pub fn refund_retry(attempts: i32) -> Duration {
    match attempts {
        ..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(30),
        4 => Duration::hours(2),
        _ => Duration::hours(6),
    }
}

/// Money as people read it, always with cents: « 15,00 $ » / "$15.00".
pub fn money(cents: i32, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let (d, c) = (c / 100, c % 100);
    let d = group_thousands(d, lang);
    match lang {
        Lang::Fr => format!("{sign}{d},{c:02}\u{a0}$"),
        Lang::En => format!("{sign}${d}.{c:02}"),
    }
}

fn group_thousands(n: u32, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Fr => '\u{a0}',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// The highest price a session may ask, in cents (10 000 $).
pub const MAX_PRICE_CENTS: i32 = 1_000_000;

/// A price as people type it, in dollars: « 15 », « 15,00 », « 15.50 », « 15,50 $ »,
/// « 1 200 $ », « $15.50 ». Empty or zero: free (0). `None` when it is not an amount
/// (letters, a negative amount, more than two decimals, over 10 000 $).
pub fn parse_price(typed: &str) -> Option<i32> {
    let cleaned: String = typed
        .trim()
        .trim_start_matches('$')
        .trim_end_matches('$')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if cleaned.is_empty() {
        return Some(0);
    }
    let (whole, cents) = match cleaned.split_once([',', '.']) {
        Some((w, c)) => (w, c),
        None => (cleaned.as_str(), ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && cents.is_empty())
        || !digits(whole)
        || !digits(cents)
        || cents.len() > 2
        || whole.len() > 6
    {
        return None;
    }
    let whole: i32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: i32 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i32>().ok()? * 10,
        _ => cents.parse().ok()?,
    };
    let total = whole.checked_mul(100)?.checked_add(cents)?;
    (total <= MAX_PRICE_CENTS).then_some(total)
}

/// The taxes included in a tax-included amount, as a Québec receipt shows them:
/// (GST 5 %, QST 9.975 %), in cents, rounded to the cent.
pub fn included_taxes(amount_cents: i32) -> (i32, i32) {
    // amount = base × 1.14975 ; in thousandths of a cent to keep integers.
    let base = (i64::from(amount_cents) * 100_000 + 57_487) / 114_975;
    let gst = (base * 5 + 50) / 100;
    let qst = (base * 9_975 + 50_000) / 100_000;
    (gst as i32, qst as i32)
}

/// A Stripe event as `POST /webhooks/stripe` receives it, reduced to what Babillard
/// acts on (the body's signature is checked before it is read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeEvent {
    pub id: String,
    /// `checkout.session.completed`, `checkout.session.expired`, …
    pub kind: String,
    /// The Checkout Session the event is about, for `checkout.session.*` events.
    pub checkout: Option<CheckoutObject>,
}

/// The fields of a Checkout Session that Babillard reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutObject {
    pub id: String,
    /// `metadata.registration_id`, else `client_reference_id`.
    pub registration_id: Option<i64>,
    /// `metadata.invoice_id`: the session pays a workshop request's invoice.
    pub invoice_id: Option<i64>,
    pub payment_intent: Option<String>,
    /// `payment_status` is `paid`.
    pub paid: bool,
    pub amount_total: Option<i64>,
}

impl StripeEvent {
    pub const COMPLETED: &'static str = "checkout.session.completed";
    pub const ASYNC_SUCCEEDED: &'static str = "checkout.session.async_payment_succeeded";
    pub const EXPIRED: &'static str = "checkout.session.expired";

    /// Reads an event body; `None` when it is not a Stripe event.
    pub fn parse(body: &str) -> Option<StripeEvent> {
        let v: serde_json::Value = serde_json::from_str(body).ok()?;
        if v.get("object").and_then(|o| o.as_str()) != Some("event") {
            return None;
        }
        let id = v.get("id")?.as_str()?.to_owned();
        let kind = v.get("type")?.as_str()?.to_owned();
        let obj = v.get("data").and_then(|d| d.get("object"));
        let checkout = obj
            .filter(|o| o.get("object").and_then(|x| x.as_str()) == Some("checkout.session"))
            .and_then(|o| {
                let text = |k: &str| o.get(k).and_then(|x| x.as_str()).map(str::to_owned);
                let registration_id = o
                    .get("metadata")
                    .and_then(|m| m.get("registration_id"))
                    .and_then(|x| x.as_str())
                    .or_else(|| o.get("client_reference_id").and_then(|x| x.as_str()))
                    .and_then(|x| x.parse().ok());
                let invoice_id = o
                    .get("metadata")
                    .and_then(|m| m.get("invoice_id"))
                    .and_then(|x| x.as_str())
                    .and_then(|x| x.parse().ok());
                Some(CheckoutObject {
                    id: text("id")?,
                    registration_id,
                    invoice_id,
                    payment_intent: text("payment_intent"),
                    paid: o.get("payment_status").and_then(|x| x.as_str()) == Some("paid"),
                    amount_total: o.get("amount_total").and_then(|x| x.as_i64()),
                })
            });
        Some(StripeEvent { id, kind, checkout })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 14)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn money_reads_as_quebec_writes_it() {
        assert_eq!(money(1500, Lang::Fr), "15,00\u{a0}$");
        assert_eq!(money(1500, Lang::En), "$15.00");
        assert_eq!(money(5, Lang::Fr), "0,05\u{a0}$");
        assert_eq!(money(123_456, Lang::Fr), "1\u{a0}234,56\u{a0}$");
        assert_eq!(money(123_456, Lang::En), "$1,234.56");
        assert_eq!(money(-1500, Lang::En), "-$15.00");
    }

    #[test]
    fn a_reduced_rate_applies_only_to_its_audiences() {
        let p = Pricing {
            price_cents: 1500,
            reduced: vec![(7, 0), (8, 1000)],
        };
        assert_eq!(p.unit(None), Ok(1500));
        assert_eq!(p.unit(Some(7)), Ok(0));
        assert_eq!(p.unit(Some(8)), Ok(1000));
        assert_eq!(p.unit(Some(9)), Err(PayRefusal::NoSuchRate));
        assert_eq!(p.lowest(), 0);
    }

    #[test]
    fn the_way_to_pay_is_one_the_organisation_offers() {
        let both = Ways::new(true, true, true);
        assert_eq!(both.choose(0, None), Ok(None));
        assert_eq!(both.choose(1500, None), Err(PayRefusal::MethodRequired));
        assert_eq!(
            both.choose(1500, Some(PayMethod::Online)),
            Ok(Some(PayMethod::Online))
        );
        // Online without Stripe configured: at the door only, chosen for the person.
        let no_stripe = Ways::new(true, false, false);
        assert_eq!(no_stripe.choose(1500, None), Ok(Some(PayMethod::OnSite)));
        assert_eq!(
            no_stripe.choose(1500, Some(PayMethod::Online)),
            Err(PayRefusal::MethodNotOffered)
        );
        let online_only = Ways::new(true, false, true);
        assert_eq!(online_only.choose(1500, None), Ok(Some(PayMethod::Online)));
    }

    #[test]
    fn holds_stay_within_what_stripe_accepts() {
        assert_eq!(hold(5), Duration::minutes(30));
        assert_eq!(hold(45), Duration::minutes(45));
        assert_eq!(hold(10_000), Duration::hours(24));
    }

    #[test]
    fn stripes_page_closes_with_the_hold_within_stripes_bounds() {
        let now = at(12);
        assert_eq!(checkout_expiry(at(13), now), at(13));
        assert_eq!(
            checkout_expiry(now + Duration::minutes(10), now),
            now + Duration::minutes(31)
        );
        assert_eq!(
            checkout_expiry(now + Duration::days(3), now),
            now + Duration::minutes(24 * 60 - 1)
        );
    }

    #[test]
    fn cancellations_are_refunded_until_the_deadline_only() {
        let start = at(13);
        assert!(refunded_on_cancel(
            Some(48),
            start,
            start - Duration::hours(48)
        ));
        assert!(!refunded_on_cancel(
            Some(48),
            start,
            start - Duration::hours(47)
        ));
        assert!(!refunded_on_cancel(None, start, start - Duration::days(30)));
        assert_eq!(refund_deadline(Some(2), start), Some(at(11)));
    }

    #[test]
    fn a_checkout_event_names_its_registration() {
        let body = r#"{"id":"evt_1","object":"event","type":"checkout.session.completed",
            "data":{"object":{"id":"cs_1","object":"checkout.session","client_reference_id":"41",
            "metadata":{"registration_id":"42"},"payment_intent":"pi_1","payment_status":"paid",
            "amount_total":3000}}}"#;
        let e = StripeEvent::parse(body).unwrap();
        assert_eq!(e.kind, StripeEvent::COMPLETED);
        let c = e.checkout.unwrap();
        assert_eq!(
            (c.id.as_str(), c.registration_id, c.paid),
            ("cs_1", Some(42), true)
        );
        assert_eq!(c.payment_intent.as_deref(), Some("pi_1"));
        assert!(StripeEvent::parse(r#"{"id":"x","object":"charge"}"#).is_none());
        assert!(StripeEvent::parse("not json").is_none());
    }

    #[test]
    fn included_taxes_match_a_quebec_receipt() {
        // 114,98 $ taxes included = 100,00 $ + 5,00 $ GST + 9,98 $ QST (rounded).
        assert_eq!(included_taxes(11_498), (500, 998));
        assert_eq!(included_taxes(0), (0, 0));
    }
}
