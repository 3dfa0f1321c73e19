//! Moderation of the shared calendar (issue 12): the queue of what waits (new
//! activities, and changes of time, place or title to approved ones, shown old against
//! new), approving and rejecting in bulk with one audit entry per decision, splitting a
//! wrong merge of duplicates, and who moderates (per MRC; the regional administrator
//! everywhere).
//!
//! Messages this module answers with that `templates/i18n` must carry (fr / en):
//! - `admin-error-reject-reason`: « Inscrivez la raison du refus : elle sera transmise. »
//!   / "Write the reason for the refusal: it will be passed on."
//! - `admin-error-not-merged`: « Cette origine n'est pas une fusion : il n'y a rien à
//!   séparer. » / "This origin is not a merge: there is nothing to split."
//! - `admin-error-no-event`: « Choisissez le programme où publier cette activité. » /
//!   "Choose the programme this activity belongs to."

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::{CalendarSource, Session, SessionOrigin, Submission};
use crate::db::schema::{
    calendar_sources, merge_refusals, moderators, municipalities, organisations, session_origins,
    sessions, submissions,
};
use crate::db::{DbConnection, now as db_now, write_tx};
use crate::domain::access::Access;
use crate::domain::moderation::{Payload, SubmissionOrigin, SubmissionState, Version, changes};
use crate::error::{Error, Result};
use crate::store::audit::{Entry, record};
use crate::store::imports::publish::{self, acting_for};
use crate::store::proposals;

/// Longest reason for a refusal.
pub const MAX_REASON: usize = 500;

/// The MRCs the person moderates (`None`: all of them, the regional administrator).
fn moderated_mrcs(conn: &mut DbConnection, who: &Access) -> QueryResult<Option<Vec<i64>>> {
    if who.can_administer_region() {
        return Ok(None);
    }
    Ok(Some(
        moderators::table
            .filter(moderators::user_id.eq(who.user_id))
            .select(moderators::mrc_id)
            .load(conn)?,
    ))
}

/// The MRC of an organisation (through its municipality), if it has one.
fn mrc_of(conn: &mut DbConnection, organisation_id: i64) -> QueryResult<Option<i64>> {
    Ok(organisations::table
        .find(organisation_id)
        .left_join(municipalities::table)
        .select(municipalities::mrc_id.nullable())
        .first::<Option<i64>>(conn)
        .optional()?
        .flatten())
}

/// Whether the person moderates the organisation's activities: a moderator of its MRC,
/// or the regional administrator.
pub fn can_moderate(conn: &mut DbConnection, who: &Access, organisation_id: i64) -> Result<bool> {
    match moderated_mrcs(conn, who)? {
        None => Ok(true),
        Some(mrcs) => Ok(mrc_of(conn, organisation_id)?.is_some_and(|m| mrcs.contains(&m))),
    }
}

/// The live version a change would replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub session_id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub venue_id: Option<i64>,
    pub location_text: Option<String>,
}

/// One item of the queue.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub id: i64,
    pub origin: SubmissionOrigin,
    pub organisation_id: i64,
    pub organisation_name: String,
    /// The partner's feed it came from.
    pub source_name: Option<String>,
    pub proposer_name: Option<String>,
    /// What would be published.
    pub proposed: Payload,
    /// For a change to an approved activity: the version people see meanwhile.
    pub live: Option<Live>,
    /// For a change: what changed among `time`, `place`, `title`.
    pub changed: Vec<&'static str>,
    pub received_at: NaiveDateTime,
}

