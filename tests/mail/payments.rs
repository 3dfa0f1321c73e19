//! The payment emails (issue 13) as people read them, in French and in English. The
//! rows come from the real engine (registering with a way to pay, the hold jobs,
//! Stripe's events, refunds); each is composed as the mail worker sends it. Amounts
//! and dates are written out here by hand, not by the functions under test.

use super::*;
use babillard::db::models::OutboxRow;
use babillard::db::schema::{organisations, payments};
use babillard::domain::lang::Lang;
use babillard::domain::payment::{self, CheckoutObject, PayMethod, StripeEvent};
use babillard::domain::registration::{Email, Source};
use babillard::store::registrations::{
    self as engine, EventEffect, NewRegistration, RegisterOptions, Registered,
};
use chrono::NaiveDateTime;

/// The engine's clock: Saturday 5 June 2027, 13 h in Québec (EDT, UTC−4).
fn at(minutes: i64) -> NaiveDateTime {
    fixtures::utc("2027-06-05 17:00") + Duration::minutes(minutes)
}

/// An email as its reader sees it: no-break spaces read as spaces, apostrophes unescaped,
/// lines ended by `\n`.
struct Read {
    subject: String,
    text: String,
    html: String,
    invite: bool,
}

impl Read {
    /// Whether both the text and the HTML say `s`.
    fn says(&self, s: &str) -> bool {
        self.text.contains(s) && self.html.contains(s)
    }

    /// Whether neither says `s`.
    fn never(&self, s: &str) -> bool {
        !self.text.contains(s) && !self.html.contains(s)
    }
}

fn read(app: &TestApp, row: &OutboxRow) -> Read {
    let composed = app
        .with_conn(|c| babillard::mail::compose(&app.state.mail(), c, row))
        .unwrap_or_else(|e| panic!("{} ({}): {e:#}", row.kind, row.language));
    let bytes = composed.message.formatted();
    if std::env::var("PEEK").is_ok() {
        let name = format!("/tmp/peek-{}-{}-{}", row.kind, row.language, row.id);
        std::fs::write(format!("{name}.eml"), &bytes).unwrap();
    }
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let plain = |s: &str| {
        s.replace('\u{a0}', " ")
            .replace("&#39;", "'")
            .replace("\r\n", "\n")
    };
    let text = plain(&msg.body_text(0).unwrap());
    // A sentence that ends on a time ends once (« 1:30 p.m.. » would read as a typo).
    assert!(!text.contains(".m.."), "{}: {text}", row.kind);
    Read {
        subject: plain(msg.subject().unwrap()),
        text,
        html: plain(&msg.body_html(0).unwrap()),
        invite: composed.ics.is_some(),
    }
}

/// The messages of `kind` queued for a registration, oldest first.
fn queued(app: &TestApp, registration_id: i64, kind: MessageKind) -> Vec<OutboxRow> {
    app.with_conn(|c| {
        outbox::table
            .filter(outbox::registration_id.eq(registration_id))
            .filter(outbox::kind.eq(kind.as_str()))
            .order(outbox::id)
            .select(OutboxRow::as_select())
            .load(c)
            .unwrap()
    })
}

/// The latest message of `kind` to a registration, read.
fn latest(app: &TestApp, registration_id: i64, kind: MessageKind) -> Read {
    let rows = queued(app, registration_id, kind);
    let row = rows
        .last()
        .unwrap_or_else(|| panic!("no {} queued for {registration_id}", kind.as_str()));
    read(app, row)
}

/// The organisation of the tests takes payment online and at the door, refunds a
/// person's own cancellation up to 48 hours before, and gives its postal address.
fn paying_organisation(app: &TestApp) -> fixtures::Base {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::take_payments(c, b.organisation_id);
        diesel::update(organisations::table.find(b.organisation_id))
            .set(organisations::postal_address.eq("12, rue Principale\nLachute QC  J8H 1A1"))
            .execute(c)
            .unwrap();
        b
    })
}

/// « Atelier photo », 15,00 $ a seat, Saturday 12 June 2027 from 10 h to 11 h 30.
fn paid_session(app: &TestApp, b: &fixtures::Base, capacity: i32) -> i64 {
    app.with_conn(|c| {
        fixtures::session(
            c,
            b,
            "Atelier photo",
            fixtures::utc("2027-06-12 14:00"),
            |s| {
                s.price_cents = 1500;
                s.capacity = Some(capacity);
                s.what_to_bring = "Votre téléphone chargé".into();
            },
        )
    })
}

