//! Staff accounts in the browser: sign-in with throttling and, for accounts that have
//! one, a second step with a TOTP or recovery code; server-side sessions (the cookie
//! holds a random token, the table its SHA-256 digest) that end after [`IDLE`] without
//! activity or `staff_session_days` at most; sign-out; password reset by a throttled,
//! single-use link that expires and voids the links sent before it. Also what a user may do
//! ([`access_for`]), shared with bearer-token callers.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::User;
use crate::db::schema::{
    login_attempts, memberships, password_resets, sign_in_challenges, staff_sessions, trainers,
    users,
};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::{Access, Role};
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::second_factor::Key;
use crate::domain::token::random_token;
use crate::error::{Error, Result};
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::users::{hash_password, normalise_email, token_digest, verify_password};

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
        .load::<(i64, Role)>(conn)?;
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
    /// Whether the account has a TOTP second factor.
    pub second_factor: bool,
    /// Items waiting in the moderation queue for this person; `None` when they
    /// moderate nothing (the navigation then has no « Modération » entry).
    pub moderation_waiting: Option<usize>,
    /// Workshop requests waiting for this person's decision; `None` when they
    /// coordinate nothing (the navigation then has no « Demandes d'ateliers » entry).
    pub requests_waiting: Option<usize>,
}

impl StaffUser {
    /// A regional administrator must set up a second factor before anything else.
    pub fn must_set_up_second_factor(&self) -> bool {
        self.user.is_admin && !self.second_factor
    }
}

/// Why a sign-in failed.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong email or password, or wrong second-factor code (never says which).
    Invalid,
    /// Too many failures recently for this email or address.
    Throttled,
    /// The second step came too late (or without the first): start again.
    Expired,
}

/// What a right password leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum SignedIn {
    /// Signed in: the clear token for the staff cookie.
    Session(String),
    /// The account has a second factor: the clear token of the pending step, for the
    /// cookie that the code form sends back.
    NeedsCode(String),
}

/// A second-factor step is answered within this long after the password.
pub const CHALLENGE_VALIDITY: Duration = Duration::minutes(5);
/// Password-reset requests for one email within [`THROTTLE_WINDOW`] before more are refused.
pub const MAX_RESETS_PER_EMAIL: i64 = 3;
/// Password-reset requests from one address within [`THROTTLE_WINDOW`].
pub const MAX_RESETS_PER_IP: i64 = 10;

/// What `login_attempts.kind` says a row was.
const KIND_SIGN_IN: &str = "sign_in";
const KIND_RESET: &str = "reset";

/// Attempts of `kind` since `since` (only the failed ones when `failed_only`), for an
/// email and for an address: (by email, by address).
fn attempts_since(
    conn: &mut DbConnection,
    kind: &str,
    failed_only: bool,
    email: &str,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, i64)> {
    let mut counts = [0; 2];
    for (n, by_email) in counts.iter_mut().zip([true, false]) {
        let q = login_attempts::table
            .filter(login_attempts::kind.eq(kind))
            .filter(login_attempts::created_at.gt(since))
            .into_boxed();
        let q = if by_email {
            q.filter(login_attempts::email.eq(email))
        } else {
            q.filter(login_attempts::ip.eq(ip))
        };
        let q = if failed_only {
            q.filter(login_attempts::succeeded.eq(false))
        } else {
            q
        };
        *n = q.count().get_result(conn)?;
    }
    Ok((counts[0], counts[1]))
}

fn throttled(conn: &mut DbConnection, email: &str, ip: &str) -> QueryResult<bool> {
    // Failed sign-ins (passwords and codes) within the window.
    let since = now() - THROTTLE_WINDOW;
    let (by_email, by_ip) = attempts_since(conn, KIND_SIGN_IN, true, email, ip, since)?;
    Ok(by_email >= MAX_FAILURES_PER_EMAIL || by_ip >= MAX_FAILURES_PER_IP)
}

/// Verifies a password against the account's hash, or against a throw-away hash when
/// there is no account or the account has no password yet: every attempt costs one
/// argon2 verification, so timing does not tell which accounts exist or have a password.
pub fn password_matches(
    hash: Option<&str>,
    password: &str,
    verify: impl Fn(&str, &str) -> bool,
) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    match hash {
        Some(h) => verify(password, h),
        None => {
            let dummy = DUMMY.get_or_init(|| hash_password(&random_token()).unwrap_or_default());
            let _ = verify(password, dummy);
            false
        }
    }
}

