//! A public proposal of an activity (issue 12, item 2), as a community group types it
//! on « Proposer une activité »: every field as text ([`RawProposal`]), parsed at once
//! into a [`Proposal`] or a message per field, so the form shows every mistake
//! together. Whether the programme, the municipality and the terms exist is the
//! store's check (`store::proposals::submit`); the rest is here, without I/O.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::lang::Lang;
use crate::domain::messages::{FieldError, Msg};
use crate::domain::moderation::Payload;
use crate::domain::programme::local_to_utc;
use crate::domain::registration::{Email, parse_name};

/// Longest title (shorter than the back office's: a proposal names one activity).
pub const MAX_TITLE: usize = 150;
/// Longest description.
pub const MAX_DESCRIPTION: usize = 3000;
/// Longest place (a venue's name and address).
pub const MAX_PLACE: usize = 300;
/// Longest link.
pub const MAX_LINK: usize = 500;
/// How far ahead an activity may be proposed.
pub const HORIZON: Duration = Duration::days(2 * 365);
/// How long the confirmation link works; an unconfirmed proposal is deleted after it
/// (`store::retention`).
pub const CONFIRM_WITHIN: Duration = Duration::hours(48);

/// The form's fields as sent (all text; checkboxes as lists).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RawProposal {
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// `YYYY-MM-DD`, Québec.
    #[serde(default)]
    pub date: String,
    /// `13:30` or `13 h 30`, Québec time.
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub audiences: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub consent: bool,
}

/// A proposal past every check that needs no database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub event_id: i64,
    pub group: String,
    pub name: String,
    pub email: Email,
    /// The language the proposer used: their emails are written in it.
    pub lang: Lang,
    pub title: String,
    pub description: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub municipality_id: i64,
    pub place: String,
    pub kind_id: i64,
    pub audience_ids: Vec<i64>,
    pub topic_ids: Vec<i64>,
    pub link: Option<String>,
}

/// The form's fields in the order a person reads them (the error summary's order).
pub const FIELDS: [&str; 16] = [
    "event",
    "group",
    "name",
    "email",
    "title",
    "description",
    "date",
    "start",
    "end",
    "municipality",
    "place",
    "kind",
    "audiences",
    "topics",
    "link",
    "consent",
];

fn err(fields: &mut Vec<FieldError>, field: &str, key: &str) {
    fields.push(FieldError::new(field, Msg::new(key)));
}

