//! The Stripe client (`babillard::payments::stripe`) against the stand-in
//! (`common::stripe`): what Stripe receives, what the client makes of Stripe's answers,
//! and how it fails. No database.

use std::time::{Duration, Instant};

use babillard::config::{Secret, Settings};
use babillard::domain::lang::Lang;
use babillard::payments::stripe::{
    CheckoutRequest, CheckoutStatus, PayError, RefundStatus, Stripe,
};
use serde_json::Value;

use crate::common::stripe::{Fault, StandIn, sign};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn client(stand_in: &StandIn) -> Stripe {
    Stripe::from_settings(&stand_in.settings()).expect("a key is set")
}

/// Two places at 25 $ for registration 42, in French, for an hour.
fn request<'a>(key: &'a str, expires_at: i64) -> CheckoutRequest<'a> {
    CheckoutRequest {
        paid_for: babillard::payments::PaidFor::Registration(42),
        idempotency_key: key,
        description: "Atelier courriel — 12 mars 2027",
        unit_amount_cents: 2500,
        quantity: 2,
        currency: "cad",
        customer_email: Some("lea@example.org"),
        lang: Lang::Fr,
        expires_at,
        success_url: "https://babillard.example/paiement/merci?session={CHECKOUT_SESSION_ID}",
        cancel_url: "https://babillard.example/paiement/annule?r=42&lang=fr",
    }
}

/// A checkout for registration 42, paid on the hosted page: its payment intent.
fn paid(stripe: &Stripe, stand_in: &StandIn, key: &str) -> String {
    let c = stripe.create_checkout(&request(key, now() + 3600)).unwrap();
    stand_in.pay(&c.id).expect("an open session can be paid");
    stripe
        .retrieve_checkout(&c.id)
        .unwrap()
        .payment_intent
        .unwrap()
}

#[test]
fn a_checkout_reaches_stripe_as_asked() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    let expires_at = now() + 3600;
    let checkout = stripe
        .create_checkout(&request("reg-42-try-1", expires_at))
        .unwrap();

    let rows = stand_in.checkouts();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(checkout.id, row.id);
    assert!(checkout.id.starts_with("cs_test_"), "{}", checkout.id);
    assert_eq!(checkout.url, row.url);
    assert_eq!(checkout.expires_at, expires_at);
    assert_eq!(row.mode, "payment");
    assert_eq!(row.currency, "cad");
    assert_eq!((row.unit_amount, row.quantity), (2500, 2));
    assert_eq!(row.amount_total, 5000);
    assert_eq!(row.product_name, "Atelier courriel — 12 mars 2027");
    assert_eq!(row.payment_method_types, ["card"]);
    assert_eq!(row.client_reference_id.as_deref(), Some("42"));
    assert_eq!(
        row.metadata.get("registration_id").map(String::as_str),
        Some("42")
    );
    assert_eq!(row.customer_email.as_deref(), Some("lea@example.org"));
    assert_eq!(row.locale.as_deref(), Some("fr-CA"));
    assert_eq!(row.expires_at, expires_at);
    assert_eq!(
        row.success_url,
        "https://babillard.example/paiement/merci?session={CHECKOUT_SESSION_ID}"
    );
    assert_eq!(
        row.cancel_url.as_deref(),
        Some("https://babillard.example/paiement/annule?r=42&lang=fr")
    );
    assert_eq!(row.idempotency_key.as_deref(), Some("reg-42-try-1"));
    assert_eq!(
        (row.status.as_str(), row.payment_status.as_str()),
        ("open", "unpaid")
    );

    // Stripe's documented form: bracket keys, the key in the Authorization header.
    let sent = stand_in.received().pop().unwrap();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/v1/checkout/sessions")
    );
    assert_eq!(
        sent.param("line_items[0][price_data][unit_amount]"),
        Some("2500")
    );
    assert_eq!(
        sent.param("line_items[0][price_data][currency]"),
        Some("cad")
    );
    assert_eq!(sent.param("line_items[0][quantity]"), Some("2"));
    assert_eq!(sent.param("metadata[registration_id]"), Some("42"));
    assert_eq!(
        sent.authorization,
        Some(format!("Bearer {}", stand_in.secret_key()))
    );

    // In English, without an address.
    let english = CheckoutRequest {
        lang: Lang::En,
        customer_email: None,
        currency: "CAD",
        ..request("reg-42-en", expires_at)
    };
    let c = stripe.create_checkout(&english).unwrap();
    let row = stand_in.checkout(&c.id).unwrap();
    assert_eq!(row.locale.as_deref(), Some("en"));
    assert_eq!(row.customer_email, None);
    assert_eq!(row.currency, "cad");
}

