//! Staff in tests: accounts with roles, a cookie-keeping browser that signs forms with
//! the CSRF token, and bearer tokens for the staff API.

use std::collections::BTreeMap;

use actix_web::cookie::Cookie;
use actix_web::test::TestRequest;
use diesel::prelude::*;

use super::{Resp, TestApp};
use babillard::db::schema::*;
use babillard::db::{DbConnection, now};
use babillard::domain::second_factor::Key;

pub const PASSWORD: &str = "phrase de passe assez longue";

/// Creates (or finds) a user; `role` is `admin`, `manager`, `editor` or `none`.
pub fn user(conn: &mut DbConnection, email: &str, role: &str, organisation_id: Option<i64>) -> i64 {
    let (u, _) =
        babillard::store::users::upsert_user(conn, email, email, Some(PASSWORD), role == "admin")
            .expect("user");
    if role == "admin" {
        // Administrators must have a second factor before any back-office page opens;
        // tests that are not about it get one marked as set up (tests/two_factor.rs
        // sets one up through the pages, or with `enrol_totp`).
        diesel::update(users::table.find(u.id))
            .set(users::totp_enabled_at.eq(now()))
            .execute(conn)
            .expect("second factor");
    }
    if let (Some(org), "manager" | "editor") = (organisation_id, role) {
        diesel::insert_into(memberships::table)
            .values((
                memberships::user_id.eq(u.id),
                memberships::organisation_id.eq(org),
                memberships::role.eq(role),
                memberships::created_at.eq(now()),
            ))
            .execute(conn)
            .expect("membership");
    }
    u.id
}

/// The library « biblio » (`fixtures::base_named`) with a member in `role`.
pub fn library_member(conn: &mut DbConnection, email: &str, role: &str) -> super::fixtures::Base {
    let b = super::fixtures::base_named(conn, "biblio");
    user(conn, email, role, Some(b.organisation_id));
    b
}

/// The library « biblio » with a member (`role`), and its session « Apprivoiser sa
/// tablette » in a week with `capacity` seats: (the library's rows, the session id).
pub fn library_session(
    conn: &mut DbConnection,
    email: &str,
    role: &str,
    capacity: i32,
) -> (super::fixtures::Base, i64) {
    let b = library_member(conn, email, role);
    let s = super::fixtures::session(
        conn,
        &b,
        "Apprivoiser sa tablette",
        super::fixtures::in_days(7),
        |x| x.capacity = Some(capacity),
    );
    (b, s)
}

/// A trainer record working for `organisation_id`, optionally linked to a user.
pub fn trainer(
    conn: &mut DbConnection,
    slug: &str,
    organisation_id: i64,
    user_id: Option<i64>,
) -> i64 {
    diesel::insert_into(trainers::table)
        .values((
            trainers::user_id.eq(user_id),
            trainers::slug.eq(slug),
            trainers::name.eq(format!("Formateur {slug}")),
            trainers::email.eq(format!("{slug}@formateurs.example.org")),
            trainers::feed_token_hash.eq(babillard::domain::token::digest(
                &babillard::domain::token::random_token(),
            )),
            trainers::created_at.eq(now()),
        ))
        .execute(conn)
        .expect("trainer");
    let id = trainers::table
        .filter(trainers::slug.eq(slug))
        .select(trainers::id)
        .first(conn)
        .unwrap();
    diesel::insert_into(trainer_organisations::table)
        .values((
            trainer_organisations::trainer_id.eq(id),
            trainer_organisations::organisation_id.eq(organisation_id),
        ))
        .execute(conn)
        .unwrap();
    id
}

pub fn assign(conn: &mut DbConnection, session_id: i64, trainer_id: i64) {
    diesel::insert_into(session_trainers::table)
        .values((
            session_trainers::session_id.eq(session_id),
            session_trainers::trainer_id.eq(trainer_id),
        ))
        .execute(conn)
        .unwrap();
}

