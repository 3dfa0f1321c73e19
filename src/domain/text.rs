//! Small text rules: slugs, trimmed names, percent-decoding.

/// A URL slug from a French title: « Atelier : Tablette et téléphone » → `atelier-tablette-et-telephone`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        let folded: &[char] = match c {
            'œ' | 'Œ' => &['o', 'e'],
            'æ' | 'Æ' => &['a', 'e'],
            _ => &[fold_accent(c)],
        };
        for base in folded.iter().map(char::to_ascii_lowercase) {
            if base.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(base);
            } else {
                dash = true;
            }
        }
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => 'a',
        'ç' | 'Ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => 'i',
        'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' | 'Ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => 'u',
        'ÿ' | 'Ÿ' => 'y',
        other => other,
    }
}

/// A well-formed slug, what filters and URLs accept: lower-case ASCII letters, digits
/// and inner dashes, at most 100 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Option<Slug> {
        let ok = !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        ok.then(|| Slug(s.to_owned()))
    }

    /// The slug of a name or title ([`slugify`]), when it makes one (a name of
    /// punctuation only, or a very long one, does not).
    pub fn of(name: &str) -> Option<Slug> {
        Slug::parse(&slugify(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// `%XX` sequences decoded (the user and password of a URL); anything else, including
/// a `%` not followed by two hex digits, is kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_french_accents() {
        assert_eq!(
            slugify("Atelier : Tablette et téléphone"),
            "atelier-tablette-et-telephone"
        );
        assert_eq!(
            slugify("Saint-André-d'Argenteuil"),
            "saint-andre-d-argenteuil"
        );
        assert_eq!(slugify("  Œuvres — 0–5 ans "), "oeuvres-0-5-ans");
        assert_eq!(
            Slug::of("Val-des-Sources")
                .map(Slug::into_string)
                .as_deref(),
            Some("val-des-sources")
        );
        assert_eq!(Slug::parse("Val des Sources"), None);
        assert_eq!(Slug::parse("-a"), None);
        assert_eq!(Slug::of("« — »"), None);
    }
}
