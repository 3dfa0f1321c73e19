//! Interest lists (« Prévenez-moi », issue 12 item 8), through the real app on both
//! backends: a person signs up on the form (once, whatever they retype), gets the
//! confirmation through a real SMTP server on loopback, and is told first when a
//! matching session is published — not for another topic or another town; with the
//! organisation's head start, the session stays out of public listings and feeds until
//! then, while its page answers the link they got. Staff add someone who phoned (with
//! an audit entry) and see the demand as counts. The link removes the person.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::{audit_log, interests, organisations, outbox, session_embargoes};
use babillard::domain::filter::SessionFilter;
use babillard::domain::session::SessionStatus;
use common::fixtures::{self, Base, in_days};
use common::mailkit::app_with_smtp;
use common::smtp::SmtpSink;
use common::staff::{self, Browser};
use common::{Backend, TestApp};
use diesel::prelude::*;

const TABLET: &str = "tablette-telephone";

struct World {
    biblio: Base,
    autre: Base,
    manager: i64,
}

fn world(app: &TestApp) -> World {
    app.with_conn(|c| {
        let biblio = fixtures::base_named(c, "biblio");
        let autre = fixtures::base_named(c, "autre");
        staff::user(c, "admin@example.org", "admin", None);
        let manager = staff::user(
            c,
            "manager@example.org",
            "manager",
            Some(biblio.organisation_id),
        );
        World {
            biblio,
            autre,
            manager,
        }
    })
}

/// A draft session of `b` on `topic`, in `days` days.
fn draft(app: &TestApp, b: &Base, title: &str, topic: &str, days: i64) -> i64 {
    app.with_conn(|c| {
        let id = fixtures::session(c, b, title, in_days(days), |s| {
            s.status = SessionStatus::Draft
        });
        fixtures::tag(c, id, &[], &[topic]);
        id
    })
}

fn sign_up_fields<'a>(
    topic: &'a str,
    town: &'a str,
    name: &'a str,
    email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("topic", topic),
        ("municipality", town),
        ("name", name),
        ("email", email),
        ("consent", "oui"),
        ("website", ""),
    ]
}

fn count(app: &TestApp, table: &str) -> i64 {
    app.with_conn(|c| common::row_count(c, table))
}

fn messages(app: &TestApp, kind: &str) -> Vec<(String, Option<i64>, String)> {
    app.with_conn(|c| {
        outbox::table
            .filter(outbox::kind.eq(kind))
            .order(outbox::id)
            .select((outbox::recipient, outbox::session_id, outbox::language))
            .load(c)
            .unwrap()
    })
}

/// The first `https://babillard.test/interest/<token>` path in a text.
fn interest_link(text: &str) -> String {
    let start = text
        .find("https://babillard.test/interest/")
        .expect("the link is in the email");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    link.strip_prefix("https://babillard.test")
        .unwrap()
        .to_owned()
}

