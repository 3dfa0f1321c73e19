//! Paid sessions (issue 13) as a person, Stripe and the jobs live them, on both
//! databases, against the real `async-stripe` client and a Stripe stand-in on loopback
//! (`common::stripe`): pay on site, pay online with seats held, Stripe's events signed
//! with the real algorithm (late, twice, out of order, forged, unknown), holds that run
//! out, more time once, refunds by policy and for a cancelled session, Stripe down, and
//! a rush on a 20-seat paid session whose counts must match the stand-in's ledger.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::models::{Payment, Registration};
use babillard::db::schema::{organisations, outbox, payments, registrations, sessions};
use babillard::domain::payment::PayStatus;
use babillard::domain::registration::Status;
use babillard::store::registrations as store;
use chrono::{Duration, NaiveDateTime};
use common::fixtures::{self, in_days};
use common::stripe::{Fault, StandIn, sign, sign_at};
use common::{Backend, Resp, TestApp};
use diesel::prelude::*;
use futures_util::future::join_all;

struct World {
    app: TestApp,
    stripe: StandIn,
    session: i64,
    csrf: String,
}

/// A 1 500 ¢ session in three days, paid online or on site, refunded up to 48 h before.
async fn world(backend: Backend, capacity: i32) -> World {
    let stripe = StandIn::start();
    let app = TestApp::build(backend, |s| {
        stripe.configure(s);
        s.registration_rate_limit = 0;
    })
    .await;
    let session = app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::take_payments(c, b.organisation_id);
        fixtures::session(c, &b, "Atelier payant", in_days(3), |s| {
            s.capacity = Some(capacity);
            s.max_seats = 3;
            s.price_cents = 1500;
        })
    });
    let csrf = app.get(&format!("/sessions/{session}")).await.csrf_cookie();
    World {
        app,
        stripe,
        session,
        csrf,
    }
}

fn form(csrf: &str, fields: &[(&str, &str)]) -> String {
    let mut pairs = vec![format!("csrf_token={csrf}")];
    for (k, v) in fields {
        pairs.push(format!(
            "{k}={}",
            babillard::web::templates::encode_query_value(v)
        ));
    }
    pairs.join("&")
}

fn at(minutes: i64) -> NaiveDateTime {
    babillard::db::now() + Duration::minutes(minutes)
}

