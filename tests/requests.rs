//! Workshop requests to a regional team (issue 17, part 2), end to end on both
//! databases: the regional administrator names a coordinator on the region page; a
//! residence fills « Demander un atelier » (CSRF token from the page, as a browser sends
//! it); the emails reach a real SMTP server on loopback; the link's page changes
//! nothing until its button is pressed; the coordinator proposes dates, the residence
//! picks one; accepting refuses a trainer who is busy then (nothing is made), and makes
//! a private session with a free one; the residence is told the date, place and
//! trainer; the invoice's PDF (read back with `pdftotext`) carries the number, the
//! group, the taxes and the total; marked paid, the residence's page says so. Also:
//! field messages in French and English with nothing stored, refusal with a reason,
//! withdrawal, who may see a request, and the retention purge.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::DbConnection;
use babillard::db::models::{InvoiceRow, User, WorkshopRequest};
use babillard::db::schema::*;
use babillard::domain::access::Access;
use babillard::domain::request::RequestState;
use babillard::domain::session::SessionStatus;
use babillard::mail::worker;
use chrono::{Duration, NaiveDateTime};
use common::fixtures::{self, Base};
use common::mailkit::app_with_smtp;
use common::smtp::SmtpSink;
use common::staff::{self, Browser};
use common::{Resp, TestApp, row_count};
use diesel::prelude::*;
use mail_parser::MimeHeaders;

fn now() -> NaiveDateTime {
    babillard::db::now()
}

fn access(c: &mut DbConnection, email: &str) -> Access {
    let u: User = users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(c)
        .unwrap();
    babillard::store::staff::access_for(c, &u).unwrap()
}

/// The brigade (the team's organisation, with tax numbers), its trainer, the
/// regional administrator, and a coordinator named through the region page.
struct World {
    b: Base,
    town: i64,
    mrc: i64,
    trainer: i64,
    tablets: i64,
}

async fn world(app: &TestApp) -> World {
    let w = app.with_conn(|c| {
        let b = fixtures::base_named(c, "brigade");
        diesel::update(organisations::table.find(b.organisation_id))
            .set((
                organisations::name.eq("Brigade numérique des Sources"),
                organisations::tax_number.eq(Some("123456789 RT0001 ; 1234567890 TQ0001")),
                organisations::postal_address
                    .eq("309, rue Chassé\nVal-des-Sources (Québec) J1T 2B4"),
            ))
            .execute(c)
            .unwrap();
        staff::user(c, "admin@example.org", "admin", None);
        staff::user(c, "coord@example.org", "none", None);
        let town: i64 = organisations::table
            .find(b.organisation_id)
            .select(organisations::municipality_id.assume_not_null())
            .first(c)
            .unwrap();
        let mrc = municipalities::table
            .find(town)
            .select(municipalities::mrc_id)
            .first(c)
            .unwrap();
        let trainer = staff::trainer(c, "marie", b.organisation_id, None);
        let tablets = topics::table
            .filter(topics::slug.eq("tablette-telephone"))
            .select(topics::id)
            .first(c)
            .unwrap();
        World {
            b,
            town,
            mrc,
            trainer,
            tablets,
        }
    });
    // Before anyone coordinates, the form says it is closed.
    let closed = app.get("/requests/new").await.text();
    assert!(closed.contains("Aucune équipe régionale"), "{closed}");
    let mut admin = Browser::signed_in(app, "admin@example.org");
    let named = admin
        .post(
            "/admin/region/coordinators",
            &[
                ("mrc_id", &w.mrc.to_string()),
                ("organisation_id", &w.b.organisation_id.to_string()),
                ("email", "coord@example.org"),
            ],
        )
        .await;
    assert_eq!(named.status, StatusCode::SEE_OTHER, "{}", named.text());
    let region = admin.get("/admin/region").await.text();
    assert!(
        region.contains(
            "MRC test — coord@example.org (coord@example.org) — Brigade numérique des Sources"
        ),
        "{region}"
    );
    w
}

