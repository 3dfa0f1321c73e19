//! Unguessable tokens for manage links, personal feeds, API keys and CSRF: 192 bits
//! from a cryptographic generator seeded by the operating system, URL-safe base64 (32 characters).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

pub fn random_token() -> String {
    let mut bytes = [0u8; 24];
    // ThreadRng is a CSPRNG (ChaCha) seeded from the operating system.
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
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
}
