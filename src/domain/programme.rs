//! What a session and an event must be before they are stored: the back-office form
//! and the JSON API both fill [`SessionFields`], and [`SessionFields::validate`] turns
//! it into a [`SessionInput`] or a message per field. Pure: ids are checked against
//! the database by `store::programme`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::session::{Format, Level, SessionLanguage};
use crate::error::{FieldError, Msg};

/// Longest title accepted (it ends up in email subjects and calendar entries).
pub const MAX_TITLE: usize = 200;
/// Longest free text (description, what to bring).
pub const MAX_TEXT: usize = 10_000;

/// A session as submitted, before validation. Times are UTC.
#[derive(Debug, Clone, Default)]
pub struct SessionFields {
    pub title: String,
    pub description: String,
    pub kind_id: Option<i64>,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub format: String,
    pub online_url: String,
    pub venue_id: Option<i64>,
    pub registration_required: bool,
    pub capacity: Option<i64>,
    pub waitlist_limit: Option<i64>,
    pub max_seats: Option<i64>,
    pub level: String,
    pub language: String,
    pub track_id: Option<i64>,
    pub what_to_bring: String,
    pub audiences: Vec<i64>,
    pub topics: Vec<i64>,
    /// Registration window (UTC); `None`: open from publication / until the start.
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
}

/// A valid session (ids still to be checked against the organisation).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInput {
    pub title: String,
    pub description: String,
    pub kind_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub format: Format,
    pub online_url: Option<String>,
    pub venue_id: Option<i64>,
    pub registration_required: bool,
    pub capacity: Option<i32>,
    pub waitlist_limit: Option<i32>,
    pub max_seats: i32,
    pub level: Level,
    pub language: SessionLanguage,
    pub track_id: Option<i64>,
    pub what_to_bring: String,
    pub audiences: Vec<i64>,
    pub topics: Vec<i64>,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
}

fn err(field: &str, key: &str) -> FieldError {
    FieldError::new(field, Msg::new(key))
}

impl SessionFields {
    pub fn validate(self) -> Result<SessionInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            errors.push(err("title", "admin-error-required"));
        } else if title.chars().count() > MAX_TITLE {
            errors.push(err("title", "admin-error-too-long"));
        }
        for (field, text) in [
            ("description", &self.description),
            ("what_to_bring", &self.what_to_bring),
        ] {
            if text.chars().count() > MAX_TEXT {
                errors.push(err(field, "admin-error-too-long"));
            }
        }
        if self.kind_id.is_none() {
            errors.push(err("kind_id", "admin-error-required"));
        }
        match (self.starts_at, self.ends_at) {
            (None, _) => errors.push(err("starts_at", "admin-error-required")),
            (_, None) => errors.push(err("ends_at", "admin-error-required")),
            (Some(s), Some(e)) if e <= s => {
                errors.push(err("ends_at", "admin-error-end-before-start"))
            }
            (Some(s), Some(e)) if e - s > chrono::Duration::days(14) => {
                errors.push(err("ends_at", "admin-error-too-long-session"))
            }
            _ => {}
        }
        if let (Some(o), Some(c)) = (self.registration_opens_at, self.registration_closes_at)
            && c <= o
        {
            errors.push(err("registration_closes_at", "admin-error-window"));
        }
        if let (Some(c), Some(e)) = (self.registration_closes_at, self.ends_at)
            && c > e
        {
            errors.push(err(
                "registration_closes_at",
                "admin-error-window-after-end",
            ));
        }
        let format = Format::parse(self.format.trim()).unwrap_or_else(|| {
            errors.push(err("format", "admin-error-choice"));
            Format::InPerson
        });
        let online_url = Some(self.online_url.trim().to_owned()).filter(|u| !u.is_empty());
        if let Some(u) = &online_url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            errors.push(err("online_url", "admin-error-url"));
        }
        if format != Format::Online && self.venue_id.is_none() {
            errors.push(err("venue_id", "admin-error-venue-needed"));
        }
        let count = |field: &str, v: Option<i64>, min: i64, errors: &mut Vec<FieldError>| {
            v.and_then(|n| {
                if (min..=10_000).contains(&n) {
                    Some(n as i32)
                } else {
                    errors.push(err(field, "admin-error-number"));
                    None
                }
            })
        };
        let capacity = count("capacity", self.capacity, 1, &mut errors);
        let waitlist_limit = count("waitlist_limit", self.waitlist_limit, 0, &mut errors);
        let max_seats = count("max_seats", self.max_seats.or(Some(2)), 1, &mut errors).unwrap_or(2);
        let level = if self.level.trim().is_empty() {
            Level::All
        } else {
            Level::parse(self.level.trim()).unwrap_or_else(|| {
                errors.push(err("level", "admin-error-choice"));
                Level::All
            })
        };
        let language = if self.language.trim().is_empty() {
            SessionLanguage::Fr
        } else {
            SessionLanguage::parse(self.language.trim()).unwrap_or_else(|| {
                errors.push(err("language", "admin-error-choice"));
                SessionLanguage::Fr
            })
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SessionInput {
            title,
            description: self.description.trim().to_owned(),
            kind_id: self.kind_id.expect("checked above"),
            starts_at: self.starts_at.expect("checked above"),
            ends_at: self.ends_at.expect("checked above"),
            venue_id: if format == Format::Online {
                None
            } else {
                self.venue_id
            },
            format,
            online_url,
            registration_required: self.registration_required,
            capacity,
            waitlist_limit,
            max_seats,
            level,
            language,
            track_id: self.track_id,
            what_to_bring: self.what_to_bring.trim().to_owned(),
            audiences: self.audiences,
            topics: self.topics,
            registration_opens_at: self.registration_opens_at,
            registration_closes_at: self.registration_closes_at,
        })
    }
}