impl World {
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        self.app
            .call(
                TestRequest::post()
                    .uri(path)
                    .insert_header(("cookie", format!("csrf={}", self.csrf)))
                    .insert_header(("content-type", "application/x-www-form-urlencoded"))
                    .set_payload(form(&self.csrf, fields)),
            )
            .await
    }

    async fn get(&self, path: &str) -> Resp {
        self.app
            .call(
                TestRequest::get()
                    .uri(path)
                    .insert_header(("cookie", format!("csrf={}", self.csrf))),
            )
            .await
    }

    /// Registers from the public form; answers the manage link's path.
    async fn register(&self, n: usize, pay: &str, seats: i32) -> Result<String, Resp> {
        let name = format!("Personne {n}");
        let email = format!("p{n}@exemple.ca");
        let seats = seats.to_string();
        let r = self
            .post(
                &format!("/sessions/{}/register", self.session),
                &[
                    ("name", &name),
                    ("email", &email),
                    ("seats", &seats),
                    ("pay", pay),
                    ("language", "fr"),
                    ("consent", "oui"),
                ],
            )
            .await;
        match (r.status, r.header("location")) {
            (StatusCode::SEE_OTHER, Some(l)) => Ok(l.split('?').next().unwrap().to_owned()),
            _ => Err(r),
        }
    }

    async fn registered(&self, n: usize, pay: &str, seats: i32) -> String {
        self.register(n, pay, seats)
            .await
            .unwrap_or_else(|r| panic!("{} {}", r.status, r.text()))
    }

    fn registration(&self, manage: &str) -> Registration {
        let token = manage.trim_start_matches("/r/").to_owned();
        self.app
            .with_conn(|c| store::find_by_token(c, &token))
            .unwrap()
            .registration
    }

    fn reload(&self, id: i64) -> (Registration, Option<Payment>) {
        self.app.with_conn(|c| {
            let r = registrations::table
                .find(id)
                .select(Registration::as_select())
                .first(c)
                .unwrap();
            (r, store::payment_of(c, id).unwrap())
        })
    }

    /// « Payer maintenant »: answers Stripe's page (the stand-in's checkout id).
    async fn open_checkout(&self, manage: &str) -> String {
        let r = self.post(&format!("{manage}/pay"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let url = r.header("location").unwrap();
        self.stripe
            .checkouts()
            .into_iter()
            .find(|c| c.url == url)
            .unwrap_or_else(|| panic!("{url} is none of the stand-in's pages"))
            .id
    }

    async fn webhook(&self, body: &str) -> Resp {
        self.webhook_signed(body, &sign(self.stripe.webhook_secret(), body))
            .await
    }

    async fn webhook_signed(&self, body: &str, signature: &str) -> Resp {
        self.app
            .call(
                TestRequest::post()
                    .uri("/webhooks/stripe")
                    .insert_header(("Stripe-Signature", signature.to_owned()))
                    .insert_header(("content-type", "application/json"))
                    .set_payload(body.to_owned()),
            )
            .await
    }

    fn seats(&self) -> (i32, i32) {
        self.app.with_conn(|c| {
            let counters: (i32, i32) = sessions::table
                .find(self.session)
                .select((sessions::seats_taken, sessions::waitlist_count))
                .first(c)
                .unwrap();
            assert_eq!(
                store::recount(c, self.session).unwrap(),
                counters,
                "counters match the rows"
            );
            counters
        })
    }

    /// The kinds of message queued for one registration, in order.
    fn mail(&self, id: i64) -> Vec<String> {
        self.app.with_conn(|c| {
            outbox::table
                .filter(outbox::registration_id.eq(id))
                .order(outbox::id)
                .select(outbox::kind)
                .load(c)
                .unwrap()
        })
    }

    fn holds(&self, at: NaiveDateTime) -> usize {
        let state = &self.app.state;
        babillard::jobs::payments::holds_at(&state.jobs(), at).unwrap()
    }

    fn refunds(&self, at: NaiveDateTime) -> usize {
        let state = &self.app.state;
        babillard::jobs::payments::refunds_at(&state.jobs(), at).unwrap()
    }
}

/// Tests whose app talks to a fresh Stripe stand-in, on each backend.
macro_rules! with_stripe {
    ($(async fn $name:ident($w:ident, $capacity:literal) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run(backend: Backend) {
                let $w = world(backend, $capacity).await;
                $body
            }

            crate::each_backend!(run);
        }
    )*};
}