/// Text of `min..=max` characters once trimmed, on one line or several, without
/// control characters but line breaks.
pub(crate) fn text(s: &str, min: usize, max: usize, multiline: bool) -> Result<String, bool> {
    let t = if multiline {
        s.trim().replace("\r\n", "\n")
    } else {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let n = t.chars().count();
    if n < min {
        return Err(false);
    }
    if n > max {
        return Err(true);
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(false);
    }
    Ok(t)
}

pub(crate) fn id(s: &str) -> Option<i64> {
    s.trim().parse().ok().filter(|n| *n > 0)
}

/// A web address a reader may follow: `https://` or `http://`, a host, no spaces.
pub fn parse_link(s: &str) -> Option<String> {
    let s = s.trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = s.len() <= MAX_LINK
        && host.contains('.')
        && !host.starts_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<');
    ok.then(|| s.to_owned())
}

impl Proposal {
    /// Checks every field at once. `now` is UTC; the activity must start after it and
    /// within [`HORIZON`], and end after it starts, the same day.
    pub fn parse(
        raw: &RawProposal,
        lang: Lang,
        now: NaiveDateTime,
    ) -> Result<Proposal, Vec<FieldError>> {
        let mut f = Vec::new();
        let event_id = id(&raw.event);
        if event_id.is_none() {
            err(&mut f, "event", "prop-error-event");
        }
        let group = parse_name(&raw.group);
        if group.is_none() {
            err(&mut f, "group", "prop-error-group");
        }
        let name = parse_name(&raw.name);
        if name.is_none() {
            err(&mut f, "name", "prop-error-name");
        }
        let email = Email::parse(&raw.email);
        if email.is_none() {
            let key = if raw.email.trim().is_empty() {
                "prop-error-email-required"
            } else {
                "prop-error-email"
            };
            err(&mut f, "email", key);
        }
        let title = match text(&raw.title, 3, MAX_TITLE, false) {
            Ok(t) => Some(t),
            Err(long) => {
                let key = if long {
                    "prop-error-title-long"
                } else {
                    "prop-error-title"
                };
                err(&mut f, "title", key);
                None
            }
        };
        let description = match text(&raw.description, 10, MAX_DESCRIPTION, true) {
            Ok(t) => Some(t),
            Err(long) => {
                let key = if long {
                    "prop-error-description-long"
                } else {
                    "prop-error-description"
                };
                err(&mut f, "description", key);
                None
            }
        };
        let day_ok = chrono::NaiveDate::parse_from_str(raw.date.trim(), "%Y-%m-%d").is_ok();
        if !day_ok {
            err(&mut f, "date", "prop-error-date");
        }
        let starts_at = local_to_utc(&raw.date, &raw.start);
        let ends_at = local_to_utc(&raw.date, &raw.end);
        if day_ok && starts_at.is_none() {
            err(&mut f, "start", "prop-error-start");
        }
        if day_ok && ends_at.is_none() {
            err(&mut f, "end", "prop-error-end");
        }
        if let (Some(s), Some(e)) = (starts_at, ends_at) {
            if s <= now {
                err(&mut f, "date", "prop-error-date-past");
            } else if s > now + HORIZON {
                err(&mut f, "date", "prop-error-date-far");
            }
            if e <= s {
                err(&mut f, "end", "prop-error-end-before");
            }
        }
        let municipality_id = id(&raw.municipality);
        if municipality_id.is_none() {
            err(&mut f, "municipality", "prop-error-municipality");
        }
        let place = text(&raw.place, 3, MAX_PLACE, false).ok();
        if place.is_none() {
            err(&mut f, "place", "prop-error-place");
        }
        let kind_id = id(&raw.kind);
        if kind_id.is_none() {
            err(&mut f, "kind", "prop-error-kind");
        }
        let ids = |v: &[String]| -> Option<Vec<i64>> {
            let mut out: Vec<i64> = v.iter().map(|s| id(s)).collect::<Option<_>>()?;
            out.sort_unstable();
            out.dedup();
            (out.len() <= 20).then_some(out)
        };
        let audience_ids = ids(&raw.audiences);
        if audience_ids.is_none() {
            err(&mut f, "audiences", "prop-error-terms");
        }
        let topic_ids = ids(&raw.topics);
        if topic_ids.is_none() {
            err(&mut f, "topics", "prop-error-terms");
        }
        let link = match raw.link.trim() {
            "" => Some(None),
            s => parse_link(s).map(Some),
        };
        if link.is_none() {
            err(&mut f, "link", "prop-error-link");
        }
        if !raw.consent {
            err(&mut f, "consent", "prop-error-consent");
        }
        match (
            event_id,
            group,
            name,
            email,
            title,
            description,
            starts_at,
            ends_at,
            municipality_id,
            place,
            kind_id,
            audience_ids,
            topic_ids,
            link,
        ) {
            (
                Some(event_id),
                Some(group),
                Some(name),
                Some(email),
                Some(title),
                Some(description),
                Some(starts_at),
                Some(ends_at),
                Some(municipality_id),
                Some(place),
                Some(kind_id),
                Some(audience_ids),
                Some(topic_ids),
                Some(link),
            ) if f.is_empty() => Ok(Proposal {
                event_id,
                group,
                name,
                email,
                lang,
                title,
                description,
                starts_at,
                ends_at,
                municipality_id,
                place,
                kind_id,
                audience_ids,
                topic_ids,
                link,
            }),
            _ => Err(f),
        }
    }

    /// The activity as a moderator sees it and as it is published once approved: no
    /// venue (the place as written, in its municipality), the group named at the end of
    /// the description.
    pub fn payload(&self) -> Payload {
        Payload {
            title: self.title.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            all_day: false,
            description: self.description.clone(),
            location_text: Some(self.place.clone()),
            venue_id: None,
            municipality_id: Some(self.municipality_id),
            kind_id: self.kind_id,
            audience_ids: self.audience_ids.clone(),
            topic_ids: self.topic_ids.clone(),
            origin_url: self.link.clone(),
            event_id: Some(self.event_id),
            proposed_by: Some(self.group.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        // Monday 2 March 2026, 15:00 UTC (10:00 in Québec).
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(15, 0, 0)
            .unwrap()
    }

    fn raw() -> RawProposal {
        RawProposal {
            event: "3".into(),
            group: "Club des aînés de Lachute".into(),
            name: " Lise  Gagnon ".into(),
            email: "lise@example.org".into(),
            title: "Café-jasette : la tablette".into(),
            description: "On s'entraide avec nos tablettes.\r\nApportez la vôtre.".into(),
            date: "2026-03-14".into(),
            start: "13 h 30".into(),
            end: "15:00".into(),
            municipality: "7".into(),
            place: "Salle paroissiale, 12, rue Principale".into(),
            kind: "2".into(),
            audiences: vec!["4".into(), "4".into(), "1".into()],
            topics: vec![],
            link: "".into(),
            consent: true,
        }
    }

    fn fields(r: &RawProposal) -> Vec<(String, String)> {
        Proposal::parse(r, Lang::Fr, now())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.msg.key))
            .collect()
    }

    #[test]
    fn a_good_proposal_reads_in_quebec_time_with_its_group_named() {
        let p = Proposal::parse(&raw(), Lang::En, now()).unwrap();
        assert_eq!(p.name, "Lise Gagnon");
        assert_eq!(p.lang, Lang::En);
        // 13:30 EDT (after the 8 March change) is 17:30 UTC.
        assert_eq!(p.starts_at.to_string(), "2026-03-14 17:30:00");
        assert_eq!(p.ends_at.to_string(), "2026-03-14 19:00:00");
        assert_eq!(p.audience_ids, vec![1, 4]);
        assert_eq!(
            p.description,
            "On s'entraide avec nos tablettes.\nApportez la vôtre."
        );
        let payload = p.payload();
        assert_eq!(payload.event_id, Some(3));
        assert_eq!(payload.municipality_id, Some(7));
        assert_eq!(payload.venue_id, None);
        assert!(
            payload
                .published_description()
                .ends_with("Proposé par\u{a0}: Club des aînés de Lachute")
        );
    }

    #[test]
    fn every_mistake_is_said_at_once_on_its_field() {
        let empty = RawProposal::default();
        let got: Vec<String> = fields(&empty).into_iter().map(|(f, _)| f).collect();
        for f in [
            "event",
            "group",
            "name",
            "email",
            "title",
            "description",
            "date",
            "municipality",
            "place",
            "kind",
            "consent",
        ] {
            assert!(got.contains(&f.to_owned()), "{f} in {got:?}");
        }
        assert!(got.iter().all(|f| FIELDS.contains(&f.as_str())));
    }

    #[test]
    fn times_must_be_ahead_within_two_years_and_end_after_start() {
        let past = RawProposal {
            date: "2026-03-01".into(),
            ..raw()
        };
        assert_eq!(
            fields(&past),
            vec![("date".into(), "prop-error-date-past".into())]
        );
        let far = RawProposal {
            date: "2028-04-01".into(),
            ..raw()
        };
        assert_eq!(
            fields(&far),
            vec![("date".into(), "prop-error-date-far".into())]
        );
        let backwards = RawProposal {
            end: "13:00".into(),
            ..raw()
        };
        assert_eq!(
            fields(&backwards),
            vec![("end".into(), "prop-error-end-before".into())]
        );
        let bad_clock = RawProposal {
            start: "25:00".into(),
            ..raw()
        };
        assert_eq!(
            fields(&bad_clock),
            vec![("start".into(), "prop-error-start".into())]
        );
    }

    #[test]
    fn lengths_links_and_terms_are_bounded() {
        let long = RawProposal {
            title: "x".repeat(MAX_TITLE + 1),
            link: "javascript:alert(1)".into(),
            topics: vec!["abc".into()],
            ..raw()
        };
        assert_eq!(
            fields(&long),
            vec![
                ("title".into(), "prop-error-title-long".into()),
                ("topics".into(), "prop-error-terms".into()),
                ("link".into(), "prop-error-link".into()),
            ]
        );
        assert_eq!(
            parse_link(" https://club.example/agenda?x=1 "),
            Some("https://club.example/agenda?x=1".into())
        );
        assert_eq!(parse_link("https://localhost"), None);
        assert_eq!(parse_link("https://a.example/x y"), None);
        assert_eq!(parse_link("ftp://a.example"), None);
    }
}
