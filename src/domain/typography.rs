//! French typography: the space before « : ; ! ? », inside « guillemets » and within an
//! hour (« 13 h 30 ») must not break, or a line may start with a lone colon, a closing
//! guillemet or « h 30 ». Authors (and
//! staff typing titles) write an ordinary space; these functions make it a no-break
//! space (U+00A0) in everything the service shows in French. They only ever replace a
//! space that is already there, so « http://… » or « 10:30 » are left alone, and they
//! are idempotent.

use std::borrow::Cow;

const NBSP: char = '\u{a0}';

fn needs_nbsp_before(c: char) -> bool {
    matches!(c, ':' | ';' | '!' | '?' | '»')
}

fn touched(s: &str) -> bool {
    s.contains(" h")
        || s.contains(" :")
        || s.contains(" ;")
        || s.contains(" !")
        || s.contains(" ?")
        || s.contains(" »")
        || s.contains("« ")
}

/// Plain text (email text bodies, subjects, messages).
pub fn french_spacing(s: &str) -> Cow<'_, str> {
    if !touched(s) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(at);
        let next = at(i + 1);
        let space = c == ' ';
        let keep_together = space
            && (next.is_some_and(needs_nbsp_before)
                || prev == Some('«')
                // « 13 h 30 », « 15 h »: the hour stays on one line.
                || (prev.is_some_and(|p| p.is_ascii_digit())
                    && next == Some('h')
                    && !at(i + 2).is_some_and(char::is_alphanumeric))
                || (prev == Some('h')
                    && i >= 3
                    && matches!(at(i - 2), Some(' ') | Some(NBSP))
                    && at(i - 3).is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())));
        out.push(if keep_together { NBSP } else { c });
    }
    if out == s {
        return Cow::Borrowed(s);
    }
    Cow::Owned(out)
}

/// Elements whose content is not prose: left exactly as written (a `<textarea>` holds
/// what a form will send back, and must not come back changed).
const RAW: [&str; 4] = ["textarea", "script", "style", "pre"];

/// HTML: the text between tags gets [`french_spacing`]; tags, attributes, comments and
/// the content of `textarea`, `script`, `style` and `pre` are left as they are.
pub fn french_spacing_html(html: &str) -> Cow<'_, str> {
    if !touched(html) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while !rest.is_empty() {
        // Text up to the next tag.
        let lt = rest.find('<').unwrap_or(rest.len());
        out.push_str(&french_spacing(&rest[..lt]));
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(rest.len(), |i| 4 + i + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let gt = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..gt];
        out.push_str(tag);
        rest = &rest[gt..];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if RAW.contains(&name.as_str()) {
            let close = format!("</{name}");
            let end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spaces_before_high_punctuation_and_inside_guillemets_do_not_break() {
        assert_eq!(
            french_spacing("Inscription confirmée : « Tablette » ; prêt ? Oui !"),
            "Inscription confirmée\u{a0}: «\u{a0}Tablette\u{a0}»\u{a0}; prêt\u{a0}? Oui\u{a0}!"
        );
        // Only spaces already there change.
        assert_eq!(
            french_spacing("http://x.ca 10:30 Oui!"),
            "http://x.ca 10:30 Oui!"
        );
        assert!(matches!(french_spacing("rien à changer"), Cow::Borrowed(_)));
        assert_eq!(
            french_spacing("mardi 8 décembre, 13 h 30 à 15 h. 2 heures, le h final"),
            "mardi 8 décembre, 13\u{a0}h\u{a0}30 à 15\u{a0}h. 2 heures, le h final"
        );
    }

    #[test]
    fn html_keeps_tags_attributes_and_form_values_as_written() {
        let html = "<p title=\"a : b\">Quand : <strong>demain</strong> !</p>\
                    <textarea name=\"d\">Note : garder</textarea><!-- x : y --><pre>a : b</pre>";
        assert_eq!(
            french_spacing_html(html),
            "<p title=\"a : b\">Quand\u{a0}: <strong>demain</strong>\u{a0}!</p>\
             <textarea name=\"d\">Note : garder</textarea><!-- x : y --><pre>a : b</pre>"
        );
    }

    proptest! {
        #[test]
        fn spacing_is_idempotent_and_only_swaps_spaces(s in "[a-z0-9 :;!?«» <>/\"=]{0,40}") {
            let once = french_spacing_html(&s).into_owned();
            prop_assert_eq!(french_spacing_html(&once).into_owned(), once.clone());
            prop_assert_eq!(once.replace('\u{a0}', " "), s.clone());
            let plain = french_spacing(&s).into_owned();
            prop_assert_eq!(plain.replace('\u{a0}', " "), s);
        }
    }
}
