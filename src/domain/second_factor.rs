//! The staff second factor, without I/O: TOTP codes (RFC 6238 as every authenticator
//! app reads it: SHA-1, 6 digits, 30-second steps, one step of clock drift either
//! way, each step accepted once), the secret sealed for storage (ChaCha20-Poly1305
//! under a key derived from the `totp_key` setting, bound to the user's id), and ten
//! single-use recovery codes kept as salted SHA-256 digests.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

/// Seconds per code.
pub const STEP: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Bytes of a new secret (160 bits, what RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes made at once; each works once.
pub const RECOVERY_CODES: usize = 10;

/// The key that seals TOTP secrets in the database.
pub struct Key(LessSafeKey);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key([redacted])")
    }
}

impl Key {
    /// A 256-bit key derived from any key material (the setting, or the key file).
    pub fn derive(material: &[u8]) -> Key {
        let mut h = Sha256::new();
        h.update(b"babillard: TOTP secrets at rest, v1\0");
        h.update(material);
        let bytes = h.finalize();
        Key(LessSafeKey::new(
            UnboundKey::new(&CHACHA20_POLY1305, &bytes).expect("a 32-byte key"),
        ))
    }

    /// The secret sealed for the user's row: base64 of nonce and ciphertext. Copied
    /// to another user's row, it no longer opens.
    pub fn seal(&self, user_id: i64, secret: &[u8]) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let mut data = secret.to_vec();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(user_id.to_be_bytes()),
                &mut data,
            )
            .expect("sealing a short secret");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        STANDARD.encode(out)
    }

    /// The secret back, when it was sealed by this key for this user.
    pub fn open(&self, user_id: i64, sealed: &str) -> Option<Vec<u8>> {
        let raw = STANDARD.decode(sealed).ok()?;
        if raw.len() < 12 + 16 {
            return None;
        }
        let (nonce, rest) = raw.split_at(12);
        let mut data = rest.to_vec();
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(user_id.to_be_bytes()), &mut data)
            .ok()?;
        Some(plain.to_vec())
    }
}

/// A fresh random secret.
pub fn new_secret() -> Vec<u8> {
    let mut s = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut s);
    s
}