/// A Québec date (`YYYY-MM-DD`) and wall-clock time (`HH:MM`, or `13 h 30`) to UTC;
/// `None` when unreadable or in the hour skipped in spring.
pub fn local_to_utc(day: &str, clock: &str) -> Option<NaiveDateTime> {
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    let clock = parse_clock(clock)?;
    crate::domain::time::to_utc(day.and_time(clock))
}

/// A `datetime-local` value (`2026-03-14T13:30`, Québec time) to UTC.
pub fn local_datetime_to_utc(s: &str) -> Option<NaiveDateTime> {
    let (day, clock) = s.trim().split_once(['T', ' '])?;
    local_to_utc(day, clock.get(..5).unwrap_or(clock))
}

/// `13:30`, `13 h 30`, `13h30`, `13 h` → 13:30 / 13:00.
pub fn parse_clock(s: &str) -> Option<NaiveTime> {
    let s: String = s.trim().to_lowercase().replace(' ', "");
    let s = s.replace('h', ":");
    let s = if s.ends_with(':') {
        format!("{s}00")
    } else {
        s
    };
    NaiveTime::parse_from_str(&s, "%H:%M").ok()
}

/// An event (programme) as submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInput {
    pub title: String,
    pub summary: String,
    pub description: String,
    /// Community groups may propose activities for it (`/propose`): an organisation's
    /// manager decides (an editor's form leaves it as it was).
    pub accepts_proposals: bool,
}

impl EventInput {
    pub fn parse(
        title: &str,
        summary: &str,
        description: &str,
    ) -> Result<EventInput, Vec<FieldError>> {
        let title = title.trim().to_owned();
        let mut errors = Vec::new();
        if title.is_empty() {
            errors.push(err("title", "admin-error-required"));
        } else if title.chars().count() > MAX_TITLE {
            errors.push(err("title", "admin-error-too-long"));
        }
        if summary.chars().count() > 500 {
            errors.push(err("summary", "admin-error-too-long"));
        }
        if description.chars().count() > MAX_TEXT {
            errors.push(err("description", "admin-error-too-long"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(EventInput {
            title,
            summary: summary.trim().to_owned(),
            description: description.trim().to_owned(),
            accepts_proposals: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> SessionFields {
        SessionFields {
            title: " Apprivoiser sa tablette ".into(),
            kind_id: Some(1),
            starts_at: local_to_utc("2026-03-14", "13 h 30"),
            ends_at: local_to_utc("2026-03-14", "15:00"),
            format: "in_person".into(),
            venue_id: Some(3),
            registration_required: true,
            capacity: Some(12),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_session_validates_with_defaults() {
        let s = fields().validate().unwrap();
        assert_eq!(s.title, "Apprivoiser sa tablette");
        assert_eq!(s.max_seats, 2);
        assert_eq!(s.level, Level::All);
        assert_eq!(s.starts_at.to_string(), "2026-03-14 17:30:00");
    }

    #[test]
    fn each_bad_field_gets_its_message() {
        let bad = SessionFields {
            title: "  ".into(),
            ends_at: local_to_utc("2026-03-14", "12:00"),
            format: "teleportation".into(),
            capacity: Some(0),
            online_url: "javascript:alert(1)".into(),
            ..fields()
        };
        let errors = bad.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["title", "ends_at", "format", "online_url", "capacity"]
        );
    }

    #[test]
    fn online_sessions_need_no_venue_and_drop_it() {
        let s = SessionFields {
            format: "online".into(),
            venue_id: Some(3),
            ..fields()
        }
        .validate()
        .unwrap();
        assert_eq!(s.venue_id, None);
        let e = SessionFields {
            venue_id: None,
            ..fields()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e[0].field, "venue_id");
    }

    #[test]
    fn clocks_read_the_quebec_way() {
        assert_eq!(parse_clock("13 h 30"), NaiveTime::from_hms_opt(13, 30, 0));
        assert_eq!(parse_clock("9 h"), NaiveTime::from_hms_opt(9, 0, 0));
        assert_eq!(parse_clock("09:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(local_to_utc("2026-03-08", "02:30"), None);
    }
}