fn set_org(app: &TestApp, b: &fixtures::Base, late_payment: &str, tax_number: Option<&str>) {
    app.with_conn(|c| {
        diesel::update(organisations::table.find(b.organisation_id))
            .set((
                organisations::late_payment.eq(late_payment),
                organisations::tax_number.eq(tax_number),
            ))
            .execute(c)
            .unwrap()
    });
}

/// Registers through the engine, as the public form does.
fn register(
    app: &TestApp,
    session_id: i64,
    email: &str,
    lang: Lang,
    seats: i32,
    method: PayMethod,
    now: NaiveDateTime,
) -> Registered {
    let new = NewRegistration {
        name: "Gisèle Lavoie".into(),
        email: Email::parse(email),
        phone: None,
        seats,
        needs: None,
        language: lang,
        source: Source::Web,
        entered_by: None,
    };
    let opts = RegisterOptions {
        pay_method: Some(method),
        online_payments: true,
        hold_minutes: 30,
        ..RegisterOptions::default()
    };
    app.with_conn(|c| engine::register_with(c, session_id, &new, &opts, now))
        .unwrap()
}

/// Stripe says the person paid their Checkout Session.
fn stripe_paid(app: &TestApp, registration_id: i64, now: NaiveDateTime) -> EventEffect {
    let ev = StripeEvent {
        id: format!("evt_{registration_id}"),
        kind: StripeEvent::COMPLETED.into(),
        checkout: Some(CheckoutObject {
            id: format!("cs_{registration_id}"),
            registration_id: Some(registration_id),
            invoice_id: None,
            payment_intent: Some(format!("pi_{registration_id}")),
            paid: true,
            amount_total: Some(1500),
        }),
    };
    app.with_conn(|c| engine::apply_stripe_event(c, &ev, now))
        .unwrap()
}

/// Stripe accepted the refund of a registration's payment.
fn refunded(app: &TestApp, registration_id: i64, now: NaiveDateTime) {
    let done = app
        .with_conn(|c| {
            engine::refund_done(
                c,
                registration_id,
                &format!("re_{registration_id}"),
                1500,
                now,
            )
        })
        .unwrap();
    assert!(done);
}

fn email_for(lang: Lang, who: &str) -> String {
    format!("{who}-{}@example.org", lang.code())
}