/// The secret as authenticator apps take it typed: base32, in groups of four.
pub fn secret_for_typing(secret: &[u8]) -> String {
    let b32 = base32(secret);
    b32.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn base32(secret: &[u8]) -> String {
    match totp_rs::Secret::Raw(secret.to_vec()).to_encoded() {
        totp_rs::Secret::Encoded(s) => s.trim_end_matches('=').to_owned(),
        totp_rs::Secret::Raw(_) => String::new(),
    }
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The `otpauth://` address a QR code carries (Google's "Key Uri Format").
pub fn otpauth_url(secret: &[u8], issuer: &str, account: &str) -> String {
    format!(
        "otpauth://totp/{issuer_p}:{account_p}?secret={b32}&issuer={issuer_p}&algorithm=SHA1&digits={DIGITS}&period={STEP}",
        issuer_p = percent(issuer),
        account_p = percent(account),
        b32 = base32(secret),
    )
}

fn totp(secret: &[u8]) -> Option<TOTP> {
    TOTP::new(Algorithm::SHA1, DIGITS, 1, STEP, secret.to_vec()).ok()
}

/// The code of a time (seconds since 1970), as an app shows it.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> String {
    totp(secret)
        .map(|t| t.generate(unix_seconds))
        .unwrap_or_default()
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The time step a typed code belongs to, if it is right for now (one step of drift
/// either way) and later than the last step accepted: a code works once.
pub fn check(secret: &[u8], typed: &str, unix_seconds: u64, last_step: Option<i64>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret)?;
    let now = unix_seconds / STEP;
    let mut found = None;
    // Every candidate is computed and compared, so timing does not tell which matched.
    for step in [now.saturating_sub(1), now, now + 1] {
        let code = t.generate(step * STEP);
        let step = i64::try_from(step).ok()?;
        if same(code.as_bytes(), typed.as_bytes()) && last_step.is_none_or(|l| step > l) {
            found = Some(step);
        }
    }
    found
}

/// Whether something typed looks like a recovery code rather than a TOTP code.
pub fn looks_like_recovery_code(typed: &str) -> bool {
    normalise_recovery(typed).len() == 16
}

fn normalise_recovery(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A new recovery code, `abcd-efgh-jkmn-pqrs`: 16 characters from 31 without
/// look-alikes, about 79 bits.
pub fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let raw: Vec<u8> = (0..16)
        .map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()])
        .collect();
    raw.chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// What is stored for a recovery code: a random salt and SHA-256 of salt and code.
pub fn hash_recovery_code(code: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let digest = Sha256::new()
        .chain_update(salt)
        .chain_update(normalise_recovery(code).as_bytes())
        .finalize();
    format!("{}:{}", hex::encode(salt), hex::encode(digest))
}

/// Whether a typed recovery code is the one a stored digest was made from.
pub fn recovery_code_matches(stored: &str, typed: &str) -> bool {
    let Some((salt, digest)) = stored.split_once(':') else {
        return false;
    };
    let (Ok(salt), Ok(digest)) = (hex::decode(salt), hex::decode(digest)) else {
        return false;
    };
    let got = Sha256::new()
        .chain_update(&salt)
        .chain_update(normalise_recovery(typed).as_bytes())
        .finalize();
    same(&got, &digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_vectors_hold() {
        // RFC 6238, appendix B (SHA-1), last six digits.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59), "287082");
        assert_eq!(code_at(secret, 1_111_111_109), "081804");
        assert_eq!(code_at(secret, 2_000_000_000), "279037");
    }

    #[test]
    fn a_code_works_within_a_step_of_drift_and_only_once() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        let step = check(&secret, &code, now, None).expect("right now");
        assert_eq!(
            check(&secret, &code, now + STEP, None),
            Some(step),
            "30 s late"
        );
        assert_eq!(
            check(&secret, &code, now + 3 * STEP, None),
            None,
            "too late"
        );
        assert_eq!(
            check(&secret, &code, now, Some(step)),
            None,
            "used once already"
        );
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(check(&secret, &spaced, now, None), Some(step));
        assert_eq!(check(&secret, "12345", now, None), None);
        assert_eq!(check(&secret, "abcdef", now, None), None);
    }

    #[test]
    fn sealed_secrets_open_only_with_the_key_and_for_their_user() {
        let key = Key::derive(b"one key");
        let secret = new_secret();
        let sealed = key.seal(7, &secret);
        assert!(!sealed.contains(&base32(&secret)));
        assert_eq!(key.open(7, &sealed), Some(secret.clone()));
        assert_eq!(key.open(8, &sealed), None, "moved to another account");
        assert_eq!(Key::derive(b"another key").open(7, &sealed), None);
        assert_eq!(key.open(7, "not base64 at all"), None);
    }

    #[test]
    fn recovery_codes_are_stored_salted_and_match_as_typed() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 19);
        assert!(looks_like_recovery_code(&code));
        let stored = hash_recovery_code(&code);
        assert_ne!(stored, hash_recovery_code(&code), "salted");
        assert!(!stored.contains(&code));
        assert!(recovery_code_matches(
            &stored,
            &code.to_uppercase().replace('-', " ")
        ));
        assert!(!recovery_code_matches(&stored, &new_recovery_code()));
    }

    #[test]
    fn the_qr_address_names_the_site_and_the_account() {
        let url = otpauth_url(b"12345678901234567890", "Babillard", "marie@example.org");
        assert_eq!(
            url,
            "otpauth://totp/Babillard:marie%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Babillard&algorithm=SHA1&digits=6&period=30"
        );
    }
}