/// Checks credentials. With a right password, an account without a second factor is
/// signed in at once; one with a second factor gets a pending step (answered with
/// [`sign_in_with_code`]). Every failure is recorded, and too many failures refuse even
/// a right password until the window passes.
pub fn sign_in(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
    ip: &str,
    lifetime: Duration,
) -> Result<Result<SignedIn, SignInError>> {
    let email = normalise_email(email);
    if throttled(conn, &email, ip)? {
        record_attempt(conn, &email, ip, false)?;
        return Ok(Err(SignInError::Throttled));
    }
    let user: Option<(User, Option<NaiveDateTime>)> = users::table
        .filter(users::email.eq(&email))
        .select((User::as_select(), users::totp_enabled_at))
        .first(conn)
        .optional()?;
    let hash = user.as_ref().and_then(|(u, _)| u.password_hash.as_deref());
    let ok = password_matches(hash, password, verify_password);
    let (Some((user, second_factor)), true) = (user, ok) else {
        record_attempt(conn, &email, ip, false)?;
        return Ok(Err(SignInError::Invalid));
    };
    if second_factor.is_none() {
        return open_session(conn, &user, ip, lifetime).map(|t| Ok(SignedIn::Session(t)));
    }
    let token = random_token();
    write_tx(conn, |conn| {
        let stamp = now();
        diesel::delete(sign_in_challenges::table.filter(sign_in_challenges::expires_at.le(stamp)))
            .execute(conn)?;
        diesel::insert_into(sign_in_challenges::table)
            .values((
                sign_in_challenges::token_hash.eq(token_digest(&token)),
                sign_in_challenges::user_id.eq(user.id),
                sign_in_challenges::created_at.eq(stamp),
                sign_in_challenges::expires_at.eq(stamp + CHALLENGE_VALIDITY),
            ))
            .execute(conn)
            .map(|_| ())
    })?;
    Ok(Ok(SignedIn::NeedsCode(token)))
}

/// The second step of a sign-in: the pending step's token and a TOTP or recovery
/// code. Wrong codes count as failed sign-ins (same limits as passwords).
pub fn sign_in_with_code(
    conn: &mut DbConnection,
    key: &Key,
    challenge: &str,
    code: &str,
    ip: &str,
    lifetime: Duration,
) -> Result<Result<String, SignInError>> {
    let found: Option<(i64, User)> = sign_in_challenges::table
        .inner_join(users::table)
        .filter(sign_in_challenges::token_hash.eq(token_digest(challenge)))
        .filter(sign_in_challenges::expires_at.gt(now()))
        .select((sign_in_challenges::id, User::as_select()))
        .first(conn)
        .optional()?;
    let Some((challenge_id, user)) = found else {
        return Ok(Err(SignInError::Expired));
    };
    if throttled(conn, &user.email, ip)? {
        record_attempt(conn, &user.email, ip, false)?;
        return Ok(Err(SignInError::Throttled));
    }
    if !crate::store::second_factor::verify(conn, key, user.id, code, now())? {
        record_attempt(conn, &user.email, ip, false)?;
        return Ok(Err(SignInError::Invalid));
    }
    write_tx(conn, |conn| {
        diesel::delete(sign_in_challenges::table.find(challenge_id))
            .execute(conn)
            .map(|_| ())
    })?;
    open_session(conn, &user, ip, lifetime).map(Ok)
}