#[actix_web::test]
async fn a_hold_is_told_warned_and_ended_in_both_languages() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let b = paying_organisation(&app);
    for lang in [Lang::Fr, Lang::En] {
        let fr = lang == Lang::Fr;
        let sid = paid_session(&app, &b, 10);
        let r = register(
            &app,
            sid,
            &email_for(lang, "held"),
            lang,
            2,
            PayMethod::Online,
            at(0),
        );
        let rid = r.registration.id;
        let token = r.manage_token.unwrap();
        // Nobody is told « confirmed » before paying.
        assert!(queued(&app, rid, MessageKind::RegistrationConfirmed).is_empty());

        let held = latest(&app, rid, MessageKind::PaymentHeld);
        if fr {
            assert_eq!(held.subject, "Places réservées, à payer : Atelier photo");
            assert!(
                held.says("Nous vous réservons 2 places jusqu'au samedi 5 juin 2027, 13 h 30."),
                "{}",
                held.text
            );
            assert!(
                held.says("payez 30,00 $ en ligne d'ici là"),
                "{}",
                held.text
            );
            assert!(held.says("touchez « Payer maintenant »"), "{}", held.text);
            assert!(held.says("« Demander plus de temps »"), "{}", held.text);
            assert!(held.html.contains(">Payer maintenant</a>"), "{}", held.html);
            assert!(held.text.contains("Pour payer, ouvrez ce lien :"));
            assert!(held.never("liste d'attente"));
        } else {
            assert_eq!(held.subject, "Seats held until you pay: Atelier photo");
            assert!(
                held.says(
                    "Until Saturday, June 5, 2027, 1:30 p.m., we are holding 2 seats for you."
                ),
                "{}",
                held.text
            );
            assert!(held.says("pay $30.00 online before then"), "{}", held.text);
            assert!(held.says("tap “Pay now”"), "{}", held.text);
            assert!(held.says("“Ask for more time”"), "{}", held.text);
            assert!(held.html.contains(">Pay now</a>"), "{}", held.html);
            assert!(held.never("waiting list"));
        }
        assert!(!held.invite, "nothing goes into the calendar before paying");
        let link = manage_token_in(&held.text).expect("the link to pay");
        assert_eq!(app.get(&format!("/r/{link}")).await.status.as_u16(), 200);

        // Ten minutes before the end: warned once, with the offer of more time.
        let warned = app.with_conn(|c| engine::warn_holds(c, at(21))).unwrap();
        assert_eq!(warned, 1);
        let warning = latest(&app, rid, MessageKind::PaymentHoldWarning);
        if fr {
            assert_eq!(
                warning.subject,
                "Plus que quelques minutes pour payer : Atelier photo"
            );
            assert!(
                warning.says("Il vous reste une dizaine de minutes pour payer : votre réservation prend fin le samedi 5 juin 2027, 13 h 30."),
                "{}",
                warning.text
            );
            assert!(warning.says("payez 30,00 $ en ligne dès maintenant"));
            assert!(warning.says("Besoin de plus de temps?"));
        } else {
            assert!(
                warning.says("(your hold ends on Saturday, June 5, 2027, 1:30 p.m.)."),
                "{}",
                warning.text
            );
            assert!(warning.says("pay $30.00 online now"));
            assert!(warning.says("Need more time?"));
        }

        // More time, once: the next warning says it cannot be extended again.
        app.with_conn(|c| engine::extend_hold(c, &token, payment::hold(30), at(22)))
            .unwrap();
        assert_eq!(app.with_conn(|c| engine::warn_holds(c, at(43))).unwrap(), 1);
        let last = latest(&app, rid, MessageKind::PaymentHoldWarning);
        if fr {
            assert!(
                last.says("prend fin le samedi 5 juin 2027, 13 h 52"),
                "{}",
                last.text
            );
            assert!(last.says("ne peut plus l'être"), "{}", last.text);
            assert!(last.says("les places seront offertes à d'autres personnes"));
            assert!(last.never("Besoin de plus de temps"));
        } else {
            assert!(last.says("ends on Saturday, June 5, 2027, 1:52 p.m.)"));
            assert!(last.says("cannot be extended again"), "{}", last.text);
            assert!(last.never("Need more time"));
        }

        // The hold ends unpaid: nothing owed, the seats went back, the way back in.
        app.with_conn(|c| engine::expire_holds(c, at(53))).unwrap();
        let expired = latest(&app, rid, MessageKind::PaymentExpired);
        let again = format!("https://babillard.test/sessions/{sid}");
        assert!(expired.says(&again), "{}", expired.text);
        if fr {
            assert_eq!(expired.subject, "Délai de paiement terminé : Atelier photo");
            assert!(
                expired.says("les places que nous vous réservions sont de nouveau libres"),
                "{}",
                expired.text
            );
            assert!(expired.says("Vous n'avez rien payé et vous ne devez rien."));
            assert!(expired.says("vous inscrire de nouveau"));
            assert!(expired.text.contains("Pour revoir votre inscription"));
            assert!(expired.never("Payer maintenant"));
        } else {
            assert_eq!(expired.subject, "Time to pay has ended: Atelier photo");
            assert!(expired.says("the seats we were holding for you are free again"));
            assert!(expired.says("You have not paid anything and you owe nothing."));
            assert!(
                expired.html.contains(">Register again</a>"),
                "{}",
                expired.html
            );
        }
        // The registration is over: no packing list, no offer to change it.
        assert!(expired.never("Votre téléphone chargé"), "{}", expired.text);
        assert!(!expired.invite);
    }
}

