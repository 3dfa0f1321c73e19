//! Accounts and API tokens. Passwords are hashed with argon2id (the `argon2` crate's
//! default parameters, OWASP's recommendation); API tokens are random 192-bit strings
//! stored as SHA-256 digests, so a copy of the database gives no usable token. A token
//! may expire, can be revoked, and records when it was last used (to the minute).

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::User;
use crate::db::schema::{api_tokens, users};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::token::random_token;
use crate::error::{Error, Result};

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let salt =
        SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("encoding a salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

pub fn token_digest(token: &str) -> String {
    crate::domain::token::digest(token)
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates a user, or updates the name, password and admin flag of an existing one
/// with the same email. Returns the user and whether it was created.
/// The account with this email (compared as stored: trimmed, lower case), if any.
pub fn id_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<i64>> {
    users::table
        .filter(users::email.eq(normalise_email(email)))
        .select(users::id)
        .first(conn)
        .optional()
}

pub fn upsert_user(
    conn: &mut DbConnection,
    email: &str,
    name: &str,
    password: Option<&str>,
    is_admin: bool,
) -> Result<(User, bool)> {
    let email = normalise_email(email);
    let hash = password.map(hash_password).transpose()?;
    write_tx(conn, |conn| {
        let existing: Option<User> = users::table
            .filter(users::email.eq(&email))
            .select(User::as_select())
            .first(conn)
            .optional()?;
        let created = existing.is_none();
        match existing {
            Some(u) => {
                diesel::update(users::table.find(u.id))
                    .set((
                        users::name.eq(name),
                        users::is_admin.eq(is_admin || u.is_admin),
                        users::password_hash.eq(hash.clone().or(u.password_hash.clone())),
                    ))
                    .execute(conn)?;
            }
            None => {
                diesel::insert_into(users::table)
                    .values((
                        users::email.eq(&email),
                        users::name.eq(name),
                        users::password_hash.eq(&hash),
                        users::is_admin.eq(is_admin),
                        users::locale.eq("fr"),
                        users::created_at.eq(now()),
                    ))
                    .execute(conn)?;
            }
        }
        let user = users::table
            .filter(users::email.eq(&email))
            .select(User::as_select())
            .first(conn)?;
        Ok((user, created))
    })
}

/// Issues an API token for a user, valid for `valid_days` days or until revoked; the
/// clear token is returned once and never stored.
pub fn create_token(
    conn: &mut DbConnection,
    email: &str,
    name: &str,
    valid_days: Option<u32>,
) -> Result<String> {
    let email = normalise_email(email);
    let token = random_token();
    let digest = token_digest(&token);
    let stamp = now();
    let expires = valid_days.map(|d| stamp + chrono::Duration::days(d.into()));
    write_tx(conn, |conn| {
        let user_id: i64 = users::table
            .filter(users::email.eq(&email))
            .select(users::id)
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound)?;
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::user_id.eq(user_id),
                api_tokens::name.eq(name),
                api_tokens::token_hash.eq(&digest),
                api_tokens::created_at.eq(stamp),
                api_tokens::expires_at.eq(expires),
            ))
            .execute(conn)?;
        Ok::<(), Error>(())
    })?;
    Ok(token)
}

/// The user a bearer token belongs to, if the token is live (not revoked, not
/// expired), with when the token was last used.
pub fn user_for_token(
    conn: &mut DbConnection,
    token: &str,
) -> QueryResult<Option<(User, Option<NaiveDateTime>)>> {
    let digest = token_digest(token);
    let stamp = now();
    users::table
        .inner_join(api_tokens::table)
        .filter(api_tokens::token_hash.eq(digest))
        .filter(api_tokens::revoked_at.is_null())
        .filter(
            api_tokens::expires_at
                .is_null()
                .or(api_tokens::expires_at.gt(stamp)),
        )
        .select((User::as_select(), api_tokens::last_used_at))
        .first(conn)
        .optional()
}

/// An API token as `babillard token list` shows it (never the token itself).
#[derive(Debug, Clone, Queryable)]
pub struct TokenInfo {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl TokenInfo {
    /// `live`, `expired` or `revoked`, at `now`.
    pub fn state(&self, now: NaiveDateTime) -> &'static str {
        if self.revoked_at.is_some() {
            "revoked"
        } else if self.expires_at.is_some_and(|t| t <= now) {
            "expired"
        } else {
            "live"
        }
    }
}

/// Every API token (of one user when `email` is given), oldest first.
pub fn list_tokens(conn: &mut DbConnection, email: Option<&str>) -> QueryResult<Vec<TokenInfo>> {
    let mut q = api_tokens::table
        .inner_join(users::table)
        .select((
            api_tokens::id,
            users::email,
            api_tokens::name,
            api_tokens::created_at,
            api_tokens::last_used_at,
            api_tokens::expires_at,
            api_tokens::revoked_at,
        ))
        .order(api_tokens::id)
        .into_boxed();
    if let Some(e) = email {
        q = q.filter(users::email.eq(normalise_email(e)));
    }
    q.load(conn)
}

/// Revokes a token at once (its next request gets 401). Returns `false` when there is
/// no such live token.
pub fn revoke_token(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    write_tx(conn, |conn| {
        diesel::update(
            api_tokens::table
                .find(id)
                .filter(api_tokens::revoked_at.is_null()),
        )
        .set(api_tokens::revoked_at.eq(now()))
        .execute(conn)
        .map(|n| n == 1)
    })
}

/// The organisations a user belongs to, with the role held in each.
pub fn memberships(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<(i64, String)>> {
    use crate::db::schema::memberships;
    memberships::table
        .filter(memberships::user_id.eq(user_id))
        .select((memberships::organisation_id, memberships::role))
        .load(conn)
}

/// Whether a token's last use is old enough to record a new one (at most once a minute,
/// so most requests write nothing).
pub fn needs_touch(last_used_at: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    last_used_at.is_none_or(|t| now - t >= chrono::Duration::minutes(1))
}

/// Marks a token as used now (at most once a minute, to keep reads cheap).
pub fn touch_token(conn: &mut DbConnection, token: &str) -> QueryResult<()> {
    let digest = token_digest(token);
    let stamp = now();
    diesel::update(
        api_tokens::table
            .filter(api_tokens::token_hash.eq(digest))
            .filter(
                api_tokens::last_used_at
                    .is_null()
                    .or(api_tokens::last_used_at.lt(stamp - chrono::Duration::minutes(1))),
            ),
    )
    .set(api_tokens::last_used_at.eq(stamp))
    .execute(conn)
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery staple").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery staple", &h));
        assert!(!verify_password("Correct horse battery staple", &h));
    }
}
