//! Paid sessions in the back office (issue 13), as staff use them: a price typed the
//! way people type it with reduced prices by audience, the organisation's ways to pay,
//! a payment taken at the door (once, with its receipt and audit entry, through the
//! page and the staff API alike), a caller registered at a reduced rate, the exports'
//! payment columns, refunds that Stripe refused shown with their error, and what the
//! privacy page says about card payments. Both databases.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::models::Payment;
use babillard::db::schema::*;
use babillard::domain::payment::{PayMethod, StripeEvent};
use common::TestApp;
use common::fixtures::{self, Base};
use common::staff::{self, Browser};
use diesel::prelude::*;
use serde_json::json;

const EDITOR: &str = "editor@example.org";

/// The library with an editor and a manager, and its session in a week (10 seats)
/// costing `price_cents`, paid at the door.
fn paid_session(app: &TestApp, price_cents: i32) -> (Base, i64) {
    app.with_conn(|c| {
        let (b, s) = staff::library_session(c, EDITOR, "editor", 10);
        staff::user(c, "manager@example.org", "manager", Some(b.organisation_id));
        diesel::update(sessions::table.find(s))
            .set(sessions::price_cents.eq(price_cents))
            .execute(c)
            .unwrap();
        (b, s)
    })
}

fn payment(app: &TestApp, registration_id: i64) -> Option<Payment> {
    app.with_conn(|c| babillard::store::registrations::payment_of(c, registration_id).unwrap())
}

fn audience(app: &TestApp, slug: &str) -> i64 {
    app.with_conn(|c| {
        audiences::table
            .filter(audiences::slug.eq(slug))
            .select(audiences::id)
            .first(c)
            .unwrap()
    })
}

fn outbox_of(app: &TestApp, kind: &str) -> Vec<(Option<i64>, String)> {
    app.with_conn(|c| {
        outbox::table
            .filter(outbox::kind.eq(kind))
            .order(outbox::id)
            .select((outbox::registration_id, outbox::payload))
            .load(c)
            .unwrap()
    })
}

fn audited(app: &TestApp, action: &str) -> Vec<(Option<i64>, String)> {
    app.with_conn(|c| {
        audit_log::table
            .filter(audit_log::action.eq(action))
            .order(audit_log::id)
            .select((audit_log::entity_id, audit_log::detail))
            .load(c)
            .unwrap()
    })
}

