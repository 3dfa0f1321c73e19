//! The message after a session, queued by the `follow_ups` job a delay after the
//! session ends: people marked present get a thank-you (survey, certificate, the next
//! workshops on the same topic near them, « Je veux un accompagnement »), people who
//! did not come a friendly note with the next dates. Once per registration: each row
//! is claimed by a conditional `UPDATE … WHERE followed_up_at IS NULL` in the
//! transaction that queues its message, so two processes never both send it. Never
//! for a cancelled session, a purged registration, or a session ended more than
//! `FOLLOW_UP_WINDOW_DAYS` before the delay.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::{Registration, Session};
use crate::db::schema::{mrcs, registrations, sessions};
use crate::db::{DbConnection, write_tx};
use crate::domain::filter::{Paging, SessionFilter};
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::outcome::follow_up_window;
use crate::domain::registration::Status;
use crate::domain::session::SessionStatus;
use crate::domain::time;
use crate::error::Result;
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::sessions::{SessionDetails, details, search};

/// Registrations looked at per pass.
pub const BATCH: i64 = 200;
/// Workshops suggested in a message.
pub const NEXT_MAX: usize = 3;

/// A workshop suggested after a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextSession {
    pub id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    /// Venue and town; `None` online.
    pub place: Option<String>,
    pub full: bool,
}

impl NextSession {
    fn of(d: &SessionDetails) -> NextSession {
        let s = &d.session;
        NextSession {
            id: s.id,
            title: s.title.clone(),
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            place: d.venue.as_ref().map(|v| match &d.municipality {
                Some(m) => format!("{}, {}", v.name, m.name),
                None => v.name.clone(),
            }),
            full: s.capacity.is_some_and(|c| s.seats_taken >= c),
        }
    }

    fn json(&self) -> serde_json::Value {
        json!({
            "id": self.id,
            "title": self.title,
            "starts_at": time::rfc3339(self.starts_at),
            "ends_at": time::rfc3339(self.ends_at),
            "place": self.place,
            "full": self.full,
        })
    }
}

fn bookable(d: &SessionDetails, after: &Session, now: NaiveDateTime) -> bool {
    d.session.id != after.id
        && d.session.status == SessionStatus::Published
        && d.session.starts_at > now
}

/// Up to three upcoming public workshops on the same topic as `after`, in the same MRC
/// as its venue (anywhere for an online session), those with seats left first, then
/// by date.
pub fn same_topic_near(
    conn: &mut DbConnection,
    after: &SessionDetails,
    now: NaiveDateTime,
) -> Result<Vec<NextSession>> {
    if after.topics.is_empty() {
        return Ok(Vec::new());
    }
    let mrc: Option<String> = match &after.municipality {
        Some(m) => mrcs::table
            .find(m.mrc_id)
            .select(mrcs::slug)
            .first(conn)
            .optional()?,
        None => None,
    };
    let filter = SessionFilter {
        topic: after.topics.iter().map(|t| t.slug.clone()).collect(),
        mrc: mrc.into_iter().collect(),
        ..SessionFilter::default()
    };
    let paging = Paging {
        page: 1,
        per_page: 30,
    };
    let (found, _) = search(conn, &filter, Some(paging), now)?;
    let mut next: Vec<NextSession> = found
        .iter()
        .filter(|d| bookable(d, &after.session, now))
        .map(NextSession::of)
        .collect();
    // Stable: by date within « seats left » and « full ».
    next.sort_by_key(|n| n.full);
    next.truncate(NEXT_MAX);
    Ok(next)
}

/// The next dates of `after` for someone who missed it: the same series first, then
/// the same topic near it.
pub fn next_dates(
    conn: &mut DbConnection,
    after: &SessionDetails,
    now: NaiveDateTime,
) -> Result<Vec<NextSession>> {
    let mut next = Vec::new();
    if let Some(key) = &after.session.series_key {
        let rows: Vec<Session> = sessions::table
            .filter(sessions::series_key.eq(key))
            .filter(sessions::id.ne(after.session.id))
            .filter(sessions::status.eq(SessionStatus::Published.as_str()))
            .filter(sessions::starts_at.gt(now))
            .filter(crate::store::interests::not_embargoed(now))
            .order((sessions::starts_at, sessions::id))
            .limit(NEXT_MAX as i64)
            .select(Session::as_select())
            .load(conn)?;
        next.extend(details(conn, rows)?.iter().map(NextSession::of));
    }
    if next.len() < NEXT_MAX {
        for n in same_topic_near(conn, after, now)? {
            if next.len() < NEXT_MAX && !next.iter().any(|m| m.id == n.id) {
                next.push(n);
            }
        }
    }
    Ok(next)
}

/// The `follow_ups` job's pass at `now`: queues the message after each session that
/// ended at least `delay` ago. Returns how many registrations it settled (a
/// registration without an email is settled without a message).
pub fn queue(conn: &mut DbConnection, now: NaiveDateTime, delay: Duration) -> Result<usize> {
    let (from, to) = follow_up_window(now, delay);
    let due: Vec<Registration> = registrations::table
        .inner_join(sessions::table)
        .filter(registrations::status.eq_any([Status::Attended.as_str(), Status::NoShow.as_str()]))
        .filter(registrations::followed_up_at.is_null())
        .filter(registrations::purged_at.is_null())
        .filter(sessions::status.eq(SessionStatus::Published.as_str()))
        .filter(sessions::ends_at.le(to))
        .filter(sessions::ends_at.gt(from))
        .order(registrations::id)
        .limit(BATCH)
        .select(Registration::as_select())
        .load(conn)?;
    // What to suggest, per session and kind of message (read once per pass).
    let mut suggestions: HashMap<(i64, bool), Vec<NextSession>> = HashMap::new();
    let mut settled = 0;
    for r in &due {
        let present = r.status == Status::Attended;
        if r.email.is_some() && !suggestions.contains_key(&(r.session_id, present)) {
            let s: Session = sessions::table
                .find(r.session_id)
                .select(Session::as_select())
                .first(conn)?;
            let d = details(conn, vec![s])?.remove(0);
            let next = if present {
                same_topic_near(conn, &d, now)?
            } else {
                next_dates(conn, &d, now)?
            };
            suggestions.insert((r.session_id, present), next);
        }
        let next = suggestions
            .get(&(r.session_id, present))
            .cloned()
            .unwrap_or_default();
        settled += write_tx(conn, |c| -> Result<usize> {
            // The claim: only one process (or pass) gets 1 here.
            let claimed = diesel::update(
                registrations::table
                    .find(r.id)
                    .filter(registrations::followed_up_at.is_null())
                    .filter(registrations::purged_at.is_null())
                    .filter(registrations::status.eq(r.status.as_str())),
            )
            .set(registrations::followed_up_at.eq(now))
            .execute(c)?;
            if claimed == 0 {
                return Ok(0);
            }
            if let Some(email) = &r.email {
                enqueue(
                    c,
                    &NewMessage {
                        kind: if present {
                            MessageKind::FollowUpThanks
                        } else {
                            MessageKind::FollowUpNoShow
                        },
                        registration_id: Some(r.id),
                        session_id: Some(r.session_id),
                        recipient: email.clone(),
                        recipient_name: r.name.clone().unwrap_or_default(),
                        language: Lang::parse(&r.language).unwrap_or_default(),
                        payload: json!({
                            "next": next.iter().map(NextSession::json).collect::<Vec<_>>(),
                        }),
                    },
                )?;
            }
            Ok(1)
        })?;
    }
    Ok(settled)
}