/// What waits for this person: items of the organisations they moderate, for
/// activities not over yet, soonest first (a public proposal only once its author
/// confirmed it). Someone who moderates nothing is refused.
pub fn queue(conn: &mut DbConnection, who: &Access, now: NaiveDateTime) -> Result<Vec<QueueItem>> {
    let mrcs = moderated_mrcs(conn, who)?;
    if mrcs.as_ref().is_some_and(Vec::is_empty) {
        return Err(Error::Forbidden);
    }
    let mut q = submissions::table
        .inner_join(organisations::table)
        .left_join(
            municipalities::table
                .on(organisations::municipality_id.eq(municipalities::id.nullable())),
        )
        .filter(submissions::state.eq(SubmissionState::Pending.as_str()))
        .filter(
            submissions::origin
                .eq(SubmissionOrigin::Import.as_str())
                .or(submissions::confirmed_at.is_not_null()),
        )
        .select((Submission::as_select(), organisations::name))
        .order(submissions::id)
        .into_boxed();
    if let Some(mrcs) = mrcs {
        q = q.filter(municipalities::mrc_id.eq_any(mrcs));
    }
    let rows: Vec<(Submission, String)> = q.load(conn)?;
    let source_ids: Vec<i64> = rows.iter().filter_map(|(s, _)| s.source_id).collect();
    let names: HashMap<i64, String> = calendar_sources::table
        .filter(calendar_sources::id.eq_any(source_ids))
        .select((calendar_sources::id, calendar_sources::name))
        .load(conn)?
        .into_iter()
        .collect();
    let mut items = Vec::with_capacity(rows.len());
    for (s, organisation_name) in rows {
        let Some(proposed) = Payload::from_json(&s.payload) else {
            tracing::warn!(submission = s.id, "unreadable payload");
            continue;
        };
        if proposed.ends_at <= now {
            continue;
        }
        let mut live = None;
        let mut changed = Vec::new();
        if let Some(sid) = s.session_id {
            let row: Session = sessions::table
                .find(sid)
                .select(Session::as_select())
                .first(conn)?;
            let text = publish::location_text(conn, sid)?;
            changed = changes(
                &publish::live_version(&row, text.as_deref(), None),
                &Version {
                    origin_url: None,
                    ..Version::of(&proposed)
                },
            )
            .material;
            live = Some(Live {
                session_id: sid,
                title: row.title,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                venue_id: row.venue_id,
                location_text: text,
            });
        }
        items.push(QueueItem {
            id: s.id,
            origin: SubmissionOrigin::parse(&s.origin).unwrap_or(SubmissionOrigin::Import),
            organisation_id: s.organisation_id,
            organisation_name,
            source_name: s.source_id.and_then(|i| names.get(&i).cloned()),
            proposer_name: s.proposer_name,
            proposed,
            live,
            changed,
            received_at: s.created_at,
        });
    }
    items.sort_by_key(|i| (i.proposed.starts_at, i.id));
    Ok(items)
}

/// What a bulk decision did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decided {
    /// (submission, the session it published or changed; none for a refusal)
    pub done: Vec<(i64, Option<i64>)>,
    /// Items already decided (by someone else meanwhile, or superseded): left as they are.
    pub skipped: Vec<i64>,
}

/// Loads the items, checking first that the person moderates every one of them (one
/// item out of reach refuses the whole batch, before anything is written).
fn batch(conn: &mut DbConnection, who: &Access, ids: &[i64]) -> Result<Vec<Submission>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<Submission> = submissions::table
        .filter(submissions::id.eq_any(&ids))
        .order(submissions::id)
        .select(Submission::as_select())
        .load(conn)?;
    if rows.len() != ids.len() {
        return Err(Error::NotFound);
    }
    for r in &rows {
        if !can_moderate(conn, who, r.organisation_id)? {
            return Err(Error::Forbidden);
        }
    }
    Ok(rows)
}

