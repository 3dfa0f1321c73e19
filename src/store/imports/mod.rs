//! Partners' calendars (issue 12): registering a feed with its defaults and keyword
//! rules, applying a feed once read ([`apply`], in one transaction), and the small
//! records the fetching job keeps ([`record_fetch`], [`record_failure`],
//! [`due_sources`]). The iCalendar reading itself is `calendar`'s; this module only sees
//! [`ImportedFeed`](crate::domain::imported::ImportedFeed) values.
//!
//! Who registers a feed: the regional administrator, or a manager of the organisation
//! (only the administrator marks a feed trusted: a trusted feed skips moderation).
//!
//! Messages this module answers with that `templates/i18n` must carry (fr / en):
//! - `admin-error-feed-url`: « L'adresse du calendrier doit commencer par https:// ou
//!   webcal://. » / "The calendar address must start with https:// or webcal://."
//! - `admin-error-trusted-by-admin`: « Seule l'administration régionale peut marquer un
//!   calendrier comme fiable. » / "Only the regional administrator can mark a calendar
//!   as trusted."

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::{CalendarSource, SourceRule};
use crate::db::schema::{
    calendar_source_audiences, calendar_source_rules, calendar_source_topics, calendar_sources,
    events, kinds, municipalities, organisations,
};
use crate::db::{DbConnection, now as db_now, write_tx};
use crate::domain::access::Access;
use crate::domain::moderation::{feed_url_ok, next_fetch};
use crate::domain::programme::EventInput;
use crate::error::{Error, FieldError, Msg, Result};
use crate::store::audit::{Entry, record};
use crate::store::programme::{dedup, terms_exist};

mod apply;
pub(crate) mod publish;

pub use apply::{ImportSummary, apply};

/// A keyword rule as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleInput {
    pub keyword: String,
    pub topic_id: Option<i64>,
    pub audience_id: Option<i64>,
}

/// A feed as submitted (to register it, or to change it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInput {
    pub organisation_id: i64,
    pub name: String,
    /// `None`: an uploaded file, imported by hand.
    pub url: Option<String>,
    pub trusted: bool,
    /// Whether people register through Babillard (else: for information, register at
    /// the source).
    pub takes_registrations: bool,
    pub venue_id: Option<i64>,
    pub municipality_id: Option<i64>,
    pub kind_id: i64,
    pub audience_ids: Vec<i64>,
    pub topic_ids: Vec<i64>,
    pub rules: Vec<RuleInput>,
    pub refresh_minutes: i32,
}

impl SourceInput {
    /// A feed with the usual defaults: untrusted, for information, every 6 hours.
    pub fn new(organisation_id: i64, name: &str, url: Option<&str>, kind_id: i64) -> SourceInput {
        SourceInput {
            organisation_id,
            name: name.to_owned(),
            url: url.map(str::to_owned),
            trusted: false,
            takes_registrations: false,
            venue_id: None,
            municipality_id: None,
            kind_id,
            audience_ids: Vec::new(),
            topic_ids: Vec::new(),
            rules: Vec::new(),
            refresh_minutes: 360,
        }
    }
}

/// A feed with its defaults and rules, as the back office lists it.
#[derive(Debug, Clone)]
pub struct SourceView {
    pub source: CalendarSource,
    pub organisation_name: String,
    pub audience_ids: Vec<i64>,
    pub topic_ids: Vec<i64>,
    pub rules: Vec<SourceRule>,
}

/// Permission first: the administrator, or a manager of the organisation; only the
/// administrator makes a feed trusted.
fn check_permission(who: &Access, input: &SourceInput) -> Result<()> {
    if !who.can_manage(input.organisation_id) {
        return Err(Error::Forbidden);
    }
    if input.trusted && !who.can_administer_region() {
        return Err(Error::field("trusted", "admin-error-trusted-by-admin"));
    }
    Ok(())
}

