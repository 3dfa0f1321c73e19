//! Who a registration belongs to, as the person typed it: email, name, phone, seats,
//! needs, and the key that recognises the same person twice (invariant 3).

/// A checked email address, trimmed; compared in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Option<Email> {
        let s = s.trim();
        if s.len() > 254 || !s.contains('@') || !email_address::EmailAddress::is_valid(s) {
            return None;
        }
        // A domain without a dot is valid by RFC and a typo in practice.
        let domain = s.rsplit('@').next().unwrap_or("");
        if !domain.contains('.') || domain.ends_with('.') {
            return None;
        }
        Some(Email(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn normalised(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A person's name as they typed it: trimmed, 2 to 120 characters, no control characters.
pub fn parse_name(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = s.chars().count();
    ((2..=120).contains(&n) && !s.chars().any(char::is_control)).then_some(s)
}

/// A phone number as typed (`819 555-1234`, `+1 (450) 555-0000 poste 12`): kept as
/// typed when it holds 7 to 20 digits and nothing but separators (and a short word
/// such as « poste »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Option<Phone> {
        let s = s.trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let allowed = s
            .chars()
            .all(|c| c.is_ascii_digit() || " -().+/".contains(c) || c.is_ascii_alphabetic());
        let letters = s.chars().filter(char::is_ascii_alphabetic).count();
        ((7..=20).contains(&digits) && allowed && letters <= 6 && s.len() <= 40)
            .then(|| Phone(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many seats one registration takes, as a form or the API gives it: 1 to
/// [`Seats::MAX`] (a session's own `max_seats` is checked by the engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seats(i32);

impl Seats {
    pub const MAX: i32 = 99;

    pub fn new(n: i64) -> Option<Seats> {
        (1..=i64::from(Seats::MAX))
            .contains(&n)
            .then_some(Seats(n as i32))
    }

    pub fn parse(s: &str) -> Option<Seats> {
        s.trim().parse::<i64>().ok().and_then(Seats::new)
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

/// Free text (accessibility needs): trimmed, at most 1,000 characters, `None` if empty.
pub fn parse_note(s: &str) -> Option<Option<String>> {
    let s = s.trim();
    if s.chars().count() > 1000 {
        return None;
    }
    Some((!s.is_empty()).then(|| s.to_owned()))
}

/// Who a registration belongs to, for invariant 3: the normalised email, or for a
/// staff entry without email the phone's digits and the folded name.
pub fn person_key(email: Option<&Email>, name: &str, phone: Option<&str>) -> Option<String> {
    match (email, phone) {
        (Some(e), _) => Some(email_key(e)),
        (None, Some(p)) => {
            let digits: String = p.chars().filter(char::is_ascii_digit).collect();
            Some(format!(
                "phone:{digits}:{}",
                crate::domain::text::slugify(name)
            ))
        }
        (None, None) => None,
    }
}

/// The person key of an email address (what `person_key` gives for it).
pub fn email_key(email: &Email) -> String {
    format!("email:{}", email.normalised())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_recognised_by_email_or_by_name_and_phone() {
        let e = Email::parse("  Lise.Tremblay@Exemple.QC.ca ").unwrap();
        assert_eq!(
            person_key(Some(&e), "x", None).unwrap(),
            "email:lise.tremblay@exemple.qc.ca"
        );
        for bad in ["", "lise", "lise@", "lise@localhost", "a b@c.ca", "@c.ca"] {
            assert!(Email::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            person_key(None, "Gérard Côté", Some("819 555-1234")).unwrap(),
            "phone:8195551234:gerard-cote"
        );
        assert_eq!(parse_name("  Gérard   Côté "), Some("Gérard Côté".into()));
        assert!(parse_name("x").is_none());
        assert!(Phone::parse("+1 (450) 555-0000 poste 12").is_some());
        assert!(Phone::parse("555").is_none());
        assert!(Phone::parse("<script>").is_none());
        assert_eq!(Seats::parse(" 3 ").map(Seats::get), Some(3));
        assert_eq!(Seats::parse("0"), None);
        assert_eq!(Seats::parse("100"), None);
        assert_eq!(Seats::new(99).map(Seats::get), Some(99));
    }
}
