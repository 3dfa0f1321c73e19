//! Applying a read feed to the programme, in one transaction (a dry run rolls it back).
//!
//! Each occurrence is known by its key (`UID` and recurrence id) among its source's
//! origins (`session_origins`). A trusted source (or trusted organisation) publishes and
//! updates sessions directly; an untrusted one queues new activities for moderation,
//! and queues *material* changes (time, place, title) to approved ones while the live
//! session stays as it was; minor changes (description, link) apply at once. An
//! occurrence cancelled in the feed, or a future one gone from it, cancels its session
//! (never deletes it); a queued one gone from the feed is superseded. An occurrence
//! that duplicates a live session (same time within 15 minutes, same municipality,
//! similar title) is shown by it, as one more origin. Nothing is written when nothing
//! changed.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::publish::{self, acting_for, import_actor};
use crate::db::models::{CalendarSource, Session, SessionOrigin, SourceRule, Submission};
use crate::db::schema::{organisations, session_origins, sessions, submissions};
use crate::db::{DbConnection, write_tx};
use crate::domain::access::Access;
use crate::domain::imported::{ImportedFeed, Occurrence, Refusal};
use crate::domain::moderation::{
    KnownPlace, Payload, SubmissionOrigin, SubmissionState, Version, changes, has_keyword,
    match_place,
};
use crate::domain::session::SessionStatus;
use crate::error::{Error, Result};

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Sessions published.
    pub new: usize,
    /// Sessions changed (or their origin's link), directly.
    pub updated: usize,
    /// Sessions cancelled (cancelled in the feed, or gone from it), and queued items
    /// withdrawn because their activity left the feed.
    pub cancelled: usize,
    /// New activities or material changes waiting for a moderator.
    pub queued: usize,
    /// Occurrences already as they are here (or already waiting, or already refused).
    pub unchanged: usize,
    /// Occurrences found to duplicate a live session, now listed as its origins.
    pub merged: usize,
    /// Occurrences over before this import, not taken in.
    pub past: usize,
    /// The feed's events left out, and occurrences the programme refused.
    pub refused: Vec<Refusal>,
}

impl ImportSummary {
    /// Whether the import changed anything.
    pub fn wrote(&self) -> bool {
        self.new + self.updated + self.cancelled + self.queued + self.merged > 0
    }
}

enum Stop {
    Failed(Error),
    DryRun(ImportSummary),
}

impl From<diesel::result::Error> for Stop {
    fn from(e: diesel::result::Error) -> Stop {
        Stop::Failed(e.into())
    }
}

/// Applies a feed read from source `source_id`. `now` decides what is past (not
/// imported, never cancelled by disappearing). With `dry_run`, everything is done and
/// counted, then rolled back.
pub fn apply(
    conn: &mut DbConnection,
    source_id: i64,
    feed: &ImportedFeed,
    now: NaiveDateTime,
    dry_run: bool,
) -> Result<ImportSummary> {
    let run = write_tx(conn, |conn| {
        let summary = Run::load(conn, source_id, now)
            .map_err(Stop::Failed)?
            .go(conn, feed)
            .map_err(Stop::Failed)?;
        if dry_run {
            Err(Stop::DryRun(summary))
        } else {
            Ok(summary)
        }
    });
    match run {
        Ok(s) | Err(Stop::DryRun(s)) => Ok(s),
        Err(Stop::Failed(e)) => Err(e),
    }
}

/// One import's context: the source, what it already shows, its defaults.
struct Run {
    source: CalendarSource,
    trusted: bool,
    now: NaiveDateTime,
    places: Vec<(i64, String, String, i64)>,
    audiences: Vec<i64>,
    topics: Vec<i64>,
    rules: Vec<SourceRule>,
    origins: HashMap<String, SessionOrigin>,
    /// The latest submission of each key.
    submissions: HashMap<String, Submission>,
    actor: Option<i64>,
    summary: ImportSummary,
}