/// A browser: keeps cookies, sends the CSRF token with every form.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        let mut cookies = BTreeMap::new();
        cookies.insert("csrf".to_owned(), babillard::domain::token::random_token());
        Browser { app, cookies }
    }

    /// A browser already signed in as `email` (`staff_session`).
    pub fn signed_in(app: &'a TestApp, email: &str) -> Browser<'a> {
        let token = app.with_conn(|c| staff_session(c, email));
        let mut b = Browser::new(app);
        b.cookies.insert("staff".into(), token);
        b
    }

    pub fn csrf(&self) -> String {
        self.cookies["csrf"].clone()
    }

    fn with_cookies(&self, mut req: TestRequest) -> TestRequest {
        for (k, v) in &self.cookies {
            req = req.cookie(Cookie::new(k.clone(), v.clone()));
        }
        req
    }

    fn keep(&mut self, r: &Resp) {
        for v in r.headers.get_all("set-cookie") {
            let Ok(c) = Cookie::parse(v.to_str().unwrap().to_owned()) else {
                continue;
            };
            let removed = c.max_age().is_some_and(|a| a.is_zero()) || c.value().is_empty();
            if removed {
                self.cookies.remove(c.name());
            } else {
                self.cookies
                    .insert(c.name().to_owned(), c.value().to_owned());
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let r = self
            .app
            .call(self.with_cookies(TestRequest::get().uri(path)))
            .await;
        self.keep(&r);
        r
    }

    /// Posts a form with the CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf();
        all.push(("csrf_token", &csrf));
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let body = serde_html_form::to_string(fields).unwrap();
        let req = TestRequest::post()
            .uri(path)
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body);
        let r = self.app.call(self.with_cookies(req)).await;
        self.keep(&r);
        r
    }
}

/// A bearer token for the user with this email.
pub fn token(app: &TestApp, email: &str) -> String {
    app.with_conn(|c| {
        babillard::store::users::create_token(c, email, "tests", None).expect("token")
    })
}

