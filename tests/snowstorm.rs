//! A snowstorm on the demo: a regional administrator previews a day in one MRC, cancels
//! it with a reason and a replacement date, and every person is told once per session
//! with a CANCEL invite, the free sessions' registrations follow them to the new date in
//! their order, the feeds say CANCELLED, and nothing outside the area moves. An
//! organisation's manager sees and cancels only their own sessions.

use crate::common;

use std::collections::BTreeMap;

use babillard::db::schema::{municipalities, outbox, registrations, sessions, venues};
use babillard::domain::time;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::TestApp;
use common::staff::Browser;
use diesel::prelude::*;

/// The demo's busiest day for in-person sessions, and the MRC of its busiest session.
fn storm_target(app: &TestApp) -> (NaiveDate, i64) {
    app.with_conn(|c| {
        let rows: Vec<(i64, NaiveDateTime, i32, i64)> = sessions::table
            .inner_join(venues::table.inner_join(municipalities::table))
            .filter(sessions::status.eq("published"))
            .filter(sessions::format.ne("online"))
            .select((
                sessions::id,
                sessions::starts_at,
                sessions::seats_taken,
                municipalities::mrc_id,
            ))
            .load(c)
            .unwrap();
        let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for r in &rows {
            *per_day.entry(time::local(r.1).date_naive()).or_default() += 1;
        }
        let (&day, _) = per_day
            .iter()
            .max_by_key(|(d, n)| (**n, std::cmp::Reverse(**d)))
            .unwrap();
        let busiest = rows
            .iter()
            .filter(|r| time::local(r.1).date_naive() == day)
            .max_by_key(|r| (r.2, r.0))
            .unwrap();
        (day, busiest.3)
    })
}

/// Each session of that day: (id, status, its MRC, or none for online sessions).
fn sessions_of(app: &TestApp, day: NaiveDate) -> Vec<(i64, String, Option<i64>, String)> {
    let from = time::day_start_utc(day);
    let to = time::day_start_utc(day + Duration::days(1));
    app.with_conn(|c| {
        sessions::table
            .left_join(venues::table.left_join(municipalities::table))
            .filter(sessions::starts_at.ge(from))
            .filter(sessions::starts_at.lt(to))
            .select((
                sessions::id,
                sessions::status,
                municipalities::mrc_id.nullable(),
                sessions::format,
            ))
            .load(c)
            .unwrap()
    })
}

/// A registration as the lists compare them: (id, status, email, seats).
type Live = (i64, String, Option<String>, i32);

/// Open registrations of a session, in queue order.
fn live(app: &TestApp, session: i64) -> Vec<Live> {
    app.with_conn(|c| {
        registrations::table
            .filter(registrations::session_id.eq(session))
            .filter(registrations::status.eq_any([
                "confirmed",
                "waitlisted",
                "offered",
                "pending_payment",
            ]))
            .order((registrations::queued_at, registrations::id))
            .select((
                registrations::id,
                registrations::status,
                registrations::email,
                registrations::seats,
            ))
            .load(c)
            .unwrap()
    })
}

/// The demo's regional administrator, signed in (with the second factor an
/// administrator must have).
fn regional_admin(app: &TestApp) -> Browser<'_> {
    common::staff::enrol_totp(app, "admin@demo.babillard.quebec");
    Browser::signed_in(app, "admin@demo.babillard.quebec")
}

