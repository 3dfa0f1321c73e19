//! The syntax of an iCalendar stream: lines unfolded, each content line parsed by the
//! `ical` crate's `PropertyParser`, and components nested by their BEGIN/END.
//!
//! Why not `ical::IcalParser` whole: its line reader trims the end of every physical
//! line before joining a folded one, so "Tablette pour " + " débutants" (Google folds at
//! 75 octets, wherever that falls) would read "Tablette pourdébutants"; it stops at the
//! first line that is not UTF-8 (a fold inside a multi-byte character); and one unknown
//! component or malformed line fails the whole calendar. So we unfold the bytes here
//! (RFC 5545 §3.1: CRLF or LF followed by one space or tab is removed), decode once
//! (invalid sequences become U+FFFD), and keep the crate's property parser, skipping
//! a line it cannot parse and any component we do not read.

use ical::PropertyParser;

use super::ReadError;

/// One content line: name in upper case, parameters (names in upper case), raw value.
#[derive(Debug, Clone)]
pub(super) struct Prop {
    pub name: String,
    pub params: Vec<(String, Vec<String>)>,
    pub value: String,
}

impl Prop {
    /// The first value of a parameter, by name (upper case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }
}

/// A BEGIN…END block with its properties and sub-components.
#[derive(Debug, Clone, Default)]
pub(super) struct Component {
    pub kind: String,
    pub props: Vec<Prop>,
    pub children: Vec<Component>,
    /// Lines of this component the parser could not read.
    pub bad_lines: usize,
}

impl Component {
    /// The first property of that name.
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Every property of that name, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }
}

/// The calendar objects of a stream (usually one VCALENDAR).
pub(super) struct Document {
    pub calendars: Vec<Component>,
}

impl Document {
    /// Sub-components of that kind in every calendar, in order.
    pub fn components<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.calendars
            .iter()
            .flat_map(|c| c.children.iter())
            .filter(move |c| c.kind == kind)
    }

    /// A calendar-level property of the first calendar that has it.
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.calendars.iter().find_map(|c| c.prop(name))
    }
}

/// Removes the folds of RFC 5545 §3.1 (a line break followed by one space or tab).
pub(super) fn unfold(bytes: &[u8]) -> Vec<u8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let after_break = match (b, bytes.get(i + 1)) {
            (b'\r', Some(b'\n')) => Some(i + 2),
            (b'\n', _) => Some(i + 1),
            _ => None,
        };
        if let Some(next) = after_break
            && matches!(bytes.get(next), Some(b' ' | b'\t'))
        {
            i = next + 1;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Parses a whole stream. Not iCalendar at all (no `BEGIN:VCALENDAR` first), or cut
/// off before its `END:VCALENDAR`, is an error: a truncated download read as a feed
/// would make every event after the cut look deleted.
pub(super) fn parse(bytes: &[u8]) -> Result<Document, ReadError> {
    let unfolded = unfold(bytes);
    let text = String::from_utf8_lossy(&unfolded);
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    if !first.is_some_and(|l| l.eq_ignore_ascii_case("BEGIN:VCALENDAR")) {
        return Err(ReadError::NotICalendar);
    }
    let mut calendars = Vec::new();
    // The open components, innermost last.
    let mut stack: Vec<Component> = Vec::new();
    for line in PropertyParser::from_reader(text.as_bytes()) {
        let Ok(line) = line else {
            if let Some(open) = stack.last_mut() {
                open.bad_lines += 1;
            }
            continue;
        };
        let name = line.name.trim().to_ascii_uppercase();
        let value = line.value.unwrap_or_default();
        match name.as_str() {
            "BEGIN" => stack.push(Component {
                kind: value.trim().to_ascii_uppercase(),
                ..Component::default()
            }),
            "END" => {
                let kind = value.trim().to_ascii_uppercase();
                // Close up to the matching BEGIN; an END that matches nothing is ignored.
                let Some(at) = stack.iter().rposition(|c| c.kind == kind) else {
                    continue;
                };
                while stack.len() > at {
                    let done = stack.pop().expect("len > at");
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None if done.kind == "VCALENDAR" => calendars.push(done),
                        None => {}
                    }
                }
            }
            _ => {
                if let Some(open) = stack.last_mut() {
                    open.props.push(Prop {
                        name,
                        params: line
                            .params
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(k, v)| (k.to_ascii_uppercase(), v))
                            .collect(),
                        value,
                    });
                }
            }
        }
    }
    if !stack.is_empty() || calendars.is_empty() {
        return Err(ReadError::Truncated);
    }
    Ok(Document { calendars })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfolding_keeps_the_space_before_a_fold_and_joins_split_characters() {
        // A fold right after a space, and one inside "é" (C3 A9), as careless producers do.
        let raw = b"SUMMARY:Tablette pour \r\n d\xC3\r\n \xA9butants\r\nX:1\n\tcont\n";
        assert_eq!(
            String::from_utf8(unfold(raw)).unwrap(),
            "SUMMARY:Tablette pour débutants\r\nX:1cont\n"
        );
    }

    #[test]
    fn the_ical_crates_own_unfolding_loses_the_space_before_a_fold() {
        // Why `unfold` exists: checked against the crate, so a fixed release shows here.
        let raw = "SUMMARY:Tablette pour \r\n débutants\r\n";
        let line = ical::LineReader::new(raw.as_bytes()).next().unwrap();
        assert_eq!(line.as_str(), "SUMMARY:Tablette pourdébutants");
        let ours = String::from_utf8(unfold(raw.as_bytes())).unwrap();
        assert_eq!(ours, "SUMMARY:Tablette pour débutants\r\n");
    }

    #[test]
    fn a_feed_cut_off_is_not_read() {
        let cut = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n";
        assert!(matches!(parse(cut), Err(ReadError::Truncated)));
        assert!(matches!(
            parse(b"<!doctype html><p>Not found</p>"),
            Err(ReadError::NotICalendar)
        ));
    }

    #[test]
    fn unknown_components_and_bad_lines_do_not_stop_the_rest() {
        let raw = "BEGIN:VCALENDAR\r\nBEGIN:X-THING\r\nA:b\r\nEND:X-THING\r\n\
                   BEGIN:VEVENT\r\nno colon here\r\nUID:u\r\nBEGIN:VALARM\r\n\
                   ACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let doc = parse(raw.as_bytes()).unwrap();
        let events: Vec<_> = doc.components("VEVENT").collect();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].prop("UID").unwrap().value, "u");
        assert_eq!(events[0].children[0].kind, "VALARM");
    }
}
