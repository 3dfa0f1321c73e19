//! The outgoing Stripe client: Checkout sessions (create, retrieve, expire) and refunds,
//! through `async-stripe`'s typed requests and its blocking client.
//!
//! Every call is blocking and may be made from any thread, an actix worker included:
//! async-stripe's blocking client drives its own tokio runtime and panics when used (or
//! dropped) inside another one, so each call builds that client on a scoped thread of
//! its own, sends one request there and drops the client there before returning. The
//! calling thread waits for the answer (at most the timeout): in a handler, prefer
//! `web::block`. The client keeps no connection between calls anyway (async-stripe sets
//! its pool to zero idle connections), so building it per call costs no reuse.
//!
//! Each request is sent once. Creating a session and refunding carry the caller's
//! idempotency key, so calling again with the same key after [`PayError::Unavailable`]
//! (a timeout, a lost answer) returns what Stripe made the first time instead of a
//! second object.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ::stripe::blocking::Client as BlockingClient;
use ::stripe::{ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionAllowedPaymentMethodTypes,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData, ExpireCheckoutSession,
    ProductData, RetrieveCheckoutSession,
};
use stripe_checkout::{
    CheckoutSession, CheckoutSessionLocale, CheckoutSessionMode, CheckoutSessionPaymentStatus,
    CheckoutSessionStatus,
};
use stripe_core::refund::CreateRefund;

use crate::config::{Secret, Settings};
use crate::domain::lang::Lang;

/// A handle on Stripe's API for one account (its secret key). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Stripe {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// `Debug` prints it as `[redacted]`.
    key: Secret,
    /// With a trailing slash: async-stripe appends `v1/…` to it.
    api_base: String,
    timeout: Duration,
}

/// Why a call gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayError {
    /// No secret key is set: online payment is off.
    NotConfigured,
    /// Stripe could not be reached or answered "later" (network, timeout, 5xx, 409, 429):
    /// the same call with the same idempotency key may be tried again.
    Unavailable(String),
    /// Stripe refused the request (another 4xx, a bad key, a bad idempotency key):
    /// trying it again as it is will not help.
    Refused(String),
}

impl fmt::Display for PayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayError::NotConfigured => f.write_str("Stripe is not configured (no secret key)"),
            PayError::Unavailable(why) => write!(f, "Stripe is unavailable: {why}"),
            PayError::Refused(why) => write!(f, "Stripe refused the request: {why}"),
        }
    }
}

impl std::error::Error for PayError {}

/// What a Checkout session pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaidFor {
    /// A registration's seats: `client_reference_id` is its id, and
    /// `metadata[registration_id]`.
    Registration(i64),
    /// A workshop request's invoice (issue 17): `client_reference_id` is
    /// `invoice-{id}`, and `metadata[invoice_id]`.
    Invoice(i64),
}

/// A Checkout session to open for one registration or one invoice.
#[derive(Debug, Clone)]
pub struct CheckoutRequest<'a> {
    pub paid_for: PaidFor,
    /// Sent as the `Idempotency-Key` header (1 to 255 characters).
    pub idempotency_key: &'a str,
    /// The line item's product name (the session's title and date).
    pub description: &'a str,
    pub unit_amount_cents: i64,
    pub quantity: i64,
    /// ISO 4217, e.g. `"cad"` (any case).
    pub currency: &'a str,
    pub customer_email: Option<&'a str>,
    /// The hosted page's language: `fr-CA` or `en`.
    pub lang: Lang,
    /// Unix seconds; Stripe accepts 30 minutes to 24 hours ahead.
    pub expires_at: i64,
    /// May contain `{CHECKOUT_SESSION_ID}`, which Stripe fills in.
    pub success_url: &'a str,
    pub cancel_url: &'a str,
}

/// A session just opened: send the person to `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    pub id: String,
    pub url: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutStatus {
    Open,
    Complete,
    Expired,
}

/// What Stripe says of a session now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutState {
    pub id: String,
    pub status: CheckoutStatus,
    /// `payment_status` is `paid`.
    pub paid: bool,
    pub payment_intent: Option<String>,
    pub amount_total: Option<i64>,
    /// From `metadata[registration_id]`, else `client_reference_id`.
    pub registration_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundStatus {
    Pending,
    Succeeded,
    Failed,
    Canceled,
    RequiresAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub id: String,
    pub status: RefundStatus,
    pub amount: i64,
}