/// Opens a session for a user whose credentials passed: records the success, links a
/// trainer record made with the email, writes the audit entry.
fn open_session(
    conn: &mut DbConnection,
    user: &User,
    ip: &str,
    lifetime: Duration,
) -> Result<String> {
    let token = random_token();
    let digest = token_digest(&token);
    let email = user.email.clone();
    write_tx(conn, |conn| {
        let stamp = now();
        insert_attempt(conn, &email, ip, true, KIND_SIGN_IN, stamp)?;
        diesel::insert_into(staff_sessions::table)
            .values((
                staff_sessions::token_hash.eq(&digest),
                staff_sessions::user_id.eq(user.id),
                staff_sessions::created_at.eq(stamp),
                staff_sessions::last_seen_at.eq(stamp),
                staff_sessions::expires_at.eq(stamp + IDLE.min(lifetime)),
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
        Ok::<_, Error>(())
    })?;
    Ok(token)
}

fn record_attempt(conn: &mut DbConnection, email: &str, ip: &str, ok: bool) -> QueryResult<()> {
    write_tx(conn, |conn| {
        insert_attempt(conn, email, ip, ok, KIND_SIGN_IN, now())
    })
}

/// One row of `login_attempts` (what the throttles count), in the caller's transaction.
fn insert_attempt(
    conn: &mut DbConnection,
    email: &str,
    ip: &str,
    succeeded: bool,
    kind: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email),
            login_attempts::ip.eq(ip),
            login_attempts::succeeded.eq(succeeded),
            login_attempts::created_at.eq(at),
            login_attempts::kind.eq(kind),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The live session a cookie token names, with the user's access; extends the
/// session's life when it was last seen more than a minute ago, never past
/// `lifetime` after it opened.
pub fn session_user(
    conn: &mut DbConnection,
    token: &str,
    lifetime: Duration,
) -> Result<Option<StaffUser>> {
    let digest = token_digest(token);
    let stamp = now();
    let found: Option<(
        i64,
        NaiveDateTime,
        NaiveDateTime,
        User,
        Option<NaiveDateTime>,
    )> = staff_sessions::table
        .inner_join(users::table)
        .filter(staff_sessions::token_hash.eq(&digest))
        .filter(staff_sessions::expires_at.gt(stamp))
        .filter(staff_sessions::created_at.gt(stamp - lifetime))
        .select((
            staff_sessions::id,
            staff_sessions::created_at,
            staff_sessions::last_seen_at,
            User::as_select(),
            users::totp_enabled_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, created, last_seen, user, second_factor)) = found else {
        return Ok(None);
    };
    if stamp - last_seen > Duration::minutes(1) {
        // Best effort: a busy writer must not sign anyone out.
        let _ = diesel::update(staff_sessions::table.find(id))
            .set((
                staff_sessions::last_seen_at.eq(stamp),
                staff_sessions::expires_at.eq((stamp + IDLE).min(created + lifetime)),
            ))
            .execute(conn);
    }
    let access = access_for(conn, &user)?;
    let moderation_waiting = crate::store::moderation::waiting(conn, &access, stamp)?;
    let requests_waiting = crate::store::requests::waiting(conn, &access)?;
    Ok(Some(StaffUser {
        user,
        access,
        second_factor: second_factor.is_some(),
        moderation_waiting,
        requests_waiting,
    }))
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
///
/// Requests are throttled per email and per address (`Err(Throttled)`, whether the
/// account exists or not), and a new link voids the ones sent before.
pub fn request_reset(
    conn: &mut DbConnection,
    email: &str,
    ip: &str,
    base_url: &str,
) -> Result<Result<(), SignInError>> {
    let email = normalise_email(email);
    write_tx(conn, |conn| {
        let stamp = now();
        let since = stamp - THROTTLE_WINDOW;
        let (by_email, by_ip) = attempts_since(conn, KIND_RESET, false, &email, ip, since)?;
        if by_email >= MAX_RESETS_PER_EMAIL || by_ip >= MAX_RESETS_PER_IP {
            return Ok(Err(SignInError::Throttled));
        }
        insert_attempt(conn, &email, ip, true, KIND_RESET, stamp)?;
        send_reset_link(conn, &email, base_url)?;
        Ok::<_, Error>(Ok(()))
    })
}

/// Emails a reset link to the account with this email, if there is one (also how a new
/// member is invited to choose a password); the links sent before stop working.
pub fn send_reset_link(conn: &mut DbConnection, email: &str, base_url: &str) -> Result<()> {
    let email = normalise_email(email);
    write_tx(conn, |conn| {
        let stamp = now();
        let user: Option<User> = users::table
            .filter(users::email.eq(&email))
            .select(User::as_select())
            .first(conn)
            .optional()?;
        let Some(user) = user else {
            return Ok(());
        };
        // Only the newest link works.
        diesel::update(
            password_resets::table
                .filter(password_resets::user_id.eq(user.id))
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(stamp))
        .execute(conn)?;
        let token = random_token();
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
        Ok::<_, Error>(())
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
pub fn reset_password(conn: &mut DbConnection, token: &str, password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::field("password", "admin-password-too-short"));
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
            .ok_or(Error::NotFound)?;
        // The conditional update makes the token single-use even under a race.
        let spent = diesel::update(
            password_resets::table
                .find(id)
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(stamp))
        .execute(conn)?;
        if spent != 1 {
            return Err(Error::NotFound);
        }
        diesel::update(users::table.find(user_id))
            .set(users::password_hash.eq(&hash))
            .execute(conn)?;
        diesel::delete(staff_sessions::table.filter(staff_sessions::user_id.eq(user_id)))
            .execute(conn)?;
        // The failures were guesses at a password that no longer exists: the person
        // who proved they hold the mailbox is not locked out by them.
        let email: String = users::table
            .find(user_id)
            .select(users::email)
            .first(conn)?;
        diesel::delete(
            login_attempts::table
                .filter(login_attempts::kind.eq(KIND_SIGN_IN))
                .filter(login_attempts::email.eq(&email))
                .filter(login_attempts::succeeded.eq(false)),
        )
        .execute(conn)?;
        crate::store::audit::record(
            conn,
            &crate::store::audit::Entry::new(user_id, "password_reset", "user", Some(user_id)),
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sign_in_costs_one_password_verification_account_or_not() {
        let calls = std::cell::Cell::new(0);
        let verify = |_: &str, _: &str| {
            calls.set(calls.get() + 1);
            false
        };
        // An account without a password yet (invited, never chose one), or no account.
        assert!(!password_matches(None, "devinette", verify));
        assert_eq!(calls.get(), 1, "a throw-away hash is verified");
        assert!(!password_matches(
            Some("$argon2id$..."),
            "devinette",
            verify
        ));
        assert_eq!(calls.get(), 2);
    }
}
