//! Reports (`/admin/reports`, issue 14): a hand-built year with known answers — two
//! organisations, their towns, topics and months; people present, no-shows, attendance
//! not taken, a waitlist never served, staff-entered and returning people, a seniors'
//! rate, survey answers — checked on both databases, again after the retention purge;
//! the CSV export; and what a member of one organisation may see of another.

use actix_web::http::StatusCode;
use diesel::prelude::*;

use crate::common::TestApp;
use crate::common::fixtures::{self, utc};
use crate::common::staff::{self, Browser};
use babillard::db::schema::*;
use babillard::db::{DbConnection, now};

pub struct Year {
    pub registrations: Vec<i64>,
}

/// One registration row as the engine would have left it.
pub fn reg(
    c: &mut DbConnection,
    session: i64,
    seats: i32,
    status: &str,
    source: &str,
    returning: bool,
) -> i64 {
    let n = babillard::domain::token::random_token();
    diesel::insert_into(registrations::table)
        .values((
            registrations::session_id.eq(session),
            registrations::token_hash.eq(format!("t-{n}")),
            registrations::person_key.eq(format!("p-{n}")),
            registrations::name.eq("Gisèle Tremblay"),
            registrations::email.eq(format!("{}@example.org", &n[..8])),
            registrations::seats.eq(seats),
            registrations::status.eq(status),
            registrations::source.eq(source),
            registrations::queued_at.eq(now()),
            registrations::check_in_code.eq(&n[..6]),
            registrations::created_at.eq(now()),
            registrations::updated_at.eq(now()),
            registrations::returning_person.eq(returning),
        ))
        .execute(c)
        .unwrap();
    registrations::table
        .order(registrations::id.desc())
        .select(registrations::id)
        .first(c)
        .unwrap()
}

pub fn survey(
    c: &mut DbConnection,
    registration: i64,
    session: i64,
    useful: i32,
    clear: i32,
    next: &str,
) {
    diesel::insert_into(survey_answers::table)
        .values((
            survey_answers::registration_id.eq(registration),
            survey_answers::session_id.eq(session),
            survey_answers::useful.eq(useful),
            survey_answers::clear.eq(clear),
            survey_answers::next_step.eq(next),
            survey_answers::created_at.eq(now()),
        ))
        .execute(c)
        .unwrap();
}