/// The back office's « add someone who phoned » form.
fn phone_fields(organisation_id: i64, email: &str, lang: &str) -> Vec<(String, String)> {
    [
        ("organisation_id", organisation_id.to_string().as_str()),
        ("topic", TABLET),
        ("municipality", "biblio-ville"),
        ("name", "Roger Phone"),
        ("email", email),
        ("lang", lang),
        ("consent", "oui"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

async fn post_fields(b: &mut Browser<'_>, fields: Vec<(String, String)>) -> common::Resp {
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post("/admin/demand", &f).await
}

fn drain(app: &TestApp) {
    babillard::mail::worker::drain_at(
        &app.state.mail(),
        babillard::db::now() + chrono::Duration::seconds(1),
    )
    .unwrap();
}

async fn signed_up_then_told_first(backend: Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, Some(sink.url())).await;
    let w = world(&app);

    // The form, prefilled from the calendar's filters.
    let mut person = Browser::new(&app);
    let form = person
        .get("/interest?topic=tablette-telephone&municipality=biblio-ville&audience=aines")
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let html = form.text();
    assert!(html.contains("<h1>Prévenez-moi</h1>"), "{html}");
    assert!(
        html.contains("<option value=\"tablette-telephone\" selected>"),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"biblio-ville\" selected>"),
        "{html}"
    );
    assert!(
        html.contains("<label for=\"int-email\">Votre adresse courriel</label>"),
        "{html}"
    );

    // Signing up twice (the address retyped in other letter case): one row, one
    // confirmation, the same answer.
    let first = person
        .post(
            "/interest",
            &sign_up_fields(
                TABLET,
                "biblio-ville",
                "Gisèle Tremblay",
                "gisele@exemple.ca",
            ),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert!(
        first
            .text()
            .contains("Un courriel de confirmation est envoyé"),
        "{}",
        first.text()
    );
    let again = person
        .post(
            "/interest",
            &sign_up_fields(TABLET, "biblio-ville", "Gisèle T.", " GISELE@exemple.ca "),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        first.text(),
        again.text(),
        "nothing tells a second sign-up apart"
    );
    assert_eq!(count(&app, "interests"), 1);
    assert_eq!(messages(&app, "interest_confirm").len(), 1);

    // The confirmation leaves through SMTP, with the link that shows the request.
    drain(&app);
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["<gisele@exemple.ca>".to_string()]);
    let msg = got[0].parsed();
    let text = msg.body_text(0).unwrap().to_string();
    assert!(
        text.contains("Tablette et téléphone intelligent") && text.contains("Ville biblio"),
        "{text}"
    );
    let link = interest_link(&text);
    let stored: String = app.with_conn(|c| {
        interests::table
            .select(interests::token_hash)
            .first(c)
            .unwrap()
    });
    assert!(!link.contains(&stored), "only the link's digest is kept");
    let shown = person.get(&link).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.header("cache-control").as_deref(), Some("no-store"));
    assert!(
        shown.text().contains("Vous serez prévenu"),
        "{}",
        shown.text()
    );

    // The demand page counts her (no name, no address).
    let mut manager = Browser::signed_in(&app, "manager@example.org");
    let demand = manager.get("/admin/demand").await;
    assert_eq!(demand.status, StatusCode::OK);
    let page = demand.text();
    assert!(
        page.contains("<td>Ville biblio</td>") && page.contains(">1</td>"),
        "{page}"
    );
    assert!(
        !page.contains("gisele@exemple.ca") && !page.contains("Gisèle"),
        "{page}"
    );

    // Another topic in her town, her topic in another town: nobody is told.
    let other_topic = draft(&app, &w.biblio, "Atelier courriel", "internet-courriel", 6);
    let other_town = draft(&app, &w.autre, "Atelier tablette ailleurs", TABLET, 6);
    let mut admin = Browser::signed_in(&app, "admin@example.org");
    for s in [other_topic, other_town] {
        let r = admin
            .post(&format!("/admin/sessions/{s}/publish"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    assert!(messages(&app, "interest_match").is_empty());

    // The organisation gives its lists a day's head start, on its page.
    let r = manager
        .post(
            &format!("/admin/organisations/{}", w.biblio.organisation_id),
            &[
                ("name", "Organisme biblio"),
                ("waitlist_mode", "auto"),
                ("offer_hours", "24"),
                ("head_start_hours", "24"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let org_page = manager
        .get(&format!(
            "/admin/organisations/{}",
            w.biblio.organisation_id
        ))
        .await
        .text();
    assert!(
        org_page.contains(
            "name=\"head_start_hours\" type=\"number\" min=\"0\" max=\"168\" value=\"24\""
        ),
        "{org_page}"
    );
    let refused = manager
        .post(
            &format!("/admin/organisations/{}", w.biblio.organisation_id),
            &[
                ("name", "Organisme biblio"),
                ("waitlist_mode", "auto"),
                ("offer_hours", "24"),
                ("head_start_hours", "200"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let head: i32 = app.with_conn(|c| {
        organisations::table
            .find(w.biblio.organisation_id)
            .select(organisations::head_start_hours)
            .first(c)
            .unwrap()
    });
    assert_eq!(head, 24);

    // The matching session is published: she is told, in this transaction, once.
    let title = "Apprivoiser sa tablette";
    let session = draft(&app, &w.biblio, title, TABLET, 5);
    let before = babillard::db::now();
    let r = manager
        .post(&format!("/admin/sessions/{session}/publish"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        messages(&app, "interest_match"),
        vec![(
            "gisele@exemple.ca".to_string(),
            Some(session),
            "fr".to_string()
        )]
    );
    let (notified, about): (Option<chrono::NaiveDateTime>, Option<i64>) = app.with_conn(|c| {
        interests::table
            .select((interests::notified_at, interests::notified_session_id))
            .first(c)
            .unwrap()
    });
    assert!(notified.is_some());
    assert_eq!(about, Some(session));

    // Held from the public for the head start: not in feeds, the calendar, the home
    // page, the widget, the organisation's page; its own page answers her link.
    let public_at: chrono::NaiveDateTime = app.with_conn(|c| {
        session_embargoes::table
            .find(session)
            .select(session_embargoes::public_at)
            .first(c)
            .unwrap()
    });
    assert!(
        public_at >= before + chrono::Duration::hours(24)
            && public_at <= babillard::db::now() + chrono::Duration::hours(24)
    );
    let month = babillard::domain::time::local(in_days(5))
        .format("%Y-%m")
        .to_string();
    let listings = [
        "/calendar.ics".to_string(),
        "/calendar.rss".to_string(),
        format!("/calendar?view=list&month={month}"),
        "/".to_string(),
        "/embed".to_string(),
        "/organisations/biblio".to_string(),
        "/events/biblio-programme".to_string(),
    ];
    for path in &listings {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.text().contains(title), "{path} shows the held session");
    }
    assert!(
        app.get("/calendar.ics")
            .await
            .text()
            .contains("Atelier courriel"),
        "other sessions are listed"
    );
    let own = app.get(&format!("/sessions/{session}")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.text().contains(title));
    // The one shared filter, at a time we choose: out before public_at, in after.
    let found = |at: chrono::NaiveDateTime| {
        app.with_conn(|c| {
            let (rows, _) =
                babillard::store::sessions::search(c, &SessionFilter::default(), None, at).unwrap();
            rows.iter().any(|d| d.session.id == session)
        })
    };
    assert!(!found(public_at - chrono::Duration::minutes(1)));
    assert!(found(public_at + chrono::Duration::minutes(1)));

    // Her email: the session, its date in Québec's way, the link to register, and a
    // new link that lets her leave.
    drain(&app);
    let got = sink.received();
    assert_eq!(got.len(), 2);
    let msg = got[1].parsed();
    assert_eq!(
        msg.subject(),
        Some("Nouvel atelier\u{a0}: Apprivoiser sa tablette")
    );
    let text = msg.body_text(0).unwrap().to_string();
    let s = app.with_conn(|c| babillard::store::sessions::find_public(c, session).unwrap());
    let when = babillard::domain::time::range_long(
        s.session.starts_at,
        s.session.ends_at,
        babillard::domain::lang::Lang::Fr,
    );
    // As Québec writes it (« vendredi 11 décembre 2026, 21 h à 22 h 30 »; the email
    // keeps its spaces non-breaking).
    let plain = |t: &str| t.replace('\u{a0}', " ");
    assert!(plain(&text).contains(&plain(&when)), "{when} in {text}");
    assert!(
        text.contains(&format!("https://babillard.test/sessions/{session}")),
        "{text}"
    );
    let leave = interest_link(&text);
    assert_ne!(leave, link, "a new link with the news");
    assert_eq!(
        person.get(&link).await.status,
        StatusCode::NOT_FOUND,
        "the old one is spent"
    );

    // The head start ends: the session enters listings, and the cached feed changes.
    app.with_conn(|c| {
        diesel::update(session_embargoes::table.find(session))
            .set(
                session_embargoes::public_at
                    .eq(babillard::db::now() - chrono::Duration::minutes(1)),
            )
            .execute(c)
            .unwrap()
    });
    for path in &listings {
        assert!(
            app.get(path).await.text().contains(title),
            "{path} lists it once public"
        );
    }

    // Published again later, or another session: she is not told twice.
    let second = draft(&app, &w.biblio, "Tablette, la suite", TABLET, 8);
    manager
        .post(&format!("/admin/sessions/{second}/publish"), &[])
        .await;
    assert_eq!(messages(&app, "interest_match").len(), 1);
    assert_eq!(
        app.with_conn(|c| common::row_count(c, "session_embargoes")),
        1,
        "no list, no head start"
    );
    let counted = app.with_conn(|c| {
        babillard::store::interests::demand(
            c,
            &babillard::domain::access::Access {
                user_id: w.manager,
                is_admin: true,
                ..Default::default()
            },
        )
        .unwrap()
    });
    assert!(
        counted.is_empty(),
        "told people are no longer waiting: {counted:?}"
    );

    // Her link shows what she was told about; a GET changes nothing; the POST removes her.
    let shown = person.get(&leave).await;
    assert!(
        shown.text().contains("Vous avez été prévenu")
            && shown.text().contains(&format!("/sessions/{session}")),
        "{}",
        shown.text()
    );
    assert_eq!(count(&app, "interests"), 1);
    let gone = person.post(&leave, &[]).await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.text());
    assert!(gone.text().contains("Vous êtes retiré de la liste"));
    assert_eq!(count(&app, "interests"), 0);
    assert_eq!(person.get(&leave).await.status, StatusCode::NOT_FOUND);
}

mod a_person_signs_up_once_and_is_told_first_when_a_matching_session_is_published {
    use super::*;
    async fn run(backend: Backend) {
        signed_up_then_told_first(backend).await
    }
    each_backend!(run);
}

on_both_backends! {
    async fn a_manager_adds_someone_who_phoned_and_the_demand_counts_people_not_names(app: TestApp) {
        let w = world(&app);
        let mut manager = Browser::signed_in(&app, "manager@example.org");
        let add = |email: &str, lang: &str| phone_fields(w.biblio.organisation_id, email, lang);
        let r = post_fields(&mut manager, add("roger@exemple.ca", "en")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.header("location").as_deref(), Some("/admin/demand?done=interest-added"));
        let (created_by, lang): (Option<i64>, String) = app.with_conn(|c| {
            interests::table.select((interests::created_by, interests::lang)).first(c).unwrap()
        });
        assert_eq!((created_by, lang.as_str()), (Some(w.manager), "en"));
        assert_eq!(messages(&app, "interest_confirm"), vec![("roger@exemple.ca".to_string(), None, "en".to_string())]);
        // The audit names who added whom to which list, without the person's data.
        let (user, org, detail): (Option<i64>, Option<i64>, String) = app.with_conn(|c| {
            audit_log::table
                .filter(audit_log::entity.eq("interest"))
                .select((audit_log::user_id, audit_log::organisation_id, audit_log::detail))
                .first(c)
                .unwrap()
        });
        assert_eq!((user, org), (Some(w.manager), Some(w.biblio.organisation_id)));
        assert!(detail.contains("Tablette") && !detail.contains("roger"), "{detail}");

        // The same person again: nothing new, and the page says so.
        let again = post_fields(&mut manager, add("ROGER@exemple.ca", "en")).await;
        assert_eq!(again.header("location").as_deref(), Some("/admin/demand?done=interest-already"));
        assert_eq!(count(&app, "interests"), 1);
        // Without the consent heard on the phone: refused, nothing stored.
        let mut no_consent = add("lise@exemple.ca", "fr");
        no_consent.retain(|(k, _)| k != "consent");
        let refused = post_fields(&mut manager, no_consent).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app, "interests"), 1);

        // Two more people for the same list through the form, one for another town.
        let mut person = Browser::new(&app);
        for (town, email) in [("biblio-ville", "a@exemple.ca"), ("biblio-ville", "b@exemple.ca"), ("autre-ville", "c@exemple.ca")] {
            let r = person.post("/interest", &sign_up_fields(TABLET, town, "Quelqu'un", email)).await;
            assert_eq!(r.status, StatusCode::OK);
        }
        let page = manager.get("/admin/demand").await.text();
        let row = |town: &str, n: i64| {
            format!("<tr><td>{town}</td><td data-label=\"Sujet\">Tablette et téléphone intelligent</td><td data-label=\"Personnes en attente\">{n}</td></tr>")
        };
        assert!(page.contains(&row("Ville biblio", 3)) && page.contains(&row("Ville autre", 1)), "{page}");
        assert!(!page.contains("roger@") && !page.contains("Roger"), "{page}");
        // A trainer without an organisation sees counts but no form to add people.
        let trainer = app.with_conn(|c| staff::user(c, "trainer@example.org", "none", None));
        app.with_conn(|c| staff::trainer(c, "formateur", w.autre.organisation_id, Some(trainer)));
        let page = Browser::signed_in(&app, "trainer@example.org").get("/admin/demand").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.text().contains("action=\"/admin/demand\""), "{}", page.text());
        // Someone else's organisation cannot be named.
        let mut other = add("x@exemple.ca", "fr");
        other[0].1 = w.autre.organisation_id.to_string();
        assert_eq!(post_fields(&mut manager, other).await.status, StatusCode::FORBIDDEN);

        // Retention: past the period, waiting entries go too.
        let removed = app.with_conn(|c| {
            babillard::store::retention::purge(c, 30, babillard::db::now() + chrono::Duration::days(31)).unwrap()
        });
        assert!(removed >= 4);
        assert_eq!(count(&app, "interests"), 0);
    }

    async fn the_form_says_what_to_fix_in_french_and_english_and_stops_robots(app: TestApp) {
        world(&app);
        let mut person = Browser::new(&app);
        let empty = person.post("/interest", &[("website", "")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = empty.text();
        for anchor in ["#int-topic", "#int-municipality", "#int-name", "#int-email", "#int-consent"] {
            assert!(html.contains(&format!("<a href=\"{anchor}\">")), "{anchor}: {html}");
        }
        assert!(html.contains("Choisissez un sujet dans la liste.") && html.contains("Inscrivez votre adresse courriel."), "{html}");
        assert!(html.contains("aria-invalid=\"true\""));
        let en = Browser::new(&app).post("/interest?lang=en", &[("website", "")]).await.text();
        assert!(en.contains("Choose a topic from the list.") && en.contains("Enter your email address."), "{en}");
        // A typo in the address keeps what was typed; an unknown topic is named.
        let typo = person.post("/interest", &sign_up_fields("nope", "biblio-ville", "Gisèle", "gisele@")).await;
        assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(typo.text().contains("value=\"gisele@\"") && typo.text().contains("Cette adresse courriel semble incomplète"));
        let unknown = person.post("/interest", &sign_up_fields("nope", "biblio-ville", "Gisèle", "gisele@exemple.ca")).await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(unknown.text().contains("Choisissez un sujet dans la liste."));
        // The honeypot, and a post without the form's CSRF token: nothing stored.
        let mut robot = sign_up_fields(TABLET, "biblio-ville", "Robot", "robot@exemple.ca");
        robot.retain(|(k, _)| *k != "website");
        robot.push(("website", "http://spam.example"));
        assert_eq!(person.post("/interest", &robot).await.status, StatusCode::BAD_REQUEST);
        let no_csrf = person.post_raw("/interest", &sign_up_fields(TABLET, "biblio-ville", "Gisèle", "gisele@exemple.ca")).await;
        assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
        assert_eq!(count(&app, "interests"), 0);
        // The English page, and the calendar's way to it when a search finds nothing.
        assert!(app.get("/interest?lang=en").await.text().contains("<h1>Let me know</h1>"));
        let cal = app.get("/calendar?topic=tablette-telephone&municipality=autre-ville").await.text();
        assert!(cal.contains("href=\"/interest?topic=tablette-telephone&amp;municipality=autre-ville\""), "{cal}");
        assert!(cal.contains("Aucun atelier pour l&#39;instant — prévenez-moi") || cal.contains("Aucun atelier pour l'instant"), "{cal}");
        // A bad link is a 404, whatever its shape.
        assert_eq!(app.get(&format!("/interest/{}", "A".repeat(32))).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/interest/x").await.status, StatusCode::NOT_FOUND);
    }

    async fn an_imported_session_placed_in_a_town_without_a_venue_tells_that_towns_list(app: TestApp) {
        let w = world(&app);
        let mut person = Browser::new(&app);
        person.post("/interest", &sign_up_fields(TABLET, "autre-ville", "Gisèle", "gisele@exemple.ca")).await;
        // The store act a feed's import uses, with the place known only from the
        // source's default municipality.
        let town: i64 = app.with_conn(|c| {
            use babillard::db::schema::municipalities;
            municipalities::table.filter(municipalities::slug.eq("autre-ville")).select(municipalities::id).first(c).unwrap()
        });
        let topic: i64 = app.with_conn(|c| {
            use babillard::db::schema::topics;
            topics::table.filter(topics::slug.eq(TABLET)).select(topics::id).first(c).unwrap()
        });
        let input = babillard::domain::programme::SessionInput {
            title: "Tablette au centre communautaire".into(),
            description: String::new(),
            kind_id: w.autre.kind_id,
            starts_at: in_days(9),
            ends_at: in_days(9) + chrono::Duration::minutes(90),
            format: babillard::domain::session::Format::InPerson,
            online_url: None,
            venue_id: None,
            registration_required: false,
            capacity: None,
            waitlist_limit: None,
            max_seats: 2,
            level: babillard::domain::session::Level::All,
            language: babillard::domain::session::SessionLanguage::Fr,
            track_id: None,
            what_to_bring: String::new(),
            audiences: vec![],
            topics: vec![topic],
            registration_opens_at: None,
            registration_closes_at: None,
        };
        let admin_id: i64 = app.with_conn(|c| {
            use babillard::db::schema::users;
            users::table.filter(users::email.eq("admin@example.org")).select(users::id).first(c).unwrap()
        });
        let admin = babillard::domain::access::Access { user_id: admin_id, is_admin: true, ..Default::default() };
        let id = app.with_conn(|c| {
            babillard::db::write_tx(c, |c| {
                let id = babillard::store::programme::create_session(c, &admin, w.autre.event_id, &input, true)?;
                // Not told yet: the session has no place until its location is set.
                assert_eq!(babillard::store::interests::announce(c, id, babillard::db::now())?, 0);
                diesel::insert_into(babillard::db::schema::session_locations::table)
                    .values((
                        babillard::db::schema::session_locations::session_id.eq(id),
                        babillard::db::schema::session_locations::municipality_id.eq(Some(town)),
                    ))
                    .execute(c)?;
                let told = babillard::store::interests::announce(c, id, babillard::db::now())?;
                assert_eq!(told, 1);
                // Called again, nobody is told twice.
                assert_eq!(babillard::store::interests::announce(c, id, babillard::db::now())?, 0);
                Ok::<_, babillard::store::Error>(id)
            })
            .unwrap()
        });
        assert_eq!(messages(&app, "interest_match"), vec![("gisele@exemple.ca".to_string(), Some(id), "fr".to_string())]);
        // No head start at that organisation: public at once.
        assert_eq!(count(&app, "session_embargoes"), 0);
        assert!(app.get("/calendar.ics").await.text().contains("Tablette au centre communautaire"));
    }
}