#[actix_web::test]
async fn a_seat_from_the_waitlist_is_held_for_whoever_pays_online() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let b = paying_organisation(&app);
    for lang in [Lang::Fr, Lang::En] {
        let sid = paid_session(&app, &b, 1);
        let door = register(
            &app,
            sid,
            &email_for(lang, "door"),
            lang,
            1,
            PayMethod::OnSite,
            at(0),
        );
        let online = register(
            &app,
            sid,
            &email_for(lang, "online"),
            lang,
            1,
            PayMethod::Online,
            at(1),
        );
        assert_eq!(online.waitlist_position, Some(1));
        app.with_conn(|c| engine::cancel(c, door.manage_token.as_deref().unwrap(), at(5)))
            .unwrap();
        // At the door nothing was paid online: nothing to refund, nothing said of it.
        let cancelled = latest(
            &app,
            door.registration.id,
            MessageKind::RegistrationCancelled,
        );
        assert!(cancelled.never("rembours") && cancelled.never("refund"));

        // Promoted: held for the organisation's offer time (24 h), to pay.
        let held = latest(&app, online.registration.id, MessageKind::PaymentHeld);
        if lang == Lang::Fr {
            assert!(
                held.says(
                    "Bonne nouvelle : une place s'est libérée pour vous sur la liste d'attente."
                ),
                "{}",
                held.text
            );
            assert!(
                held.says("Nous vous réservons une place jusqu'au dimanche 6 juin 2027, 13 h 05."),
                "{}",
                held.text
            );
            assert!(held.says("payez 15,00 $ en ligne"));
        } else {
            assert!(held.says("Good news: a seat freed up for you on the waiting list."));
            assert!(
                held.says(
                    "Until Sunday, June 6, 2027, 1:05 p.m., we are holding one seat for you."
                ),
                "{}",
                held.text
            );
            assert!(held.says("pay $15.00 online"));
        }
    }
}

#[actix_web::test]
async fn a_receipt_names_the_organisation_the_amount_and_the_taxes_it_collects() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let b = paying_organisation(&app);
    for lang in [Lang::Fr, Lang::En] {
        let fr = lang == Lang::Fr;
        set_org(&app, &b, "refund", None);
        let sid = paid_session(&app, &b, 10);
        let r = register(
            &app,
            sid,
            &email_for(lang, "paid"),
            lang,
            1,
            PayMethod::Online,
            at(0),
        );
        let rid = r.registration.id;
        assert_eq!(stripe_paid(&app, rid, at(10)), EventEffect::Paid);

        // Paid: the confirmation carries the invite and asks for nothing more.
        let confirmed = latest(&app, rid, MessageKind::RegistrationConfirmed);
        assert!(confirmed.invite);
        assert!(confirmed.never("sur place") && confirmed.never("on site"));

        let rows = queued(&app, rid, MessageKind::PaymentReceipt);
        assert_eq!(rows.len(), 1);
        let receipt = read(&app, &rows[0]);
        assert!(!receipt.invite);
        let lines: Vec<String> = if fr {
            assert_eq!(receipt.subject, "Reçu de paiement : Atelier photo");
            vec![
                format!("Reçu no R-{rid}"),
                "Date du paiement : samedi 5 juin 2027, 13 h 10".into(),
                "Organisme : Organisme test".into(),
                "Pour : Atelier photo, samedi 12 juin 2027, 10 h à 11 h 30".into(),
                "Nombre de places : 1".into(),
                "Montant payé : 15,00 $".into(),
                "Mode de paiement : carte de crédit en ligne (Stripe)".into(),
            ]
        } else {
            assert_eq!(receipt.subject, "Payment receipt: Atelier photo");
            vec![
                format!("Receipt no. R-{rid}"),
                "Date paid: Saturday, June 5, 2027, 1:10 p.m.".into(),
                "Organisation: Organisme test".into(),
                "For: Atelier photo, Saturday, June 12, 2027, 10 a.m. to 11:30 a.m.".into(),
                "Number of seats: 1".into(),
                "Amount paid: $15.00".into(),
                "Payment method: credit card online (Stripe)".into(),
            ]
        };
        for line in &lines {
            assert!(receipt.says(line), "{line:?} in {}", receipt.text);
        }
        // The organisation's postal address, line by line.
        assert!(
            receipt
                .text
                .contains("Organisme test\n12, rue Principale\nLachute QC  J8H 1A1\n"),
            "{}",
            receipt.text
        );
        assert!(
            receipt
                .html
                .contains("12, rue Principale<br>Lachute QC  J8H 1A1"),
            "{}",
            receipt.html
        );
        // No tax number: no taxes line.
        assert!(
            receipt.never("TPS") && receipt.never("GST"),
            "{}",
            receipt.text
        );

        // With a tax number, the same receipt (read as it is now) shows the taxes included
        // in 15,00 $: 13,05 $ + 0,65 $ (5 %) + 1,30 $ (9,975 %).
        let number = "123456789 RT0001 / 1234567890 TQ0001";
        set_org(&app, &b, "refund", Some(number));
        let taxed = read(&app, &rows[0]);
        let taxes = if fr {
            format!("Taxes incluses : TPS 0,65 $, TVQ 1,30 $ — no de taxes : {number}")
        } else {
            format!("Taxes included: GST $0.65, QST $1.30 — tax numbers: {number}")
        };
        assert!(taxed.says(&taxes), "{}", taxed.text);
        for line in &lines {
            assert!(taxed.says(line), "{line:?} in {}", taxed.text);
        }
    }
}