/// The year 2025 of « biblio » (A) and « centre » (B); the figures each test expects
/// are worked out in its comments.
pub fn year(c: &mut DbConnection) -> Year {
    let a = fixtures::base_named(c, "biblio");
    let b = fixtures::base_named(c, "centre");
    staff::user(c, "admin@example.org", "admin", None);
    staff::user(c, "a@example.org", "manager", Some(a.organisation_id));
    staff::user(c, "b@example.org", "editor", Some(b.organisation_id));
    // A1: Friday 14 March 2025, 13 h 30 in Québec, 90 minutes, 10 seats, for seniors.
    let a1 = fixtures::session(
        c,
        &a,
        "Atelier cybersécurité",
        utc("2025-03-14 17:30"),
        |_| {},
    );
    fixtures::tag(c, a1, &["aines"], &["cybersecurite"]);
    let isabelle = staff::trainer(c, "isabelle", a.organisation_id, None);
    staff::assign(c, a1, isabelle);
    // A2: April, 8 seats, for everyone; one person paid the seniors' rate.
    let a2 = fixtures::session(
        c,
        &a,
        "Réseaux sociaux sans souci",
        utc("2025-04-10 18:00"),
        |s| s.capacity = Some(8),
    );
    fixtures::tag(c, a2, &["grand-public"], &["reseaux-sociaux"]);
    // A3: cancelled in May.
    let a3 = fixtures::session(c, &a, "Tablette (annulé)", utc("2025-05-01 18:00"), |s| {
        s.status = babillard::domain::session::SessionStatus::Cancelled
    });
    // B1: the other organisation, March, 12 seats.
    let b1 = fixtures::session(
        c,
        &b,
        "Cybersécurité au centre",
        utc("2025-03-20 18:00"),
        |s| s.capacity = Some(12),
    );
    fixtures::tag(c, b1, &[], &["cybersecurite"]);
    // A draft never counts.
    let draft = fixtures::session(c, &a, "Brouillon", utc("2025-03-15 18:00"), |s| {
        s.status = babillard::domain::session::SessionStatus::Draft
    });
    let mut ids = vec![
        reg(c, a1, 2, "attended", "web", false),
        reg(c, a1, 1, "attended", "staff", true),
        reg(c, a1, 1, "no_show", "web", false),
        reg(c, a1, 1, "confirmed", "web", false),
        reg(c, a1, 1, "waitlisted", "web", false),
        reg(c, a1, 1, "cancelled", "web", false),
    ];
    let r7 = reg(c, a2, 1, "attended", "web", true);
    ids.extend([
        r7,
        reg(c, a2, 1, "attended", "web", false),
        reg(c, a2, 1, "offered", "web", false),
    ]);
    ids.push(reg(c, a3, 1, "cancelled", "web", false));
    let r11 = reg(c, b1, 3, "attended", "web", false);
    ids.extend([r11, reg(c, b1, 1, "no_show", "web", false)]);
    ids.push(reg(c, draft, 4, "confirmed", "web", false));
    let seniors: i64 = audiences::table
        .filter(audiences::slug.eq("aines"))
        .select(audiences::id)
        .first(c)
        .unwrap();
    diesel::insert_into(payments::table)
        .values((
            payments::registration_id.eq(r7),
            payments::session_id.eq(a2),
            payments::organisation_id.eq(a.organisation_id),
            payments::amount_cents.eq(500),
            payments::audience_id.eq(seniors),
            payments::method.eq("on_site"),
            payments::status.eq("paid"),
            payments::created_at.eq(now()),
            payments::updated_at.eq(now()),
        ))
        .execute(c)
        .unwrap();
    survey(c, ids[0], a1, 3, 3, "Apprendre à faire des virements");
    survey(c, ids[1], a1, 2, 3, "");
    survey(c, r11, b1, 3, 1, "Secret du centre");
    // Two « Prévenez-moi » sign-ups in 2025 in A's town, one in 2024 (another period).
    let town: i64 = municipalities::table
        .filter(municipalities::slug.eq("biblio-ville"))
        .select(municipalities::id)
        .first(c)
        .unwrap();
    let topic: i64 = topics::table
        .filter(topics::slug.eq("tablette-telephone"))
        .select(topics::id)
        .first(c)
        .unwrap();
    for (i, when) in ["2025-02-01 15:00", "2025-06-01 15:00", "2024-06-01 15:00"]
        .iter()
        .enumerate()
    {
        diesel::insert_into(interests::table)
            .values((
                interests::topic_id.eq(topic),
                interests::municipality_id.eq(town),
                interests::name.eq("Paul"),
                interests::email.eq(format!("paul{i}@example.org")),
                interests::email_key.eq(format!("paul{i}@example.org")),
                interests::lang.eq("fr"),
                interests::token_hash.eq(format!("h{i}")),
                interests::consent_at.eq(utc(when)),
                interests::created_at.eq(utc(when)),
            ))
            .execute(c)
            .unwrap();
    }
    Year { registrations: ids }
}

/// The value shown for a key figure (`<dt>label</dt><dd><strong>value</strong>`).
pub fn figure(page: &str, label: &str) -> String {
    // French no-break spaces read as spaces.
    let page = page.replace('\u{a0}', " ");
    let start = format!("<dt>{label}</dt><dd><strong>");
    let at = page
        .find(&start)
        .unwrap_or_else(|| panic!("no figure « {label} »"));
    let rest = &page[at + start.len()..];
    rest[..rest.find("</strong>").unwrap()].to_owned()
}

const YEAR_2025: &str = "/admin/reports?from=2025-01-01&to=2025-12-31";

