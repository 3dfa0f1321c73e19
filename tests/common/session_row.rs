//! A session row written directly (no engine), as the test fixtures and the rush
//! example (`examples/rush.rs`, through `#[path]`) make them.

use babillard::db::DbConnection;
use babillard::db::models::NewSession;
use babillard::db::schema::sessions;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A published in-person session of the event starting at `starts_at` (UTC) for 90
/// minutes, open for registration, 10 seats, no venue; `adjust` changes anything else
/// before insertion. Returns its id.
pub fn insert(
    conn: &mut DbConnection,
    (event_id, organisation_id, kind_id): (i64, i64, i64),
    title: &str,
    starts_at: NaiveDateTime,
    adjust: impl FnOnce(&mut NewSession),
) -> i64 {
    let now = babillard::db::now();
    let mut s = NewSession {
        event_id,
        organisation_id,
        track_id: None,
        kind_id,
        title: title.to_owned(),
        description: String::new(),
        level: babillard::domain::session::Level::All,
        language: "fr".into(),
        starts_at,
        ends_at: starts_at + chrono::Duration::minutes(90),
        format: babillard::domain::session::Format::InPerson,
        online_url: None,
        venue_id: None,
        registration_required: true,
        capacity: Some(10),
        waitlist_limit: None,
        max_seats: 2,
        price_cents: 0,
        registration_opens_at: None,
        registration_closes_at: None,
        status: babillard::domain::session::SessionStatus::Published,
        series_key: None,
        external_uid: None,
        what_to_bring: String::new(),
        created_at: now,
        updated_at: now,
    };
    adjust(&mut s);
    diesel::insert_into(sessions::table)
        .values(&s)
        .execute(conn)
        .expect("insert session");
    sessions::table
        .order(sessions::id.desc())
        .select(sessions::id)
        .first(conn)
        .expect("session id")
}
