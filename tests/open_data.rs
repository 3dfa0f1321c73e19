//! Open data (issue 17): a session page's schema.org `Event` (JSON-LD) agrees with the
//! API, says when a session is cancelled or moved, and a hostile title cannot leave its
//! script; the open data files (`/open-data/activities.csv`, `.json`, `dcat.json`) hold
//! every public activity of the last two years and the future, never a draft, a held
//! session or a person, with the documented columns and the DCAT-AP fields a portal
//! harvests; the `/open-data` page reads in French and English.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::schema::{session_embargoes, sessions, trainers};
use babillard::domain::open_data::COLUMNS;
use babillard::domain::session::SessionStatus;
use babillard::domain::time;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Timelike};
use common::fixtures::{self, in_days};
use common::staff::{self, api};
use common::{Resp, TestApp};
use diesel::prelude::*;
use serde_json::{Value, json};

const LD_OPEN: &str = "<script type=\"application/ld+json\">";

/// The JSON-LD of a page: the text between its script's tags, parsed.
fn json_ld(page: &str) -> Value {
    let start = page.find(LD_OPEN).expect("a JSON-LD script") + LD_OPEN.len();
    let end = start + page[start..].find("</script>").expect("the script ends");
    serde_json::from_str(&page[start..end])
        .unwrap_or_else(|e| panic!("JSON-LD parses ({e}): {}", &page[start..end]))
}