with_stripe! {
    async fn paying_on_site_confirms_at_once_and_the_form_asks_how_to_pay(w, 10) {
        let page = w.get(&format!("/sessions/{}", w.session)).await.text();
        assert!(page.contains("15,00\u{a0}$"), "the price in Québec format");
        assert!(page.contains("Je paierai sur place") && page.contains("Je paie maintenant par carte"));
        // No choice: the form comes back with a message on the field, nothing stored.
        let r = w.register(1, "", 1).await.unwrap_err();
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Choisissez comment vous paierez"));
        assert_eq!(w.seats(), (0, 0));
        let manage = w.registered(1, "on_site", 2).await;
        let r = w.registration(&manage);
        let (_, p) = w.reload(r.id);
        let p = p.unwrap();
        assert_eq!((r.status, p.status, p.amount_cents), (Status::Confirmed, PayStatus::Due, 3000));
        assert_eq!(w.seats(), (2, 0));
        assert_eq!(w.mail(r.id), ["registration_confirmed"]);
        let shown = w.get(&manage).await.text();
        assert!(shown.contains("30,00\u{a0}$") && shown.contains("À payer sur place"), "{shown}");
        assert!(w.stripe.received().is_empty(), "paying on site never calls Stripe");
    }

    async fn paying_online_holds_the_seats_and_stripe_confirms_them_once(w, 10) {
        let manage = w.registered(1, "online", 2).await;
        let r = w.registration(&manage);
        assert_eq!(r.status, Status::PendingPayment);
        assert_eq!(w.seats(), (2, 0), "the seats count while the person pays");
        assert_eq!(w.mail(r.id), ["payment_held"], "no confirmation before payment");
        let shown = w.get(&format!("{manage}?done=registered")).await.text();
        assert!(shown.contains("Vos places sont réservées jusqu"), "{shown}");
        assert!(shown.contains("Payez maintenant pour confirmer"), "not « done » before paying");
        assert!(
            shown.find("Payer maintenant").unwrap() < shown.find("Votre inscription attend le paiement").unwrap(),
            "what to do now comes first"
        );
        assert!(shown.contains("Payer maintenant (30,00\u{a0}$)") && shown.contains("Demander plus de temps"));
        // The feed does not show the seats as the person's before they are paid.
        let feed = w.get(&format!("{manage}/calendar.ics")).await.text();
        assert!(!feed.contains("Atelier payant"), "{feed}");

        let checkout = w.open_checkout(&manage).await;
        let again = w.open_checkout(&manage).await;
        assert_eq!(checkout, again, "a second click goes to the same page");
        let made = w.stripe.checkout(&checkout).unwrap();
        assert_eq!(w.stripe.checkouts().len(), 1);
        assert_eq!((made.unit_amount, made.quantity, made.amount_total), (1500, 2, 3000));
        assert_eq!(made.currency, "cad");
        assert_eq!(made.metadata.get("registration_id"), Some(&r.id.to_string()));
        let (_, p) = w.reload(r.id);
        let hold = p.unwrap().hold_expires_at.unwrap();
        // Stripe's page ends with the hold, or a minute later when the hold is Stripe's
        // 30-minute minimum (Stripe wants more than 30 minutes ahead when it is asked).
        let hold = hold.and_utc().timestamp();
        assert!((hold..=hold + 60).contains(&made.expires_at), "{} vs {hold}", made.expires_at);
        assert!(made.success_url.contains("/payments/return") && !made.success_url.contains(&manage));

        let body = w.stripe.pay(&checkout).unwrap();
        // A forged or stale signature changes nothing.
        let forged = w.webhook_signed(&body, &sign("whsec_not_ours", &body)).await;
        assert_eq!(forged.status, StatusCode::BAD_REQUEST);
        let stale = sign_at(w.stripe.webhook_secret(), chrono::Utc::now().timestamp() - 301, &body);
        assert_eq!(w.webhook_signed(&body, &stale).await.status, StatusCode::BAD_REQUEST);
        assert_eq!(w.reload(r.id).0.status, Status::PendingPayment);

        let ok = w.webhook(&body).await;
        assert_eq!(ok.status, StatusCode::OK);
        assert_eq!(ok.json()["effect"], "paid");
        let (r2, p) = w.reload(r.id);
        let p = p.unwrap();
        assert_eq!((r2.status, p.status), (Status::Confirmed, PayStatus::Paid));
        assert_eq!(p.payment_intent, Some(w.stripe.charges()[0].payment_intent.clone()));
        // Stripe delivers at least once: the same event again is recorded once.
        let twice = w.webhook(&body).await;
        assert_eq!((twice.status, twice.json()["effect"].as_str()), (StatusCode::OK, Some("duplicate")));
        assert_eq!(w.mail(r.id), ["payment_held", "registration_confirmed", "payment_receipt"]);
        assert_eq!(w.seats(), (2, 0));
        // An event about nothing we know is acknowledged, so Stripe stops sending it.
        let unknown = body.replace(&format!("\"{}\"", r.id), "\"987654\"").replace("evt_", "evt_other_");
        let answer = w.webhook(&unknown).await;
        assert_eq!((answer.status, answer.json()["effect"].as_str()), (StatusCode::OK, Some("unknown")));
    }

    async fn coming_back_before_stripes_event_shows_the_payment_and_the_event_adds_nothing(w, 10) {
        let manage = w.registered(1, "online", 1).await;
        let r = w.registration(&manage);
        let checkout = w.open_checkout(&manage).await;
        let cancelled = w.get(&format!("/payments/return?outcome=success&session_id={checkout}")).await;
        assert!(cancelled.text().contains("Paiement pas encore confirmé"), "unpaid: still pending");
        let body = w.stripe.pay(&checkout).unwrap();
        let back = w.get(&format!("/payments/return?outcome=success&session_id={checkout}")).await;
        assert_eq!(back.status, StatusCode::OK);
        assert!(back.text().contains("Paiement reçu"), "{}", back.text());
        assert!(!back.text().contains("p1@exemple.ca"), "no personal data on the return page");
        assert_eq!(w.reload(r.id).0.status, Status::Confirmed);
        let late = w.webhook(&body).await;
        assert_eq!(late.status, StatusCode::OK);
        assert_eq!(w.mail(r.id), ["payment_held", "registration_confirmed", "payment_receipt"]);
        assert_eq!(w.get("/payments/return?session_id=cs_nobody").await.status, StatusCode::NOT_FOUND);
    }

    async fn a_hold_is_warned_once_then_its_seats_go_to_the_waitlist_and_a_late_payment_is_refunded(w, 1) {
        let first = w.registered(1, "online", 1).await;
        let a = w.registration(&first);
        let second = w.registered(2, "on_site", 1).await;
        let b = w.registration(&second);
        assert_eq!((b.status, w.seats()), (Status::Waitlisted, (1, 1)));
        let checkout = w.open_checkout(&first).await;
        assert_eq!(w.holds(at(21)), 1, "warned ten minutes before the end");
        assert_eq!(w.holds(at(22)), 0, "once");
        assert_eq!(w.mail(a.id), ["payment_held", "payment_hold_warning"]);
        // The person pays at the last second; Stripe's event is delayed past the hold.
        let body = w.stripe.pay(&checkout).unwrap();
        assert_eq!(w.holds(at(31)), 1);
        let (a2, p) = w.reload(a.id);
        assert_eq!((a2.status, p.unwrap().status), (Status::Cancelled, PayStatus::Expired));
        assert_eq!(w.reload(b.id).0.status, Status::Confirmed, "the waitlist got the seat");
        assert_eq!(w.seats(), (1, 0));
        let answer = w.webhook(&body).await;
        assert_eq!(answer.json()["effect"], "refunding");
        assert_eq!(w.seats(), (1, 0), "never more seats than the capacity");
        assert_eq!(w.refunds(at(32)), 1);
        let charge = &w.stripe.charges()[0];
        let refunds = w.stripe.refunds();
        assert_eq!(refunds.len(), 1);
        assert_eq!((refunds[0].payment_intent.as_str(), refunds[0].amount), (charge.payment_intent.as_str(), 1500));
        assert_eq!(w.reload(a.id).1.unwrap().status, PayStatus::Refunded);
        assert!(w.mail(a.id).ends_with(&["payment_late".to_owned(), "refund_issued".to_owned()]));
        assert_eq!(w.refunds(at(40)), 0, "refunded once");
    }

    async fn a_late_payment_whose_seats_are_still_free_is_confirmed(w, 3) {
        let manage = w.registered(1, "online", 1).await;
        let r = w.registration(&manage);
        let checkout = w.open_checkout(&manage).await;
        let body = w.stripe.pay(&checkout).unwrap();
        w.holds(at(31));
        assert_eq!(w.seats(), (0, 0));
        assert_eq!(w.webhook(&body).await.json()["effect"], "paid_late_confirmed");
        let (r2, p) = w.reload(r.id);
        assert_eq!((r2.status, p.unwrap().status), (Status::Confirmed, PayStatus::Paid));
        assert_eq!(w.seats(), (1, 0));
    }

    async fn more_time_is_given_once_and_the_first_page_can_no_longer_be_paid(w, 5) {
        let manage = w.registered(1, "online", 1).await;
        let r = w.registration(&manage);
        let first = w.open_checkout(&manage).await;
        let before = w.reload(r.id).1.unwrap().hold_expires_at.unwrap();
        let asked = w.post(&format!("{manage}/more-time"), &[]).await;
        assert_eq!(asked.status, StatusCode::SEE_OTHER);
        assert!(w.get(&asked.header("location").unwrap()).await.text().contains("vous avez plus de temps"));
        assert_eq!(w.stripe.checkout(&first).unwrap().status, "expired");
        assert!(w.stripe.pay(&first).is_none(), "the first page is closed");
        let p = w.reload(r.id).1.unwrap();
        assert!(p.hold_expires_at.unwrap() >= before && p.hold_extended);
        let again = w.post(&format!("{manage}/more-time"), &[]).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "once only");
        let second = w.open_checkout(&manage).await;
        assert_ne!(first, second);
        let body = w.stripe.pay(&second).unwrap();
        assert_eq!(w.webhook(&body).await.json()["effect"], "paid");
    }

    async fn cancelling_refunds_by_the_policy_and_a_cancelled_session_refunds_everyone(w, 10) {
        // Paid online, cancelled three days ahead: refunded (policy: up to 48 h before).
        let paid = w.registered(1, "online", 1).await;
        let a = w.registration(&paid);
        let c = w.open_checkout(&paid).await;
        w.webhook(&w.stripe.pay(&c).unwrap()).await;
        let page = w.get(&paid).await.text();
        assert!(page.contains("Si vous annulez avant le"), "the refund deadline is shown");
        assert_eq!(w.post(&format!("{paid}/cancel"), &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(w.reload(a.id).1.unwrap().status, PayStatus::RefundDue);
        // On site: nothing owed any more.
        let door = w.registered(2, "on_site", 1).await;
        let b = w.registration(&door);
        // A second online payer, then the session is cancelled.
        let other = w.registered(3, "online", 2).await;
        let c3 = w.registration(&other);
        let co = w.open_checkout(&other).await;
        w.webhook(&w.stripe.pay(&co).unwrap()).await;
        let n = w.app.with_conn(|c| store::cancel_session(c, w.session, "Tempête", babillard::db::now())).unwrap();
        assert_eq!(n, 2);
        assert_eq!(w.reload(b.id).1.unwrap().status, PayStatus::Void);
        assert_eq!(w.reload(c3.id).1.unwrap().status, PayStatus::RefundDue);
        assert_eq!(w.refunds(at(1)), 2);
        let mut refunded: Vec<i64> = w.stripe.refunds().iter().map(|r| r.amount).collect();
        refunded.sort();
        assert_eq!(refunded, [1500, 3000]);
        assert!(w.mail(c3.id).contains(&"refund_issued".to_owned()));
    }

    async fn with_no_refund_policy_a_cancellation_keeps_the_payment(w, 10) {
        w.app.with_conn(|c| {
            diesel::update(organisations::table)
                .set(organisations::refund_hours_before.eq(None::<i32>))
                .execute(c)
                .unwrap()
        });
        let paid = w.registered(1, "online", 1).await;
        let a = w.registration(&paid);
        let c = w.open_checkout(&paid).await;
        w.webhook(&w.stripe.pay(&c).unwrap()).await;
        w.post(&format!("{paid}/cancel"), &[]).await;
        assert_eq!(w.reload(a.id).1.unwrap().status, PayStatus::Paid);
        assert_eq!(w.refunds(at(1)), 0);
        assert!(w.stripe.refunds().is_empty());
    }

    async fn the_accounting_record_outlives_the_persons_data_for_six_years_only(w, 10) {
        let paid = w.registered(1, "online", 1).await;
        let a = w.registration(&paid);
        let c = w.open_checkout(&paid).await;
        w.webhook(&w.stripe.pay(&c).unwrap()).await;
        let jobs = w.app.state.jobs();
        let after_retention = babillard::db::now() + Duration::days(i64::from(w.app.state.settings.retention_days) + 10);
        babillard::jobs::registrations::retention_at(&jobs, after_retention).unwrap();
        let (r, p) = w.reload(a.id);
        assert_eq!((r.name, r.email), (None, None), "the person is forgotten");
        let p = p.expect("the payment stays for the accounting");
        assert_eq!((p.status, p.amount_cents), (PayStatus::Paid, 1500));
        babillard::jobs::registrations::retention_at(&jobs, babillard::db::now() + Duration::days(6 * 366 + 1)).unwrap();
        assert!(w.reload(a.id).1.is_none(), "gone after six years");
    }

    async fn the_whole_path_reads_in_english_without_javascript(w, 10) {
        let page = w.get(&format!("/sessions/{}?lang=en", w.session)).await.text();
        assert!(page.contains("$15.00") && page.contains("I pay now by card, online"));
        // Its JSON-LD (tests/open_data.rs) is a data block: no script runs.
        let runs = page.replace("<script type=\"application/ld+json\">", "");
        assert!(!runs.contains("<script"), "no script on the session page");
        let r = w
            .post(
                &format!("/sessions/{}/register", w.session),
                &[("name", "Ann Lee"), ("email", "ann@example.ca"), ("seats", "1"), ("pay", "online"), ("language", "en"), ("consent", "yes")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let manage = r.header("location").unwrap().split('?').next().unwrap().to_owned();
        let shown = w.get(&format!("{manage}?lang=en")).await.text();
        assert!(shown.contains("Your seats are held until") && shown.contains("Pay now ($15.00)"), "{shown}");
        assert!(shown.contains("Ask for more time"));
        let c = w.open_checkout(&manage).await;
        assert_eq!(w.stripe.checkout(&c).unwrap().locale.as_deref(), Some("en"));
        let body = w.stripe.pay(&c).unwrap();
        let back = w.get(&format!("/payments/return?outcome=success&session_id={c}&lang=en")).await.text();
        assert!(back.contains("Payment received") && back.contains("$15.00"), "{back}");
        w.webhook(&body).await;
        let shown = w.get(&format!("{manage}?lang=en")).await.text();
        assert!(shown.contains("Paid. Thank you!") && shown.contains("If you cancel before"), "{shown}");
        let cancel = w.get(&format!("{manage}/cancel?lang=en")).await;
        assert_eq!(cancel.status, StatusCode::OK);
        assert_eq!(w.post(&format!("{manage}/cancel"), &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(w.refunds(at(1)), 1);
        let shown = w.get(&format!("{manage}?lang=en")).await.text();
        assert!(shown.contains("Refunded."), "{shown}");
        let id = w.registration(&manage).id;
        let (lang, kinds): (String, Vec<String>) = w.app.with_conn(|c| {
            let lang = registrations::table.find(id).select(registrations::language).first(c).unwrap();
            (lang, outbox::table.filter(outbox::registration_id.eq(id)).order(outbox::id).select(outbox::kind).load(c).unwrap())
        });
        assert_eq!(lang, "en", "the emails go out in English");
        assert_eq!(kinds, ["payment_held", "registration_confirmed", "payment_receipt", "registration_cancelled", "refund_issued"]);
    }

    async fn stripe_down_keeps_the_seats_and_refunds_are_tried_again(w, 10) {
        let manage = w.registered(1, "online", 1).await;
        let r = w.registration(&manage);
        w.stripe.set_fault(Fault::Status500);
        let tried = w.post(&format!("{manage}/pay"), &[]).await;
        assert_eq!(tried.status, StatusCode::SEE_OTHER);
        let back = w.get(&tried.header("location").unwrap()).await.text();
        assert!(back.contains("Le paiement en ligne ne répond pas"), "{back}");
        assert_eq!((w.reload(r.id).0.status, w.seats()), (Status::PendingPayment, (1, 0)));
        w.stripe.set_fault(Fault::None);
        let c = w.open_checkout(&manage).await;
        w.webhook(&w.stripe.pay(&c).unwrap()).await;
        w.post(&format!("{manage}/cancel"), &[]).await;
        w.stripe.set_fault(Fault::Status500);
        assert_eq!(w.refunds(at(1)), 0);
        let p = w.reload(r.id).1.unwrap();
        assert_eq!((p.status, p.refund_attempts), (PayStatus::RefundDue, 1));
        assert!(p.refund_error.is_some(), "staff see why");
        assert_eq!(w.refunds(at(1)), 0, "not asked again before its time");
        w.stripe.set_fault(Fault::None);
        assert_eq!(w.refunds(at(10)), 1);
        assert_eq!(w.stripe.refunds().len(), 1);
    }
}

with_stripe! {
    // 200 people for 20 seats, half paying online: some pay, some walk away from
    // Stripe's page, some pay after their hold ran out; the waitlist moves, and the
    // promoted online payers pay. No seat is sold twice, and every charge at Stripe is
    // either a confirmed (or waiting, paid) registration or refunded.
    async fn a_rush_on_a_paid_session_never_sells_a_seat_twice_and_matches_stripes_ledger(w, 20) {
        let answers = join_all((0..200).map(|n| {
            let pay = if n % 2 == 0 { "on_site" } else { "online" };
            w.register(n, pay, 1)
        }))
        .await;
        let links: Vec<String> = answers.into_iter().map(|a| a.unwrap_or_else(|r| panic!("{}", r.text()))).collect();
        assert!(w.seats().0 <= 20);
        let regs: Vec<(String, Registration)> = links.iter().map(|l| (l.clone(), w.registration(l))).collect();
        let held: Vec<&(String, Registration)> = regs.iter().filter(|(_, r)| r.status == Status::PendingPayment).collect();
        // Of those holding seats to pay: a third pay, a third walk away, a third pay late.
        let mut late = Vec::new();
        for (i, (link, _)) in held.iter().enumerate() {
            if i % 3 == 1 {
                continue;
            }
            let c = w.open_checkout(link).await;
            let body = w.stripe.pay(&c).unwrap();
            if i % 3 == 0 {
                assert_eq!(w.webhook(&body).await.status, StatusCode::OK);
            } else {
                late.push(body);
            }
        }
        w.holds(at(31));
        let answers = join_all(late.iter().map(|b| w.webhook(b))).await;
        assert!(answers.iter().all(|a| a.status == StatusCode::OK));
        // The waitlist moved: online payers promoted hold seats; they all pay now.
        for (link, r) in &regs {
            if w.reload(r.id).0.status == Status::PendingPayment {
                let c = w.open_checkout(link).await;
                w.webhook(&w.stripe.pay(&c).unwrap()).await;
            }
        }
        w.refunds(at(32));
        let (taken, _) = w.seats();
        assert!(taken <= 20, "{taken} seats taken of 20");
        let confirmed = w.app.with_conn(|c| {
            registrations::table
                .filter(registrations::session_id.eq(w.session))
                .filter(registrations::status.eq(Status::Confirmed))
                .count()
                .get_result::<i64>(c)
                .unwrap()
        });
        assert_eq!(confirmed, 20, "every seat is taken in the end (the waitlist is long)");
        let stored: Vec<Payment> = w.app.with_conn(|c| {
            payments::table
                .filter(payments::session_id.eq(w.session))
                .select(Payment::as_select())
                .load(c)
                .unwrap()
        });
        let charges = w.stripe.charges();
        let refunds = w.stripe.refunds();
        for ch in &charges {
            let p = stored.iter().find(|p| p.payment_intent.as_deref() == Some(ch.payment_intent.as_str())).unwrap();
            let refunded: i64 = refunds.iter().filter(|r| r.payment_intent == ch.payment_intent).map(|r| r.amount).sum();
            match p.status {
                PayStatus::Paid => assert_eq!(refunded, 0),
                PayStatus::Refunded => assert_eq!(refunded, ch.amount),
                other => panic!("a charge whose payment is {other}"),
            }
        }
        let kept: i64 = stored.iter().filter(|p| p.status == PayStatus::Paid && p.payment_intent.is_some()).map(|p| i64::from(p.amount_cents)).sum();
        let charged: i64 = charges.iter().map(|c| c.amount).sum();
        let given_back: i64 = refunds.iter().map(|r| r.amount).sum();
        assert_eq!(charged - given_back, kept, "Stripe's ledger and ours agree to the cent");
        assert!(!late.is_empty() && given_back > 0, "the scenario had late payments refunded");
        // Everyone confirmed who paid online is paid; on site, they owe it at the door.
        for (_, r) in &regs {
            let (r, p) = w.reload(r.id);
            if r.status == Status::Confirmed {
                let p = p.unwrap();
                assert!(matches!(p.status, PayStatus::Paid | PayStatus::Due), "{:?}", p.status);
            }
        }
    }
}