fn decide(
    conn: &mut DbConnection,
    id: i64,
    state: SubmissionState,
    who: &Access,
    reason: Option<&str>,
    session_id: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(submissions::table.find(id))
        .set((
            submissions::state.eq(state.as_str()),
            submissions::reason.eq(reason),
            submissions::session_id.eq(session_id),
            submissions::decided_by.eq(who.user_id),
            submissions::decided_at.eq(now),
            submissions::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

fn source_of(conn: &mut DbConnection, s: &Submission) -> Result<Option<CalendarSource>> {
    s.source_id
        .map(|id| crate::store::imports::source(conn, id))
        .transpose()
}

/// Approves items: a new activity is published (in its feed's programme, or the one a
/// proposal names), a change is applied to the live session (which then tells its
/// registered people, as any move does); a proposer is told by email. One
/// transaction; one audit entry per item.
pub fn approve(
    conn: &mut DbConnection,
    who: &Access,
    ids: &[i64],
    now: NaiveDateTime,
) -> Result<Decided> {
    write_tx(conn, |conn| {
        let mut out = Decided::default();
        for s in batch(conn, who, ids)? {
            if s.state != SubmissionState::Pending.as_str() || proposals::awaits_its_author(&s) {
                out.skipped.push(s.id);
                continue;
            }
            let p = Payload::from_json(&s.payload).ok_or_else(|| {
                Error::Unexpected(anyhow::anyhow!("submission {}: payload", s.id))
            })?;
            let source = source_of(conn, &s)?;
            let act = acting_for(who.user_id, s.organisation_id);
            let session_id = match s.session_id {
                Some(sid) => {
                    let live: Session = sessions::table
                        .find(sid)
                        .select(Session::as_select())
                        .first(conn)?;
                    publish::update(conn, &act, &live, &p)?;
                    if let (Some(src), Some(key)) = (&source, &s.external_uid) {
                        let origin: Option<SessionOrigin> = session_origins::table
                            .filter(session_origins::source_id.eq(src.id))
                            .filter(session_origins::external_uid.eq(key))
                            .select(SessionOrigin::as_select())
                            .first(conn)
                            .optional()?;
                        if let Some(o) = origin {
                            publish::refresh_origin(conn, &o, &p)?;
                        }
                    }
                    sid
                }
                None => {
                    let event_id = p
                        .event_id
                        .or(source.as_ref().map(|x| x.event_id))
                        .ok_or_else(|| Error::field("event_id", "admin-error-no-event"))?;
                    let origin = match (&source, &s.external_uid) {
                        (Some(src), Some(key)) => Some((src.id, key.as_str())),
                        _ => None,
                    };
                    let registrations = source.as_ref().is_some_and(|x| x.takes_registrations);
                    publish::create(conn, &act, event_id, &p, registrations, origin)?
                }
            };
            decide(
                conn,
                s.id,
                SubmissionState::Approved,
                who,
                None,
                Some(session_id),
                now,
            )?;
            proposals::tell_decision(conn, &s, proposals::Decision::Approved(session_id))?;
            record(
                conn,
                &Entry::new(who.user_id, "approve", "submission", Some(s.id))
                    .org(s.organisation_id)
                    .detail(format!("{} → #{session_id}", p.title)),
            )?;
            out.done.push((s.id, Some(session_id)));
        }
        Ok(out)
    })
}

/// Rejects items with a reason (kept with each, and emailed to a proposer, for the
/// record). A rejected version is not queued again by re-imports; a later change is.
pub fn reject(
    conn: &mut DbConnection,
    who: &Access,
    ids: &[i64],
    reason: &str,
    now: NaiveDateTime,
) -> Result<Decided> {
    write_tx(conn, |conn| {
        let rows = batch(conn, who, ids)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::field("reason", "admin-error-reject-reason"));
        }
        if reason.chars().count() > MAX_REASON {
            return Err(Error::field("reason", "admin-error-too-long"));
        }
        let mut out = Decided::default();
        for s in rows {
            if s.state != SubmissionState::Pending.as_str() || proposals::awaits_its_author(&s) {
                out.skipped.push(s.id);
                continue;
            }
            decide(
                conn,
                s.id,
                SubmissionState::Rejected,
                who,
                Some(reason),
                s.session_id,
                now,
            )?;
            proposals::tell_decision(conn, &s, proposals::Decision::Rejected(reason))?;
            let title = Payload::from_json(&s.payload)
                .map(|p| p.title)
                .unwrap_or_default();
            record(
                conn,
                &Entry::new(who.user_id, "reject", "submission", Some(s.id))
                    .org(s.organisation_id)
                    .detail(format!("{title} — {reason}")),
            )?;
            out.done.push((s.id, None));
        }
        Ok(out)
    })
}

/// The origins a session is shown from (its own first), for « Source : … » lines and
/// for choosing what to split.
pub fn origins(conn: &mut DbConnection, session_id: i64) -> Result<Vec<(SessionOrigin, String)>> {
    Ok(session_origins::table
        .inner_join(calendar_sources::table)
        .filter(session_origins::session_id.eq(session_id))
        .order(session_origins::id)
        .select((SessionOrigin::as_select(), calendar_sources::name))
        .load(conn)?)
}

/// Undoes a wrong merge: the origin leaves the session and becomes its own activity
/// (published if its feed is trusted, else queued), and the pair is remembered so that
/// re-imports never merge them again. For moderators of the session's organisation,
/// the regional administrator, and whoever edits the organisation's sessions. Returns
/// the new session, if one was published.
pub fn split(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    origin_id: i64,
    now: NaiveDateTime,
) -> Result<Option<i64>> {
    write_tx(conn, |conn| {
        let s: Session = sessions::table
            .find(session_id)
            .select(Session::as_select())
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound)?;
        if !who.can_edit(s.organisation_id) && !can_moderate(conn, who, s.organisation_id)? {
            return Err(Error::Forbidden);
        }
        let origin: SessionOrigin = session_origins::table
            .find(origin_id)
            .filter(session_origins::session_id.eq(session_id))
            .select(SessionOrigin::as_select())
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound)?;
        let (Some(source_id), Some(key)) = (origin.source_id, origin.external_uid.clone()) else {
            return Err(Error::conflict("admin-error-not-merged"));
        };
        if s.external_uid.as_deref() == Some(publish::external_uid(source_id, &key).as_str()) {
            return Err(Error::conflict("admin-error-not-merged"));
        }
        let p = Payload::from_json(&origin.payload)
            .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("origin {origin_id}: payload")))?;
        diesel::delete(session_origins::table.find(origin_id)).execute(conn)?;
        diesel::insert_into(merge_refusals::table)
            .values((
                merge_refusals::session_id.eq(session_id),
                merge_refusals::source_id.eq(source_id),
                merge_refusals::external_uid.eq(&key),
                merge_refusals::decided_by.eq(who.user_id),
                merge_refusals::created_at.eq(now),
            ))
            .execute(conn)?;
        let source = crate::store::imports::source(conn, source_id)?;
        let org_trusted: bool = organisations::table
            .find(source.organisation_id)
            .select(organisations::trusted)
            .first(conn)?;
        let created = if source.trusted || org_trusted {
            let actor = publish::import_actor(conn)?;
            Some(publish::create(
                conn,
                &acting_for(actor, source.organisation_id),
                source.event_id,
                &p,
                source.takes_registrations,
                Some((source_id, &key)),
            )?)
        } else {
            diesel::insert_into(submissions::table)
                .values((
                    submissions::origin.eq(SubmissionOrigin::Import.as_str()),
                    submissions::source_id.eq(source_id),
                    submissions::organisation_id.eq(source.organisation_id),
                    submissions::external_uid.eq(&key),
                    submissions::payload.eq(p.to_json()),
                    submissions::state.eq(SubmissionState::Pending.as_str()),
                    submissions::created_at.eq(now),
                    submissions::updated_at.eq(now),
                ))
                .execute(conn)?;
            None
        };
        record(
            conn,
            &Entry::new(who.user_id, "split", "session", Some(session_id))
                .org(s.organisation_id)
                .detail(format!("{} ⟂ {} ({key})", s.title, source.name)),
        )?;
        Ok(created)
    })
}

