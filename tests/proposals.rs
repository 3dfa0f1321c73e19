//! Public proposals (issue 12, item 2), end to end on both databases: a community group
//! fills « Proposer une activité » (CSRF token from the page, as a browser sends it),
//! the confirmation email reaches a real SMTP server on loopback, its link's page
//! changes nothing until its button is pressed, the confirmed proposal waits in the
//! moderator's queue (even for a trusted organisation), approval publishes it (public
//! page, `/calendar.ics` read with the independent `icalendar` parser) and emails the
//! proposer; a second proposal, in English, is refused and its author gets the reason.
//! Also: the honeypot, field messages in French and English with nothing stored, dead
//! links, the rate limit, the retention purge, and the manager's checkbox.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::DbConnection;
use babillard::db::models::{Submission, User};
use babillard::db::schema::*;
use babillard::domain::access::Access;
use babillard::mail::worker;
use babillard::store::moderation;
use chrono::{Duration, NaiveDateTime};
use common::fixtures::{self, Base};
use common::mailkit::{app_with_smtp, parse_ics};
use common::smtp::SmtpSink;
use common::staff::{self, Browser};
use common::{Resp, TestApp, row_count};
use diesel::prelude::*;

fn now() -> NaiveDateTime {
    babillard::db::now()
}

fn access(c: &mut DbConnection, user_id: i64) -> Access {
    let u: User = users::table
        .find(user_id)
        .select(User::as_select())
        .first(c)
        .unwrap();
    babillard::store::staff::access_for(c, &u).unwrap()
}

/// A club's programme that takes proposals, the regional administrator (who moderates
/// everywhere), and the ids the form offers.
struct World {
    b: Base,
    admin: Access,
    town: i64,
    seniors: i64,
    tablets: i64,
}

fn world(app: &TestApp) -> World {
    app.with_conn(|c| {
        let b = fixtures::base_named(c, "club");
        diesel::update(events::table.find(b.event_id))
            .set(events::accepts_proposals.eq(true))
            .execute(c)
            .unwrap();
        let admin = staff::user(c, "admin@example.org", "admin", None);
        let admin = access(c, admin);
        let town = organisations::table
            .find(b.organisation_id)
            .select(organisations::municipality_id.assume_not_null())
            .first(c)
            .unwrap();
        let seniors = audiences::table
            .filter(audiences::slug.eq("aines"))
            .select(audiences::id)
            .first(c)
            .unwrap();
        let tablets = topics::table
            .filter(topics::slug.eq("tablette-telephone"))
            .select(topics::id)
            .first(c)
            .unwrap();
        World {
            b,
            admin,
            town,
            seniors,
            tablets,
        }
    })
}