/// Then the input, against the database.
fn check_input(conn: &mut DbConnection, input: &SourceInput) -> Result<()> {
    let mut errors = Vec::new();
    let e = |f: &str, k: &str| FieldError::new(f, Msg::new(k));
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(e("name", "admin-error-required"));
    } else if name.chars().count() > 200 {
        errors.push(e("name", "admin-error-too-long"));
    }
    if let Some(u) = &input.url
        && !feed_url_ok(u)
    {
        errors.push(e("url", "admin-error-feed-url"));
    }
    if !(15..=10_080).contains(&input.refresh_minutes) {
        errors.push(e("refresh_minutes", "admin-error-number"));
    }
    if kinds::table
        .find(input.kind_id)
        .count()
        .get_result::<i64>(conn)?
        == 0
    {
        errors.push(e("kind_id", "admin-error-choice"));
    }
    if let Some(v) = input.venue_id {
        // The venue must be one the organisation's sessions may use.
        let usable = crate::store::venues::usable_by(conn, input.organisation_id)?;
        if !usable.iter().any(|u| u.id == v) {
            errors.push(e("venue_id", "admin-error-choice"));
        }
    }
    if let Some(m) = input.municipality_id
        && municipalities::table
            .find(m)
            .count()
            .get_result::<i64>(conn)?
            == 0
    {
        errors.push(e("municipality_id", "admin-error-choice"));
    }
    let rule_topics: Vec<i64> = input.rules.iter().filter_map(|r| r.topic_id).collect();
    let rule_audiences: Vec<i64> = input.rules.iter().filter_map(|r| r.audience_id).collect();
    let (audiences_known, topics_known) = terms_exist(conn, &input.audience_ids, &input.topic_ids)?;
    if !audiences_known {
        errors.push(e("audiences", "admin-error-choice"));
    }
    if !topics_known {
        errors.push(e("topics", "admin-error-choice"));
    }
    if terms_exist(conn, &rule_audiences, &rule_topics)? != (true, true) {
        errors.push(e("rules", "admin-error-choice"));
    }
    for r in &input.rules {
        if crate::domain::moderation::normalise(&r.keyword).is_empty()
            || (r.topic_id.is_none() && r.audience_id.is_none())
        {
            errors.push(e("rules", "admin-error-required"));
        } else if r.keyword.chars().count() > 100 {
            errors.push(e("rules", "admin-error-too-long"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        errors.dedup();
        Err(Error::Invalid(errors))
    }
}

fn set_defaults(conn: &mut DbConnection, id: i64, input: &SourceInput) -> QueryResult<()> {
    diesel::delete(
        calendar_source_audiences::table.filter(calendar_source_audiences::source_id.eq(id)),
    )
    .execute(conn)?;
    diesel::delete(calendar_source_topics::table.filter(calendar_source_topics::source_id.eq(id)))
        .execute(conn)?;
    diesel::delete(calendar_source_rules::table.filter(calendar_source_rules::source_id.eq(id)))
        .execute(conn)?;
    for a in dedup(&input.audience_ids) {
        diesel::insert_into(calendar_source_audiences::table)
            .values((
                calendar_source_audiences::source_id.eq(id),
                calendar_source_audiences::audience_id.eq(a),
            ))
            .execute(conn)?;
    }
    for t in dedup(&input.topic_ids) {
        diesel::insert_into(calendar_source_topics::table)
            .values((
                calendar_source_topics::source_id.eq(id),
                calendar_source_topics::topic_id.eq(t),
            ))
            .execute(conn)?;
    }
    for r in &input.rules {
        diesel::insert_into(calendar_source_rules::table)
            .values((
                calendar_source_rules::source_id.eq(id),
                calendar_source_rules::keyword.eq(r.keyword.trim()),
                calendar_source_rules::topic_id.eq(r.topic_id),
                calendar_source_rules::audience_id.eq(r.audience_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Registers a partner's feed, with the event its sessions will belong to (published,
/// named after the feed). Returns the source's id. A feed with an address is due for
/// its first fetch at once.
pub fn register_source(conn: &mut DbConnection, who: &Access, input: &SourceInput) -> Result<i64> {
    check_permission(who, input)?;
    write_tx(conn, |conn| {
        check_input(conn, input)?;
        let name = input.name.trim();
        let event_id = crate::store::programme::create_event(
            conn,
            who,
            input.organisation_id,
            &EventInput {
                title: name.to_owned(),
                summary: String::new(),
                description: String::new(),
                accepts_proposals: false,
            },
        )?;
        diesel::update(events::table.find(event_id))
            .set(events::status.eq("published"))
            .execute(conn)?;
        let stamp = db_now();
        let values = (
            calendar_sources::organisation_id.eq(input.organisation_id),
            calendar_sources::name.eq(name),
            calendar_sources::url.eq(input.url.as_deref().map(str::trim)),
            calendar_sources::trusted.eq(input.trusted),
            calendar_sources::takes_registrations.eq(input.takes_registrations),
            calendar_sources::venue_id.eq(input.venue_id),
            calendar_sources::municipality_id.eq(input.municipality_id),
            calendar_sources::kind_id.eq(input.kind_id),
            calendar_sources::event_id.eq(event_id),
            calendar_sources::refresh_minutes.eq(input.refresh_minutes),
            calendar_sources::next_fetch_at.eq(input.url.as_ref().map(|_| stamp)),
            calendar_sources::created_at.eq(stamp),
        );
        let id: i64 = crate::per_backend!(conn, |c| diesel::insert_into(calendar_sources::table)
            .values(values)
            .returning(calendar_sources::id)
            .get_result(c))?;
        set_defaults(conn, id, input)?;
        record(
            conn,
            &Entry::new(who.user_id, "create", "calendar_source", Some(id))
                .org(input.organisation_id)
                .detail(name),
        )?;
        Ok(id)
    })
}

/// Changes a feed's address, name, trust and defaults. Its organisation stays; a
/// trusted feed stays trusted only through the administrator.
pub fn update_source(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    input: &SourceInput,
) -> Result<()> {
    write_tx(conn, |conn| {
        let before = source(conn, id)?;
        if before.organisation_id != input.organisation_id {
            if !who.can_manage(before.organisation_id) {
                return Err(Error::Forbidden);
            }
            return Err(Error::field(
                "organisation_id",
                "admin-error-not-changeable",
            ));
        }
        check_permission(
            who,
            &SourceInput {
                // Keeping a feed trusted is not making it so.
                trusted: input.trusted && !before.trusted,
                ..input.clone()
            },
        )?;
        check_input(conn, input)?;
        let url_changed = before.url.as_deref() != input.url.as_deref().map(str::trim);
        diesel::update(calendar_sources::table.find(id))
            .set((
                calendar_sources::name.eq(input.name.trim()),
                calendar_sources::url.eq(input.url.as_deref().map(str::trim)),
                calendar_sources::trusted.eq(input.trusted),
                calendar_sources::takes_registrations.eq(input.takes_registrations),
                calendar_sources::venue_id.eq(input.venue_id),
                calendar_sources::municipality_id.eq(input.municipality_id),
                calendar_sources::kind_id.eq(input.kind_id),
                calendar_sources::refresh_minutes.eq(input.refresh_minutes),
            ))
            .execute(conn)?;
        if url_changed {
            // A new address: forget the old one's validators and failures, fetch soon.
            diesel::update(calendar_sources::table.find(id))
                .set((
                    calendar_sources::etag.eq(None::<String>),
                    calendar_sources::last_modified.eq(None::<String>),
                    calendar_sources::failures.eq(0),
                    calendar_sources::last_error.eq(None::<String>),
                    calendar_sources::next_fetch_at.eq(input.url.as_ref().map(|_| db_now())),
                ))
                .execute(conn)?;
        }
        set_defaults(conn, id, input)?;
        record(
            conn,
            &Entry::new(who.user_id, "update", "calendar_source", Some(id))
                .org(before.organisation_id)
                .detail(input.name.trim()),
        )?;
        Ok(())
    })
}

/// One source by id.
pub fn source(conn: &mut DbConnection, id: i64) -> Result<CalendarSource> {
    calendar_sources::table
        .find(id)
        .select(CalendarSource::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// The feeds the person may manage (the administrator: all), by organisation and name.
pub fn list_sources(conn: &mut DbConnection, who: &Access) -> Result<Vec<SourceView>> {
    let mut q = calendar_sources::table
        .inner_join(organisations::table)
        .order((
            organisations::name,
            calendar_sources::name,
            calendar_sources::id,
        ))
        .select((CalendarSource::as_select(), organisations::name))
        .into_boxed();
    if !who.can_administer_region() {
        let managed: Vec<i64> = who
            .memberships
            .iter()
            .filter(|(o, _)| who.can_manage(*o))
            .map(|(o, _)| *o)
            .collect();
        q = q.filter(calendar_sources::organisation_id.eq_any(managed));
    }
    let rows: Vec<(CalendarSource, String)> = q.load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for (source, organisation_name) in rows {
        let (audience_ids, topic_ids) = defaults(conn, source.id)?;
        let rules = rules(conn, source.id)?;
        out.push(SourceView {
            source,
            organisation_name,
            audience_ids,
            topic_ids,
            rules,
        });
    }
    Ok(out)
}

pub(crate) fn defaults(conn: &mut DbConnection, id: i64) -> QueryResult<(Vec<i64>, Vec<i64>)> {
    let audiences = calendar_source_audiences::table
        .filter(calendar_source_audiences::source_id.eq(id))
        .select(calendar_source_audiences::audience_id)
        .order(calendar_source_audiences::audience_id)
        .load(conn)?;
    let topics = calendar_source_topics::table
        .filter(calendar_source_topics::source_id.eq(id))
        .select(calendar_source_topics::topic_id)
        .order(calendar_source_topics::topic_id)
        .load(conn)?;
    Ok((audiences, topics))
}

pub(crate) fn rules(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<SourceRule>> {
    calendar_source_rules::table
        .filter(calendar_source_rules::source_id.eq(id))
        .order(calendar_source_rules::id)
        .select(SourceRule::as_select())
        .load(conn)
}

pub use crate::domain::imported::Validators;

/// A fetch went through (a new body, or `304 Not Modified`): remember the validators
/// (unchanged ones are kept when the answer carried none), clear the failures, and
/// schedule the next fetch one refresh period later.
pub fn record_fetch(
    conn: &mut DbConnection,
    id: i64,
    validators: &Validators,
    now: NaiveDateTime,
) -> Result<()> {
    write_tx(conn, |conn| {
        let s = source(conn, id)?;
        diesel::update(calendar_sources::table.find(id))
            .set((
                calendar_sources::etag.eq(validators.etag.clone().or(s.etag)),
                calendar_sources::last_modified
                    .eq(validators.last_modified.clone().or(s.last_modified)),
                calendar_sources::fetched_at.eq(now),
                calendar_sources::failures.eq(0),
                calendar_sources::last_error.eq(None::<String>),
                calendar_sources::next_fetch_at.eq(next_fetch(now, s.refresh_minutes, 0)),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// A fetch failed (timeout, too large, an HTTP error, unreadable): keep why, and wait
/// longer before the next try (`refresh × 2^failures`, at most a week).
pub fn record_failure(
    conn: &mut DbConnection,
    id: i64,
    error: &str,
    now: NaiveDateTime,
) -> Result<()> {
    write_tx(conn, |conn| {
        let s = source(conn, id)?;
        let failures = s.failures.saturating_add(1);
        let error: String = error.chars().take(1000).collect();
        diesel::update(calendar_sources::table.find(id))
            .set((
                calendar_sources::failures.eq(failures),
                calendar_sources::last_error.eq(error),
                calendar_sources::next_fetch_at.eq(next_fetch(now, s.refresh_minutes, failures)),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// The feeds with an address whose next fetch has come, longest waiting first.
pub fn due_sources(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Vec<CalendarSource>> {
    Ok(calendar_sources::table
        .filter(calendar_sources::url.is_not_null())
        .filter(calendar_sources::next_fetch_at.le(now))
        .order((calendar_sources::next_fetch_at, calendar_sources::id))
        .select(CalendarSource::as_select())
        .load(conn)?)
}