async fn the_regional_figures(app: &TestApp) {
    let page = Browser::signed_in(app, "admin@example.org")
        .get(YEAR_2025)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let p = page.text();
    let expect = [
        ("Séances tenues", "3"),
        ("Séances annulées", "1"),
        ("Séances à venir", "0"),
        ("Places offertes", "30"), // 10 + 8 + 12; the cancelled one offers none
        ("Inscriptions reçues", "12"), // the draft's never counts
        ("Places réservées", "12"), // 5 + 3 (the offer holds its seat) + 4
        ("Personnes présentes", "8"), // 3 + 2 + 3
        ("Absences notées", "2"),
        ("Présence non notée", "1"),
        ("Taux de présence", "80 %"), // 8 ÷ 10
        ("Demande non comblée", "2"), // A1's waitlisted, A2's unanswered offer
        ("Inscriptions à « Prévenez-moi »", "2"),
        ("Inscriptions de nouvelles personnes", "7"),
        ("Inscriptions de personnes déjà venues", "2"),
        ("Inscriptions faites par le personnel", "1"),
        ("Aînés rejoints", "4"), // everyone at A1 (for seniors), and A2's senior rate
        ("Heures de formation données", "4,5"),
        ("Heures-participants", "12"), // 1,5 h × 8 people
    ];
    for (label, value) in expect {
        assert_eq!(figure(&p, label), value, "{label}");
    }
    // The charts say it in words too, with their data beside them.
    assert!(
        p.contains("La fréquentation a culminé en mars") && p.contains("6 personnes présentes"),
        "{p}"
    );
    assert!(p.contains("role=\"img\" aria-labelledby=\"chart-month-caption\""));
    assert!(p.contains("Ville biblio") && p.contains("Ville centre"));
    assert!(p.len() < 50_000, "the page weighs {} bytes", p.len());
    // Survey per trainer: Isabelle gave A1, answered twice, « utile » oui once.
    assert!(
        p.contains("<th scope=\"row\">Formateur isabelle</th><td data-label=\"Réponses\">2</td><td data-label=\"« Utile » : oui\">50")
            || p.replace('\u{a0}', " ").contains("<th scope=\"row\">Formateur isabelle</th><td data-label=\"Réponses\">2</td><td data-label=\"« Utile » : oui\">50"),
        "{p}"
    );
    // Survey: 3 answers; A1: « utile » oui 1 of 2, « clair » oui 2 of 2.
    assert!(p.contains("3 réponses au questionnaire"), "{p}");
    assert!(p.contains("Apprendre à faire des virements") && p.contains("Secret du centre"));
}