/// A day `days` from today in Québec, as the date field sends it.
fn day_in(days: u64) -> String {
    let today = babillard::domain::time::local(now()).date_naive();
    (today + chrono::Days::new(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// A valid proposal's fields.
fn fields(w: &World, title: &str, name: &str, email: &str) -> Vec<(String, String)> {
    [
        ("event", w.b.event_id.to_string()),
        ("group", "Club des aînés de Lachute".into()),
        ("name", name.into()),
        ("email", email.into()),
        ("title", title.into()),
        (
            "description",
            "On s'entraide avec nos tablettes. Apportez la vôtre, chargée.".into(),
        ),
        ("date", day_in(20)),
        ("start", "13:30".into()),
        ("end", "15:00".into()),
        ("municipality", w.town.to_string()),
        ("place", "Salle paroissiale, 12, rue Principale".into()),
        ("kind", w.b.kind_id.to_string()),
        ("audiences", w.seniors.to_string()),
        ("topics", w.tablets.to_string()),
        ("link", "https://club.example/agenda".into()),
        ("consent", "oui".into()),
        ("website", String::new()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Opens the form (`/propose`, with `query`) and posts `fields` with the CSRF token the
/// page carries, as a browser does.
async fn propose(b: &mut Browser<'_>, query: &str, fields: &[(String, String)]) -> Resp {
    let page = b.get(&format!("/propose{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    let token = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form carries its CSRF token")
        .to_owned();
    assert_eq!(token, b.csrf());
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.push(("csrf_token", &token));
    b.post_raw("/propose", &all).await
}

fn submissions_of(app: &TestApp) -> Vec<Submission> {
    app.with_conn(|c| {
        submissions::table
            .order(submissions::id)
            .select(Submission::as_select())
            .load(c)
            .unwrap()
    })
}

async fn send_all(app: &TestApp) {
    worker::drain_at(&app.state.mail(), now() + Duration::seconds(1)).unwrap();
}

/// The (subject, text body) of every email the sink received for `address`.
fn inbox(sink: &SmtpSink, address: &str) -> Vec<(String, String)> {
    sink.received()
        .iter()
        .filter(|r| r.to.iter().any(|t| t.contains(address)))
        .map(|r| {
            let m = r.parsed();
            (
                m.subject().unwrap_or_default().to_owned(),
                m.body_text(0).unwrap_or_default().into_owned(),
            )
        })
        .collect()
}

/// The token of the confirmation link in an email's text.
fn confirm_token(text: &str) -> String {
    let start = text.find("/propose/confirm/").expect("a confirmation link") + 17;
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn queue_ids(app: &TestApp, who: &Access) -> Vec<i64> {
    let who = who.clone();
    app.with_conn(|c| {
        moderation::queue(c, &who, now())
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect()
    })
}

async fn story(backend: common::Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, Some(sink.url())).await;
    let w = world(&app);
    // A trusted organisation publishes its own feeds directly; a proposal for its
    // programme still waits for a moderator (the proposer is not the organisation).
    app.with_conn(|c| {
        diesel::update(organisations::table.find(w.b.organisation_id))
            .set(organisations::trusted.eq(true))
            .execute(c)
            .unwrap()
    });

    // The form, linked from every page's footer, in plain French.
    let home = app.get("/").await.text();
    assert!(
        home.contains("<a href=\"/propose\">Proposer une activité</a>"),
        "{home}"
    );
    let form = app.get("/propose").await.text();
    assert!(form.contains("<h1>Proposer une activité</h1>"), "{form}");
    assert!(
        form.contains("Programme club"),
        "the one programme is named: {form}"
    );
    assert!(
        form.contains("J&#39;accepte que mes coordonnées servent à traiter cette proposition."),
        "{form}"
    );
    assert!(form.contains("name=\"website\"") && form.contains("class=\"hp\""));

    let mut lise = Browser::new(&app);
    let sent = propose(
        &mut lise,
        "",
        &fields(
            &w,
            "Café-jasette : la tablette",
            "Lise Gagnon",
            "lise@example.org",
        ),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
    assert!(
        sent.text().contains("Vérifiez vos courriels"),
        "{}",
        sent.text()
    );
    let stored = submissions_of(&app);
    assert_eq!(stored.len(), 1);
    let first = stored[0].clone();
    assert_eq!(first.origin, "proposal");
    assert_eq!(first.organisation_id, w.b.organisation_id);
    assert_eq!(first.proposer_lang.as_deref(), Some("fr"));
    assert!(first.consent_at.is_some(), "consent is recorded");
    assert!(first.confirmed_at.is_none());
    // Unconfirmed: not in the queue, and a moderator's batch skips it.
    assert!(queue_ids(&app, &w.admin).is_empty());
    let skipped = app.with_conn(|c| moderation::approve(c, &w.admin, &[first.id], now()).unwrap());
    assert_eq!(skipped.skipped, vec![first.id]);

    // The confirmation email, through SMTP.
    send_all(&app).await;
    let mails = inbox(&sink, "lise@example.org");
    assert_eq!(mails.len(), 1, "{mails:?}");
    let (subject, text) = &mails[0];
    assert_eq!(
        subject,
        "Confirmez votre proposition\u{a0}: Café-jasette\u{a0}: la tablette"
    );
    assert!(text.contains("48 heures"), "{text}");
    let token = confirm_token(text);
    assert_eq!(token.len(), 32);
    assert_eq!(
        first.confirm_token_hash.as_deref(),
        Some(babillard::domain::token::digest(&token).as_str())
    );

    // Opening the link (as a mail scanner would) changes nothing.
    let link = format!("/propose/confirm/{token}");
    let page = lise.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header("referrer-policy").as_deref(),
        Some("no-referrer")
    );
    let html = page.text();
    assert!(
        html.contains("Café-jasette") && html.contains("Confirmer ma proposition</button>"),
        "{html}"
    );
    assert!(submissions_of(&app)[0].confirmed_at.is_none());
    assert!(queue_ids(&app, &w.admin).is_empty());
    // Without the CSRF token, the button does nothing either.
    assert_eq!(
        lise.post_raw(&link, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(submissions_of(&app)[0].confirmed_at.is_none());

    // The button confirms; pressing it again changes nothing.
    let done = lise.post(&link, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(
        lise.get(&link)
            .await
            .text()
            .contains("Proposition confirmée")
    );
    let confirmed_at = submissions_of(&app)[0].confirmed_at.expect("confirmed");
    assert_eq!(lise.post(&link, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(submissions_of(&app)[0].confirmed_at, Some(confirmed_at));

    // Now in the moderator's queue, and not published although the organisation is trusted.
    assert_eq!(queue_ids(&app, &w.admin), vec![first.id]);
    let item = app.with_conn(|c| moderation::queue(c, &w.admin, now()).unwrap().remove(0));
    assert_eq!(item.proposer_name.as_deref(), Some("Lise Gagnon"));
    assert_eq!(
        item.proposed.location_text.as_deref(),
        Some("Salle paroissiale, 12, rue Principale")
    );
    assert_eq!(app.with_conn(|c| row_count(c, "sessions")), 0);

    // Approved: the activity is public, in the feed subscribers read, and Lise is told.
    let decided = app.with_conn(|c| moderation::approve(c, &w.admin, &[first.id], now()).unwrap());
    let session = decided.done[0].1.expect("a session");
    let public = app.get(&format!("/sessions/{session}")).await;
    assert_eq!(public.status, StatusCode::OK);
    let html = public.text();
    assert!(html.contains("Café-jasette"), "{html}");
    assert!(
        html.contains("Club des aînés de Lachute"),
        "the group is named: {html}"
    );
    let feed = app.get("/calendar.ics").await;
    assert_eq!(feed.status, StatusCode::OK);
    let ics = parse_ics(&feed.text());
    let event = ics
        .events
        .iter()
        .find(|e| e["SUMMARY"].value == "Café-jasette : la tablette")
        .expect("the approved proposal is in the feed");
    assert!(
        event["DESCRIPTION"].value.contains("Proposé par"),
        "{:?}",
        event["DESCRIPTION"].value
    );
    send_all(&app).await;
    let mails = inbox(&sink, "lise@example.org");
    assert_eq!(mails.len(), 2, "{mails:?}");
    let (subject, text) = &mails[1];
    assert_eq!(
        subject,
        "Votre activité est publiée\u{a0}: Café-jasette\u{a0}: la tablette"
    );
    assert!(
        text.contains(&format!("https://babillard.test/sessions/{session}")),
        "{text}"
    );

    // A second proposal, in English, refused with a reason that reaches its author.
    let mut sam = Browser::new(&app);
    let mut english = fields(&w, "Tablet help", "Sam Wilson", "sam@example.org");
    english[5].1 = "Bring your tablet and your questions.".into();
    let sent = propose(&mut sam, "?lang=en", &english).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
    assert!(sent.text().contains("Check your email"), "{}", sent.text());
    send_all(&app).await;
    let mails = inbox(&sink, "sam@example.org");
    assert_eq!(mails[0].0, "Confirm your proposal: Tablet help");
    let link = format!("/propose/confirm/{}", confirm_token(&mails[0].1));
    assert!(sam.get(&link).await.text().contains("Confirm my proposal"));
    assert_eq!(sam.post(&link, &[]).await.status, StatusCode::SEE_OTHER);
    let second = submissions_of(&app)[1].clone();
    assert_eq!(second.proposer_lang.as_deref(), Some("en"));
    assert_eq!(queue_ids(&app, &w.admin), vec![second.id]);
    app.with_conn(|c| {
        moderation::reject(
            c,
            &w.admin,
            &[second.id],
            "This activity is outside our region.",
            now(),
        )
        .unwrap()
    });
    send_all(&app).await;
    let mails = inbox(&sink, "sam@example.org");
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert_eq!(mails[1].0, "Your proposal was not accepted: Tablet help");
    assert!(
        mails[1].1.contains("This activity is outside our region."),
        "{}",
        mails[1].1
    );
    assert!(queue_ids(&app, &w.admin).is_empty());
    // Lise heard nothing more.
    assert_eq!(inbox(&sink, "lise@example.org").len(), 2);
}

mod a_proposal_goes_from_the_form_through_email_and_moderation_to_the_feed {
    use super::*;
    crate::each_backend!(story);
}

on_both_backends! {
    async fn mistakes_are_said_beside_each_field_in_french_or_english_and_nothing_is_stored(app: TestApp) {
        let w = world(&app);
        let mut b = Browser::new(&app);
        let mut bad = fields(&w, "", "L", "lise@");
        bad.retain(|(k, _)| k != "consent");
        bad[6].1 = day_in(800);
        bad[8].1 = "12:00".into();
        let r = propose(&mut b, "", &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        for expected in [
            "Indiquez le titre de l&#39;activité",
            "Indiquez votre nom (au moins 2 caractères).",
            "Cette adresse courriel ne semble pas valide.",
            "Cette date est trop loin",
            "L&#39;heure de fin doit venir après l&#39;heure de début.",
            "acceptez l&#39;utilisation de vos coordonnées.",
        ] {
            assert!(html.contains(expected), "{expected}: {html}");
        }
        // The summary links each message to its field; the field says it is wrong.
        assert!(html.contains("<a href=\"#prop-title\">"), "{html}");
        assert!(html.contains("<a href=\"#prop-consent\">"), "{html}");
        assert!(html.contains("id=\"prop-email\" name=\"email\" type=\"email\""));
        assert!(html.contains("aria-describedby=\"prop-email-hint prop-email-error\" aria-invalid=\"true\""), "{html}");
        // What was typed is shown again.
        assert!(html.contains("value=\"lise@\""), "{html}");
        assert!(html.contains(&format!("value=\"{}\" checked", w.seniors)), "{html}");
        assert!(html.starts_with("<!doctype html>") && html.len() < 50_000);

        let r = propose(&mut b, "?lang=en", &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains("Give the title of the activity"), "{html}");
        assert!(html.contains("The end time must come after the start time."), "{html}");

        // Past date; a programme that no longer takes proposals (the store's check).
        let mut past = fields(&w, "Atelier courriel", "Lise Gagnon", "lise@example.org");
        past[6].1 = "2020-01-06".into();
        let r = propose(&mut b, "?lang=fr", &past).await;
        assert!(r.text().contains("Cette date est passée"), "{}", r.text());
        app.with_conn(|c| {
            let other = fixtures::base_named(c, "autre");
            diesel::update(events::table.find(other.event_id))
                .set(events::accepts_proposals.eq(true))
                .execute(c)
                .unwrap();
        });
        let mut closed = fields(&w, "Atelier courriel", "Lise Gagnon", "lise@example.org");
        app.with_conn(|c| {
            diesel::update(events::table.find(w.b.event_id))
                .set(events::accepts_proposals.eq(false))
                .execute(c)
                .unwrap()
        });
        closed[0].1 = w.b.event_id.to_string();
        let r = propose(&mut b, "", &closed).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("Choisissez le programme de votre activité."), "{}", r.text());
        assert_eq!(app.with_conn(|c| row_count(c, "submissions")), 0);
        assert_eq!(app.with_conn(|c| row_count(c, "outbox")), 0);
    }

    async fn a_robot_that_fills_the_hidden_field_stores_nothing(app: TestApp) {
        let w = world(&app);
        let mut b = Browser::new(&app);
        let mut f = fields(&w, "Atelier courriel", "Lise Gagnon", "lise@example.org");
        f.retain(|(k, _)| k != "website");
        f.push(("website".into(), "https://spam.example".into()));
        let r = propose(&mut b, "", &f).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.text().contains("Le formulaire n&#39;a pas pu être envoyé."), "{}", r.text());
        assert_eq!(app.with_conn(|c| row_count(c, "submissions")), 0);
        assert_eq!(app.with_conn(|c| row_count(c, "outbox")), 0);
    }

    async fn unknown_and_expired_links_say_so_and_the_purge_forgets_proposers(app: TestApp) {
        let w = world(&app);
        let r = app.get(&format!("/propose/confirm/{}", "A".repeat(32))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.text().contains("Ce lien ne fonctionne plus"), "{}", r.text());
        assert!(app.get("/propose/confirm/x?lang=en").await.text().contains("This link no longer works"));

        let mut b = Browser::new(&app);
        for (title, email) in [("Atelier courriel", "a@example.org"), ("Atelier photos", "b@example.org")] {
            let r = propose(&mut b, "", &fields(&w, title, "Lise Gagnon", email)).await;
            assert_eq!(r.status, StatusCode::OK);
        }
        let tokens: Vec<String> = app.with_conn(|c| {
            outbox::table
                .order(outbox::id)
                .select(outbox::payload)
                .load::<String>(c)
                .unwrap()
                .into_iter()
                .map(|p| serde_json::from_str::<serde_json::Value>(&p).unwrap()["confirm_token"].as_str().unwrap().to_owned())
                .collect()
        });
        let ids: Vec<i64> = submissions_of(&app).iter().map(|s| s.id).collect();
        // The second is confirmed and refused; the first is left 49 hours unconfirmed.
        assert_eq!(b.post(&format!("/propose/confirm/{}", tokens[1]), &[]).await.status, StatusCode::SEE_OTHER);
        app.with_conn(|c| moderation::reject(c, &w.admin, &[ids[1]], "Déjà au programme.", now()).unwrap());
        app.with_conn(|c| {
            diesel::update(submissions::table.find(ids[0]))
                .set(submissions::created_at.eq(now() - Duration::hours(49)))
                .execute(c)
                .unwrap()
        });
        let stale = format!("/propose/confirm/{}", tokens[0]);
        assert_eq!(b.get(&stale).await.status, StatusCode::NOT_FOUND);
        assert_eq!(b.post(&stale, &[]).await.status, StatusCode::NOT_FOUND);
        assert!(submissions_of(&app)[0].confirmed_at.is_none());

        // The retention job deletes what was never confirmed…
        babillard::jobs::registrations::retention_at(&app.state.jobs(), now()).unwrap();
        let left = submissions_of(&app);
        assert_eq!(left.iter().map(|s| s.id).collect::<Vec<_>>(), vec![ids[1]]);
        assert_eq!(left[0].proposer_email.as_deref(), Some("b@example.org"));
        // …and, a retention period after the decision, who proposed (the decision stays).
        let later = now() + Duration::days(i64::from(app.state.settings.retention_days) + 1);
        babillard::jobs::registrations::retention_at(&app.state.jobs(), later).unwrap();
        let left = submissions_of(&app);
        assert_eq!((left[0].proposer_name.clone(), left[0].proposer_email.clone()), (None, None));
        assert_eq!(left[0].state, "rejected");
        assert_eq!(left[0].reason.as_deref(), Some("Déjà au programme."));
    }

    async fn with_no_programme_open_the_page_says_proposals_are_closed(app: TestApp) {
        app.with_conn(fixtures::base);
        let r = app.get("/propose").await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text();
        assert!(html.contains("Aucun programme n&#39;accepte de propositions en ce moment."), "{html}");
        assert!(!html.contains("<form method=\"post\" action=\"/propose\""));
        assert!(app.get("/propose?lang=en").await.text().contains("No programme is taking proposals"));
        // The privacy page the consent box links to says what is kept, and how long.
        let privacy = app.get("/privacy").await.text();
        assert!(privacy.contains("Si vous proposez une activité") && privacy.contains("effacée après 48 heures"), "{privacy}");
    }

    async fn only_a_manager_opens_a_programme_to_proposals(app: TestApp) {
        let b = app.with_conn(|c| {
            let b = fixtures::base_named(c, "biblio");
            staff::user(c, "manager@example.org", "manager", Some(b.organisation_id));
            staff::user(c, "editor@example.org", "editor", Some(b.organisation_id));
            b
        });
        let flag = || app.with_conn(|c| events::table.find(b.event_id).select(events::accepts_proposals).first::<bool>(c).unwrap());
        let path = format!("/admin/events/{}", b.event_id);
        let mut manager = Browser::signed_in(&app, "manager@example.org");
        assert!(manager.get(&path).await.text().contains("name=\"accepts_proposals\""));
        let form = [("title", "Programme biblio"), ("summary", ""), ("description", ""), ("accepts_proposals", "oui")];
        assert_eq!(manager.post(&path, &form).await.status, StatusCode::SEE_OTHER);
        assert!(flag());
        assert!(app.get("/propose").await.text().contains("Programme biblio"));
        // An editor's form has no such box, and saving the texts leaves it as it was.
        let mut editor = Browser::signed_in(&app, "editor@example.org");
        assert!(!editor.get(&path).await.text().contains("name=\"accepts_proposals\""));
        assert_eq!(editor.post(&path, &form[..3]).await.status, StatusCode::SEE_OTHER);
        assert!(flag());
        assert_eq!(manager.post(&path, &form[..3]).await.status, StatusCode::SEE_OTHER);
        assert!(!flag());
    }
}

#[actix_web::test]
async fn proposing_is_limited_per_client_like_the_registration_form() {
    let app = TestApp::build(common::Backend::Sqlite, |s| s.registration_rate_limit = 2).await;
    let w = world(&app);
    let csrf = app.get("/propose").await.csrf_cookie();
    let body = serde_html_form::to_string(
        fields(&w, "Atelier courriel", "Lise Gagnon", "lise@example.org")
            .into_iter()
            .chain([("csrf_token".to_owned(), csrf.clone())])
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let from = |ip: &str| {
        TestRequest::post()
            .uri("/propose")
            .peer_addr(format!("{ip}:40000").parse().unwrap())
            .insert_header(("cookie", format!("csrf={csrf}")))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body.clone())
    };
    assert_eq!(app.call(from("10.0.0.1")).await.status, StatusCode::OK);
    assert_eq!(app.call(from("10.0.0.1")).await.status, StatusCode::OK);
    let third = app.call(from("10.0.0.1")).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        third.text().contains("Trop de tentatives en peu de temps."),
        "{}",
        third.text()
    );
    assert_eq!(app.call(from("10.0.0.2")).await.status, StatusCode::OK);
    // The same address never gets more than a few waiting confirmations.
    assert_eq!(app.with_conn(|c| row_count(c, "submissions")), 3);
    assert_eq!(app.call(from("10.0.0.3")).await.status, StatusCode::OK);
    assert_eq!(app.with_conn(|c| row_count(c, "submissions")), 3);
    assert_eq!(app.with_conn(|c| row_count(c, "outbox")), 3);
}