fn instant(v: &Value) -> DateTime<FixedOffset> {
    let s = v.as_str().unwrap_or_else(|| panic!("a time: {v}"));
    assert!(
        s.ends_with("-04:00") || s.ends_with("-05:00"),
        "with Québec's offset: {s}"
    );
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn utc_of(v: &Value) -> NaiveDateTime {
    instant(v).naive_utc()
}

async fn page_event(app: &TestApp, id: i64) -> Value {
    let page = app.get(&format!("/sessions/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    json_ld(&page.text())
}

/// A small RFC 4180 reader (quotes, doubled quotes, CRLF rows), independent of the
/// writer under test.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

async fn get_ok(app: &TestApp, path: &str) -> Resp {
    let r = app.get(path).await;
    assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.text());
    r
}

on_both_backends! {
    async fn a_session_page_says_the_same_event_as_the_api(app: TestApp) {
        let (_, id) = app.with_conn(|c| staff::library_session(c, "editor@example.org", "editor", 12));
        app.with_conn(|c| fixtures::tag(c, id, &["aines"], &["cybersecurite"]));
        let e = page_event(&app, id).await;
        let s = app.get_json(&format!("/api/v1/sessions/{id}")).await;
        assert_eq!(e["@context"], "https://schema.org");
        assert_eq!(e["@type"], "Event");
        assert_eq!(e["name"], "Apprivoiser sa tablette");
        assert_eq!(instant(&e["startDate"]), instant(&s["starts_at"]), "the same instant as the API");
        assert_eq!(instant(&e["endDate"]), instant(&s["ends_at"]));
        assert_eq!(e["eventStatus"], "https://schema.org/EventScheduled");
        assert_eq!(e["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode");
        assert_eq!(e["location"]["@type"], "Place");
        assert_eq!(e["location"]["name"], "Salle biblio");
        let address = &e["location"]["address"];
        assert_eq!(address["@type"], "PostalAddress");
        assert_eq!(address["streetAddress"], "1, rue Principale");
        assert_eq!(address["addressLocality"], "Ville biblio");
        assert_eq!(address["addressRegion"], "QC");
        assert_eq!(address["addressCountry"], "CA");
        assert_eq!(e["organizer"]["@type"], "Organization");
        assert_eq!(e["organizer"]["name"], "Organisme biblio");
        assert!(e["organizer"]["url"].as_str().unwrap().ends_with("/organisations/biblio"));
        let base = app.state.base_url().to_owned();
        assert_eq!(e["url"], format!("{base}/sessions/{id}"));
        assert_eq!(e["offers"]["@type"], "Offer");
        assert_eq!(e["offers"]["price"], 0);
        assert_eq!(e["offers"]["priceCurrency"], "CAD");
        assert_eq!(e["offers"]["availability"], "https://schema.org/InStock");
        assert_eq!(e["offers"]["url"], e["url"]);
        assert_eq!(e["inLanguage"], "fr");

        // No seat left, no waitlist: sold out.
        app.with_conn(|c| {
            diesel::update(sessions::table.find(id))
                .set((sessions::seats_taken.eq(12), sessions::waitlist_limit.eq(Some(0))))
                .execute(c)
                .unwrap()
        });
        assert_eq!(page_event(&app, id).await["offers"]["availability"], "https://schema.org/SoldOut");
    }

    async fn cancelled_and_moved_sessions_say_so_in_their_event(app: TestApp) {
        let (b, moved) = app.with_conn(|c| staff::library_session(c, "editor@example.org", "editor", 12));
        let (cancelled, draft_moved) = app.with_conn(|c| {
            let cancelled = fixtures::session(c, &b, "Annulé", in_days(8), |_| {});
            let draft = fixtures::session(c, &b, "Brouillon", in_days(9), |s| s.status = SessionStatus::Draft);
            (cancelled, draft)
        });
        app.with_conn(|c| {
            babillard::store::registrations::cancel_session(c, cancelled, "Tempête", babillard::db::now()).unwrap()
        });
        let e = page_event(&app, cancelled).await;
        assert_eq!(e["eventStatus"], "https://schema.org/EventCancelled");
        assert_eq!(e["offers"]["availability"], "https://schema.org/Discontinued");

        // Moved a week later through the staff API, as an integration would.
        let before: NaiveDateTime = app.with_conn(|c| sessions::table.find(moved).select(sessions::starts_at).first(c).unwrap());
        let token = staff::token(&app, "editor@example.org");
        let later = before + chrono::Duration::days(7);
        for id in [moved, draft_moved] {
            let start: NaiveDateTime = app.with_conn(|c| sessions::table.find(id).select(sessions::starts_at).first(c).unwrap());
            let r = api(&app, "patch", &format!("/api/v1/sessions/{id}"), Some(&token), Some(json!({
                "starts_at": time::rfc3339(start + chrono::Duration::days(7)),
                "ends_at": time::rfc3339(start + chrono::Duration::days(7) + chrono::Duration::minutes(90)),
            }))).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
        let e = page_event(&app, moved).await;
        assert_eq!(e["eventStatus"], "https://schema.org/EventRescheduled");
        assert_eq!(utc_of(&e["previousStartDate"]), before);
        assert_eq!(utc_of(&e["startDate"]), later);
        let s = app.get_json(&format!("/api/v1/sessions/{moved}")).await;
        assert_eq!(instant(&e["startDate"]), instant(&s["starts_at"]));

        // A draft moved before publication was never announced at another time.
        let r = api(&app, "post", &format!("/api/v1/sessions/{draft_moved}/publish"), Some(&token), None).await;
        assert!(r.status.is_success(), "{}", r.text());
        let e = page_event(&app, draft_moved).await;
        assert_eq!(e["eventStatus"], "https://schema.org/EventScheduled", "moved while a draft");

        // An edit of the title alone moves nothing.
        let other = app.with_conn(|c| fixtures::session(c, &b, "Titre", in_days(11), |_| {}));
        let r = api(&app, "patch", &format!("/api/v1/sessions/{other}"), Some(&token), Some(json!({"title": "Nouveau titre"}))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(page_event(&app, other).await["eventStatus"], "https://schema.org/EventScheduled");

        // The open data agrees.
        let csv = parse_csv(get_ok(&app, "/open-data/activities.csv").await.text().trim_start_matches('\u{feff}'));
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        let row = |id: i64| csv.iter().find(|r| r[col("id")] == id.to_string()).unwrap_or_else(|| panic!("{id} in the CSV")).clone();
        assert_eq!(row(moved)[col("status")], "rescheduled");
        assert_eq!(row(moved)[col("previous_starts_at")], time::rfc3339(before));
        assert_eq!(row(cancelled)[col("status")], "cancelled");
        assert_eq!(row(other)[col("status")], "scheduled");
        assert_eq!(row(other)[col("previous_starts_at")], "");
    }

    async fn a_hostile_title_stays_inside_its_script(app: TestApp) {
        let title = "</script><script>alert(1)</script><!-- « & » -->";
        let id = app.with_conn(|c| {
            let b = fixtures::base(c);
            fixtures::session(c, &b, title, in_days(5), |s| s.description = "</SCRIPT >\u{2028}".into())
        });
        let page = app.get(&format!("/sessions/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(!html.contains("<script>alert(1)"), "no script of the title's");
        assert_eq!(html.matches("<script").count(), 1, "one script: the JSON-LD");
        let e = json_ld(&html);
        assert_eq!(e["name"], title, "the whole title, inside the script");
        assert_eq!(e["description"], "</SCRIPT >\u{2028}");
        // The page keeps its security headers: ld+json is data, no script runs.
        let csp = page.header("content-security-policy").expect("a CSP");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert_eq!(page.header("x-content-type-options").as_deref(), Some("nosniff"));
    }

    async fn open_data_holds_public_activities_and_no_person(app: TestApp) {
        let (b, open) = app.with_conn(|c| staff::library_session(c, "editor@example.org", "editor", 12));
        let ids = app.with_conn(|c| {
            let s = |c: &mut babillard::db::DbConnection, title: &str, at: NaiveDateTime, status: SessionStatus| {
                fixtures::session(c, &b, title, at, |x| x.status = status)
            };
            let year_ago = s(c, "Il y a un an", in_days(-365), SessionStatus::Published);
            let three_years = s(c, "Il y a trois ans", in_days(-3 * 365), SessionStatus::Published);
            let draft = s(c, "Brouillon secret", in_days(20), SessionStatus::Draft);
            let held = s(c, "Réservé à la liste d'intérêt", in_days(21), SessionStatus::Published);
            diesel::insert_into(session_embargoes::table)
                .values((session_embargoes::session_id.eq(held), session_embargoes::public_at.eq(in_days(3))))
                .execute(c)
                .unwrap();
            let cancelled = s(c, "Annulée", in_days(22), SessionStatus::Published);
            let online = fixtures::session(c, &b, "En ligne", in_days(23), |x| {
                x.format = babillard::domain::session::Format::Online;
                x.venue_id = None;
                x.online_url = Some("https://meet.example/secret-room".into());
                x.price_cents = 1250;
            });
            // A trainer with a personal email and phone, on the open session.
            let t = staff::trainer(c, "gaston", b.organisation_id, None);
            diesel::update(trainers::table.find(t))
                .set((trainers::name.eq("Gaston Lafleur"), trainers::phone.eq(Some("819 555-0177"))))
                .execute(c)
                .unwrap();
            staff::assign(c, open, t);
            fixtures::tag(c, open, &["aines"], &["cybersecurite", "reseaux-sociaux"]);
            (year_ago, three_years, draft, held, cancelled, online)
        });
        let (year_ago, three_years, draft, held, cancelled, online) = ids;
        app.with_conn(|c| babillard::store::registrations::cancel_session(c, cancelled, "Panne", babillard::db::now()).unwrap());
        let people = [
            ("Gisèle Tremblay-Test", "gisele.tremblay@example.org", "819 555-0142"),
            ("Réjean Côté-Test", "rejean.cote@example.org", "450 555-0199"),
        ];
        for (name, email, phone) in people {
            common::register_by_api(&app, open, json!({"name": name, "email": email, "phone": phone})).await;
        }

        let csv = get_ok(&app, "/open-data/activities.csv").await;
        let json = get_ok(&app, "/open-data/activities.json").await;
        let dcat = get_ok(&app, "/open-data/dcat.json").await;
        assert_eq!(csv.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
        assert_eq!(json.header("content-type").as_deref(), Some("application/json"));
        assert_eq!(dcat.header("content-type").as_deref(), Some("application/ld+json"));
        for r in [&csv, &json, &dcat] {
            assert_eq!(r.header("access-control-allow-origin").as_deref(), Some("*"), "open to any site");
            assert!(r.header("cache-control").unwrap().starts_with("public"));
            assert!(r.header("etag").is_some());
            assert!(r.header("set-cookie").is_none(), "no cookie on a file");
            let text = r.text();
            for (name, email, phone) in people.iter().chain([&("Gaston Lafleur", "gaston@formateurs.example.org", "819 555-0177")]) {
                assert!(!text.contains(name), "no name: {name}");
                assert!(!text.contains(email), "no email: {email}");
                assert!(!text.contains(phone) && !text.contains(&phone.replace(' ', "-")), "no phone: {phone}");
            }
            for secret in ["editor@example.org", "secret-room", "Brouillon secret", "liste d'intérêt", "Il y a trois ans"] {
                assert!(!text.contains(secret), "{secret} is not open data");
            }
        }

        // CSV: a BOM, the documented header, one row per public activity.
        let text = csv.text();
        assert!(text.starts_with('\u{feff}'), "UTF-8 with a BOM");
        let rows = parse_csv(text.trim_start_matches('\u{feff}'));
        assert_eq!(rows[0], COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        assert!(rows.iter().all(|r| r.len() == COLUMNS.len()), "every row has every column");
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        let listed: Vec<i64> = rows[1..].iter().map(|r| r[col("id")].parse().unwrap()).collect();
        for id in [open, year_ago, cancelled, online] {
            assert!(listed.contains(&id), "{id} is open data: {listed:?}");
        }
        for id in [three_years, draft, held] {
            assert!(!listed.contains(&id), "{id} is not: {listed:?}");
        }
        assert_eq!(listed.len(), 4);
        let row = rows.iter().find(|r| r[col("id")] == open.to_string()).unwrap();
        assert_eq!(row[col("title")], "Apprivoiser sa tablette");
        assert_eq!(row[col("organisation")], "Organisme biblio");
        assert_eq!(row[col("venue")], "Salle biblio");
        assert_eq!(row[col("address")], "1, rue Principale");
        assert_eq!(row[col("municipality")], "Ville biblio");
        assert_eq!(row[col("mrc")], "MRC test");
        assert_eq!(row[col("status")], "scheduled");
        assert_eq!(row[col("format")], "in_person");
        assert_eq!(row[col("seats")], "12");
        assert_eq!(row[col("price_cad")], "0.00");
        assert_eq!(row[col("topics")].split(" | ").count(), 2, "{}", row[col("topics")]);
        let api = app.get_json(&format!("/api/v1/sessions/{open}")).await;
        assert_eq!(row[col("starts_at")], api["starts_at"].as_str().unwrap(), "the API's time");
        assert!(row[col("url")].ends_with(&format!("/sessions/{open}")));
        let paid = rows.iter().find(|r| r[col("id")] == online.to_string()).unwrap();
        assert_eq!(paid[col("price_cad")], "12.50");
        assert_eq!(paid[col("venue")], "");
        assert_eq!(paid[col("format")], "online");

        // JSON: the same activities.
        let j = json.json();
        let items = j["activities"].as_array().unwrap();
        assert_eq!(items.len(), rows.len() - 1, "as many as the CSV's rows");
        assert_eq!(j["count"], items.len());
        let ids: Vec<i64> = items.iter().map(|a| a["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, listed, "in the same order");
        let first = items.iter().find(|a| a["id"] == open).unwrap();
        let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
        for c in COLUMNS {
            assert!(keys.contains(c), "{c} in the JSON");
        }
        assert_eq!(items.iter().find(|a| a["id"] == online).unwrap()["price_cad"], 12.5);
        assert_eq!(j["licence"], "https://creativecommons.org/licenses/by/4.0/");

        // DCAT-AP: a catalogue, its dataset and the two files.
        let d = dcat.json();
        assert!(d["@context"]["dcat"].as_str().unwrap().starts_with("http://www.w3.org/ns/dcat"));
        assert_eq!(d["@type"], "dcat:Catalog");
        for key in ["dct:title", "dct:description", "dct:publisher", "dcat:dataset"] {
            assert!(!d[key].is_null(), "Catalog {key}");
        }
        assert_eq!(d["dct:publisher"]["foaf:name"], "Région test", "the region in the database");
        let ds = &d["dcat:dataset"][0];
        assert_eq!(ds["@type"], "dcat:Dataset");
        for key in ["dct:title", "dct:description", "dcat:distribution", "dct:license", "dct:modified", "dct:issued", "dcat:keyword", "dct:language", "dct:accrualPeriodicity"] {
            assert!(!ds[key].is_null(), "Dataset {key}");
        }
        assert!(ds["dcat:contactPoint"].is_null(), "no contact unless the region gives one");
        let languages: Vec<&str> = ds["dct:title"].as_array().unwrap().iter().map(|t| t["@language"].as_str().unwrap()).collect();
        assert_eq!(languages, ["fr", "en"]);
        let latest: NaiveDateTime = app.with_conn(|c| {
            sessions::table
                .filter(sessions::id.eq_any([open, year_ago, cancelled, online]))
                .select(diesel::dsl::max(sessions::updated_at))
                .first::<Option<NaiveDateTime>>(c)
                .unwrap()
                .unwrap()
        });
        assert_eq!(utc_of(&ds["dct:modified"]["@value"]), latest.with_nanosecond(0).unwrap(), "the latest change");
        let files = ds["dcat:distribution"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        let base = app.state.base_url().to_owned();
        for (f, path, media) in [(&files[0], "activities.csv", "text/csv"), (&files[1], "activities.json", "application/json")] {
            assert_eq!(f["@type"], "dcat:Distribution");
            assert_eq!(f["dcat:accessURL"]["@id"], format!("{base}/open-data/{path}"));
            assert_eq!(f["dcat:downloadURL"]["@id"], format!("{base}/open-data/{path}"));
            assert!(f["dcat:mediaType"]["@id"].as_str().unwrap().ends_with(media));
            assert!(!f["dct:format"].is_null() && !f["dct:license"].is_null());
        }

        // A client that has the file is answered 304, with CORS still.
        let etag = csv.header("etag").unwrap();
        let again = app.call(TestRequest::get().uri("/open-data/activities.csv").insert_header(("if-none-match", etag))).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert_eq!(again.header("access-control-allow-origin").as_deref(), Some("*"));
    }

    async fn the_open_data_page_reads_in_french_and_english(app: TestApp) {
        app.with_conn(|c| {
            let b = fixtures::base(c);
            fixtures::session(c, &b, "Atelier", in_days(5), |_| {})
        });
        let fr = get_ok(&app, "/open-data").await.text();
        assert!(fr.contains("<h1>Données ouvertes</h1>"), "{fr}");
        assert!(fr.contains("Aucune donnée personnelle"));
        assert!(fr.contains("https://creativecommons.org/licenses/by/4.0/"));
        assert!(fr.contains("Creative Commons Attribution 4.0"));
        assert!(fr.contains("publiés par Région test"));
        for link in ["/open-data/activities.csv", "/open-data/activities.json", "/open-data/dcat.json", "/api/v1/openapi.json"] {
            assert!(fr.contains(&format!("href=\"{link}\"")), "a link to {link}");
        }
        for c in COLUMNS {
            assert!(fr.contains(&format!("<code>{c}</code>")), "column {c} explained");
        }
        assert!(!fr.contains("opendata-"), "every text translated");
        let en = get_ok(&app, "/open-data?lang=en").await.text();
        assert!(en.contains("<h1>Open data</h1>"), "{en}");
        assert!(en.contains("No personal data"));
        assert!(!en.contains("opendata-"), "every text translated");
        // Linked from every page's footer, beside « Bilan ».
        let home = get_ok(&app, "/").await.text();
        assert!(home.contains("<a href=\"/outcomes\">Bilan</a></li>\n      <li><a href=\"/open-data\">Données ouvertes</a>"), "{home}");
    }
}

/// The region's settings name the publisher, the licence and a contact; a licence the
/// data cannot name stops the start-up.
#[actix_web::test]
async fn the_settings_name_the_publisher_licence_and_contact() {
    let app = TestApp::build(common::Backend::Sqlite, |s| {
        s.open_data_licence = "CC0-1.0".into();
        s.open_data_publisher = "MRC d'Argenteuil".into();
        s.open_data_contact_email = "donnees@argenteuil.example".into();
    })
    .await;
    let d = app.get_json("/open-data/dcat.json").await;
    let ds = &d["dcat:dataset"][0];
    assert_eq!(ds["dct:publisher"]["foaf:name"], "MRC d'Argenteuil");
    assert_eq!(
        ds["dct:license"]["@id"],
        "https://creativecommons.org/publicdomain/zero/1.0/"
    );
    assert_eq!(
        ds["dcat:contactPoint"]["vcard:hasEmail"]["@id"],
        "mailto:donnees@argenteuil.example"
    );
    let page = app.get("/open-data?lang=en").await.text();
    assert!(page.contains("CC0 1.0"), "{page}");
    assert!(page.contains("mailto:donnees@argenteuil.example"));

    let dir = tempfile::tempdir().unwrap();
    let mut bad =
        babillard::config::Settings::for_tests(&dir.path().join("x.sqlite3").display().to_string());
    bad.open_data_licence = "libre de droits".into();
    let e = babillard::web::AppState::new(bad).err().expect("refused");
    assert!(e.to_string().contains("open_data_licence"), "{e}");
}