#[actix_web::test]
async fn at_the_door_the_confirmation_says_what_to_pay_and_the_receipt_how_it_was_paid() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let b = paying_organisation(&app);
    for (lang, via, said) in [
        (Lang::Fr, "cash", "Mode de paiement : comptant"),
        (Lang::En, "card", "Payment method: card, on site"),
    ] {
        let sid = paid_session(&app, &b, 10);
        let r = register(
            &app,
            sid,
            &email_for(lang, "door"),
            lang,
            1,
            PayMethod::OnSite,
            at(0),
        );
        let rid = r.registration.id;
        let due = if lang == Lang::Fr {
            "Montant à payer sur place : 15,00 $ (comptant ou carte)"
        } else {
            "Amount to pay on site: $15.00 (cash or card)"
        };
        let confirmed = latest(&app, rid, MessageKind::RegistrationConfirmed);
        assert!(confirmed.says(due), "{}", confirmed.text);
        assert!(confirmed.invite);

        // Staff record the payment at the door (their act queues the receipt, as here).
        app.with_conn(|c| {
            diesel::update(payments::table.find(rid))
                .set((
                    payments::status.eq("paid"),
                    payments::paid_via.eq(via),
                    payments::paid_at.eq(at(60 * 24 * 7 - 10)),
                ))
                .execute(c)
                .unwrap();
            queue(
                c,
                MessageKind::PaymentReceipt,
                rid,
                serde_json::json!({"amount_cents": 1500}),
            )
        });
        let receipt = latest(&app, rid, MessageKind::PaymentReceipt);
        assert!(receipt.says(said), "{}", receipt.text);
        let paid_on = if lang == Lang::Fr {
            "samedi 12 juin 2027, 12 h 50"
        } else {
            "Saturday, June 12, 2027, 12:50 p.m."
        };
        assert!(receipt.says(paid_on), "{}", receipt.text);
        // Read as it is now: once paid, the confirmation no longer asks for the money.
        let again = latest(&app, rid, MessageKind::RegistrationConfirmed);
        assert!(again.never(due), "{}", again.text);
    }
}

#[actix_web::test]
async fn a_late_payment_waits_or_is_refunded_and_the_refund_is_told() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let b = paying_organisation(&app);
    for lang in [Lang::Fr, Lang::En] {
        let fr = lang == Lang::Fr;
        for policy in ["refund", "waitlist"] {
            set_org(&app, &b, policy, None);
            let sid = paid_session(&app, &b, 1);
            let late = register(
                &app,
                sid,
                &email_for(lang, &format!("late-{policy}")),
                lang,
                1,
                PayMethod::Online,
                at(0),
            );
            let rid = late.registration.id;
            app.with_conn(|c| engine::expire_holds(c, at(31))).unwrap();
            // The freed seat is taken before Stripe's word arrives.
            register(
                &app,
                sid,
                &email_for(lang, &format!("door-{policy}")),
                lang,
                1,
                PayMethod::OnSite,
                at(32),
            );
            let effect = stripe_paid(&app, rid, at(33));
            let told = latest(&app, rid, MessageKind::PaymentLate);
            if policy == "waitlist" {
                assert_eq!(effect, EventEffect::PaidLateWaitlisted);
                if fr {
                    assert_eq!(
                        told.subject,
                        "Votre paiement est arrivé après le délai : Atelier photo"
                    );
                    assert!(
                        told.says("Votre paiement de 15,00 $ est bien arrivé"),
                        "{}",
                        told.text
                    );
                    assert!(told.says("Vous êtes maintenant sur la liste d'attente, et votre paiement est déjà fait."));
                    assert!(told.says("Si une place se libère, votre inscription sera confirmée"));
                    assert!(told.says("nous vous rembourserons en entier"));
                } else {
                    assert!(told.says("Your payment of $15.00 arrived"), "{}", told.text);
                    assert!(told.says(
                        "You are now on the waiting list, and your payment is already made."
                    ));
                    assert!(told.says("we will refund you in full"));
                }
                // Still waiting: the registration is not over.
                assert!(told.says("Votre téléphone chargé"), "{}", told.text);
                assert_eq!(queued(&app, rid, MessageKind::PaymentReceipt).len(), 1);
                continue;
            }
            assert_eq!(effect, EventEffect::Refunding);
            if fr {
                assert!(
                    told.says(
                        "Votre paiement de 15,00 $ est arrivé après la fin du délai pour payer"
                    ),
                    "{}",
                    told.text
                );
                assert!(told.says("Nous vous rembourserons le montant en entier"));
            } else {
                assert!(
                    told.says("Your payment of $15.00 arrived after the time to pay had ended")
                );
                assert!(told.says("We will refund the full amount to the card you paid with."));
            }
            assert!(told.never("Votre téléphone chargé"), "{}", told.text);

            refunded(&app, rid, at(40));
            let refund = latest(&app, rid, MessageKind::RefundIssued);
            if fr {
                assert_eq!(refund.subject, "Remboursement envoyé : Atelier photo");
                assert!(
                    refund.says(
                        "Nous vous avons remboursé 15,00 $ sur la carte utilisée pour payer."
                    ),
                    "{}",
                    refund.text
                );
                assert!(refund.says("d'ici 5 à 10 jours ouvrables"));
                assert!(refund.says("votre paiement arrivé après la fin du délai"));
            } else {
                assert_eq!(refund.subject, "Refund sent: Atelier photo");
                assert!(refund.says("We have refunded $15.00 to the card you paid with."));
                assert!(refund.says("within 5 to 10 business days"));
                assert!(refund.says("your payment that arrived after the deadline"));
            }
            assert!(!refund.invite);
        }
    }
}

