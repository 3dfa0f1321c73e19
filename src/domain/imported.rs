//! What a partner's calendar says, once read: the shape `calendar::import` produces from
//! an iCalendar feed and `store::imports` applies to the programme. Nothing here knows
//! the feed's syntax or the database.

use chrono::NaiveDateTime;

/// One dated activity of a partner's feed: a single VEVENT, or one occurrence of a
/// recurring one (its `RRULE` expanded, `EXDATE`s removed, `RECURRENCE-ID` overrides
/// applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The identity that survives re-imports: the source's `UID`, and for an occurrence
    /// of a recurring event its original start (`RECURRENCE-ID`) in UTC, as
    /// `UID#YYYYMMDDTHHMMSSZ`. At most 500 characters.
    pub key: String,
    /// Start and end in UTC (storage is UTC). An all-day event runs from midnight to
    /// midnight in Québec time.
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub all_day: bool,
    /// `SUMMARY`, unescaped, trimmed, never empty (an event without one is refused).
    pub title: String,
    /// `DESCRIPTION` as plain text: HTML removed, paragraphs kept as blank lines.
    pub description: String,
    /// `LOCATION` as given, unescaped.
    pub location: Option<String>,
    /// `URL`, when it is an http(s) address.
    pub url: Option<String>,
    /// `STATUS:CANCELLED` (of the event or of this occurrence's override).
    pub cancelled: bool,
}

/// Why a VEVENT of a feed was left out (shown in the import summary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The `UID` when there was one.
    pub uid: Option<String>,
    /// Why, in plain words (English, for the CLI and the log; the back office shows it
    /// as given).
    pub reason: String,
}

/// What a partner's server said of its feed last time (`ETag`, `Last-Modified`), sent
/// back so an unchanged feed costs a 304; kept on the source between fetches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A whole feed, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedFeed {
    /// `X-WR-CALNAME` when the feed names itself.
    pub name: Option<String>,
    /// Sorted by start, then key.
    pub occurrences: Vec<Occurrence>,
    pub refused: Vec<Refusal>,
}