#[test]
fn an_expiry_stripe_refuses_is_refused() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    // Stripe takes 30 minutes to 24 hours.
    let e = stripe
        .create_checkout(&request("too-soon", now() + 60))
        .unwrap_err();
    assert!(
        matches!(&e, PayError::Refused(why) if why.contains("expires_at")),
        "{e}"
    );
    assert!(stand_in.checkouts().is_empty());
}

#[test]
fn a_paid_checkout_reads_complete_and_paid() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    let c = stripe
        .create_checkout(&request("reg-42", now() + 3600))
        .unwrap();

    let before = stripe.retrieve_checkout(&c.id).unwrap();
    assert_eq!(before.status, CheckoutStatus::Open);
    assert!(!before.paid);
    assert_eq!(before.payment_intent, None);
    assert_eq!(before.amount_total, Some(5000));
    assert_eq!(before.registration_id, Some(42));

    let body = stand_in.pay(&c.id).expect("an open session can be paid");
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["object"], "event");
    assert_eq!(event["type"], "checkout.session.completed");
    assert!(event["id"].as_str().unwrap().starts_with("evt_"));
    let object = &event["data"]["object"];
    assert_eq!(object["object"], "checkout.session");
    assert_eq!(object["id"], c.id.as_str());
    assert_eq!(object["client_reference_id"], "42");
    assert_eq!(object["metadata"]["registration_id"], "42");
    assert_eq!(object["payment_status"], "paid");
    assert_eq!(object["status"], "complete");
    assert_eq!(object["amount_total"], 5000);
    assert_eq!(object["currency"], "cad");

    let charges = stand_in.charges();
    assert_eq!(charges.len(), 1);
    assert_eq!(charges[0].amount, 5000);
    assert_eq!(charges[0].checkout_id, c.id);
    assert_eq!(charges[0].registration_id, Some(42));
    assert_eq!(object["payment_intent"], charges[0].payment_intent.as_str());

    let after = stripe.retrieve_checkout(&c.id).unwrap();
    assert_eq!(after.status, CheckoutStatus::Complete);
    assert!(after.paid);
    assert_eq!(
        after.payment_intent.as_deref(),
        Some(charges[0].payment_intent.as_str())
    );
    assert_eq!(after.registration_id, Some(42));

    // Paying twice is not possible, and the event is signed as Stripe signs it.
    assert_eq!(stand_in.pay(&c.id), None);
    let header = sign(stand_in.webhook_secret(), &body);
    assert!(babillard::domain::webhooks::verify(
        stand_in.webhook_secret(),
        &header,
        &body,
        now(),
        300
    ));
}