on_both_backends! {
    async fn the_regional_administrator_sees_every_figure_of_the_year(app: TestApp) {
        app.with_conn(|c| { year(c); });
        the_regional_figures(&app).await;
    }

    async fn the_figures_stay_right_after_the_retention_purge(app: TestApp) {
        let y = app.with_conn(year);
        app.with_conn(|c| {
            babillard::store::registrations::purge(c, &y.registrations, now()).unwrap();
            // What the purge leaves of the survey: the ratings, not the free text.
            diesel::update(survey_answers::table).set(survey_answers::next_step.eq("")).execute(c).unwrap();
            let names: i64 = registrations::table.filter(registrations::name.is_not_null()).count().get_result(c).unwrap();
            assert_eq!(names, 0, "the purge erased the people");
        });
        let page = Browser::signed_in(&app, "admin@example.org").get(YEAR_2025).await.text();
        for (label, value) in [
            ("Personnes présentes", "8"),
            ("Places réservées", "12"),
            ("Demande non comblée", "2"),
            ("Inscriptions de personnes déjà venues", "2"),
            ("Inscriptions faites par le personnel", "1"),
            ("Aînés rejoints", "4"),
        ] {
            assert_eq!(figure(&page, label), value, "{label} after the purge");
        }
        assert!(page.contains("3 réponses au questionnaire"));
        assert!(!page.contains("Apprendre à faire des virements"), "emptied free text is skipped");
        assert!(page.contains("Aucune réponse libre pour cette période"));
    }

    async fn a_member_sees_only_their_organisation_and_cannot_ask_for_another(app: TestApp) {
        app.with_conn(|c| { year(c); });
        let mut a = Browser::signed_in(&app, "a@example.org");
        let p = a.get(YEAR_2025).await.text();
        assert_eq!(figure(&p, "Séances tenues"), "2");
        assert_eq!(figure(&p, "Personnes présentes"), "5");
        assert_eq!(figure(&p, "Places offertes"), "18");
        assert!(!p.contains("<th scope=\"row\">Ville centre</th>") && !p.contains("Cybersécurité au centre"), "nothing of B");
        assert!(!p.contains("Secret du centre"), "B's free text stays B's");
        assert!(!p.contains("Organisme centre"), "B is not even offered in the filter");
        let refused = a.get(&format!("{YEAR_2025}&org=centre")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(!refused.text().contains("Cybersécurité au centre"));
        let csv = a.get("/admin/reports/export.csv?from=2025-01-01&to=2025-12-31&org=centre").await;
        assert_eq!(csv.status, StatusCode::FORBIDDEN);
        let own = a.get("/admin/reports/export.csv?from=2025-01-01&to=2025-12-31").await.text();
        assert!(!own.contains("centre"), "{own}");
        // B's editor sees B only.
        let p = Browser::signed_in(&app, "b@example.org").get(YEAR_2025).await.text();
        assert_eq!(figure(&p, "Personnes présentes"), "3");
        assert!(!p.contains("Atelier cybersécurité") && !p.contains("Apprendre à faire des virements"));
        // Signed out: no report.
        let anonymous = app.get(YEAR_2025).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }

    async fn filters_narrow_the_figures_and_bad_values_are_refused(app: TestApp) {
        app.with_conn(|c| { year(c); });
        let mut admin = Browser::signed_in(&app, "admin@example.org");
        let topic = admin.get(&format!("{YEAR_2025}&topic=cybersecurite")).await.text();
        assert_eq!(figure(&topic, "Séances tenues"), "2");
        assert_eq!(figure(&topic, "Personnes présentes"), "6");
        let town = admin.get(&format!("{YEAR_2025}&municipality=centre-ville")).await.text();
        assert_eq!(figure(&town, "Personnes présentes"), "3");
        let seniors = admin.get(&format!("{YEAR_2025}&audience=aines")).await.text();
        assert_eq!(figure(&seniors, "Séances tenues"), "1");
        let online = admin.get(&format!("{YEAR_2025}&format=online")).await.text();
        assert_eq!(figure(&online, "Séances tenues"), "0");
        assert!(online.contains("Aucune séance pour cette période"));
        let event = admin.get(&format!("{YEAR_2025}&event=centre-programme")).await.text();
        assert_eq!(figure(&event, "Séances tenues"), "1");
        for bad in [
            "topic=Cyber%20S%C3%A9curit%C3%A9",
            "topic=inconnu",
            "from=2025-02-30",
            "from=2025-03-01&to=2025-01-01",
            "format=papier",
            "org=personne",
        ] {
            let r = admin.get(&format!("/admin/reports?{bad}")).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        }
        // The default period is this calendar year: 2025's sessions are not in it.
        let default = admin.get("/admin/reports").await.text();
        assert_eq!(figure(&default, "Séances tenues"), "0");
    }

    async fn the_csv_export_has_a_line_per_session_in_french_spreadsheet_form(app: TestApp) {
        app.with_conn(|c| { year(c); });
        let mut admin = Browser::signed_in(&app, "admin@example.org");
        let r = admin.get("/admin/reports/export.csv?from=2025-01-01&to=2025-12-31").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
        assert!(r.header("content-disposition").unwrap().contains("rapport-sessions-2025-01-01-2025-12-31.csv"));
        let body = r.text();
        assert!(body.starts_with('\u{feff}'), "a BOM for spreadsheets");
        let lines: Vec<&str> = body.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 5, "a heading and four sessions (no draft): {body}");
        assert!(lines[0].starts_with("Séance;Date;Organisme;Municipalité;Thèmes;État;Places offertes;Inscriptions"), "{}", lines[0]);
        let a1: Vec<&str> = lines.iter().find(|l| l.starts_with("Atelier cybersécurité")).unwrap().split(';').collect();
        assert_eq!(
            &a1[..20],
            &[
                "Atelier cybersécurité", "2025-03-14 13:30", "Organisme biblio", "Ville biblio", "Cybersécurité",
                "tenue", "10", "6", "1", "5", "3", "1", "1", "1", "3", "1", "3", "1,5", "4,5", "2",
            ],
        );
        assert!(a1[20].starts_with("50") && a1[21].starts_with("100"), "{a1:?}");
        let cancelled = lines.iter().find(|l| l.starts_with("Tablette (annulé)")).unwrap();
        assert!(cancelled.contains(";annulée;0;1;"), "{cancelled}");
        // In English, with commas; and the other tables.
        let en = admin.get("/admin/reports/export.csv?from=2025-01-01&to=2025-12-31&table=months&lang=en").await.text();
        assert!(en.contains("Month,Sessions held,Seats offered"), "{en}");
        assert!(en.contains("March 2025,2,22,9,6,2,1,"), "{en}");
        let bad = admin.get("/admin/reports/export.csv?table=everything").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }

    async fn a_returning_person_is_known_at_registration_and_stays_known_after_the_purge(app: TestApp) {
        let (first, second, elsewhere) = app.with_conn(|c| {
            let a = fixtures::base_named(c, "biblio");
            let s1 = fixtures::session(c, &a, "Un", fixtures::in_days(3), |_| {});
            let s2 = fixtures::session(c, &a, "Deux", fixtures::in_days(10), |_| {});
            (s1, s2, a)
        });
        let ids = app.with_conn(|c| {
            let (r1, _) = staff::register(c, first, "Gisèle Tremblay", "gisele@example.org");
            let (r2, _) = staff::register(c, second, "Gisèle Tremblay", "gisele@example.org");
            let (r3, _) = staff::register(c, second, "Paul Gagnon", "paul@example.org");
            // Another region: a person who came there is new here.
            let far = other_region_session(c, &elsewhere);
            let (r4, _) = staff::register(c, far, "Paul Gagnon", "paul@example.org");
            [r1, r2, r3, r4]
        });
        let returning = |app: &TestApp| -> Vec<bool> {
            app.with_conn(|c| {
                ids.iter()
                    .map(|id| registrations::table.find(id).select(registrations::returning_person).first(c).unwrap())
                    .collect()
            })
        };
        assert_eq!(returning(&app), vec![false, true, false, false]);
        app.with_conn(|c| babillard::store::registrations::purge(c, &ids, now()).unwrap());
        assert_eq!(returning(&app), vec![false, true, false, false], "the purge keeps it");
    }
}

