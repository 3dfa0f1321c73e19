//! Staff accounts in the browser: sign-in with throttling, server-side sessions
//! (the cookie holds a random token, the table its SHA-256 digest), sign-out, and
//! password reset by a single-use link that expires. Also what a user may do
//! ([`access_for`]), shared with bearer-token callers.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::User;
use crate::db::schema::{
    login_attempts, memberships, password_resets, staff_sessions, trainers, users,
};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::{Access, Role};
use crate::domain::messages::MessageKind;
use crate::domain::token::random_token;
use crate::error::{AppError, AppResult};
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::users::{hash_password, normalise_email, token_digest, verify_password};
use crate::web::i18n::Lang;

/// A session lasts this long without activity.
pub const IDLE: Duration = Duration::hours(12);
/// Failed sign-ins counted over this window.
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// Failures for one email within the window before sign-in is refused for it.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failures from one address within the window (many accounts tried from one place).
pub const MAX_FAILURES_PER_IP: i64 = 20;
/// A reset link works once, for this long.
pub const RESET_VALIDITY: Duration = Duration::hours(1);
/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// What a user may do: admin flag, memberships, linked trainer record.
pub fn access_for(conn: &mut DbConnection, user: &User) -> QueryResult<Access> {
    let memberships = memberships::table
        .filter(memberships::user_id.eq(user.id))
        .select((memberships::organisation_id, memberships::role))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .filter_map(|(o, r)| Role::parse(&r).map(|r| (o, r)))
        .collect();
    let trainer_id = trainers::table
        .filter(trainers::user_id.eq(user.id))
        .select(trainers::id)
        .first(conn)
        .optional()?;
    Ok(Access {
        user_id: user.id,
        is_admin: user.is_admin,
        memberships,
        trainer_id,
    })
}

/// A signed-in person, as a request sees them.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub user: User,
    pub access: Access,
}

/// Why a sign-in failed.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong email or password (never says which).
    Invalid,
    /// Too many failures recently for this email or address.
    Throttled,
}