#[test]
fn expiring_closes_an_open_checkout_and_leaves_others_as_they_are() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    let c = stripe.create_checkout(&request("a", now() + 3600)).unwrap();
    stripe.expire_checkout(&c.id).unwrap();
    assert_eq!(
        stripe.retrieve_checkout(&c.id).unwrap().status,
        CheckoutStatus::Expired
    );
    assert_eq!(
        stand_in.pay(&c.id),
        None,
        "nobody can pay an expired session"
    );
    // Again: already expired is fine.
    stripe.expire_checkout(&c.id).unwrap();

    // Paid before we expire it: stays complete and paid.
    let paid_one = stripe.create_checkout(&request("b", now() + 3600)).unwrap();
    stand_in.pay(&paid_one.id).unwrap();
    stripe.expire_checkout(&paid_one.id).unwrap();
    let state = stripe.retrieve_checkout(&paid_one.id).unwrap();
    assert_eq!((state.status, state.paid), (CheckoutStatus::Complete, true));

    // Stripe's clock expires a session: the event, and the state read back.
    let late = stripe.create_checkout(&request("c", now() + 3600)).unwrap();
    let body = stand_in.expire(&late.id).unwrap();
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["type"], "checkout.session.expired");
    assert_eq!(event["data"]["object"]["id"], late.id.as_str());
    assert_eq!(event["data"]["object"]["status"], "expired");
    let state = stripe.retrieve_checkout(&late.id).unwrap();
    assert_eq!((state.status, state.paid), (CheckoutStatus::Expired, false));

    // A session Stripe does not know.
    assert!(matches!(
        stripe.expire_checkout("cs_test_nothing"),
        Err(PayError::Refused(_))
    ));
    assert!(matches!(
        stripe.retrieve_checkout("cs_test_nothing"),
        Err(PayError::Refused(_))
    ));
}

#[test]
fn refunds_full_partial_and_too_much() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    let pi = paid(&stripe, &stand_in, "reg-42");

    let e = stripe.refund(&pi, 5001, "refund-too-much").unwrap_err();
    assert!(matches!(e, PayError::Refused(_)), "{e}");
    assert!(stand_in.refunds().is_empty());

    let part = stripe.refund(&pi, 2500, "refund-1").unwrap();
    assert_eq!((part.amount, part.status), (2500, RefundStatus::Succeeded));
    assert!(part.id.starts_with("re_"), "{}", part.id);
    // More than what is left of the charge.
    assert!(matches!(
        stripe.refund(&pi, 2501, "refund-2"),
        Err(PayError::Refused(_))
    ));
    let rest = stripe.refund(&pi, 2500, "refund-3").unwrap();
    assert_ne!(rest.id, part.id);

    let ledger = stand_in.refunds();
    assert_eq!(ledger.len(), 2);
    assert!(ledger.iter().all(|r| r.payment_intent == pi));
    assert_eq!(ledger.iter().map(|r| r.amount).sum::<i64>(), 5000);

    // A full refund in one go, of another payment.
    let other = paid(&stripe, &stand_in, "reg-42-again");
    let full = stripe.refund(&other, 5000, "refund-full").unwrap();
    assert_eq!(full.amount, 5000);
    assert!(matches!(
        stripe.refund(&other, 1, "refund-full-2"),
        Err(PayError::Refused(_))
    ));

    // A payment Stripe never saw.
    assert!(matches!(
        stripe.refund("pi_unknown", 100, "refund-unknown"),
        Err(PayError::Refused(_))
    ));
    assert_eq!(stand_in.refunds().len(), 3);
}

#[test]
fn the_same_idempotency_key_makes_one_refund() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    let pi = paid(&stripe, &stand_in, "reg-42");

    let first = stripe.refund(&pi, 1000, "refund-reg-42").unwrap();
    let again = stripe.refund(&pi, 1000, "refund-reg-42").unwrap();
    assert_eq!(first, again);
    assert_eq!(stand_in.refunds().len(), 1);

    // The same key for another amount is Stripe's idempotency error.
    assert!(matches!(
        stripe.refund(&pi, 2000, "refund-reg-42"),
        Err(PayError::Refused(_))
    ));
    assert_eq!(stand_in.refunds().len(), 1);
}

#[test]
fn a_500_is_unavailable_and_the_next_try_goes_through() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    stand_in.fault_next(1, Fault::Status500);
    let r = request("reg-42", now() + 3600);
    let e = stripe.create_checkout(&r).unwrap_err();
    assert!(matches!(e, PayError::Unavailable(_)), "{e}");
    assert!(stand_in.checkouts().is_empty());
    stripe.create_checkout(&r).unwrap();
    assert_eq!(stand_in.checkouts().len(), 1);

    stand_in.set_fault(Fault::Status500);
    assert!(matches!(
        stripe.retrieve_checkout(&stand_in.checkouts()[0].id),
        Err(PayError::Unavailable(_))
    ));
}