impl Run {
    fn load(conn: &mut DbConnection, source_id: i64, now: NaiveDateTime) -> Result<Run> {
        let source = super::source(conn, source_id)?;
        let org_trusted: bool = organisations::table
            .find(source.organisation_id)
            .select(organisations::trusted)
            .first(conn)?;
        let places = crate::store::venues::usable_by(conn, source.organisation_id)?
            .into_iter()
            .map(|v| (v.id, v.name, v.address, v.municipality_id))
            .collect();
        let (audiences, topics) = super::defaults(conn, source_id)?;
        let rules = super::rules(conn, source_id)?;
        let origins = session_origins::table
            .filter(session_origins::source_id.eq(source_id))
            .select(SessionOrigin::as_select())
            .load(conn)?
            .into_iter()
            .filter_map(|o| Some((o.external_uid.clone()?, o)))
            .collect();
        let mut latest: HashMap<String, Submission> = HashMap::new();
        let rows: Vec<Submission> = submissions::table
            .filter(submissions::source_id.eq(source_id))
            .order(submissions::id)
            .select(Submission::as_select())
            .load(conn)?;
        for s in rows {
            if let Some(k) = s.external_uid.clone() {
                latest.insert(k, s);
            }
        }
        Ok(Run {
            trusted: source.trusted || org_trusted,
            source,
            now,
            places,
            audiences,
            topics,
            rules,
            origins,
            submissions: latest,
            actor: None,
            summary: ImportSummary::default(),
        })
    }

    /// The import account acting for the organisation (created on first need only, so
    /// an import that changes nothing writes nothing).
    fn who(&mut self, conn: &mut DbConnection) -> Result<Access> {
        let id = match self.actor {
            Some(id) => id,
            None => {
                let id = import_actor(conn)?;
                self.actor = Some(id);
                id
            }
        };
        Ok(acting_for(id, self.source.organisation_id))
    }

    fn payload(&self, o: &Occurrence) -> Payload {
        let known: Vec<KnownPlace<'_>> = self
            .places
            .iter()
            .map(|(id, name, address, _)| KnownPlace {
                id: *id,
                name,
                address,
            })
            .collect();
        let matched = o.location.as_deref().and_then(|l| match_place(l, &known));
        let venue_id = matched.or(self.source.venue_id);
        let municipality_id = venue_id
            .and_then(|v| self.places.iter().find(|p| p.0 == v).map(|p| p.3))
            .or(self.source.municipality_id);
        let text = format!("{}\n{}", o.title, o.description);
        let mut audience_ids = self.audiences.clone();
        let mut topic_ids = self.topics.clone();
        for r in &self.rules {
            if has_keyword(&text, &r.keyword) {
                audience_ids.extend(r.audience_id);
                topic_ids.extend(r.topic_id);
            }
        }
        audience_ids.sort_unstable();
        audience_ids.dedup();
        topic_ids.sort_unstable();
        topic_ids.dedup();
        Payload {
            title: o.title.trim().to_owned(),
            starts_at: o.starts_at,
            ends_at: o.ends_at,
            all_day: o.all_day,
            description: o.description.clone(),
            location_text: if matched.is_some() {
                None
            } else {
                o.location.clone().filter(|l| !l.trim().is_empty())
            },
            venue_id,
            municipality_id,
            kind_id: self.source.kind_id,
            audience_ids,
            topic_ids,
            origin_url: o.url.clone(),
            event_id: None,
            proposed_by: None,
        }
    }

    fn go(mut self, conn: &mut DbConnection, feed: &ImportedFeed) -> Result<ImportSummary> {
        self.summary.refused = feed.refused.clone();
        let mut seen = HashSet::new();
        for o in &feed.occurrences {
            if !seen.insert(o.key.clone()) {
                self.summary.refused.push(Refusal {
                    uid: Some(o.key.clone()),
                    reason: "the same occurrence appears twice in the feed".into(),
                });
                continue;
            }
            let p = self.payload(o);
            // One occurrence the programme refuses (a trainer's clash, say) is reported
            // and leaves the others be: its savepoint is rolled back.
            let one = write_tx(conn, |conn| self.occurrence(conn, o, &p));
            if let Err(e) = one {
                match e {
                    Error::Unexpected(_) | Error::Unavailable => return Err(e),
                    other => self.summary.refused.push(Refusal {
                        uid: Some(o.key.clone()),
                        reason: format!("refused by the programme: {other}"),
                    }),
                }
            }
        }
        self.gone(conn, &seen)?;
        Ok(self.summary)
    }