/// A day `days` from today in Québec, as a date field sends it.
fn day_in(days: u64) -> String {
    let today = babillard::domain::time::local(now()).date_naive();
    (today + chrono::Days::new(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn utc(day: &str, clock: &str) -> NaiveDateTime {
    babillard::domain::programme::local_to_utc(day, clock).unwrap()
}

/// A valid request's fields.
fn fields(w: &World, group: &str, email: &str) -> Vec<(String, String)> {
    [
        ("service", "workshop".to_owned()),
        ("topic", w.tablets.to_string()),
        ("audience", String::new()),
        (
            "details",
            "Nos résidents veulent faire des appels vidéo avec leurs petits-enfants.".into(),
        ),
        ("municipality", w.town.to_string()),
        ("at", "ours".into()),
        ("place", "Résidence Les Pins, 12, rue Principale".into()),
        ("periods", "Les mardis après-midi du mois prochain".into()),
        ("people", "12".into()),
        ("group", group.into()),
        ("group_kind", "residence".into()),
        ("name", "Lise Tremblay".into()),
        ("email", email.into()),
        ("phone", "819 555-1234".into()),
        ("consent", "oui".into()),
        ("website", String::new()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Opens the form (`/requests/new{query}`) and posts `fields` with the CSRF token the
/// page carries, as a browser does.
async fn ask(b: &mut Browser<'_>, query: &str, fields: &[(String, String)]) -> Resp {
    let page = b.get(&format!("/requests/new{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    let token = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form carries its CSRF token")
        .to_owned();
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.push(("csrf_token", &token));
    b.post_raw(&format!("/requests/new{query}"), &all).await
}

fn requests_of(app: &TestApp) -> Vec<WorkshopRequest> {
    app.with_conn(|c| {
        workshop_requests::table
            .order(workshop_requests::id)
            .select(WorkshopRequest::as_select())
            .load(c)
            .unwrap()
    })
}

async fn send_all(app: &TestApp) {
    worker::drain_at(&app.state.mail(), now() + Duration::seconds(1)).unwrap();
}

/// Every email the sink received for `address`, parsed, oldest first.
fn inbox(sink: &SmtpSink, address: &str) -> Vec<common::smtp::Received> {
    sink.received()
        .into_iter()
        .filter(|r| r.to.iter().any(|t| t.contains(address)))
        .collect()
}

fn subject_and_text(r: &common::smtp::Received) -> (String, String) {
    let m = r.parsed();
    (
        m.subject().unwrap_or_default().to_owned(),
        m.body_text(0).unwrap_or_default().into_owned(),
    )
}

/// The requester's link in an email's text.
fn link_in(text: &str) -> String {
    let start = text.find("/requests/").expect("a request link");
    let token: String = text[start + 10..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert_eq!(token.len(), 32, "{text}");
    format!("/requests/{token}")
}

/// Whitespace (spaces, no-break spaces, line breaks) as single spaces.
fn squeeze(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn story(backend: common::Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, Some(sink.url())).await;
    let w = world(&app).await;

    // The form, linked from every page's footer.
    let home = app.get("/").await.text();
    assert!(
        home.contains("<a href=\"/requests/new\">Demander un atelier</a>"),
        "{home}"
    );
    let form = app.get("/requests/new").await.text();
    assert!(form.contains("<h1>Demander un atelier</h1>"), "{form}");
    assert!(
        form.contains("Ville brigade"),
        "the served town is offered: {form}"
    );
    assert!(form.contains("name=\"website\"") && form.contains("class=\"hp\""));

    let mut lise = Browser::new(&app);
    let sent = ask(
        &mut lise,
        "",
        &fields(&w, "Résidence Les Pins", "lise@example.org"),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
    assert!(sent.text().contains("Vérifiez vos courriels"));
    let r = requests_of(&app).remove(0);
    assert_eq!(r.state, RequestState::Unconfirmed);
    assert_eq!(r.mrc_id, w.mrc);
    assert!(r.consent_at.is_some(), "consent is recorded");
    let coord = app.with_conn(|c| access(c, "coord@example.org"));
    let queue = |app: &TestApp| {
        let coord = coord.clone();
        app.with_conn(move |c| babillard::store::requests::queue(c, &coord).unwrap())
    };
    assert!(queue(&app).is_empty(), "unconfirmed: not in the queue");

    // The link, by email; opening it (as a mail scanner would) changes nothing.
    send_all(&app).await;
    let mails = inbox(&sink, "lise@example.org");
    assert_eq!(mails.len(), 1);
    let (subject, text) = subject_and_text(&mails[0]);
    assert_eq!(subject, "Confirmez votre demande d'atelier");
    assert!(text.contains("48 heures"), "{text}");
    let link = link_in(&text);
    let page = lise.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
    assert!(page.text().contains("Confirmer ma demande</button>"));
    assert_eq!(requests_of(&app)[0].state, RequestState::Unconfirmed);
    assert_eq!(
        lise.post_raw(&format!("{link}/confirm"), &[]).await.status,
        StatusCode::FORBIDDEN,
        "no CSRF token, no change"
    );
    assert_eq!(requests_of(&app)[0].state, RequestState::Unconfirmed);
    let done = lise.post(&format!("{link}/confirm"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(requests_of(&app)[0].state, RequestState::Received);
    assert!(lise.get(&link).await.text().contains("Reçue"));

    // The coordinator is told, and finds it in the queue.
    send_all(&app).await;
    let (subject, text) = subject_and_text(&inbox(&sink, "coord@example.org")[0]);
    assert_eq!(
        subject,
        "Nouvelle demande d'atelier\u{a0}: Résidence Les Pins"
    );
    assert!(
        text.contains(&format!("/admin/requests/{}", r.id)),
        "{text}"
    );
    let mut coordinator = Browser::signed_in(&app, "coord@example.org");
    let list = coordinator.get("/admin/requests").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.text().contains("Résidence Les Pins"));
    assert!(
        list.text().contains("Demandes d&#39;ateliers (1)"),
        "the navigation counts it"
    );
    let admin_page = format!("/admin/requests/{}", r.id);
    let shown = coordinator.get(&admin_page).await.text();
    assert!(
        shown.contains("Lise Tremblay") && shown.contains("819 555-1234"),
        "{shown}"
    );

    // Dates proposed; the residence picks the second one.
    let (d1, d2) = (day_in(20), day_in(21));
    let proposed = coordinator
        .post(
            &format!("{admin_page}/dates"),
            &[
                ("slot_date", &d1),
                ("slot_start", "13:30"),
                ("slot_end", "15:30"),
                ("slot_date", &d2),
                ("slot_start", "13:30"),
                ("slot_end", "15:30"),
                ("slot_date", ""),
                ("slot_start", ""),
                ("slot_end", ""),
            ],
        )
        .await;
    assert_eq!(
        proposed.status,
        StatusCode::SEE_OTHER,
        "{}",
        proposed.text()
    );
    assert_eq!(requests_of(&app)[0].state, RequestState::DatesProposed);
    send_all(&app).await;
    let mails = inbox(&sink, "lise@example.org");
    let (subject, text) = subject_and_text(mails.last().unwrap());
    assert_eq!(subject, "Des dates pour votre atelier");
    assert!(squeeze(&text).contains("13 h 30 à 15 h 30"), "{text}");
    // Every email carries a fresh link; the one before stops working.
    let old = link;
    let link = link_in(&text);
    assert_ne!(old, link);
    assert_eq!(lise.get(&old).await.status, StatusCode::NOT_FOUND);
    let page = lise.get(&link).await.text();
    assert!(page.contains("Choisir cette date"), "{page}");
    let slots: Vec<(i64, NaiveDateTime)> = app.with_conn(|c| {
        request_slots::table
            .order(request_slots::starts_at)
            .select((request_slots::id, request_slots::starts_at))
            .load(c)
            .unwrap()
    });
    assert_eq!(slots.len(), 2);
    assert_eq!(slots[1].1, utc(&d2, "13:30"));
    let picked = lise
        .post(
            &format!("{link}/pick"),
            &[("slot", &slots[1].0.to_string())],
        )
        .await;
    assert_eq!(picked.status, StatusCode::SEE_OTHER);
    assert_eq!(requests_of(&app)[0].state, RequestState::DateChosen);
    send_all(&app).await;
    let (subject, _) = subject_and_text(inbox(&sink, "coord@example.org").last().unwrap());
    assert_eq!(subject, "Date choisie\u{a0}: Résidence Les Pins");

    // Marie already gives a workshop at that time elsewhere for the brigade: accepting
    // with the date picked is refused on her field, and nothing is made.
    app.with_conn(|c| {
        let s = fixtures::session(c, &w.b, "Courriel 101", utc(&d2, "13:00"), |_| {});
        staff::assign(c, s, w.trainer);
    });
    let sessions_before = app.with_conn(|c| row_count(c, "sessions"));
    let form = coordinator.get(&admin_page).await.text();
    assert!(
        form.contains(&format!("value=\"{d2}\"")),
        "the date picked is the form's: {form}"
    );
    let accept = |date: String| {
        vec![
            ("title".to_owned(), "Appels vidéo sur tablette".to_owned()),
            ("date".to_owned(), date),
            ("start".to_owned(), "13:30".to_owned()),
            ("end".to_owned(), "15:30".to_owned()),
            ("trainer_id".to_owned(), w.trainer.to_string()),
            ("rate".to_owned(), "85".to_owned()),
            ("rate_unit".to_owned(), "hour".to_owned()),
        ]
    };
    let pairs = accept(d2.clone());
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let refused = coordinator
        .post(&format!("{admin_page}/accept"), &refs)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().contains("Courriel 101"),
        "{}",
        refused.text()
    );
    assert_eq!(app.with_conn(|c| row_count(c, "sessions")), sessions_before);
    assert_eq!(requests_of(&app)[0].state, RequestState::DateChosen);

    // The first date is free: a private session with Marie, in « Ateliers sur demande ».
    let pairs = accept(d1.clone());
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let accepted = coordinator
        .post(&format!("{admin_page}/accept"), &refs)
        .await;
    assert_eq!(
        accepted.status,
        StatusCode::SEE_OTHER,
        "{}",
        accepted.text()
    );
    let r = requests_of(&app).remove(0);
    assert_eq!(r.state, RequestState::Scheduled);
    assert_eq!(
        (r.rate_cents, r.rate_unit.map(|u| u.as_str())),
        (Some(8_500), Some("hour"))
    );
    let session = r.session_id.expect("a session");
    let (status, org, title, starts, programme): (
        SessionStatus,
        i64,
        String,
        NaiveDateTime,
        String,
    ) = app.with_conn(|c| {
        sessions::table
            .inner_join(events::table)
            .filter(sessions::id.eq(session))
            .select((
                sessions::status,
                sessions::organisation_id,
                sessions::title,
                sessions::starts_at,
                events::title,
            ))
            .first(c)
            .unwrap()
    });
    assert_eq!(
        status,
        SessionStatus::Draft,
        "private: never in the calendar"
    );
    assert_eq!(org, w.b.organisation_id);
    assert_eq!(title, "Appels vidéo sur tablette");
    assert_eq!(starts, utc(&d1, "13:30"));
    assert_eq!(programme, "Ateliers sur demande");
    let trainers: Vec<i64> = app.with_conn(|c| {
        session_trainers::table
            .filter(session_trainers::session_id.eq(session))
            .select(session_trainers::trainer_id)
            .load(c)
            .unwrap()
    });
    assert_eq!(trainers, vec![w.trainer]);
    assert_eq!(
        app.get(&format!("/sessions/{session}")).await.status,
        StatusCode::NOT_FOUND
    );
    send_all(&app).await;
    let (subject, text) = subject_and_text(inbox(&sink, "lise@example.org").last().unwrap());
    assert_eq!(
        subject,
        "Votre atelier est prévu\u{a0}: Appels vidéo sur tablette"
    );
    assert!(
        text.contains("Formateur marie") && text.contains("Résidence Les Pins, 12, rue Principale"),
        "{text}"
    );
    let link = link_in(&text);
    let page = lise.get(&link).await.text();
    assert!(
        page.contains("Atelier prévu") && page.contains("Formateur marie"),
        "{page}"
    );
    assert!(
        !page.contains("Retirer ma demande"),
        "decided: nothing to withdraw"
    );

    // The invoice: 2 hours at 85 $, taxes added (the brigade gives its numbers).
    let issued = coordinator
        .post(&format!("{admin_page}/invoice"), &[])
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.text());
    let inv: InvoiceRow = app.with_conn(|c| {
        invoices::table
            .select(InvoiceRow::as_select())
            .first(c)
            .unwrap()
    });
    let year = babillard::domain::time::local(now())
        .format("%Y")
        .to_string();
    assert_eq!(inv.number, format!("{year}-0001"));
    assert_eq!(
        (
            inv.subtotal_cents,
            inv.gst_cents,
            inv.qst_cents,
            inv.total_cents
        ),
        (17_000, 850, 1_696, 19_546)
    );
    assert_eq!(
        inv.bill_to, "Résidence Les Pins",
        "the group is billed, not a person"
    );
    // Issuing twice is refused.
    assert_eq!(
        coordinator
            .post(&format!("{admin_page}/invoice"), &[])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    send_all(&app).await;
    let mails = inbox(&sink, "lise@example.org");
    let mail = mails.last().unwrap();
    let parsed = mail.parsed();
    assert_eq!(
        parsed.subject(),
        Some(format!("Facture {year}-0001").as_str())
    );
    let pdf = parsed
        .attachments()
        .find(|a| a.attachment_name() == Some(format!("facture-{year}-0001.pdf").as_str()))
        .expect("the invoice is attached");
    let text = squeeze(&common::pdftotext(pdf.contents()));
    for expected in [
        "FACTURE",
        &format!("{year}-0001"),
        "Brigade numérique des Sources",
        "123456789 RT0001",
        "Résidence Les Pins",
        "Appels vidéo sur tablette",
        "85,00 $",
        "170,00 $",
        "Sous-total",
        "TPS (5 %)",
        "8,50 $",
        "TVQ (9,975 %)",
        "16,96 $",
        "Total 195,46 $",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    // pdftotext rebuilds words from the glyphs' gaps: « 2 h » may come out joined.
    assert!(text.contains(" 2 h ") || text.contains(" 2h "), "{text}");
    assert!(!text.contains("Lise"), "no person on the invoice: {text}");
    let link = link_in(&subject_and_text(mail).1);
    let download = lise.get(&format!("{link}/invoice.pdf")).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(
        download.header("content-type").as_deref(),
        Some("application/pdf")
    );
    assert!(squeeze(&common::pdftotext(&download.body)).contains("Total 195,46 $"));

    // Paid by cheque: marked by hand, and the residence's page says so.
    let paid = coordinator
        .post(&format!("{admin_page}/invoice/paid"), &[])
        .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    let inv: InvoiceRow = app.with_conn(|c| {
        invoices::table
            .select(InvoiceRow::as_select())
            .first(c)
            .unwrap()
    });
    assert!(inv.paid_at.is_some());
    assert_eq!(inv.paid_how.as_deref(), Some("hand"));
    assert!(lise.get(&link).await.text().contains("Payée le"));
}

mod a_request_goes_from_the_form_through_the_queue_to_a_session_and_an_invoice {
    use super::*;
    crate::each_backend!(story);
}

on_both_backends! {
    async fn bad_input_is_said_per_field_in_the_readers_language_and_nothing_is_stored(app: TestApp) {
        let w = world(&app).await;
        let mut someone = Browser::new(&app);
        let mut empty = fields(&w, "", "pas-une-adresse");
        empty.retain(|(k, _)| k != "consent" && k != "service");
        let r = ask(&mut someone, "", &empty).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        for message in [
            "Choisissez atelier ou prédiagnostic.",
            "Indiquez le nom de votre groupe ou organisme.",
            "Cette adresse courriel ne semble pas valide.",
            "Cochez la case pour accepter l&#39;usage de vos coordonnées.",
        ] {
            assert!(html.contains(message), "{message} in {html}");
        }
        let r = ask(&mut someone, "?lang=en", &empty).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Choose workshop or pre-diagnosis."), "{}", r.text());
        assert_eq!(app.with_conn(|c| row_count(c, "workshop_requests")), 0);
        // The honeypot.
        let mut robot = fields(&w, "Robot", "robot@example.org");
        robot.retain(|(k, _)| k != "website");
        robot.push(("website".into(), "http://spam.example".into()));
        assert_eq!(ask(&mut someone, "", &robot).await.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.with_conn(|c| row_count(c, "workshop_requests")), 0);
    }

    async fn refusals_withdrawals_and_who_may_see_a_request(app: TestApp) {
        let w = world(&app).await;
        // Two confirmed requests, one in English.
        let mut ids = Vec::new();
        for (group, email, query) in [
            ("Club de l'âge d'or", "club@example.org", ""),
            ("Seniors' Club", "seniors@example.org", "?lang=en"),
        ] {
            let mut b = Browser::new(&app);
            assert_eq!(ask(&mut b, query, &fields(&w, group, email)).await.status, StatusCode::OK);
            let id = requests_of(&app).last().unwrap().id;
            app.with_conn(|c| {
                diesel::update(workshop_requests::table.find(id))
                    .set(workshop_requests::state.eq(RequestState::Received))
                    .execute(c)
                    .unwrap()
            });
            ids.push(id);
        }
        let mut coordinator = Browser::signed_in(&app, "coord@example.org");
        // A refusal needs its reason.
        let empty = coordinator.post(&format!("/admin/requests/{}/refuse", ids[1]), &[("reason", "")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let refused = coordinator
            .post(
                &format!("/admin/requests/{}/refuse", ids[1]),
                &[("reason", "Our trainers do not travel that far in winter.")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        let (kind, language, payload): (String, String, String) = app.with_conn(|c| {
            outbox::table
                .filter(outbox::recipient.eq("seniors@example.org"))
                .order(outbox::id.desc())
                .select((outbox::kind, outbox::language, outbox::payload))
                .first(c)
                .unwrap()
        });
        assert_eq!((kind.as_str(), language.as_str()), ("request_refused", "en"));
        assert!(payload.contains("do not travel that far"), "{payload}");
        // Decided: no second decision.
        let again = coordinator
            .post(&format!("/admin/requests/{}/refuse", ids[1]), &[("reason", "Encore non.")])
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.text().contains("déjà décidée"), "{}", again.text());

        // Someone who coordinates nothing has no queue; a coordinator of another MRC
        // does not see this one's requests.
        app.with_conn(|c| {
            staff::user(c, "editor@example.org", "editor", Some(w.b.organisation_id));
            diesel::insert_into(mrcs::table)
                .values((
                    mrcs::region_id.eq(mrcs::table.find(w.mrc).select(mrcs::region_id).first::<i64>(c).unwrap()),
                    mrcs::slug.eq("autre-mrc"),
                    mrcs::name.eq("Autre MRC"),
                ))
                .execute(c)
                .unwrap();
            let other: i64 = mrcs::table.filter(mrcs::slug.eq("autre-mrc")).select(mrcs::id).first(c).unwrap();
            staff::user(c, "far@example.org", "none", None);
            let admin = access(c, "admin@example.org");
            babillard::store::requests::appoint(c, &admin, "far@example.org", other, w.b.organisation_id).unwrap();
        });
        let mut editor = Browser::signed_in(&app, "editor@example.org");
        assert_eq!(editor.get("/admin/requests").await.status, StatusCode::FORBIDDEN);
        assert_eq!(editor.get(&format!("/admin/requests/{}", ids[0])).await.status, StatusCode::FORBIDDEN);
        let mut far = Browser::signed_in(&app, "far@example.org");
        assert_eq!(far.get("/admin/requests").await.status, StatusCode::OK);
        assert!(!far.get("/admin/requests").await.text().contains("âge d&#39;or"));
        assert_eq!(far.get(&format!("/admin/requests/{}", ids[0])).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            far.post(&format!("/admin/requests/{}/refuse", ids[0]), &[("reason", "Pas chez nous.")]).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(Browser::new(&app).get("/admin/requests").await.status, StatusCode::UNAUTHORIZED);

        // The club withdraws its request from its link (minted again for the test).
        let token = babillard::domain::token::random_token();
        app.with_conn(|c| {
            diesel::update(workshop_requests::table.find(ids[0]))
                .set(workshop_requests::token_hash.eq(babillard::domain::token::digest(&token)))
                .execute(c)
                .unwrap()
        });
        let mut club = Browser::new(&app);
        let out = club.post(&format!("/requests/{token}/withdraw"), &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(requests_of(&app)[0].state, RequestState::Withdrawn);
        assert!(club.get(&format!("/requests/{token}")).await.text().contains("Retirée"));
    }

    async fn the_purge_forgets_the_contact_and_keeps_the_counts_and_invoices(app: TestApp) {
        let w = world(&app).await;
        let mut b = Browser::new(&app);
        assert_eq!(ask(&mut b, "", &fields(&w, "Résidence Les Pins", "lise@example.org")).await.status, StatusCode::OK);
        assert_eq!(ask(&mut b, "", &fields(&w, "Jamais confirmée", "autre@example.org")).await.status, StatusCode::OK);
        let ids: Vec<i64> = requests_of(&app).iter().map(|r| r.id).collect();
        let long_ago = now() - Duration::days(800);
        app.with_conn(|c| {
            diesel::update(workshop_requests::table.find(ids[0]))
                .set((
                    workshop_requests::state.eq(RequestState::Refused),
                    workshop_requests::decided_at.eq(long_ago),
                    workshop_requests::updated_at.eq(long_ago),
                ))
                .execute(c)
                .unwrap();
            diesel::update(workshop_requests::table.find(ids[1]))
                .set(workshop_requests::created_at.eq(now() - Duration::hours(49)))
                .execute(c)
                .unwrap();
            babillard::store::retention::purge(c, 365, now()).unwrap();
        });
        let left = requests_of(&app);
        assert_eq!(left.len(), 1, "the unconfirmed one is gone");
        let r = &left[0];
        assert_eq!((r.contact_name.as_deref(), r.email.as_deref(), r.phone.as_deref()), (None, None, None));
        assert!(r.details.is_empty() && r.place.is_empty() && r.token_hash.is_none());
        assert!(r.purged_at.is_some());
        assert_eq!((r.group_name.as_str(), r.people), ("Résidence Les Pins", 12), "the counts stay");
    }
}

/// A scheduled request with an invoice, made through the store as the coordinator's
/// pages would (the administrator acting); returns a working link of the requester.
fn invoiced(app: &TestApp, w: &World) -> String {
    app.with_conn(|c| {
        let admin = access(c, "admin@example.org");
        let request = common::requests::Invoiced {
            municipality_id: w.town,
            topic_id: Some(w.tablets),
            trainer_id: w.trainer,
            starts_at: utc(&day_in(20), "13:30"),
        };
        let (_, token) = common::requests::invoiced(c, &admin, &request);
        format!("/requests/{token}")
    })
}

async fn paid_online(backend: common::Backend) {
    use common::stripe::{StandIn, sign};
    let stripe = StandIn::start();
    let app = TestApp::build(backend, |s| stripe.configure(s)).await;
    let w = world(&app).await;
    let link = invoiced(&app, &w);
    let mut lise = Browser::new(&app);
    let page = lise.get(&link).await.text();
    assert!(page.contains("Payer en ligne (195,46\u{a0}$)"), "{page}");

    // To Stripe's page, for the invoice's total, named by its number.
    let to_stripe = lise.post(&format!("{link}/pay"), &[]).await;
    assert_eq!(
        to_stripe.status,
        StatusCode::SEE_OTHER,
        "{}",
        to_stripe.text()
    );
    let made = stripe.checkouts().remove(0);
    assert_eq!(to_stripe.header("location"), Some(made.url.clone()));
    let inv: InvoiceRow = app.with_conn(|c| {
        invoices::table
            .select(InvoiceRow::as_select())
            .first(c)
            .unwrap()
    });
    assert_eq!((made.amount_total, made.quantity), (19_546, 1));
    assert_eq!(made.metadata.get("invoice_id"), Some(&inv.id.to_string()));
    assert_eq!(made.metadata.get("registration_id"), None);
    assert_eq!(made.product_name, format!("Facture {}", inv.number));
    assert_eq!(made.customer_email.as_deref(), Some("lise@example.org"));
    assert_eq!(inv.checkout_id.as_deref(), Some(made.id.as_str()));

    // Stripe's signed event marks it paid, once.
    let body = stripe.pay(&made.id).unwrap();
    let webhook = |body: String| {
        let signature = sign(stripe.webhook_secret(), &body);
        actix_web::test::TestRequest::post()
            .uri("/webhooks/stripe")
            .insert_header(("Stripe-Signature", signature))
            .insert_header(("content-type", "application/json"))
            .set_payload(body)
    };
    let first = app.call(webhook(body.clone())).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.json()["effect"], "paid");
    assert_eq!(app.call(webhook(body)).await.json()["effect"], "duplicate");
    let inv: InvoiceRow = app.with_conn(|c| {
        invoices::table
            .select(InvoiceRow::as_select())
            .first(c)
            .unwrap()
    });
    assert!(inv.paid_at.is_some());
    assert_eq!(inv.paid_how.as_deref(), Some("stripe"));
    let page = lise.get(&format!("{link}?done=paid")).await.text();
    assert!(
        page.contains("Payée le") && !page.contains("Payer en ligne"),
        "{page}"
    );
    // Paid: no second page.
    let again = lise.post(&format!("{link}/pay"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text().contains("déjà payée"));
    assert_eq!(stripe.checkouts().len(), 1);
}

mod an_invoice_is_paid_online_through_stripe_and_its_event_counts_once {
    use super::*;
    crate::each_backend!(paid_online);
}