/// A JSON request with an optional bearer token.
pub async fn api(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> Resp {
    let mut req = match method {
        "get" => TestRequest::get(),
        "post" => TestRequest::post(),
        "patch" => TestRequest::patch(),
        "delete" => TestRequest::delete(),
        other => panic!("method {other}"),
    }
    .uri(path);
    if let Some(t) = token {
        req = req.insert_header(("authorization", format!("Bearer {t}")));
    }
    if let Some(b) = body {
        req = req.set_json(b);
    }
    app.call(req).await
}

/// Everything a back-office change could touch, as one comparable string: counts of
/// every table, and the fields people edit.
pub fn snapshot(conn: &mut DbConnection) -> String {
    let mut out = String::new();
    for t in [
        "organisations",
        "venues",
        "users",
        "memberships",
        "api_tokens",
        "trainers",
        "trainer_organisations",
        "events",
        "event_days",
        "tracks",
        "sessions",
        "session_audiences",
        "session_topics",
        "session_trainers",
        "registrations",
        "outbox",
        "audit_log",
        "password_resets",
        "interests",
        "municipalities",
        "topics",
        "audiences",
        "webhooks",
        "webhook_deliveries",
        "calendar_sources",
        "submissions",
        "session_origins",
        "moderators",
        "session_helpers",
        "helper_shifts",
    ] {
        out.push_str(&format!("{t}={} ", super::row_count(conn, t)));
    }
    type SessionRow = (
        i64,
        String,
        String,
        chrono::NaiveDateTime,
        Option<i64>,
        Option<i32>,
    );
    let s: Vec<SessionRow> = sessions::table
        .order(sessions::id)
        .select((
            sessions::id,
            sessions::title,
            sessions::status,
            sessions::starts_at,
            sessions::venue_id,
            sessions::capacity,
        ))
        .load(conn)
        .unwrap();
    out.push_str(&format!("{s:?}"));
    let e: Vec<(i64, String, String, String)> = events::table
        .order(events::id)
        .select((events::id, events::title, events::summary, events::status))
        .load(conn)
        .unwrap();
    out.push_str(&format!("{e:?}"));
    let v: Vec<(i64, String, String)> = venues::table
        .order(venues::id)
        .select((venues::id, venues::name, venues::address))
        .load(conn)
        .unwrap();
    out.push_str(&format!("{v:?}"));
    let r: Vec<(i64, String, Option<chrono::NaiveDateTime>)> = registrations::table
        .order(registrations::id)
        .select((
            registrations::id,
            registrations::status,
            registrations::checked_in_at,
        ))
        .load(conn)
        .unwrap();
    out.push_str(&format!("{r:?}"));
    let m: Vec<(i64, i64, String)> = memberships::table
        .order(memberships::id)
        .select((
            memberships::user_id,
            memberships::organisation_id,
            memberships::role,
        ))
        .load(conn)
        .unwrap();
    out.push_str(&format!("{m:?}"));
    out
}

/// The stored status of a registration.
pub fn status_of(app: &TestApp, registration_id: i64) -> String {
    app.with_conn(|c| {
        registrations::table
            .find(registration_id)
            .select(registrations::status)
            .first(c)
            .unwrap()
    })
}

/// Registers someone through the engine (as the public form does); returns the id.
pub fn register(
    conn: &mut DbConnection,
    session_id: i64,
    name: &str,
    email: &str,
) -> (i64, String) {
    use babillard::domain::registration::{Email, Source};
    let done = babillard::store::registrations::register(
        conn,
        session_id,
        &babillard::store::registrations::NewRegistration {
            name: name.to_owned(),
            email: Email::parse(email),
            phone: None,
            seats: 1,
            needs: None,
            language: babillard::web::i18n::Lang::Fr,
            source: Source::Web,
            entered_by: None,
        },
        now(),
    )
    .expect("registered");
    (done.registration.id, done.registration.status.to_string())
}

/// Gives the account a working TOTP second factor; returns its secret, from which
/// `babillard::domain::second_factor::code_at` makes the codes an app would show.
pub fn enrol_totp(app: &TestApp, email: &str) -> Vec<u8> {
    app.with_conn(|c| enrol_totp_sealed(c, &app.state.totp_key, email))
}

/// `enrol_totp` on a connection, the secret sealed with `key` (the app's
/// `totp_key`), for a test that runs the app outside `TestApp`.
pub fn enrol_totp_sealed(conn: &mut DbConnection, key: &Key, email: &str) -> Vec<u8> {
    let secret = babillard::domain::second_factor::new_secret();
    let uid = user_id(conn, email);
    diesel::update(users::table.find(uid))
        .set((
            users::totp_secret.eq(key.seal(uid, &secret)),
            users::totp_enabled_at.eq(now()),
            users::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)
        .unwrap();
    secret
}

/// A staff session row for the user with this email, as signing in makes (without the
/// form, to keep tests fast; `tests/admin_account.rs` signs in through it); returns
/// the `staff` cookie's value.
pub fn staff_session(conn: &mut DbConnection, email: &str) -> String {
    let token = babillard::domain::token::random_token();
    let uid = user_id(conn, email);
    diesel::insert_into(staff_sessions::table)
        .values((
            staff_sessions::token_hash.eq(babillard::store::users::token_digest(&token)),
            staff_sessions::user_id.eq(uid),
            staff_sessions::created_at.eq(now()),
            staff_sessions::last_seen_at.eq(now()),
            staff_sessions::expires_at.eq(now() + chrono::Duration::hours(2)),
        ))
        .execute(conn)
        .unwrap();
    token
}

fn user_id(conn: &mut DbConnection, email: &str) -> i64 {
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(conn)
        .expect("user exists")
}

/// The code an authenticator app shows `seconds_later` seconds from now.
pub fn totp_code(secret: &[u8], seconds_later: i64) -> String {
    let t = (now() + chrono::Duration::seconds(seconds_later))
        .and_utc()
        .timestamp();
    babillard::domain::second_factor::code_at(secret, t as u64)
}