    fn occurrence(&mut self, conn: &mut DbConnection, o: &Occurrence, p: &Payload) -> Result<()> {
        match self.origins.get(&o.key).cloned() {
            Some(origin) => self.known(conn, o, p, &origin),
            None => self.unknown(conn, o, p),
        }
    }

    /// An occurrence this source already shows.
    fn known(
        &mut self,
        conn: &mut DbConnection,
        o: &Occurrence,
        p: &Payload,
        origin: &SessionOrigin,
    ) -> Result<()> {
        let s: Session = sessions::table
            .find(origin.session_id)
            .select(Session::as_select())
            .first(conn)?;
        let primary = s.external_uid.as_deref()
            == Some(publish::external_uid(self.source.id, &o.key).as_str());
        if !primary {
            // Merged into another origin's session: that origin keeps it up to date.
            if o.cancelled {
                diesel::delete(session_origins::table.find(origin.id)).execute(conn)?;
                self.summary.updated += 1;
            } else if publish::refresh_origin(conn, origin, p)? {
                self.summary.updated += 1;
            } else {
                self.summary.unchanged += 1;
            }
            return Ok(());
        }
        if s.ends_at <= self.now || s.status == SessionStatus::Cancelled {
            // History stays as it was; a cancelled session is not revived.
            self.summary.unchanged += 1;
            return Ok(());
        }
        let pending = self
            .submissions
            .get(&o.key)
            .filter(|x| x.state == SubmissionState::Pending.as_str())
            .cloned();
        if o.cancelled {
            if let Some(x) = &pending {
                supersede(conn, x.id, self.now)?;
            }
            let who = self.who(conn)?;
            let reason = format!("Annulé dans le calendrier de {}", self.source.name);
            publish::cancel(conn, who.user_id, &s, &reason, self.now)?;
            self.summary.cancelled += 1;
            return Ok(());
        }
        let text = publish::location_text(conn, s.id)?;
        let live = publish::live_version(&s, text.as_deref(), origin.origin_url.as_deref());
        let c = changes(&live, &Version::of(p));
        let mut wrote = false;
        if c.none() {
            if let Some(x) = &pending {
                // The feed came back to the live version: the queued change is moot.
                supersede(conn, x.id, self.now)?;
                self.summary.updated += 1;
                wrote = true;
            }
        } else if self.trusted || c.material.is_empty() {
            let who = self.who(conn)?;
            publish::update(conn, &who, &s, p)?;
            if let Some(x) = &pending {
                supersede(conn, x.id, self.now)?;
            }
            self.summary.updated += 1;
            wrote = true;
        } else {
            if !c.minor.is_empty() {
                // Description and link apply now; time, place and title wait.
                let minor = Payload {
                    title: s.title.clone(),
                    starts_at: s.starts_at,
                    ends_at: s.ends_at,
                    venue_id: s.venue_id,
                    location_text: text.clone(),
                    ..p.clone()
                };
                let who = self.who(conn)?;
                publish::update(conn, &who, &s, &minor)?;
                self.summary.updated += 1;
                wrote = true;
            }
            if self.queue(conn, &o.key, Some(s.id), p)? {
                wrote = true;
            }
        }
        if publish::refresh_origin(conn, origin, p)? {
            wrote = true;
        }
        if !wrote {
            self.summary.unchanged += 1;
        }
        Ok(())
    }

    /// An occurrence this source does not show yet.
    fn unknown(&mut self, conn: &mut DbConnection, o: &Occurrence, p: &Payload) -> Result<()> {
        let last = self.submissions.get(&o.key).cloned();
        if o.ends_at <= self.now {
            self.summary.past += 1;
            return Ok(());
        }
        if o.cancelled {
            match last {
                Some(x) if x.state == SubmissionState::Pending.as_str() => {
                    supersede(conn, x.id, self.now)?;
                    self.summary.cancelled += 1;
                }
                _ => self.summary.unchanged += 1,
            }
            return Ok(());
        }
        if let Some(x) = &last
            && x.state == SubmissionState::Pending.as_str()
        {
            // Already waiting: keep the waiting version current.
            if self.queue(conn, &o.key, None, p)? {
                return Ok(());
            }
            self.summary.unchanged += 1;
            return Ok(());
        }
        if let Some(existing) = publish::duplicate_of(conn, self.source.id, &o.key, p)? {
            publish::add_origin(conn, existing, self.source.id, &o.key, p)?;
            self.summary.merged += 1;
            return Ok(());
        }
        if self.trusted {
            let who = self.who(conn)?;
            publish::create(
                conn,
                &who,
                self.source.event_id,
                p,
                self.source.takes_registrations,
                Some((self.source.id, &o.key)),
            )?;
            self.summary.new += 1;
        } else if !self.queue(conn, &o.key, None, p)? {
            self.summary.unchanged += 1;
        }
        Ok(())
    }