#[test]
fn a_stripe_that_never_answers_is_unavailable_after_the_timeout() {
    let stand_in = StandIn::start();
    let mut settings = stand_in.settings();
    settings.stripe_timeout_seconds = 1;
    let stripe = Stripe::from_settings(&settings).unwrap();
    stand_in.fault_next(1, Fault::Hang);

    let started = Instant::now();
    let e = stripe
        .create_checkout(&request("reg-42", now() + 3600))
        .unwrap_err();
    let took = started.elapsed();
    assert!(matches!(e, PayError::Unavailable(_)), "{e}");
    assert!(took >= Duration::from_millis(900), "{took:?}");
    assert!(
        took < Duration::from_secs(5),
        "the timeout did not fire: {took:?}"
    );
    assert_eq!(stand_in.received().len(), 1, "the request was sent");
    assert!(stand_in.checkouts().is_empty());

    // The builder's own timeout, shorter than a second.
    stand_in.fault_next(1, Fault::Hang);
    let started = Instant::now();
    let quick = stripe.with_timeout(Duration::from_millis(300));
    assert!(matches!(
        quick.create_checkout(&request("reg-42", now() + 3600)),
        Err(PayError::Unavailable(_))
    ));
    assert!(started.elapsed() < Duration::from_secs(3));

    // Stripe is back.
    stripe
        .create_checkout(&request("reg-42", now() + 3600))
        .unwrap();
    assert_eq!(stand_in.checkouts().len(), 1);
}

#[test]
fn a_lost_answer_then_a_retry_with_the_same_key_makes_one_object() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    let r = request("reg-42-checkout", now() + 3600);

    stand_in.fault_next(1, Fault::LoseResponse);
    let e = stripe.create_checkout(&r).unwrap_err();
    assert!(matches!(e, PayError::Unavailable(_)), "{e}");
    assert_eq!(stand_in.checkouts().len(), 1, "Stripe did the work");
    let retried = stripe.create_checkout(&r).unwrap();
    assert_eq!(stand_in.checkouts().len(), 1);
    assert_eq!(retried.id, stand_in.checkouts()[0].id);

    stand_in.pay(&retried.id).unwrap();
    let pi = stand_in.charges()[0].payment_intent.clone();
    stand_in.fault_next(1, Fault::LoseResponse);
    assert!(matches!(
        stripe.refund(&pi, 5000, "refund-reg-42"),
        Err(PayError::Unavailable(_))
    ));
    let refund = stripe.refund(&pi, 5000, "refund-reg-42").unwrap();
    let ledger = stand_in.refunds();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].id, refund.id);
}

#[test]
fn a_wrong_key_is_refused() {
    let stand_in = StandIn::start();
    let mut settings = stand_in.settings();
    settings.stripe_secret_key = Secret::new("sk_test_not_this_account");
    let stripe = Stripe::from_settings(&settings).unwrap();
    let e = stripe
        .create_checkout(&request("reg-42", now() + 3600))
        .unwrap_err();
    assert!(
        matches!(&e, PayError::Refused(why) if why.starts_with("401")),
        "{e}"
    );
    assert!(stand_in.checkouts().is_empty());
}

#[test]
fn without_a_key_there_is_no_client() {
    assert!(Stripe::from_settings(&Settings::default()).is_none());
    let blank = Settings {
        stripe_secret_key: Secret::new("  "),
        ..Settings::default()
    };
    assert!(Stripe::from_settings(&blank).is_none());
}

#[test]
fn the_key_never_prints() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    assert!(!format!("{stripe:?}").contains(stand_in.secret_key()));
}

/// Callable from an actix handler: inside a tokio runtime, where async-stripe's own
/// blocking client would panic.
#[actix_web::test]
async fn it_can_be_called_inside_the_web_runtime() {
    let stand_in = StandIn::start();
    let stripe = client(&stand_in);
    let c = stripe
        .create_checkout(&request("reg-42", now() + 3600))
        .unwrap();
    assert_eq!(
        stripe.retrieve_checkout(&c.id).unwrap().status,
        CheckoutStatus::Open
    );
    drop(stripe);
}