/// The session form's fields for the library's session, with a price and reduced
/// prices (audience id, price typed; every audience of the region is on the form).
fn session_form(b: &Base, price: &str, reduced: &[(i64, &str)]) -> Vec<(String, String)> {
    let day = (chrono::Utc::now() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let mut f: Vec<(String, String)> = [
        ("title", "Apprivoiser sa tablette"),
        ("kind_id", &b.kind_id.to_string()),
        ("day", &day),
        ("start", "13:30"),
        ("end", "15:00"),
        ("format", "in_person"),
        ("venue_id", &b.venue_id.to_string()),
        ("registration_required", "1"),
        ("capacity", "10"),
        ("max_seats", "2"),
        ("price", price),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (a, p) in reduced {
        f.push(("rate_audience".into(), a.to_string()));
        f.push(("rate_price".into(), p.to_string()));
    }
    f
}

async fn post(b: &mut Browser<'_>, path: &str, fields: &[(String, String)]) -> common::Resp {
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(path, &f).await
}

fn prices(app: &TestApp, s: i64) -> (i32, Vec<(i64, i32)>) {
    app.with_conn(|c| {
        let p = babillard::store::programme::prices_of(c, s).unwrap();
        (p.price_cents, p.reduced)
    })
}

/// Someone registered through the public engine (pays at the door for a paid session).
fn register(app: &TestApp, s: i64, name: &str, email: &str) -> i64 {
    app.with_conn(|c| staff::register(c, s, name, email).0)
}

on_both_backends! {
    async fn a_price_is_typed_as_people_type_it_with_reduced_prices_for_some(app: TestApp) {
        let (b, s) = paid_session(&app, 0);
        let (aines, etudiants) = (audience(&app, "aines"), audience(&app, "etudiants"));
        let mut br = Browser::signed_in(&app, EDITOR);
        let path = format!("/admin/sessions/{s}");

        // Nonsense and negative amounts are refused, with the field's message, and
        // nothing is saved.
        for typed in ["-5", "quinze", "15,505"] {
            let r = post(&mut br, &path, &session_form(&b, typed, &[])).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
            assert!(r.text().contains("Inscrivez un montant en dollars, par exemple 15 ou 15,50"), "{typed}: {}", r.text());
            assert!(r.text().contains(&format!("value=\"{typed}\"")), "what was typed stays");
        }
        assert_eq!(prices(&app, s), (0, vec![]));
        let en = post(&mut br, &format!("{path}?lang=en"), &session_form(&b, "abc", &[])).await;
        assert!(en.text().contains("Type an amount in dollars, for example 15 or 15.50"), "{}", en.text());
        br.get(&format!("{path}?lang=fr")).await;

        // « 15,50 $ » with the seniors free and students at 10 $.
        let r = post(&mut br, &path, &session_form(&b, "15,50 $", &[(aines, "0"), (etudiants, "10"), (audience(&app, "jeunes"), "")])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let mut want = vec![(aines, 0), (etudiants, 1000)];
        want.sort();
        assert_eq!(prices(&app, s), (1550, want.clone()));
        let page = br.get(&path).await.text();
        assert!(page.contains("id=\"f-price\" name=\"price\" type=\"text\" value=\"15,50\""), "{page}");
        assert!(page.contains(&format!("id=\"f-rate-{aines}\" name=\"rate_price\" type=\"text\" inputmode=\"decimal\" value=\"0,00\"")), "{page}");
        let logged = audited(&app, "price");
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].0, Some(s));
        assert!(logged[0].1.contains("15,50"), "{logged:?}");
        // Saving the same prices again records no change.
        let r = post(&mut br, &path, &session_form(&b, "15.50", &[(aines, "0"), (etudiants, "10,00")])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(audited(&app, "price").len(), 1);

        // A reduced price above the full price, or on a free session, is refused.
        let r = post(&mut br, &path, &session_form(&b, "15", &[(aines, "20")])).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Le tarif réduit doit être plus bas que le prix régulier"), "{}", r.text());
        let r = post(&mut br, &path, &session_form(&b, "", &[(aines, "0")])).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Un tarif réduit demande un prix régulier"), "{}", r.text());
        assert_eq!(prices(&app, s), (1550, want.clone()), "a refused form saves nothing");

        // The API tells the currency and the reduced prices.
        let j = app.get_json(&format!("/api/v1/sessions/{s}")).await;
        assert_eq!((j["price_cents"].clone(), j["currency"].clone()), (json!(1550), json!("CAD")));
        let mut reduced: Vec<(String, i64)> = j["reduced_prices"].as_array().unwrap().iter()
            .map(|r| (r["audience"].as_str().unwrap().to_owned(), r["price_cents"].as_i64().unwrap()))
            .collect();
        reduced.sort();
        assert_eq!(reduced, [("aines".to_string(), 0), ("etudiants".to_string(), 1000)]);

        // A new price does not change what people already registered owe.
        let r = register(&app, s, "Gisèle Tremblay", "gisele@example.org");
        assert_eq!(payment(&app, r).unwrap().amount_cents, 1550);
        let r2 = post(&mut br, &path, &session_form(&b, "20", &[])).await;
        assert_eq!(r2.status, StatusCode::SEE_OTHER, "{}", r2.text());
        assert_eq!(prices(&app, s), (2000, vec![]));
        assert_eq!(payment(&app, r).unwrap().amount_cents, 1550);
        let j = app.get_json(&format!("/api/v1/sessions/{s}")).await;
        assert_eq!(j["reduced_prices"], json!([]));
        // Free again: « 0 » or empty.
        let r3 = post(&mut br, &path, &session_form(&b, "0", &[])).await;
        assert_eq!(r3.status, StatusCode::SEE_OTHER);
        assert_eq!(prices(&app, s), (0, vec![]));

        // A new session and its copy carry their prices.
        let new = post(&mut br, &format!("/admin/events/{}/sessions", b.event_id), &session_form(&b, "12", &[(aines, "5")])).await;
        assert_eq!(new.status, StatusCode::SEE_OTHER, "{}", new.text());
        let created: i64 = new.header("location").unwrap().trim_start_matches("/admin/sessions/").split('?').next().unwrap().parse().unwrap();
        assert_eq!(prices(&app, created), (1200, vec![(aines, 500)]));
        let copy = br.post(&format!("/admin/sessions/{created}/duplicate"), &[]).await;
        let copied: i64 = copy.header("location").unwrap().trim_start_matches("/admin/sessions/").split('?').next().unwrap().parse().unwrap();
        assert_eq!(prices(&app, copied), (1200, vec![(aines, 500)]));
    }

    async fn the_organisation_chooses_how_people_pay_and_are_refunded(app: TestApp) {
        let (b, _) = paid_session(&app, 1500);
        let org = b.organisation_id;
        let path = format!("/admin/organisations/{org}/payments");
        let fields = [("ways", "both"), ("refund", "before"), ("refund_hours", "48"), ("late_payment", "waitlist"),
            ("tax_number", "123456789 RT0001"), ("postal_address", "1, rue Principale\nSherbrooke (Québec)  J1H 1A1")];
        // Editors see the organisation, only managers change its settings.
        let mut editor = Browser::signed_in(&app, EDITOR);
        assert_eq!(editor.post(&path, &fields).await.status, StatusCode::FORBIDDEN);
        let mut m = Browser::signed_in(&app, "manager@example.org");
        let page = m.get(&format!("/admin/organisations/{org}")).await.text();
        assert!(page.contains("Pour l&#39;instant, les personnes paient sur place") || page.contains("Pour l'instant, les personnes paient sur place"), "{page}");
        assert!(page.contains("Le paiement en ligne est désactivé : la région n&#39;a pas encore de compte Stripe")
            || page.contains("Le paiement en ligne est désactivé\u{a0}: la région n'a pas encore de compte Stripe")
            || page.contains("Le paiement en ligne est désactivé\u{a0}: la région n&#39;a pas encore de compte Stripe"), "{page}");
        let r = m.post(&path, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert!(r.header("location").unwrap().ends_with("done=payment-settings-saved"));
        type Row = (bool, bool, Option<i32>, String, Option<String>, String);
        let row: Row = app.with_conn(|c| organisations::table.find(org).select((
            organisations::pay_online, organisations::pay_on_site, organisations::refund_hours_before,
            organisations::late_payment, organisations::tax_number, organisations::postal_address,
        )).first(c).unwrap());
        assert_eq!(row, (true, true, Some(48), "waitlist".into(), Some("123456789 RT0001".into()), "1, rue Principale\nSherbrooke (Québec)  J1H 1A1".into()));
        assert_eq!(audited(&app, "payment_settings").len(), 1);
        // Without Stripe, « both » still means on site for now, and the page says so.
        let page = m.get(&format!("/admin/organisations/{org}")).await.text();
        assert!(page.contains("value=\"both\" checked"), "{page}");
        assert!(page.contains("value=\"48\""), "{page}");
        assert!(page.contains("les personnes paient sur place"), "{page}");

        // No refunds; a bad number of hours is refused and changes nothing.
        let r = m.post(&path, &[("ways", "on_site"), ("refund", "none"), ("refund_hours", ""), ("late_payment", "refund"), ("tax_number", ""), ("postal_address", "")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = m.post(&path, &[("ways", "on_site"), ("refund", "before"), ("refund_hours", "-2"), ("late_payment", "refund"), ("tax_number", ""), ("postal_address", "")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Inscrivez un nombre d&#39;heures entre 0 et 720") || r.text().contains("Inscrivez un nombre d'heures entre 0 et 720"), "{}", r.text());
        let row: (bool, bool, Option<i32>, Option<String>) = app.with_conn(|c| organisations::table.find(org)
            .select((organisations::pay_online, organisations::pay_on_site, organisations::refund_hours_before, organisations::tax_number)).first(c).unwrap());
        assert_eq!(row, (false, true, None, None));
    }

    async fn a_payment_at_the_door_is_recorded_once_with_its_receipt(app: TestApp) {
        let (lib, s) = paid_session(&app, 1500);
        let gisele = register(&app, s, "Gisèle Tremblay", "gisele@example.org");
        let paul = register(&app, s, "Paul Gagnon", "paul@example.org");
        let p = payment(&app, gisele).unwrap();
        assert_eq!((p.status.as_str(), p.method, p.amount_cents), ("due", PayMethod::OnSite, 1500));
        let mut b = Browser::signed_in(&app, EDITOR);
        let door = format!("/admin/sessions/{s}/door");
        let html = b.get(&door).await.text();
        assert!(html.contains("Doit 15,00\u{a0}$"), "{html}");
        assert!(html.contains(&format!("formaction=\"{door}/{gisele}/payment\" name=\"via\" value=\"cash\"")), "{html}");
        assert!(html.contains(">Payé comptant<span class=\"visually-hidden\"> — Gisèle Tremblay</span>"), "{html}");
        assert!(html.contains("id=\"door-pay\"") && html.contains("form=\"door-pay\""), "the buttons post their own form: {html}");

        let r = b.post(&format!("{door}/{gisele}/payment"), &[("via", "cash"), ("q", "gis")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.header("location").unwrap(), format!("{door}?q=gis&done=payment-recorded"));
        let editor_id: i64 = app.with_conn(|c| users::table.filter(users::email.eq(EDITOR)).select(users::id).first(c).unwrap());
        let p = payment(&app, gisele).unwrap();
        assert_eq!((p.status.as_str(), p.paid_via.map(|v| v.as_str()), p.recorded_by_user_id), ("paid", Some("cash"), Some(editor_id)));
        assert!(p.paid_at.is_some());
        let receipts = outbox_of(&app, "payment_receipt");
        assert_eq!(receipts.len(), 1);
        assert_eq!(receipts[0].0, Some(gisele));
        let payload: serde_json::Value = serde_json::from_str(&receipts[0].1).unwrap();
        assert_eq!(payload["amount_cents"], 1500);
        let logged = audited(&app, "record_payment");
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].0, Some(gisele));
        assert!(logged[0].1.contains("15,00") && logged[0].1.contains("cash"), "{logged:?}");

        // A second tap says it is paid already: no second receipt, no second entry.
        let again = b.post(&format!("{door}/{gisele}/payment"), &[("via", "card")]).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
        let shown = b.get(again.header("location").unwrap().as_str()).await.text();
        assert!(shown.contains("Ce paiement était déjà noté."), "{shown}");
        assert!(shown.contains("Payé — comptant"), "{shown}");
        assert_eq!(payment(&app, gisele).unwrap().paid_via.map(|v| v.as_str()), Some("cash"), "the first tap stands");
        assert_eq!(outbox_of(&app, "payment_receipt").len(), 1);
        assert_eq!(audited(&app, "record_payment").len(), 1);

        // The staff API calls the same act.
        let token = staff::token(&app, EDITOR);
        let api = format!("/api/v1/registrations/{paul}/payment");
        let bad = staff::api(&app, "post", &api, Some(&token), Some(json!({"via": "stripe"}))).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text());
        let done = staff::api(&app, "post", &api, Some(&token), Some(json!({"via": "card"}))).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text());
        let j = done.json();
        assert_eq!((j["id"].clone(), j["already_paid"].clone()), (json!(paul), json!(false)));
        assert_eq!((j["payment"]["status"].clone(), j["payment"]["paid_via"].clone(), j["payment"]["amount_cents"].clone(), j["payment"]["currency"].clone(), j["payment"]["method"].clone()),
            (json!("paid"), json!("card"), json!(1500), json!("CAD"), json!("on_site")));
        assert!(j["payment"]["paid_at"].as_str().unwrap().ends_with("-04:00") || j["payment"]["paid_at"].as_str().unwrap().ends_with("-05:00"));
        let twice = staff::api(&app, "post", &api, Some(&token), Some(json!({"via": "card"}))).await;
        assert_eq!((twice.status, twice.json()["already_paid"].clone()), (StatusCode::OK, json!(true)));
        assert_eq!(outbox_of(&app, "payment_receipt").len(), 2);
        assert_eq!(audited(&app, "record_payment").len(), 2);
        let roster = staff::api(&app, "get", &format!("/api/v1/sessions/{s}/roster"), Some(&token), None).await.json();
        let paid_via: Vec<serde_json::Value> = roster["confirmed"].as_array().unwrap().iter().map(|r| r["payment"]["paid_via"].clone()).collect();
        assert_eq!(paid_via, [json!("cash"), json!("card")]);

        // Someone registered by phone, without an email, pays: no receipt to send.
        let caller = b.post(&format!("/admin/sessions/{s}/registrations"), &[("name", "Rosaire Côté"), ("phone", "819 555-0101"), ("seats", "2"), ("consent", "1")]).await;
        assert_eq!(caller.status, StatusCode::SEE_OTHER, "{}", caller.text());
        let rosaire: i64 = app.with_conn(|c| registrations::table.filter(registrations::name.eq("Rosaire Côté")).select(registrations::id).first(c).unwrap());
        assert_eq!(payment(&app, rosaire).unwrap().amount_cents, 3000, "two seats");
        assert!(b.get(&door).await.text().contains("Doit 30,00\u{a0}$"));
        assert_eq!(b.post(&format!("{door}/{rosaire}/payment"), &[("via", "card")]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(payment(&app, rosaire).unwrap().status.as_str(), "paid");
        assert_eq!(outbox_of(&app, "payment_receipt").len(), 2);

        // Nothing owed: a free session's registration, or a cancelled one.
        let free = app.with_conn(|c| fixtures::session(c, &lib, "Gratuite", fixtures::in_days(8), |_| {}));
        let freebie = register(&app, free, "Gisèle Tremblay", "gisele@example.org");
        let r = b.post(&format!("/admin/sessions/{free}/door/{freebie}/payment"), &[("via", "cash")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.text().contains("Cette personne n&#39;a rien à payer.") || r.text().contains("Cette personne n'a rien à payer."), "{}", r.text());
        assert!(!b.get(&format!("/admin/sessions/{free}/door")).await.text().contains("door-pay"), "a free session's door has no payment buttons");
        let cancelled = register(&app, s, "Partie Tôt", "partie@example.org");
        app.with_conn(|c| {
            let token = babillard::store::links::mint(c, cancelled, babillard::db::now()).unwrap();
            babillard::store::registrations::cancel(c, &token, babillard::db::now()).unwrap();
        });
        assert_eq!(payment(&app, cancelled).unwrap().status.as_str(), "void");
        let r = b.post(&format!("{door}/{cancelled}/payment"), &[("via", "cash")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
        let r = staff::api(&app, "post", &format!("/api/v1/registrations/{cancelled}/payment"), Some(&token), Some(json!({"via": "cash"}))).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(outbox_of(&app, "payment_receipt").len(), 2);
    }

    async fn another_organisation_cannot_take_a_payment_nor_through_another_session(app: TestApp) {
        let (b, s) = paid_session(&app, 1500);
        let r = register(&app, s, "Gisèle Tremblay", "gisele@example.org");
        let other_session = app.with_conn(|c| {
            let other = fixtures::base_named(c, "autre");
            staff::user(c, "autre@example.org", "manager", Some(other.organisation_id));
            fixtures::session(c, &b, "Une autre séance", fixtures::in_days(9), |_| {})
        });
        let mut intruder = Browser::signed_in(&app, "autre@example.org");
        let page = intruder.post(&format!("/admin/sessions/{s}/door/{r}/payment"), &[("via", "cash")]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let token = staff::token(&app, "autre@example.org");
        let api = staff::api(&app, "post", &format!("/api/v1/registrations/{r}/payment"), Some(&token), Some(json!({"via": "cash"}))).await;
        assert_eq!(api.status, StatusCode::FORBIDDEN, "{}", api.text());
        // Garbage from someone without the right is still 403: permission comes first.
        let api = staff::api(&app, "post", &format!("/api/v1/registrations/{r}/payment"), Some(&token), Some(json!({"via": "troc"}))).await;
        assert_eq!(api.status, StatusCode::FORBIDDEN);
        assert_eq!(payment(&app, r).unwrap().status.as_str(), "due");
        assert!(outbox_of(&app, "payment_receipt").is_empty());
        assert!(audited(&app, "record_payment").is_empty());
        // The right staff, but the registration is not the path's session's: 404.
        let mut editor = Browser::signed_in(&app, EDITOR);
        let wrong = editor.post(&format!("/admin/sessions/{other_session}/door/{r}/payment"), &[("via", "cash")]).await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        let missing = staff::api(&app, "post", "/api/v1/registrations/999999/payment", Some(&staff::token(&app, EDITOR)), Some(json!({"via": "cash"}))).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(payment(&app, r).unwrap().status.as_str(), "due");
        // The session's trainer takes payments at the door, as they check people in.
        app.with_conn(|c| {
            let u = staff::user(c, "isabelle@example.org", "none", None);
            let t = staff::trainer(c, "isabelle", b.organisation_id, Some(u));
            staff::assign(c, s, t);
        });
        let mut trainer = Browser::signed_in(&app, "isabelle@example.org");
        assert_eq!(trainer.post(&format!("/admin/sessions/{s}/door/{r}/payment"), &[("via", "card")]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(payment(&app, r).unwrap().status.as_str(), "paid");
    }

    async fn staff_register_a_caller_at_a_reduced_rate_who_pays_at_the_door(app: TestApp) {
        let (_, s) = paid_session(&app, 1500);
        let (aines, etudiants) = (audience(&app, "aines"), audience(&app, "etudiants"));
        app.with_conn(|c| {
            for (a, p) in [(aines, 0), (etudiants, 1000)] {
                diesel::insert_into(session_prices::table)
                    .values((session_prices::session_id.eq(s), session_prices::audience_id.eq(a), session_prices::price_cents.eq(p)))
                    .execute(c)
                    .unwrap();
            }
            // Online payment chosen, but no Stripe key: staff registrations pay on site anyway.
            diesel::update(organisations::table).set((organisations::pay_online.eq(true), organisations::pay_on_site.eq(false))).execute(c).unwrap();
        });
        let mut b = Browser::signed_in(&app, EDITOR);
        let path = format!("/admin/sessions/{s}/registrations");
        let page = b.get(&path).await.text();
        assert!(page.contains("<option value=\"\" selected>Prix régulier\u{a0}: 15,00\u{a0}$</option>"), "{page}");
        assert!(page.contains("<option value=\"etudiants\">Étudiants\u{a0}: 10,00\u{a0}$</option>"), "{page}");
        assert!(page.contains("<option value=\"aines\">Aînés\u{a0}: gratuit</option>"), "{page}");
        let r = b.post(&path, &[("name", "Rosaire Côté"), ("phone", "819 555-0101"), ("seats", "2"), ("consent", "1"), ("rate", "etudiants")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let rosaire: i64 = app.with_conn(|c| registrations::table.filter(registrations::name.eq("Rosaire Côté")).select(registrations::id).first(c).unwrap());
        let p = payment(&app, rosaire).unwrap();
        assert_eq!((p.amount_cents, p.method, p.status.as_str(), p.audience_id), (2000, PayMethod::OnSite, "due", Some(etudiants)));
        // Free for seniors: nothing owed.
        let r = b.post(&path, &[("name", "Gisèle Tremblay"), ("phone", "819 555-0102"), ("seats", "1"), ("consent", "1"), ("rate", "aines")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let gisele: i64 = app.with_conn(|c| registrations::table.filter(registrations::name.eq("Gisèle Tremblay")).select(registrations::id).first(c).unwrap());
        assert!(payment(&app, gisele).is_none());
        // A rate the session does not have is refused on its field, and what was typed stays.
        let r = b.post(&path, &[("name", "Paul Gagnon"), ("phone", "819 555-0103"), ("seats", "1"), ("consent", "1"), ("rate", "jeunes")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Ce tarif n&#39;existe pas pour cette activité.") || r.text().contains("Ce tarif n'existe pas pour cette activité."), "{}", r.text());
        assert!(r.text().contains("value=\"Paul Gagnon\""));
        // The roster says what each owes.
        let page = b.get(&path).await.text();
        assert!(page.contains("Doit 20,00\u{a0}$"), "{page}");

        // The staff API: the same, with the audience's slug.
        let token = staff::token(&app, EDITOR);
        let created = staff::api(&app, "post", &format!("/api/v1/sessions/{s}/registrations"), Some(&token),
            Some(json!({"name": "Lise Roy", "phone": "819 555-0104", "consent": true, "rate": "etudiants"}))).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
        let lise: i64 = app.with_conn(|c| registrations::table.filter(registrations::name.eq("Lise Roy")).select(registrations::id).first(c).unwrap());
        assert_eq!(payment(&app, lise).unwrap().amount_cents, 1000);
        let bad = staff::api(&app, "post", &format!("/api/v1/sessions/{s}/registrations"), Some(&token),
            Some(json!({"name": "Marc Roy", "phone": "819 555-0105", "consent": true, "rate": "inconnu"}))).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let roster = staff::api(&app, "get", &format!("/api/v1/sessions/{s}/roster"), Some(&token), None).await.json();
        let owed: Vec<serde_json::Value> = roster["confirmed"].as_array().unwrap().iter().map(|r| r["payment"]["amount_cents"].clone()).collect();
        assert_eq!(owed, [json!(2000), json!(null), json!(1000)], "{roster}");
        // The public API takes the rate the same way (paid at the door while Stripe is off).
        let (status, j) = common::register_by_api(&app, s, json!({"name": "Marie Roy", "email": "marie@example.org", "rate": "etudiants"})).await;
        assert_eq!(status, StatusCode::CREATED, "{j}");
        let marie: i64 = app.with_conn(|c| registrations::table.filter(registrations::name.eq("Marie Roy")).select(registrations::id).first(c).unwrap());
        let p = payment(&app, marie).unwrap();
        assert_eq!((p.amount_cents, p.method), (1000, PayMethod::OnSite));
    }

    async fn exports_say_what_each_person_paid(app: TestApp) {
        let (_, s) = paid_session(&app, 1550);
        let gisele = register(&app, s, "Gisèle Tremblay", "gisele@example.org");
        register(&app, s, "Paul Gagnon", "paul@example.org");
        let mut b = Browser::signed_in(&app, EDITOR);
        b.post(&format!("/admin/sessions/{s}/door/{gisele}/payment"), &[("via", "cash")]).await;
        let paid_at = payment(&app, gisele).unwrap().paid_at.unwrap();
        let stamp = babillard::domain::time::local(paid_at).format("%Y-%m-%d %H:%M").to_string();
        let text = b.get(&format!("/admin/sessions/{s}/export.csv")).await.text();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines[0].ends_with(";Code;Paiement;Montant;Payé par;Payé le;Remboursé"), "{}", lines[0]);
        assert!(lines[1].starts_with("Apprivoiser sa tablette;") && lines[1].ends_with(&format!(";payé;15,50;comptant;{stamp};")), "{}", lines[1]);
        assert!(lines[2].ends_with(";à payer sur place;15,50;;;"), "{}", lines[2]);
        let en = b.get(&format!("/admin/sessions/{s}/export.csv?sep=comma&lang=en")).await.text();
        assert!(en.contains(",Code,Payment,Amount,Paid by,Paid on,Refunded"), "{en}");
        assert!(en.contains(&format!(",paid,15.50,cash,{stamp},")), "{en}");
    }

    async fn a_refund_stripe_refused_is_shown_with_its_error_and_next_try(app: TestApp) {
        let (b, s) = paid_session(&app, 2000);
        let rid = app.with_conn(|c| {
            use babillard::store::registrations::{NewRegistration, RegisterOptions, register_with};
            diesel::update(organisations::table.find(b.organisation_id)).set(organisations::pay_online.eq(true)).execute(c).unwrap();
            let done = register_with(c, s, &NewRegistration {
                name: "Gisèle Tremblay".into(),
                email: babillard::domain::registration::Email::parse("gisele@example.org"),
                phone: None,
                seats: 1,
                needs: None,
                language: babillard::web::i18n::Lang::Fr,
                source: babillard::domain::registration::Source::Web,
                entered_by: None,
            }, &RegisterOptions { pay_method: Some(PayMethod::Online), online_payments: true, hold_minutes: 30, ..RegisterOptions::default() }, babillard::db::now()).unwrap();
            let rid = done.registration.id;
            let event = StripeEvent {
                id: "evt_paid".into(),
                kind: StripeEvent::COMPLETED.into(),
                checkout: Some(babillard::domain::payment::CheckoutObject {
                    id: "cs_test_1".into(),
                    registration_id: Some(rid),
                    invoice_id: None,
                    payment_intent: Some("pi_1".into()),
                    paid: true,
                    amount_total: Some(2000),
                }),
            };
            babillard::store::registrations::apply_stripe_event(c, &event, babillard::db::now()).unwrap();
            babillard::store::registrations::cancel_session(c, s, "Tempête de neige", babillard::db::now()).unwrap();
            babillard::store::registrations::refund_failed(c, rid, "Your card was declined (card_declined)", babillard::db::now()).unwrap();
            rid
        });
        assert_eq!(payment(&app, rid).unwrap().status.as_str(), "refund_due");
        let mut m = Browser::signed_in(&app, "manager@example.org");
        let dashboard = m.get("/admin").await.text();
        assert!(dashboard.contains("Un remboursement est en échec.") && dashboard.contains("href=\"/admin/refunds\""), "{dashboard}");
        let page = m.get("/admin/refunds").await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains("Gisèle Tremblay") && html.contains("Apprivoiser sa tablette") && html.contains("20,00\u{a0}$"), "{html}");
        // The next try is in a minute: « à 14 h 05 » (« le … » just before midnight).
        assert!(html.contains("Remboursement en échec\u{a0}: Your card was declined (card_declined) — nouvel essai "), "{html}");
        assert!(html.contains("(1 essai)"), "{html}");
        let en = m.get("/admin/refunds?lang=en").await.text();
        assert!(en.contains("Refund failed: Your card was declined (card_declined) — next try "), "{en}");
        m.get("/admin/refunds?lang=fr").await;
        // The session's people say it too.
        let people = m.get(&format!("/admin/sessions/{s}/registrations")).await.text();
        assert!(people.contains("À rembourser\u{a0}: 20,00\u{a0}$") && people.contains("Remboursement en échec"), "{people}");
        // Another organisation sees none of it.
        app.with_conn(|c| {
            let other = fixtures::base_named(c, "autre");
            staff::user(c, "autre@example.org", "manager", Some(other.organisation_id));
        });
        let mut other = Browser::signed_in(&app, "autre@example.org");
        let theirs = other.get("/admin/refunds").await.text();
        assert!(theirs.contains("Aucun remboursement en attente.") && !theirs.contains("Gisèle"), "{theirs}");
        assert!(!other.get("/admin").await.text().contains("/admin/refunds\""));
    }

    async fn the_privacy_page_says_who_processes_card_payments(app: TestApp) {
        let fr = app.get("/privacy").await.text();
        assert!(fr.contains("Stripe Payments Canada, Ltd."), "{fr}");
        assert!(fr.contains("l&#39;extérieur du Québec") || fr.contains("l'extérieur du Québec"), "{fr}");
        assert!(fr.contains("article 17"), "{fr}");
        assert!(fr.contains("ne voit jamais et ne conserve jamais votre numéro de carte"), "{fr}");
        assert!(fr.contains("sans votre nom"), "{fr}");
        let en = app.get("/privacy?lang=en").await.text();
        assert!(en.contains("Babillard never sees or keeps your card number"), "{en}");
    }
}