    /// Puts a version in the queue (a new activity, or a change to `session_id`): the
    /// pending item of the key gets it, or a new one is made, unless that very version
    /// is already waiting or was refused. Returns whether it wrote.
    fn queue(
        &mut self,
        conn: &mut DbConnection,
        key: &str,
        session_id: Option<i64>,
        p: &Payload,
    ) -> Result<bool> {
        let json = p.to_json();
        match self.submissions.get(key) {
            // Waiting already, or refused already: the moderator decided.
            Some(x)
                if x.payload == json
                    && x.session_id == session_id
                    && (x.state == SubmissionState::Pending.as_str()
                        || x.state == SubmissionState::Rejected.as_str()) =>
            {
                return Ok(false);
            }
            Some(x) if x.state == SubmissionState::Pending.as_str() => {
                diesel::update(submissions::table.find(x.id))
                    .set((
                        submissions::payload.eq(&json),
                        submissions::session_id.eq(session_id),
                        submissions::updated_at.eq(self.now),
                    ))
                    .execute(conn)?;
                self.summary.queued += 1;
                return Ok(true);
            }
            _ => {}
        }
        let id: i64 = crate::per_backend!(conn, |c| diesel::insert_into(submissions::table)
            .values((
                submissions::origin.eq(SubmissionOrigin::Import.as_str()),
                submissions::source_id.eq(self.source.id),
                submissions::organisation_id.eq(self.source.organisation_id),
                submissions::session_id.eq(session_id),
                submissions::external_uid.eq(key),
                submissions::payload.eq(&json),
                submissions::state.eq(SubmissionState::Pending.as_str()),
                submissions::created_at.eq(self.now),
                submissions::updated_at.eq(self.now),
            ))
            .returning(submissions::id)
            .get_result(c))?;
        let row = submissions::table
            .find(id)
            .select(Submission::as_select())
            .first(conn)?;
        self.submissions.insert(key.to_owned(), row);
        self.summary.queued += 1;
        Ok(true)
    }

    /// What left the feed: its future sessions are cancelled, its merged origins
    /// dropped, its waiting items superseded.
    fn gone(&mut self, conn: &mut DbConnection, seen: &HashSet<String>) -> Result<()> {
        let mut left: Vec<SessionOrigin> = self
            .origins
            .iter()
            .filter(|(k, _)| !seen.contains(*k))
            .map(|(_, o)| o.clone())
            .collect();
        left.sort_by_key(|o| o.id);
        let reason = format!("Retiré du calendrier de {}", self.source.name);
        for origin in left {
            let key = origin.external_uid.clone().unwrap_or_default();
            let s: Session = sessions::table
                .find(origin.session_id)
                .select(Session::as_select())
                .first(conn)?;
            let primary = s.external_uid.as_deref()
                == Some(publish::external_uid(self.source.id, &key).as_str());
            if !primary {
                diesel::delete(session_origins::table.find(origin.id)).execute(conn)?;
                self.summary.updated += 1;
            } else if s.starts_at > self.now && s.status != SessionStatus::Cancelled {
                let who = self.who(conn)?;
                publish::cancel(conn, who.user_id, &s, &reason, self.now)?;
                self.summary.cancelled += 1;
            }
        }
        let waiting: Vec<i64> = self
            .submissions
            .iter()
            .filter(|(k, x)| !seen.contains(*k) && x.state == SubmissionState::Pending.as_str())
            .map(|(_, x)| x.id)
            .collect();
        for id in waiting {
            supersede(conn, id, self.now)?;
            self.summary.cancelled += 1;
        }
        Ok(())
    }
}

fn supersede(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(submissions::table.find(id))
        .set((
            submissions::state.eq(SubmissionState::Superseded.as_str()),
            submissions::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