#[actix_web::test]
async fn cancelling_a_paid_registration_or_session_says_the_money_goes_back() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let b = paying_organisation(&app);
    for lang in [Lang::Fr, Lang::En] {
        let fr = lang == Lang::Fr;
        let (back, why_person, why_session) = if fr {
            (
                "Le montant payé en ligne vous sera remboursé sur la carte utilisée pour payer.",
                "Ce remboursement fait suite à l'annulation de votre inscription.",
                "Ce remboursement fait suite à l'annulation de l'activité par l'organisme.",
            )
        } else {
            (
                "The amount you paid online will be refunded to the card you paid with.",
                "This refund follows the cancellation of your registration.",
                "This refund follows the cancellation of the activity by the organisation.",
            )
        };

        // The person cancels a week ahead: within the 48-hour policy, refunded.
        let sid = paid_session(&app, &b, 10);
        let r = register(
            &app,
            sid,
            &email_for(lang, "cancels"),
            lang,
            1,
            PayMethod::Online,
            at(0),
        );
        let rid = r.registration.id;
        stripe_paid(&app, rid, at(5));
        app.with_conn(|c| engine::cancel(c, r.manage_token.as_deref().unwrap(), at(60)))
            .unwrap();
        let cancelled = latest(&app, rid, MessageKind::RegistrationCancelled);
        assert!(cancelled.says(back), "{}", cancelled.text);
        assert!(cancelled.invite, "the calendar entry is withdrawn");
        refunded(&app, rid, at(61));
        let refund = latest(&app, rid, MessageKind::RefundIssued);
        assert!(refund.says(why_person), "{}", refund.text);
        assert!(refund.says(if fr { "15,00 $" } else { "$15.00" }));

        // The organiser cancels the session: always refunded.
        let sid = paid_session(&app, &b, 10);
        let r = register(
            &app,
            sid,
            &email_for(lang, "session"),
            lang,
            1,
            PayMethod::Online,
            at(0),
        );
        let rid = r.registration.id;
        stripe_paid(&app, rid, at(5));
        app.with_conn(|c| engine::cancel_session(c, sid, "Salle inondée", at(70)))
            .unwrap();
        let cancelled = latest(&app, rid, MessageKind::SessionCancelled);
        assert!(cancelled.says(back), "{}", cancelled.text);
        assert!(cancelled.says("Salle inondée"));
        refunded(&app, rid, at(71));
        let refund = latest(&app, rid, MessageKind::RefundIssued);
        assert!(refund.says(why_session), "{}", refund.text);
        assert!(refund.never("Votre téléphone chargé"));
    }
}
