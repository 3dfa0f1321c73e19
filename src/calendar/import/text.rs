//! TEXT values: RFC 5545 escapes undone, and HTML descriptions (Google Calendar and
//! WordPress plugins send them) turned into plain text through `ammonia`.

use std::collections::HashSet;

/// Undoes the TEXT escapes of RFC 5545 §3.3.11: `\\` `\;` `\,` `\n` (`\N`).
/// A backslash before anything else is dropped, as most readers do.
pub(super) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A description as plain text: HTML (when it looks like HTML) reduced to its text with
/// paragraphs, line breaks and list items kept as line breaks and links spelt out;
/// plain text kept as written. Lines are trimmed; at most one blank line in a row.
pub(super) fn plain(description: &str) -> String {
    let text = if looks_like_html(description) {
        html_to_text(description)
    } else {
        description.replace("\r\n", "\n")
    };
    tidy(&text)
}

/// A tag (`<p`, `</p`, `<br`, `<!--`) or a character reference (`&amp;`, `&#233;`).
fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        || ["&amp;", "&nbsp;", "&lt;", "&gt;", "&quot;", "&#"]
            .iter()
            .any(|e| s.contains(e))
}

/// The tags whose end is a line break in the text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "table",
];

fn html_to_text(html: &str) -> String {
    let mut tags: HashSet<&str> = BLOCKS.iter().copied().collect();
    tags.insert("br");
    tags.insert("a");
    // ammonia parses like a browser, removes scripts and styles with their content and
    // every attribute but a link's http(s)/mailto href. What it returns holds only the
    // tags above, without attributes except that href, and text with `&`, `<`, `>` and
    // no-break spaces escaped: simple enough to read back exactly.
    let clean = ammonia::Builder::empty()
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes(std::iter::once(("a", std::iter::once("href").collect())).collect())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(None)
        .clean(html)
        .to_string();

    let mut out = String::with_capacity(clean.len());
    let mut link: Option<(String, usize)> = None;
    let mut rest = clean.as_str();
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        match name {
            "br" => out.push('\n'),
            "li" if !closing => out.push_str("\n• "),
            "li" => {}
            "a" if !closing => {
                let href = tag
                    .split_once("href=\"")
                    .and_then(|(_, v)| v.split_once('"'))
                    .map(|(v, _)| decode_entities(v));
                link = href.map(|h| (h, out.len()));
            }
            "a" => {
                if let Some((href, from)) = link.take() {
                    let label = out[from..].trim();
                    let bare = href.trim_start_matches("mailto:");
                    if !label.is_empty() && label != bare && label != href {
                        out.push_str(&format!(" ({bare})"));
                    } else if label.is_empty() {
                        out.push_str(bare);
                    }
                }
            }
            _ if BLOCKS.contains(&name) => out.push_str("\n\n"),
            _ => {}
        }
    }
    push_text(&mut out, rest);
    out
}

/// Text between tags: HTML whitespace collapses to one space, references decoded.
fn push_text(out: &mut String, html_text: &str) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in decode_entities(html_text).chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(if c == '\u{a0}' { ' ' } else { c });
            last_space = false;
        }
    }
}

/// The references ammonia's serialiser writes.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Trims each line, and keeps at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_undone() {
        assert_eq!(
            unescape(r"Salle 2\, 2e étage\; entrée côté parc\nApportez \\ votre tablette"),
            "Salle 2, 2e étage; entrée côté parc\nApportez \\ votre tablette"
        );
    }

    #[test]
    fn html_becomes_plain_text_without_scripts_or_styles() {
        let html = "<p>Atelier <b>gratuit</b> &amp; ouvert&nbsp;à tous.</p>\
                    <style>p{color:red}</style><script>alert('x')</script>\
                    <p>Ligne 1<br>Ligne 2</p><ul><li>Tablette</li><li>Chargeur</li></ul>\
                    <p>Inscription : <a href=\"https://biblio.example/inscription\" \
                    onclick=\"evil()\">en ligne</a> &lt;gratuit&gt;</p>";
        assert_eq!(
            plain(html),
            "Atelier gratuit & ouvert à tous.\n\nLigne 1\nLigne 2\n\n• Tablette\n• Chargeur\n\n\
             Inscription : en ligne (https://biblio.example/inscription) <gratuit>"
        );
    }

    #[test]
    fn plain_text_is_kept_as_written() {
        assert_eq!(
            plain("Pour les 65 ans et +\n\n\n  Salle < 20 places "),
            "Pour les 65 ans et +\n\nSalle < 20 places"
        );
        assert_eq!(plain("<a href=\"javascript:alert(1)\">x</a>"), "x");
    }
}
