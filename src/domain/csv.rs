//! CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads accents), `,` or
//! `;` (what a French-locale spreadsheet expects), RFC 4180 quoting, and cells that a
//! spreadsheet would run as a formula defused with a leading apostrophe (OWASP "CSV
//! injection": any cell starting with `=`, `+`, `-`, `@`, tab or carriage return, even
//! after spaces). Phone numbers are written by [`phone`] so that they never start with
//! `+`: North American numbers as « 819 555-0100 », others as typed (then defused).

/// The byte-order mark that tells spreadsheets the file is UTF-8.
pub const BOM: &str = "\u{feff}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Comma,
    Semicolon,
}

impl Separator {
    /// `semicolon`/`;` or `comma`/`,` (default: semicolon when French is asked).
    pub fn parse(s: &str) -> Option<Separator> {
        match s {
            "semicolon" | ";" | "point-virgule" => Some(Separator::Semicolon),
            "comma" | "," | "virgule" => Some(Separator::Comma),
            _ => None,
        }
    }

    fn char(self) -> char {
        match self {
            Separator::Comma => ',',
            Separator::Semicolon => ';',
        }
    }
}

/// Whether a spreadsheet could read the cell as a formula (or a DDE command): its
/// first character, or its first after spaces (LibreOffice can trim them on import).
fn is_formula(value: &str) -> bool {
    let first = |s: &str| s.chars().next();
    matches!(first(value), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
        || matches!(
            first(value.trim_start_matches(' ')),
            Some('=' | '+' | '-' | '@' | '\t' | '\r')
        )
}

/// One cell, defused when a spreadsheet would run it, quoted when needed.
pub fn cell(value: &str, sep: Separator) -> String {
    let mut v = value.to_owned();
    if is_formula(&v) {
        v.insert(0, '\'');
    }
    if v.contains(sep.char()) || v.contains('"') || v.contains('\n') || v.contains('\r') {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// A phone number as it should read in a spreadsheet. A North American number (ten
/// digits, or eleven starting with the country code 1) becomes « 819 555-0100 », the
/// way Québec writes it, with what followed the number (« poste 12 ») kept: it no
/// longer starts with `+`, so it is neither run nor defused. Anything else is kept as
/// typed, and [`cell`] defuses it if it starts with `+` (« '+33 1 23 45 67 89 »).
pub fn phone(typed: &str) -> String {
    let typed = typed.trim();
    // The number proper ends where an extension's word starts (« poste », « ext. », « x »).
    let end = typed
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(typed.len());
    let (number, rest) = typed.split_at(end);
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        10 => Some(digits.as_str()),
        11 if digits.starts_with('1') => Some(&digits[1..]),
        _ => None,
    };
    match national {
        Some(d) if !d.starts_with(['0', '1']) => {
            let formatted = format!("{} {}-{}", &d[..3], &d[3..6], &d[6..]);
            let rest = rest.trim();
            if rest.is_empty() {
                formatted
            } else {
                format!("{formatted} {rest}")
            }
        }
        _ => typed.to_owned(),
    }
}

/// One line (CRLF-terminated, as RFC 4180 says).
pub fn line<S: AsRef<str>>(cells: &[S], sep: Separator) -> String {
    let mut out = cells
        .iter()
        .map(|c| cell(c.as_ref(), sep))
        .collect::<Vec<_>>()
        .join(&sep.char().to_string());
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_needed() {
        let s = Separator::Semicolon;
        assert_eq!(cell("Gisèle Côté", s), "Gisèle Côté");
        assert_eq!(cell("Côté; Gisèle", s), "\"Côté; Gisèle\"");
        assert_eq!(cell("Côté, Gisèle", s), "Côté, Gisèle");
        assert_eq!(cell("Côté, Gisèle", Separator::Comma), "\"Côté, Gisèle\"");
        assert_eq!(cell("dit \"Gigi\"", s), "\"dit \"\"Gigi\"\"\"");
        assert_eq!(cell("ligne 1\nligne 2", s), "\"ligne 1\nligne 2\"");
    }

    #[test]
    fn formulas_are_defused_whatever_follows_their_first_character() {
        let s = Separator::Comma;
        assert_eq!(cell("=HYPERLINK(\"x\")", s), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("@SUM(A1)", s), "'@SUM(A1)");
        assert_eq!(cell("+1+cmd|' /C calc'!A0", s), "'+1+cmd|' /C calc'!A0");
        assert_eq!(cell("-2+3", s), "'-2+3");
        assert_eq!(cell("-cmd", s), "'-cmd");
        assert_eq!(cell("  =1+1", s), "'  =1+1");
        assert_eq!(cell("\tx", s), "'\tx");
        assert_eq!(cell("\rx", s), "\"'\rx\"");
        assert_eq!(cell("Gisèle", s), "Gisèle");
        assert_eq!(cell("2026-03-14 13:30", s), "2026-03-14 13:30");
    }

    #[test]
    fn phone_numbers_read_as_phone_numbers_without_a_plus() {
        assert_eq!(phone("+1 819 555 0100"), "819 555-0100");
        assert_eq!(phone("+1 (450) 555-0000 poste 12"), "450 555-0000 poste 12");
        assert_eq!(phone("819-555-0101"), "819 555-0101");
        assert_eq!(phone("1-819-555-0101"), "819 555-0101");
        assert_eq!(phone("555-0101 x 3"), "555-0101 x 3");
        assert_eq!(phone("+33 1 23 45 67 89"), "+33 1 23 45 67 89");
        let s = Separator::Semicolon;
        assert_eq!(cell(&phone("+1 819 555 0100"), s), "819 555-0100");
        assert_eq!(cell(&phone("+33 1 23 45 67 89"), s), "'+33 1 23 45 67 89");
    }

    #[test]
    fn lines_end_with_crlf() {
        assert_eq!(line(&["a", "b;c"], Separator::Semicolon), "a;\"b;c\"\r\n");
    }
}
