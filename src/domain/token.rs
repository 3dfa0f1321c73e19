//! Unguessable tokens for manage links, personal feeds, API keys and CSRF: 192 bits
//! from a cryptographic generator seeded by the operating system, URL-safe base64 (32 characters).
//! What the database keeps of them is their SHA-256 digest ([`digest`]): with 192
//! random bits a plain hash is enough (nothing to guess, nothing to salt), and a copy of
//! the database gives no working link.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn random_token() -> String {
    let mut bytes = [0u8; 24];
    // ThreadRng is a CSPRNG (ChaCha) seeded from the operating system.
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored of a token: SHA-256, lower-case hex.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The stored key of a submission that may be retried: the session, the channel's own
/// secret (the API's `Idempotency-Key`, or the form's one-time token with the client's
/// CSRF cookie) and the input, hashed together. The same retry finds it; another client,
/// or other input, does not.
pub fn replay_digest(session_id: i64, channel: &str, input: &str) -> String {
    let mut h = Sha256::new();
    for part in ["babillard-replay", &session_id.to_string(), channel, input] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Whether a string could be a token we issued (checked before any lookup).
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The short code a person shows at the door: 6 characters from an alphabet without
/// look-alikes (no 0/O, 1/I/L), easy to read aloud.
pub fn check_in_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..6)
        .map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_distinct_and_url_safe() {
        let a = random_token();
        let b = random_token();
        assert_ne!(a, b);
        assert!(looks_like_token(&a), "{a}");
        assert_eq!(a.len() * 6, 192);
    }

    #[test]
    fn digests_are_hex_sha256_and_replay_keys_depend_on_every_part() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let k = replay_digest(1, "api\0key", "input");
        assert_eq!(k.len(), 64);
        assert_ne!(k, replay_digest(2, "api\0key", "input"));
        assert_ne!(k, replay_digest(1, "api\0other", "input"));
        assert_ne!(k, replay_digest(1, "api\0key", "other"));
        // Parts are length-prefixed: moving a boundary changes the key.
        assert_ne!(replay_digest(1, "ab", "c"), replay_digest(1, "a", "bc"));
    }
}
