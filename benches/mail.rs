//! How fast messages are composed: tera text + HTML in the person's language, the
//! invite (iCalendar), the MIME tree, and the bytes sent. Run: `cargo bench --bench mail`.

use babillard::config::Settings;
use babillard::db::models::OutboxRow;
use babillard::db::schema::{outbox, registrations};
use babillard::domain::messages::MessageKind;
use babillard::store::outbox::{NewMessage, enqueue};
use babillard::web::AppState;
use babillard::web::i18n::Lang;
use criterion::{Criterion, criterion_group, criterion_main};
use diesel::prelude::*;

fn setup() -> (tempfile::TempDir, AppState, OutboxRow) {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("bench.sqlite3").display().to_string();
    let state = AppState::new(Settings::for_tests(&url)).unwrap();
    babillard::demo::load(&state.db, false).unwrap();
    let mut conn = state.db.write().unwrap();
    let (rid, sid, email): (i64, i64, Option<String>) = registrations::table
        .filter(registrations::email.is_not_null())
        .select((
            registrations::id,
            registrations::session_id,
            registrations::email,
        ))
        .first(&mut conn)
        .expect("the demo has registrations with an email");
    babillard::db::write_tx(&mut conn, |c| {
        enqueue(
            c,
            &NewMessage {
                kind: MessageKind::RegistrationConfirmed,
                registration_id: Some(rid),
                session_id: Some(sid),
                recipient: email.unwrap(),
                recipient_name: "Éloïse Tremblay".into(),
                language: Lang::Fr,
                payload: serde_json::json!({"seats": 1}),
            },
        )
    })
    .unwrap();
    let row: OutboxRow = outbox::table
        .order(outbox::id.desc())
        .select(OutboxRow::as_select())
        .first(&mut conn)
        .unwrap();
    drop(conn);
    (dir, state, row)
}

fn compose(c: &mut Criterion) {
    let (_dir, state, row) = setup();
    let subject = {
        let mut conn = state.db.read().unwrap();
        babillard::store::delivery::message_subject(&mut conn, &row).unwrap()
    };
    c.bench_function("compose confirmation with invite (no database)", |b| {
        b.iter(|| {
            let m = babillard::mail::compose_with(&state.mail(), &row, &subject).unwrap();
            std::hint::black_box(m.message.formatted())
        })
    });
    c.bench_function("compose confirmation with invite (with its reads)", |b| {
        let mut conn = state.db.read().unwrap();
        b.iter(|| {
            let m = babillard::mail::compose(&state.mail(), &mut conn, &row).unwrap();
            std::hint::black_box(m.message.formatted())
        })
    });
}

criterion_group!(benches, compose);
criterion_main!(benches);