/// Names a moderator for an MRC (the regional administrator does).
pub fn add_moderator(
    conn: &mut DbConnection,
    who: &Access,
    user_id: i64,
    mrc_id: i64,
) -> Result<()> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let exists: i64 = moderators::table
            .filter(moderators::user_id.eq(user_id))
            .filter(moderators::mrc_id.eq(mrc_id))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            diesel::insert_into(moderators::table)
                .values((
                    moderators::user_id.eq(user_id),
                    moderators::mrc_id.eq(mrc_id),
                    moderators::created_at.eq(db_now()),
                ))
                .execute(conn)?;
            record(
                conn,
                &Entry::new(who.user_id, "add_moderator", "mrc", Some(mrc_id))
                    .detail(format!("user #{user_id}")),
            )?;
        }
        Ok(())
    })
}

/// Marks an organisation trusted (its imports and proposals publish without
/// moderation), or not (the regional administrator does).
pub fn set_trusted(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    trusted: bool,
) -> Result<()> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let n = diesel::update(organisations::table.find(organisation_id))
            .filter(organisations::trusted.ne(trusted))
            .set(organisations::trusted.eq(trusted))
            .execute(conn)?;
        if n > 0 {
            record(
                conn,
                &Entry::new(
                    who.user_id,
                    if trusted { "trust" } else { "distrust" },
                    "organisation",
                    Some(organisation_id),
                )
                .org(organisation_id),
            )?;
        }
        Ok(())
    })
}

// What the back office's pages need beyond the acts above (the count in the
// navigation, place names, a session's origins, naming moderators): `backoffice`.
mod backoffice;
pub use backoffice::{
    ModeratorRow, OriginRow, PlaceNames, add_moderator_by_email, moderator_list,
    organisations_trust, place_names, remove_moderator, session_origins, waiting,
};