/// A session of the « biblio » organisation held in a town of another region.
fn other_region_session(c: &mut DbConnection, a: &fixtures::Base) -> i64 {
    diesel::insert_into(regions::table)
        .values((regions::slug.eq("estrie"), regions::name.eq("Estrie")))
        .execute(c)
        .unwrap();
    let region: i64 = regions::table
        .filter(regions::slug.eq("estrie"))
        .select(regions::id)
        .first(c)
        .unwrap();
    diesel::insert_into(mrcs::table)
        .values((
            mrcs::region_id.eq(region),
            mrcs::slug.eq("des-sources"),
            mrcs::name.eq("MRC des Sources"),
        ))
        .execute(c)
        .unwrap();
    let mrc: i64 = mrcs::table
        .filter(mrcs::slug.eq("des-sources"))
        .select(mrcs::id)
        .first(c)
        .unwrap();
    diesel::insert_into(municipalities::table)
        .values((
            municipalities::mrc_id.eq(mrc),
            municipalities::slug.eq("asbestos"),
            municipalities::name.eq("Val-des-Sources"),
        ))
        .execute(c)
        .unwrap();
    let town: i64 = municipalities::table
        .filter(municipalities::slug.eq("asbestos"))
        .select(municipalities::id)
        .first(c)
        .unwrap();
    let s = fixtures::session(c, a, "Ailleurs", fixtures::in_days(20), |s| {
        s.venue_id = None
    });
    diesel::insert_into(session_locations::table)
        .values((
            session_locations::session_id.eq(s),
            session_locations::municipality_id.eq(town),
        ))
        .execute(c)
        .unwrap();
    s
}