impl Stripe {
    /// The client for the configured account, or `None` when no secret key is set.
    /// Calls time out after `stripe_timeout_seconds` (at least one second).
    pub fn from_settings(s: &Settings) -> Option<Stripe> {
        if s.stripe_secret_key.expose().trim().is_empty() {
            return None;
        }
        let mut api_base = s.stripe_api_base.trim().to_owned();
        if !api_base.ends_with('/') {
            api_base.push('/');
        }
        Some(Stripe {
            inner: Arc::new(Inner {
                key: Secret::new(s.stripe_secret_key.expose().trim()),
                api_base,
                timeout: Duration::from_secs(s.stripe_timeout_seconds.max(1)),
            }),
        })
    }

    /// The same account with another timeout per call.
    pub fn with_timeout(&self, timeout: Duration) -> Stripe {
        Stripe {
            inner: Arc::new(Inner {
                key: self.inner.key.clone(),
                api_base: self.inner.api_base.clone(),
                timeout,
            }),
        }
    }

    /// Opens a hosted Checkout session (mode `payment`, one line item priced inline,
    /// cards only).
    pub fn create_checkout(&self, r: &CheckoutRequest) -> Result<Checkout, PayError> {
        let key = idempotency_key(r.idempotency_key)?;
        let currency: stripe_types::Currency = r
            .currency
            .trim()
            .to_ascii_lowercase()
            .parse()
            .unwrap_or_else(|never| match never {});
        let mut price = CreateCheckoutSessionLineItemsPriceData::new(currency);
        price.unit_amount = Some(r.unit_amount_cents);
        price.product_data = Some(ProductData::new(r.description));
        let mut item = CreateCheckoutSessionLineItems::new();
        item.price_data = Some(price);
        item.quantity = Some(u64::try_from(r.quantity).map_err(|_| {
            PayError::Refused(format!("a quantity of {} cannot be paid", r.quantity))
        })?);
        let (reference, metadata) = match r.paid_for {
            PaidFor::Registration(id) => (
                id.to_string(),
                HashMap::from([("registration_id".to_owned(), id.to_string())]),
            ),
            PaidFor::Invoice(id) => (
                format!("invoice-{id}"),
                HashMap::from([("invoice_id".to_owned(), id.to_string())]),
            ),
        };
        let mut create = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Payment)
            .line_items(vec![item])
            // The API version this crate speaks (Stripe-Version) takes the list of
            // methods as `allowed_payment_method_types`.
            .allowed_payment_method_types(vec![
                CreateCheckoutSessionAllowedPaymentMethodTypes::Card,
            ])
            .client_reference_id(reference)
            .metadata(metadata)
            .locale(match r.lang {
                Lang::Fr => CheckoutSessionLocale::FrMinusCa,
                Lang::En => CheckoutSessionLocale::En,
            })
            .expires_at(r.expires_at)
            .success_url(r.success_url)
            .cancel_url(r.cancel_url);
        if let Some(email) = r.customer_email {
            create = create.customer_email(email);
        }
        let session = self.run(|c| {
            create
                .customize()
                .request_strategy(RequestStrategy::Idempotent(key))
                .send_blocking(c)
        })?;
        let url = session
            .url
            .clone()
            .ok_or_else(|| PayError::Refused("Stripe returned a session without a URL".into()))?;
        Ok(Checkout {
            id: session.id.to_string(),
            url,
            expires_at: session.expires_at,
        })
    }

    pub fn retrieve_checkout(&self, id: &str) -> Result<CheckoutState, PayError> {
        let session = self.run(|c| RetrieveCheckoutSession::new(id).send_blocking(c))?;
        Ok(state(&session))
    }

    /// Closes an open session so nobody can pay it any more. A session already
    /// expired or complete is left as it is (`Ok`): read its state to know which.
    pub fn expire_checkout(&self, id: &str) -> Result<(), PayError> {
        match self.run(|c| ExpireCheckoutSession::new(id).send_blocking(c)) {
            Ok(_) => Ok(()),
            // Stripe refuses to expire a session that is not open; whether that is why
            // is read from the session rather than from the wording of the error.
            Err(PayError::Refused(why)) => match self.retrieve_checkout(id) {
                Ok(s) if s.status != CheckoutStatus::Open => Ok(()),
                _ => Err(PayError::Refused(why)),
            },
            Err(e) => Err(e),
        }
    }

    /// Refunds `amount_cents` of a payment (the rest of it stays paid).
    pub fn refund(
        &self,
        payment_intent: &str,
        amount_cents: i64,
        idempotency_key: &str,
    ) -> Result<Refund, PayError> {
        let key = self::idempotency_key(idempotency_key)?;
        let request = CreateRefund::new()
            .payment_intent(payment_intent)
            .amount(amount_cents);
        let refund = self.run(|c| {
            request
                .customize()
                .request_strategy(RequestStrategy::Idempotent(key))
                .send_blocking(c)
        })?;
        Ok(Refund {
            id: refund.id.to_string(),
            status: match refund.status.as_deref() {
                Some("succeeded") => RefundStatus::Succeeded,
                Some("failed") => RefundStatus::Failed,
                Some("canceled") => RefundStatus::Canceled,
                Some("requires_action") => RefundStatus::RequiresAction,
                _ => RefundStatus::Pending,
            },
            amount: refund.amount,
        })
    }

    /// Runs one call on a thread of its own, with a blocking client built and dropped
    /// there (see the module's header).
    fn run<T: Send>(
        &self,
        call: impl FnOnce(&BlockingClient) -> Result<T, StripeError> + Send,
    ) -> Result<T, PayError> {
        let inner = &self.inner;
        std::thread::scope(|scope| {
            scope
                .spawn(move || {
                    let client = ClientBuilder::new(inner.key.expose())
                        .url(inner.api_base.as_str())
                        .timeout(inner.timeout)
                        .build_sync()
                        .map_err(classify)?;
                    call(&client).map_err(classify)
                })
                .join()
                .unwrap_or_else(|_| Err(PayError::Unavailable("the Stripe call panicked".into())))
        })
    }
}

