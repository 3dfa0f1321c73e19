//! Accounts and API tokens. Passwords are hashed with argon2id (the `argon2` crate's
//! default parameters, OWASP's recommendation); API tokens are random 192-bit strings
//! stored as SHA-256 digests, so a copy of the database gives no usable token.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::models::User;
use crate::db::schema::{api_tokens, users};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::token::random_token;
use crate::error::{AppError, AppResult};

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
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates a user, or updates the name, password and admin flag of an existing one
/// with the same email. Returns the user and whether it was created.
pub fn upsert_user(
    conn: &mut DbConnection,
    email: &str,
    name: &str,
    password: Option<&str>,
    is_admin: bool,
) -> AppResult<(User, bool)> {
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

/// Issues an API token for a user; the clear token is returned once and never stored.
pub fn create_token(conn: &mut DbConnection, email: &str, name: &str) -> AppResult<String> {
    let email = normalise_email(email);
    let token = random_token();
    let digest = token_digest(&token);
    write_tx(conn, |conn| {
        let user_id: i64 = users::table
            .filter(users::email.eq(&email))
            .select(users::id)
            .first(conn)
            .optional()?
            .ok_or(AppError::NotFound)?;
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::user_id.eq(user_id),
                api_tokens::name.eq(name),
                api_tokens::token_hash.eq(&digest),
                api_tokens::created_at.eq(now()),
            ))
            .execute(conn)?;
        Ok::<(), AppError>(())
    })?;
    Ok(token)
}

/// The user a bearer token belongs to, if the token is live.
pub fn user_for_token(conn: &mut DbConnection, token: &str) -> QueryResult<Option<User>> {
    let digest = token_digest(token);
    users::table
        .inner_join(api_tokens::table)
        .filter(api_tokens::token_hash.eq(digest))
        .filter(api_tokens::revoked_at.is_null())
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// The organisations a user belongs to, with the role held in each.
pub fn memberships(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<(i64, String)>> {
    use crate::db::schema::memberships;
    memberships::table
        .filter(memberships::user_id.eq(user_id))
        .select((memberships::organisation_id, memberships::role))
        .load(conn)
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