/// Checks credentials and, when they match, opens a session. Returns the clear token
/// for the cookie. Every attempt is recorded, and too many failures refuse even a
/// right password until the window passes.
pub fn sign_in(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
    ip: &str,
) -> AppResult<Result<String, SignInError>> {
    let email = normalise_email(email);
    let since = now() - THROTTLE_WINDOW;
    let failures = |conn: &mut DbConnection| -> QueryResult<(i64, i64)> {
        let by_email = login_attempts::table
            .filter(login_attempts::email.eq(&email))
            .filter(login_attempts::succeeded.eq(false))
            .filter(login_attempts::created_at.gt(since))
            .count()
            .get_result(conn)?;
        let by_ip = login_attempts::table
            .filter(login_attempts::ip.eq(ip))
            .filter(login_attempts::succeeded.eq(false))
            .filter(login_attempts::created_at.gt(since))
            .count()
            .get_result(conn)?;
        Ok((by_email, by_ip))
    };
    let (by_email, by_ip) = failures(conn)?;
    if by_email >= MAX_FAILURES_PER_EMAIL || by_ip >= MAX_FAILURES_PER_IP {
        record_attempt(conn, &email, ip, false)?;
        return Ok(Err(SignInError::Throttled));
    }
    let user: Option<User> = users::table
        .filter(users::email.eq(&email))
        .select(User::as_select())
        .first(conn)
        .optional()?;
    // Verify against a throw-away hash when the user is unknown, so timing does not
    // tell whether an account exists.
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let ok = match &user {
        Some(u) => u
            .password_hash
            .as_deref()
            .is_some_and(|h| verify_password(password, h)),
        None => {
            let dummy = DUMMY.get_or_init(|| hash_password(&random_token()).unwrap_or_default());
            let _ = verify_password(password, dummy);
            false
        }
    };
    let (Some(user), true) = (user, ok) else {
        record_attempt(conn, &email, ip, false)?;
        return Ok(Err(SignInError::Invalid));
    };
    let token = random_token();
    let digest = token_digest(&token);
    write_tx(conn, |conn| {
        let stamp = now();
        diesel::insert_into(login_attempts::table)
            .values((
                login_attempts::email.eq(&email),
                login_attempts::ip.eq(ip),
                login_attempts::succeeded.eq(true),
                login_attempts::created_at.eq(stamp),
            ))
            .execute(conn)?;
        diesel::insert_into(staff_sessions::table)
            .values((
                staff_sessions::token_hash.eq(&digest),
                staff_sessions::user_id.eq(user.id),
                staff_sessions::created_at.eq(stamp),
                staff_sessions::last_seen_at.eq(stamp),
                staff_sessions::expires_at.eq(stamp + IDLE),
            ))
            .execute(conn)?;
        diesel::update(users::table.find(user.id))
            .set(users::last_login_at.eq(stamp))
            .execute(conn)?;
        // A trainer record made with this email (before the account existed) becomes
        // this account's: the trainer then sees their schedule and rosters.
        let has_trainer: i64 = trainers::table
            .filter(trainers::user_id.eq(user.id))
            .count()
            .get_result(conn)?;
        if has_trainer == 0 {
            let unlinked: Option<i64> = trainers::table
                .filter(trainers::email.eq(&email))
                .filter(trainers::user_id.is_null())
                .select(trainers::id)
                .first(conn)
                .optional()?;
            if let Some(t) = unlinked {
                diesel::update(trainers::table.find(t))
                    .set(trainers::user_id.eq(user.id))
                    .execute(conn)?;
            }
        }
        crate::store::audit::record(
            conn,
            &crate::store::audit::Entry::new(user.id, "sign_in", "user", Some(user.id)),
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(Ok(token))
}

fn record_attempt(conn: &mut DbConnection, email: &str, ip: &str, ok: bool) -> QueryResult<()> {
    write_tx(conn, |conn| {
        diesel::insert_into(login_attempts::table)
            .values((
                login_attempts::email.eq(email),
                login_attempts::ip.eq(ip),
                login_attempts::succeeded.eq(ok),
                login_attempts::created_at.eq(now()),
            ))
            .execute(conn)
            .map(|_| ())
    })
}

/// The live session a cookie token names, with the user's access; extends the
/// session's life when it was last seen more than a minute ago.
pub fn session_user(conn: &mut DbConnection, token: &str) -> AppResult<Option<StaffUser>> {
    let digest = token_digest(token);
    let stamp = now();
    let found: Option<(i64, NaiveDateTime, User)> = staff_sessions::table
        .inner_join(users::table)
        .filter(staff_sessions::token_hash.eq(&digest))
        .filter(staff_sessions::expires_at.gt(stamp))
        .select((
            staff_sessions::id,
            staff_sessions::last_seen_at,
            User::as_select(),
        ))
        .first(conn)
        .optional()?;
    let Some((id, last_seen, user)) = found else {
        return Ok(None);
    };
    if stamp - last_seen > Duration::minutes(1) {
        // Best effort: a busy writer must not sign anyone out.
        let _ = diesel::update(staff_sessions::table.find(id))
            .set((
                staff_sessions::last_seen_at.eq(stamp),
                staff_sessions::expires_at.eq(stamp + IDLE),
            ))
            .execute(conn);
    }
    let access = access_for(conn, &user)?;
    Ok(Some(StaffUser { user, access }))
}

/// Ends the session a cookie token names (nothing happens for an unknown token).
pub fn sign_out(conn: &mut DbConnection, token: &str) -> QueryResult<()> {
    let digest = token_digest(token);
    write_tx(conn, |conn| {
        diesel::delete(staff_sessions::table.filter(staff_sessions::token_hash.eq(digest)))
            .execute(conn)
            .map(|_| ())
    })
}

/// Starts a password reset: when the email belongs to an account, stores a digest of a
/// fresh token and queues the email with the link. Says nothing about whether the
/// account exists (the page reads the same either way).
pub fn request_reset(conn: &mut DbConnection, email: &str, base_url: &str) -> AppResult<()> {
    let email = normalise_email(email);
    write_tx(conn, |conn| {
        let user: Option<User> = users::table
            .filter(users::email.eq(&email))
            .select(User::as_select())
            .first(conn)
            .optional()?;
        let Some(user) = user else {
            return Ok(());
        };
        let token = random_token();
        let stamp = now();
        let expires = stamp + RESET_VALIDITY;
        diesel::insert_into(password_resets::table)
            .values((
                password_resets::user_id.eq(user.id),
                password_resets::token_hash.eq(token_digest(&token)),
                password_resets::expires_at.eq(expires),
                password_resets::created_at.eq(stamp),
            ))
            .execute(conn)?;
        enqueue(
            conn,
            &NewMessage {
                kind: MessageKind::PasswordReset,
                registration_id: None,
                session_id: None,
                recipient: user.email.clone(),
                recipient_name: user.name.clone(),
                language: Lang::parse(&user.locale).unwrap_or_default(),
                payload: serde_json::json!({
                    "link": format!("{base_url}/password/reset/{token}"),
                    "expires_at": crate::domain::time::rfc3339(expires),
                }),
            },
        )?;
        Ok::<_, AppError>(())
    })
}

/// Whether a reset token is live (unused, not expired).
pub fn reset_is_live(conn: &mut DbConnection, token: &str) -> QueryResult<bool> {
    password_resets::table
        .filter(password_resets::token_hash.eq(token_digest(token)))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now()))
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}

/// Sets a new password with a reset token: the token is spent, every open session of
/// the user ends. `NotFound` for an unknown, used or expired token.
pub fn reset_password(conn: &mut DbConnection, token: &str, password: &str) -> AppResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::field("password", "admin-password-too-short"));
    }
    let hash = hash_password(password)?;
    let digest = token_digest(token);
    write_tx(conn, |conn| {
        let stamp = now();
        let (id, user_id): (i64, i64) = password_resets::table
            .filter(password_resets::token_hash.eq(&digest))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(stamp))
            .select((password_resets::id, password_resets::user_id))
            .first(conn)
            .optional()?
            .ok_or(AppError::NotFound)?;
        // The conditional update makes the token single-use even under a race.
        let spent = diesel::update(
            password_resets::table
                .find(id)
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(stamp))
        .execute(conn)?;
        if spent != 1 {
            return Err(AppError::NotFound);
        }
        diesel::update(users::table.find(user_id))
            .set(users::password_hash.eq(&hash))
            .execute(conn)?;
        diesel::delete(staff_sessions::table.filter(staff_sessions::user_id.eq(user_id)))
            .execute(conn)?;
        crate::store::audit::record(
            conn,
            &crate::store::audit::Entry::new(user_id, "password_reset", "user", Some(user_id)),
        )?;
        Ok(())
    })
}
