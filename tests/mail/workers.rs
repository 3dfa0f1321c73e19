//! The outbox worker under stress: two workers on one database, an outage, a slow
//! server.

use super::*;

#[actix_web::test]
#[cfg_attr(
    babillard_no_postgres,
    ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
)]
async fn two_workers_on_postgres_never_send_a_row_twice() {
    let sink = SmtpSink::start();
    let app = app_with_smtp(Backend::Postgres, Some(sink.url())).await;
    let second =
        std::sync::Arc::new(babillard::web::AppState::new(app.state.settings.clone()).unwrap());
    let sid = new_session(&app, "Concurrence", "2026-12-05 15:00", "");
    for i in 0..120 {
        confirmed_with_email(&app, sid, &format!("w{i}@example.org"), "W");
    }
    let t = babillard::db::now();
    let first = app.state.clone();
    let a = std::thread::spawn(move || worker::drain_at(&first.mail(), t).unwrap());
    let b = std::thread::spawn(move || worker::drain_at(&second.mail(), t).unwrap());
    let (na, nb) = (a.join().unwrap(), b.join().unwrap());
    assert_eq!(na + nb, 120, "{na} + {nb}");
    let got = sink.received();
    assert_eq!(got.len(), 120);
    let ids: HashSet<String> = message_ids(&got).into_iter().collect();
    assert_eq!(ids.len(), 120, "no message sent twice");
}

#[actix_web::test]
async fn invites_queued_during_an_outage_still_rise_in_sequence_in_queue_order() {
    let sink = SmtpSink::start();
    let app = app_with_smtp(Backend::Sqlite, Some(sink.url())).await;
    let sid = new_session(&app, "Arriéré", "2026-12-05 15:00", "");
    // Three invite-bearing messages and a reminder queued before the worker runs.
    let rid = confirmed_with_email(&app, sid, "late@example.org", "L");
    app.with_conn(|c| {
        queue(
            c,
            MessageKind::RegistrationUpdated,
            rid,
            serde_json::json!({"previous_seats": 1, "seats": 2}),
        )
    });
    app.with_conn(|c| queue(c, MessageKind::Reminder, rid, serde_json::json!({})));
    app.with_conn(|c| {
        queue(
            c,
            MessageKind::RegistrationCancelled,
            rid,
            serde_json::json!({}),
        )
    });
    assert_eq!(
        worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(),
        4
    );
    let invites: Vec<_> = sink
        .received()
        .iter()
        .filter_map(|r| calendar_part(&r.parsed()))
        .map(|t| parse_ics(&t))
        .collect();
    let seqs: Vec<&str> = invites
        .iter()
        .map(|i| i.events[0]["SEQUENCE"].value.as_str())
        .collect();
    assert_eq!(seqs, vec!["1", "2", "3"]);
    let methods: Vec<&str> = invites.iter().map(|i| i.prop("METHOD").unwrap()).collect();
    assert_eq!(methods, vec!["REQUEST", "REQUEST", "CANCEL"]);
}

#[actix_web::test]
async fn a_slow_server_makes_the_worker_give_back_rows_before_its_lease_runs_out() {
    let sink = SmtpSink::start();
    sink.set_mode(Mode::Slow);
    let app = app_with_smtp(Backend::Sqlite, Some(sink.url())).await;
    let sid = new_session(&app, "Lenteur", "2026-12-05 15:00", "");
    for i in 0..4 {
        confirmed_with_email(&app, sid, &format!("s{i}@example.org"), "S");
    }
    let t = babillard::db::now();
    // A 2-second lease: after the first (1-second) send, half of it is gone.
    let sent = worker::run_with_lease(&app.state.mail(), t, Duration::seconds(2)).unwrap();
    assert!((1..4).contains(&sent), "{sent}");
    let after: Vec<(String, i32, Option<chrono::NaiveDateTime>)> = app.with_conn(|c| {
        outbox::table
            .order(outbox::id)
            .select((outbox::status, outbox::attempts, outbox::locked_until))
            .load(c)
            .unwrap()
    });
    let given_back: Vec<_> = after.iter().filter(|(s, _, _)| s == "pending").collect();
    assert_eq!(given_back.len(), 4 - sent);
    assert!(
        given_back.iter().all(|(_, a, l)| *a == 0 && l.is_none()),
        "{after:?}"
    );
    // The rows given back go out at the next passes, each once.
    sink.set_mode(Mode::Accept);
    assert_eq!(worker::drain_at(&app.state.mail(), t).unwrap(), 4 - sent);
    let ids: HashSet<String> = message_ids(&sink.received()).into_iter().collect();
    assert_eq!((sink.count(), ids.len()), (4, 4));
}
