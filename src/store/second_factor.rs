//! A staff account's TOTP second factor: setting it up (a pending secret, confirmed
//! with a first code, then ten recovery codes shown once), checking a code at sign-in
//! (each TOTP step and each recovery code works once), and turning it off. Secrets are
//! stored sealed by `domain::second_factor::Key`; recovery codes as salted digests.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{recovery_codes, users};
use crate::db::{DbConnection, write_tx};
use crate::domain::second_factor::{self as rules, Key};
use crate::error::{Error, Result};
use crate::store::audit::{Entry, record};

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    pub enabled: bool,
    /// Recovery codes not used yet.
    pub recovery_left: i64,
}

pub fn status(conn: &mut DbConnection, user_id: i64) -> QueryResult<Status> {
    let enabled: Option<NaiveDateTime> = users::table
        .find(user_id)
        .select(users::totp_enabled_at)
        .first(conn)?;
    let recovery_left = recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(Status {
        enabled: enabled.is_some(),
        recovery_left,
    })
}

fn unix(t: NaiveDateTime) -> u64 {
    u64::try_from(t.and_utc().timestamp()).unwrap_or(0)
}

/// The secret an account is setting up its second factor with, if any; `Conflict`
/// once the second factor is on.
fn pending(conn: &mut DbConnection, key: &Key, user_id: i64) -> Result<Option<Vec<u8>>> {
    let (sealed, enabled): (Option<String>, Option<NaiveDateTime>) = users::table
        .find(user_id)
        .select((users::totp_secret, users::totp_enabled_at))
        .first(conn)?;
    if enabled.is_some() {
        return Err(Error::conflict("admin-2fa-already-on"));
    }
    Ok(sealed.and_then(|s| key.open(user_id, &s)))
}

/// The pending secret of an account setting up its second factor, made now if there
/// is none. `Conflict` once the second factor is on.
pub fn pending_secret(conn: &mut DbConnection, key: &Key, user_id: i64) -> Result<Vec<u8>> {
    write_tx(conn, |conn| {
        if let Some(secret) = pending(conn, key, user_id)? {
            return Ok(secret);
        }
        let secret = rules::new_secret();
        diesel::update(users::table.find(user_id))
            .set((
                users::totp_secret.eq(key.seal(user_id, &secret)),
                users::totp_last_step.eq(None::<i64>),
            ))
            .execute(conn)?;
        Ok(secret)
    })
}

/// Turns the second factor on when `code` is right for the pending secret: returns
/// the ten recovery codes, in clear for the one page that shows them. `None` for a
/// wrong code.
pub fn confirm(
    conn: &mut DbConnection,
    key: &Key,
    user_id: i64,
    code: &str,
    now: NaiveDateTime,
) -> Result<Option<Vec<String>>> {
    write_tx(conn, |conn| {
        let Some(secret) = pending(conn, key, user_id)? else {
            return Ok(None);
        };
        let Some(step) = rules::check(&secret, code, unix(now), None) else {
            return Ok(None);
        };
        diesel::update(users::table.find(user_id))
            .set((
                users::totp_enabled_at.eq(now),
                users::totp_last_step.eq(step),
            ))
            .execute(conn)?;
        let codes = replace_recovery_codes(conn, user_id, now)?;
        record(conn, &Entry::new(user_id, "totp_on", "user", Some(user_id)))?;
        Ok(Some(codes))
    })
}

fn replace_recovery_codes(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    let codes: Vec<String> = (0..rules::RECOVERY_CODES)
        .map(|_| rules::new_recovery_code())
        .collect();
    for c in &codes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::user_id.eq(user_id),
                recovery_codes::code_hash.eq(rules::hash_recovery_code(c)),
                recovery_codes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(codes)
}

/// Whether `code` (TOTP or recovery) is right for an account with the second factor
/// on; a right code is spent (its time step, or the recovery code).
pub fn verify(
    conn: &mut DbConnection,
    key: &Key,
    user_id: i64,
    code: &str,
    now: NaiveDateTime,
) -> Result<bool> {
    write_tx(conn, |conn| {
        let (sealed, enabled, last): (Option<String>, Option<NaiveDateTime>, Option<i64>) =
            users::table
                .find(user_id)
                .select((
                    users::totp_secret,
                    users::totp_enabled_at,
                    users::totp_last_step,
                ))
                .first(conn)?;
        if enabled.is_none() {
            return Ok(false);
        }
        if rules::looks_like_recovery_code(code) {
            let unused: Vec<(i64, String)> = recovery_codes::table
                .filter(recovery_codes::user_id.eq(user_id))
                .filter(recovery_codes::used_at.is_null())
                .select((recovery_codes::id, recovery_codes::code_hash))
                .load(conn)?;
            let Some((id, _)) = unused
                .iter()
                .find(|(_, h)| rules::recovery_code_matches(h, code))
            else {
                return Ok(false);
            };
            let spent = diesel::update(
                recovery_codes::table
                    .find(*id)
                    .filter(recovery_codes::used_at.is_null()),
            )
            .set(recovery_codes::used_at.eq(now))
            .execute(conn)?;
            if spent == 1 {
                record(
                    conn,
                    &Entry::new(user_id, "recovery_code_used", "user", Some(user_id)),
                )?;
            }
            return Ok(spent == 1);
        }
        let Some(secret) = sealed.and_then(|s| key.open(user_id, &s)) else {
            tracing::error!(user_id, "a TOTP secret does not open with this key");
            return Ok(false);
        };
        let Some(step) = rules::check(&secret, code, unix(now), last) else {
            return Ok(false);
        };
        // Conditional, so that two sign-ins racing with one code cannot both pass.
        let spent = diesel::update(
            users::table.find(user_id).filter(
                users::totp_last_step
                    .is_null()
                    .or(users::totp_last_step.lt(step)),
            ),
        )
        .set(users::totp_last_step.eq(step))
        .execute(conn)?;
        Ok(spent == 1)
    })
}

/// Turns the second factor off after a right code (TOTP or recovery); a regional
/// administrator cannot (they must keep one). `Ok(false)`: wrong code.
pub fn disable(
    conn: &mut DbConnection,
    key: &Key,
    user_id: i64,
    is_admin: bool,
    code: &str,
    now: NaiveDateTime,
) -> Result<bool> {
    if is_admin {
        return Err(Error::conflict("admin-2fa-required"));
    }
    write_tx(conn, |conn| {
        if !verify(conn, key, user_id, code, now)? {
            return Ok(false);
        }
        diesel::update(users::table.find(user_id))
            .set((
                users::totp_secret.eq(None::<String>),
                users::totp_enabled_at.eq(None::<NaiveDateTime>),
                users::totp_last_step.eq(None::<i64>),
            ))
            .execute(conn)?;
        diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
            .execute(conn)?;
        record(
            conn,
            &Entry::new(user_id, "totp_off", "user", Some(user_id)),
        )?;
        Ok(true)
    })
}

/// Ten new recovery codes after a right TOTP code (the old ones stop working).
pub fn new_recovery_codes(
    conn: &mut DbConnection,
    key: &Key,
    user_id: i64,
    code: &str,
    now: NaiveDateTime,
) -> Result<Option<Vec<String>>> {
    write_tx(conn, |conn| {
        if !verify(conn, key, user_id, code, now)? {
            return Ok(None);
        }
        let codes = replace_recovery_codes(conn, user_id, now)?;
        record(
            conn,
            &Entry::new(user_id, "recovery_codes_new", "user", Some(user_id)),
        )?;
        Ok(Some(codes))
    })
}