on_both_backends! {
    async fn a_snowstorm_cancels_a_day_in_one_mrc_and_gives_each_session_again(app: TestApp) {
        app.demo();
        let (day, mrc) = storm_target(&app);
        let again = day + Duration::days(7);
        let before = sessions_of(&app, day);
        let hit: Vec<i64> = before
            .iter()
            .filter(|(_, status, m, format)| status == "published" && *m == Some(mrc) && format != "online")
            .map(|s| s.0)
            .collect();
        let spared: Vec<i64> = before.iter().map(|s| s.0).filter(|id| !hit.contains(id)).collect();
        assert!(hit.len() >= 2, "the demo's busiest day has several sessions in one MRC: {before:?}");
        let people: BTreeMap<i64, Vec<Live>> =
            hit.iter().map(|&s| (s, live(&app, s))).collect();
        let told: usize = people.values().map(Vec::len).sum();
        assert!(told > 0);

        // The preview lists each session and the number of people to tell.
        let mut admin = regional_admin(&app);
        let q = format!("/admin/storm?day={day}&area=mrc-{mrc}&reason=Temp%C3%AAte+de+neige&again={again}");
        let page = admin.get(&q).await;
        assert_eq!(page.status, 200);
        let text = page.text();
        let n = hit.len();
        assert!(text.contains(&format!("{n} activités seraient annulées et {told} personnes seraient prévenues")), "{text}");
        for id in &hit {
            assert!(text.contains(&format!("name=\"session\" value=\"{id}\"")), "session {id} in the preview");
        }
        for id in &spared {
            assert!(!text.contains(&format!("name=\"session\" value=\"{id}\"")), "session {id} is not in the area");
        }
        // Nothing changed by looking.
        assert_eq!(sessions_of(&app, day), before);

        let mut fields: Vec<(&str, String)> = vec![
            ("day", day.to_string()),
            ("area", format!("mrc-{mrc}")),
            ("reason", "Tempête de neige : les routes sont fermées.".into()),
            ("again", again.to_string()),
        ];
        for id in &hit {
            fields.push(("session", id.to_string()));
        }
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let done = admin.post("/admin/storm", &fields).await;
        assert_eq!(done.status, 200, "{}", done.text());
        assert!(done.text().contains(&format!("{n} activités annulées, {told} personnes prévenues.")), "{}", done.text());

        let after = sessions_of(&app, day);
        for (id, status, _, _) in &after {
            let was = &before.iter().find(|s| s.0 == *id).unwrap().1;
            if hit.contains(id) {
                assert_eq!(status, "cancelled", "session {id}");
            } else {
                assert_eq!(status, was, "session {id} outside the area is untouched");
            }
        }

        // One message per person per session, with the CANCEL invite's kind, the reason
        // and the new date; then, for the people carried over, the new session's own.
        let copies: Vec<(i64, NaiveDateTime, String, i32, i32)> = app.with_conn(|c| {
            sessions::table
                .filter(sessions::starts_at.ge(time::day_start_utc(again)))
                .filter(sessions::starts_at.lt(time::day_start_utc(again + Duration::days(1))))
                .filter(sessions::created_at.ge(babillard::db::now() - Duration::minutes(5)))
                .select((sessions::id, sessions::starts_at, sessions::title, sessions::seats_taken, sessions::waitlist_count))
                .load(c)
                .unwrap()
        });
        assert_eq!(copies.len(), n, "each session is given again: {copies:?}");
        for (&old, regs) in &people {
            let (title, starts_at, price): (String, NaiveDateTime, i32) = app.with_conn(|c| {
                sessions::table.find(old).select((sessions::title, sessions::starts_at, sessions::price_cents)).first(c).unwrap()
            });
            let copy = copies.iter().find(|c| c.2 == title).expect("a copy with the same title");
            // Same wall-clock time, a week later.
            assert_eq!(time::local(copy.1).time(), time::local(starts_at).time());
            assert_eq!(time::local(copy.1).date_naive(), again);
            for (rid, _, _, _) in regs {
                let messages: Vec<(String, String)> = app.with_conn(|c| {
                    outbox::table
                        .filter(outbox::registration_id.eq(rid))
                        .filter(outbox::kind.eq("session_cancelled"))
                        .select((outbox::kind, outbox::payload))
                        .load(c)
                        .unwrap()
                });
                assert_eq!(messages.len(), 1, "registration {rid} is told once");
                let payload: serde_json::Value = serde_json::from_str(&messages[0].1).unwrap();
                assert_eq!(payload["reason"], "Tempête de neige : les routes sont fermées.");
                assert_eq!(payload["starts_at"], time::rfc3339(copy.1));
                assert_eq!(payload["carried"], price == 0);
            }
            if price == 0 {
                // The list on the new date is the old one: the same people, seats and
                // places, in the same order.
                let carried = live(&app, copy.0);
                let old_list: Vec<(String, Option<String>, i32)> = regs.iter().map(|r| (r.1.replace("offered", "waitlisted"), r.2.clone(), r.3)).collect();
                let new_list: Vec<(String, Option<String>, i32)> = carried.iter().map(|r| (r.1.clone(), r.2.clone(), r.3)).collect();
                assert_eq!(new_list, old_list, "session {old}");
                for (rid, status, _, _) in &carried {
                    let kind = if status == "confirmed" { "registration_confirmed" } else { "registration_waitlisted" };
                    let n: i64 = app.with_conn(|c| {
                        outbox::table.filter(outbox::registration_id.eq(rid)).filter(outbox::kind.eq(kind)).count().get_result(c).unwrap()
                    });
                    assert_eq!(n, 1, "registration {rid} on the new date gets its {kind}");
                }
            }
        }

        // The public feed says so: each session CANCELLED, each copy there.
        let feed = app.get("/calendar.ics").await.text().replace("\r\n ", "");
        let events: Vec<&str> = feed.split("BEGIN:VEVENT").skip(1).collect();
        for id in &hit {
            let e = events.iter().find(|e| e.contains(&format!("UID:session-{id}@"))).expect("the cancelled session stays in the feed");
            assert!(e.contains("STATUS:CANCELLED"), "{e}");
        }
        for c in &copies {
            let e = events.iter().find(|e| e.contains(&format!("UID:session-{}@", c.0))).expect("the copy is in the feed");
            assert!(!e.contains("STATUS:CANCELLED"), "{e}");
        }

        // Cancelling the same day again finds nothing left and changes nothing.
        let again_page = admin.get(&q).await.text();
        assert!(again_page.contains("Aucune activité en personne de ce jour"), "{again_page}");
    }

    async fn a_manager_sees_and_cancels_only_their_own_sessions(app: TestApp) {
        app.demo();
        let (day, mrc) = storm_target(&app);
        let before = sessions_of(&app, day);
        let mine: Vec<i64> = app.with_conn(|c| {
            use babillard::db::schema::organisations;
            sessions::table
                .inner_join(organisations::table)
                .filter(organisations::slug.eq("bibliotheque-jean-marc-belzile"))
                .select(sessions::id)
                .load(c)
                .unwrap()
        });
        let mut manager = Browser::signed_in(&app, "gestion@demo.babillard.quebec");
        let page = manager.get(&format!("/admin/storm?day={day}&area=mrc-{mrc}&reason=Verglas&again=")).await;
        assert_eq!(page.status, 200);
        let text = page.text();
        let mut fields = vec![
            ("day".to_owned(), day.to_string()),
            ("area".to_owned(), format!("mrc-{mrc}")),
            ("reason".to_owned(), "Verglas".to_owned()),
            ("again".to_owned(), String::new()),
        ];
        for (id, ..) in &before {
            let shown = text.contains(&format!("name=\"session\" value=\"{id}\""));
            if shown {
                assert!(mine.contains(id), "session {id} of another organisation is not shown");
            }
            // Even ticked by hand, another organisation's session is not cancelled.
            fields.push(("session".to_owned(), id.to_string()));
        }
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(manager.post("/admin/storm", &fields).await.status, 200);
        for ((id, was, m, format), (_, now, ..)) in before.iter().zip(sessions_of(&app, day)) {
            let expected = if mine.contains(id) && was == "published" && *m == Some(mrc) && format != "online" {
                "cancelled"
            } else {
                was.as_str()
            };
            assert_eq!(now, expected, "session {id}");
        }

        // An editor may not.
        let mut editor = Browser::signed_in(&app, "redaction@demo.babillard.quebec");
        assert_eq!(editor.get("/admin/storm").await.status, 403);
    }

    async fn a_request_with_mistakes_gets_a_message_per_field_and_cancels_nothing(app: TestApp) {
        app.demo();
        let (day, mrc) = storm_target(&app);
        let before = sessions_of(&app, day);
        let mut admin = regional_admin(&app);
        let page = admin.get(&format!("/admin/storm?day={day}&area=mrc-{mrc}&reason=+&again={day}")).await;
        assert_eq!(page.status, 200);
        let text = page.text();
        assert!(text.contains("La date de reprise doit venir après le jour annulé."), "{text}");
        assert!(!text.contains("name=\"session\""), "no preview for a request to correct");
        let refused = admin.post("/admin/storm", &[("day", &day.to_string()), ("area", "mrc-x"), ("reason", "Tempête"), ("again", "")]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(sessions_of(&app, day), before);
        // In English when asked.
        let en = admin.get(&format!("/admin/storm?day=2020-01-01&area=mrc-{mrc}&reason=Storm&again=&lang=en")).await.text();
        assert!(en.contains("That day is already past."), "{en}");
    }
}