fn idempotency_key(key: &str) -> Result<IdempotencyKey, PayError> {
    IdempotencyKey::new(key).map_err(|e| PayError::Refused(e.to_string()))
}

fn state(s: &CheckoutSession) -> CheckoutState {
    let registration_id = s
        .metadata
        .as_ref()
        .and_then(|m| m.get("registration_id"))
        .or(s.client_reference_id.as_ref())
        .and_then(|v| v.parse().ok());
    CheckoutState {
        id: s.id.to_string(),
        status: match s.status {
            Some(CheckoutSessionStatus::Complete) => CheckoutStatus::Complete,
            Some(CheckoutSessionStatus::Expired) => CheckoutStatus::Expired,
            // Open, or a status this version does not know: not paid, not over.
            _ => CheckoutStatus::Open,
        },
        paid: s.payment_status == CheckoutSessionPaymentStatus::Paid,
        payment_intent: s.payment_intent.as_ref().map(|p| p.id().to_string()),
        amount_total: s.amount_total,
        registration_id,
    }
}

/// Whether trying again may help: not for a 4xx other than 409 (an idempotent request
/// still running) and 429 (too many requests).
fn classify(e: StripeError) -> PayError {
    match e {
        StripeError::Stripe(api, status) => {
            let what = format!(
                "{status} {}: {}",
                api.type_.as_str(),
                api.message.as_deref().unwrap_or("(no message)")
            );
            if status == 409 || status == 429 || status >= 500 {
                PayError::Unavailable(what)
            } else {
                PayError::Refused(what)
            }
        }
        StripeError::Timeout => PayError::Unavailable("no answer within the timeout".into()),
        StripeError::ClientError(why) => PayError::Unavailable(why),
        // An answer that is not Stripe's JSON (a proxy's error page, a cut body).
        StripeError::JSONDeserialize(why) => {
            PayError::Unavailable(format!("unreadable answer: {why}"))
        }
        StripeError::ConfigError(why) => PayError::Refused(format!("client configuration: {why}")),
    }
}
