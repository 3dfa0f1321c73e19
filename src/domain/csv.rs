//! CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads accents), `,` or
//! `;` (what a French-locale spreadsheet expects), RFC 4180 quoting, and cells that a
//! spreadsheet would run as a formula defused with a leading apostrophe.

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

/// One cell, quoted when needed.
pub fn cell(value: &str, sep: Separator) -> String {
    let mut v = value.to_owned();
    let mut chars = v.chars();
    let first = chars.next();
    let second = chars.next();
    let formula = match first {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => {
            !second.is_some_and(|c| c.is_ascii_digit() || c == ' ' || c == '(') || v.len() == 1
        }
        _ => false,
    };
    if formula && v.len() > 1 {
        v.insert(0, '\'');
    }
    if v.contains(sep.char()) || v.contains('"') || v.contains('\n') || v.contains('\r') {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
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
    fn formulas_are_defused_but_phone_numbers_are_not() {
        let s = Separator::Comma;
        assert_eq!(cell("=HYPERLINK(\"x\")", s), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("@SUM(A1)", s), "'@SUM(A1)");
        assert_eq!(cell("+1 819-555-0101", s), "+1 819-555-0101");
        assert_eq!(cell("-cmd", s), "'-cmd");
        assert_eq!(cell("-", s), "-");
    }

    #[test]
    fn lines_end_with_crlf() {
        assert_eq!(line(&["a", "b;c"], Separator::Semicolon), "a;\"b;c\"\r\n");
    }
}
