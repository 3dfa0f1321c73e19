//! Interest lists (« Prévenez-moi »): a person (or a staff member, for someone who
//! phoned) leaves a name and an address for a topic in a municipality; organisers see
//! the demand as counts; when a matching session is published, [`announce`] tells the
//! people on the list in the publishing transaction, and holds the session out of public
//! listings for the organisation's head start ([`not_embargoed`] is that one filter).
//!
//! Each person is told once per topic × municipality: the row then keeps `notified_at`
//! and the session (it no longer counts as demand, and a new sign-up starts a new
//! wait); the retention purge removes it with the rest ([`purge`]).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::{Municipality, Term};
use crate::db::schema::{
    interests, mrcs, municipalities, organisations, session_embargoes, session_locations,
    session_topics, sessions, topics, venues,
};
use crate::db::{DbConnection, MultiBackend, write_tx};
use crate::domain::access::Access;
use crate::domain::interest::{Signup, public_at};
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::registration::email_key;
use crate::domain::session::SessionStatus;
use crate::domain::token::{digest, looks_like_token, random_token};
use crate::error::{Error, FieldError, Msg, Result};
use crate::store::audit::{Entry, record};
use crate::store::catalogue::term_columns;
use crate::store::outbox::{NewMessage, enqueue};

/// The topic and the municipality a sign-up names, or a message per unknown one.
fn resolve(conn: &mut DbConnection, s: &Signup) -> Result<(Term, Municipality)> {
    let topic: Option<Term> = topics::table
        .filter(topics::slug.eq(&s.topic))
        .select(term_columns!(topics))
        .first(conn)
        .optional()?;
    let town: Option<Municipality> = municipalities::table
        .filter(municipalities::slug.eq(&s.municipality))
        .select(Municipality::as_select())
        .first(conn)
        .optional()?;
    match (topic, town) {
        (Some(t), Some(m)) => Ok((t, m)),
        (t, m) => {
            let mut errors = Vec::new();
            if t.is_none() {
                errors.push(FieldError::new("topic", Msg::new("interest-error-topic")));
            }
            if m.is_none() {
                errors.push(FieldError::new(
                    "municipality",
                    Msg::new("interest-error-municipality"),
                ));
            }
            Err(Error::Invalid(errors))
        }
    }
}

/// Puts a person on a list and queues the confirmation, in the caller's transaction.
/// `None` when they are already on it, waiting (nothing written, nothing sent: the
/// caller answers the same).
fn insert(
    conn: &mut DbConnection,
    s: &Signup,
    topic: &Term,
    town: &Municipality,
    created_by: Option<i64>,
    now: NaiveDateTime,
) -> Result<Option<i64>> {
    let key = email_key(&s.email);
    let waiting: i64 = interests::table
        .filter(interests::email_key.eq(&key))
        .filter(interests::topic_id.eq(topic.id))
        .filter(interests::municipality_id.eq(town.id))
        .filter(interests::notified_at.is_null())
        .count()
        .get_result(conn)?;
    if waiting > 0 {
        return Ok(None);
    }
    let token = random_token();
    let hash = digest(&token);
    diesel::insert_into(interests::table)
        .values((
            interests::topic_id.eq(topic.id),
            interests::municipality_id.eq(town.id),
            interests::name.eq(&s.name),
            interests::email.eq(s.email.as_str()),
            interests::email_key.eq(&key),
            interests::lang.eq(s.lang.code()),
            interests::token_hash.eq(&hash),
            interests::consent_at.eq(now),
            interests::created_by.eq(created_by),
            interests::created_at.eq(now),
        ))
        .execute(conn)?;
    let id: i64 = interests::table
        .filter(interests::token_hash.eq(&hash))
        .select(interests::id)
        .first(conn)?;
    enqueue(
        conn,
        &NewMessage {
            kind: MessageKind::InterestConfirm,
            registration_id: None,
            session_id: None,
            recipient: s.email.as_str().to_owned(),
            recipient_name: s.name.clone(),
            language: s.lang,
            payload: json!({
                "interest_token": token,
                "topic": topic.name(s.lang),
                "municipality": town.name,
            }),
        },
    )?;
    Ok(Some(id))
}

/// A person signs up on the public form. Returns whether a row was added; the page
/// answers the same either way (an address reveals nothing).
pub fn sign_up(conn: &mut DbConnection, s: &Signup, now: NaiveDateTime) -> Result<bool> {
    write_tx(conn, |conn| {
        let (topic, town) = resolve(conn, s)?;
        Ok(insert(conn, s, &topic, &town, None, now)?.is_some())
    })
}

/// A manager of `organisation_id` puts someone who phoned on a list (their consent
/// heard on the phone), with an audit entry that names the list, not the person.
pub fn add_by_staff(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    s: &Signup,
    now: NaiveDateTime,
) -> Result<bool> {
    if !who.can_manage(organisation_id) {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let (topic, town) = resolve(conn, s)?;
        let Some(id) = insert(conn, s, &topic, &town, Some(who.user_id), now)? else {
            return Ok(false);
        };
        record(
            conn,
            &Entry::new(who.user_id, "create", "interest", Some(id))
                .org(organisation_id)
                .detail(format!("{} × {}", topic.name_fr, town.name)),
        )?;
        Ok(true)
    })
}

/// One entry behind a link: what was asked, and whether it was already answered.
#[derive(Debug, Clone)]
pub struct InterestEntry {
    pub topic: Term,
    pub municipality: String,
    pub notified_session_id: Option<i64>,
}

/// The entries a link shows (`NotFound`: an unknown or spent link).
pub fn of_token(conn: &mut DbConnection, token: &str) -> Result<Vec<InterestEntry>> {
    if !looks_like_token(token) {
        return Err(Error::NotFound);
    }
    let rows: Vec<(Term, String, Option<i64>)> = interests::table
        .inner_join(topics::table)
        .inner_join(municipalities::table)
        .filter(interests::token_hash.eq(digest(token)))
        .order(interests::id)
        .select((
            term_columns!(topics),
            municipalities::name,
            interests::notified_session_id,
        ))
        .load(conn)?;
    if rows.is_empty() {
        return Err(Error::NotFound);
    }
    Ok(rows
        .into_iter()
        .map(|(topic, municipality, notified_session_id)| InterestEntry {
            topic,
            municipality,
            notified_session_id,
        })
        .collect())
}

/// Takes the person off the lists behind a link: their rows are deleted. Returns how
/// many (`NotFound`: an unknown or spent link).
pub fn remove(conn: &mut DbConnection, token: &str) -> Result<usize> {
    if !looks_like_token(token) {
        return Err(Error::NotFound);
    }
    write_tx(conn, |conn| {
        let n = diesel::delete(interests::table.filter(interests::token_hash.eq(digest(token))))
            .execute(conn)?;
        if n == 0 {
            return Err(Error::NotFound);
        }
        Ok(n)
    })
}

/// People waiting for a topic in a municipality (no personal data).
#[derive(Debug, Clone)]
pub struct DemandCell {
    pub municipality: String,
    pub topic: Term,
    pub count: i64,
}

/// The municipalities of the regions of the organisations a staff member works for
/// (`None`: every municipality, for the regional administrator).
fn towns_of(conn: &mut DbConnection, who: &Access) -> QueryResult<Option<Vec<i64>>> {
    let Some(orgs) = who.organisations() else {
        return Ok(None);
    };
    let regions: Vec<i64> = organisations::table
        .inner_join(municipalities::table.inner_join(mrcs::table))
        .filter(organisations::id.eq_any(orgs))
        .select(mrcs::region_id)
        .distinct()
        .load(conn)?;
    municipalities::table
        .inner_join(mrcs::table)
        .filter(mrcs::region_id.eq_any(regions))
        .select(municipalities::id)
        .load(conn)
        .map(Some)
}

/// The demand in the staff member's regions: people waiting per municipality × topic,
/// counted by the database (one grouped query), by municipality then topic.
pub fn demand(conn: &mut DbConnection, who: &Access) -> Result<Vec<DemandCell>> {
    if !who.is_staff() {
        return Err(Error::Forbidden);
    }
    let towns = towns_of(conn, who)?;
    let mut q = interests::table
        .filter(interests::notified_at.is_null())
        .group_by((interests::municipality_id, interests::topic_id))
        .select((
            interests::municipality_id,
            interests::topic_id,
            diesel::dsl::count_star(),
        ))
        .into_boxed();
    if let Some(ids) = towns {
        q = q.filter(interests::municipality_id.eq_any(ids));
    }
    let counts: Vec<(i64, i64, i64)> = q.load(conn)?;
    let town_ids: Vec<i64> = counts.iter().map(|c| c.0).collect();
    let topic_ids: Vec<i64> = counts.iter().map(|c| c.1).collect();
    let names: BTreeMap<i64, String> = municipalities::table
        .filter(municipalities::id.eq_any(town_ids))
        .select((municipalities::id, municipalities::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let terms: BTreeMap<i64, Term> = topics::table
        .filter(topics::id.eq_any(topic_ids))
        .select(term_columns!(topics))
        .load::<Term>(conn)?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut cells: Vec<DemandCell> = counts
        .into_iter()
        .filter_map(|(town, topic, count)| {
            Some(DemandCell {
                municipality: names.get(&town)?.clone(),
                topic: terms.get(&topic)?.clone(),
                count,
            })
        })
        .collect();
    cells.sort_by(|a, b| {
        (a.municipality.as_str(), a.topic.position, a.topic.id).cmp(&(
            b.municipality.as_str(),
            b.topic.position,
            b.topic.id,
        ))
    });
    Ok(cells)
}

/// The municipalities a session is in: its venue's, and the one its calendar placed it
/// in (an imported activity whose place matched no venue).
fn places_of(
    conn: &mut DbConnection,
    session_id: i64,
    venue: Option<i64>,
) -> QueryResult<Vec<i64>> {
    let mut ids: Vec<i64> = match venue {
        Some(v) => venues::table
            .find(v)
            .select(venues::municipality_id)
            .load(conn)?,
        None => Vec::new(),
    };
    let placed: Option<Option<i64>> = session_locations::table
        .find(session_id)
        .select(session_locations::municipality_id)
        .first(conn)
        .optional()?;
    ids.extend(placed.flatten());
    Ok(ids)
}

/// A waiting entry that a session answers.
#[derive(Queryable)]
struct Waiting {
    id: i64,
    email: String,
    email_key: String,
    name: String,
    lang: String,
    topic_id: i64,
    municipality_id: i64,
}

/// Tells the people waiting for one of a just-published session's topics in its
/// municipality, in the publishing transaction: one `interest_match` per person (with
/// a new link to their entries), their entries marked as told, and, when someone was
/// told and the organisation gives a head start, the session held out of public
/// listings until then. Safe to call again: those told are not told twice. Returns how
/// many people were told.
pub fn announce(conn: &mut DbConnection, session_id: i64, now: NaiveDateTime) -> Result<usize> {
    let Some((status, starts_at, venue, organisation_id)) = sessions::table
        .find(session_id)
        .select((
            sessions::status,
            sessions::starts_at,
            sessions::venue_id,
            sessions::organisation_id,
        ))
        .first::<(SessionStatus, NaiveDateTime, Option<i64>, i64)>(conn)
        .optional()?
    else {
        return Ok(0);
    };
    if status != SessionStatus::Published || starts_at <= now {
        return Ok(0);
    }
    let topic_ids: Vec<i64> = session_topics::table
        .filter(session_topics::session_id.eq(session_id))
        .select(session_topics::topic_id)
        .load(conn)?;
    let places = places_of(conn, session_id, venue)?;
    if topic_ids.is_empty() || places.is_empty() {
        return Ok(0);
    }
    let waiting: Vec<Waiting> = interests::table
        .filter(interests::notified_at.is_null())
        .filter(interests::topic_id.eq_any(&topic_ids))
        .filter(interests::municipality_id.eq_any(&places))
        .order(interests::id)
        .select((
            interests::id,
            interests::email,
            interests::email_key,
            interests::name,
            interests::lang,
            interests::topic_id,
            interests::municipality_id,
        ))
        .load(conn)?;
    if waiting.is_empty() {
        return Ok(0);
    }
    // One message per person, however many of their lists the session answers.
    let mut people: BTreeMap<&str, Vec<&Waiting>> = BTreeMap::new();
    for w in &waiting {
        people.entry(w.email_key.as_str()).or_default().push(w);
    }
    for entries in people.values() {
        let first = entries[0];
        let lang = Lang::parse(&first.lang).unwrap_or_default();
        let topic: Term = topics::table
            .find(first.topic_id)
            .select(term_columns!(topics))
            .first(conn)?;
        let town: String = municipalities::table
            .find(first.municipality_id)
            .select(municipalities::name)
            .first(conn)?;
        let token = random_token();
        let ids: Vec<i64> = entries.iter().map(|w| w.id).collect();
        diesel::update(interests::table.filter(interests::id.eq_any(&ids)))
            .set((
                interests::notified_at.eq(now),
                interests::notified_session_id.eq(session_id),
                interests::token_hash.eq(digest(&token)),
            ))
            .execute(conn)?;
        enqueue(
            conn,
            &NewMessage {
                kind: MessageKind::InterestMatch,
                registration_id: None,
                session_id: Some(session_id),
                recipient: first.email.clone(),
                recipient_name: first.name.clone(),
                language: lang,
                payload: json!({
                    "interest_token": token,
                    "topic": topic.name(lang),
                    "municipality": town,
                }),
            },
        )?;
    }
    let head_start: i32 = organisations::table
        .find(organisation_id)
        .select(organisations::head_start_hours)
        .first(conn)?;
    if let Some(at) = public_at(now, head_start) {
        let held: i64 = session_embargoes::table
            .find(session_id)
            .count()
            .get_result(conn)?;
        if held == 0 {
            diesel::insert_into(session_embargoes::table)
                .values((
                    session_embargoes::session_id.eq(session_id),
                    session_embargoes::public_at.eq(at),
                ))
                .execute(conn)?;
        }
    }
    Ok(people.len())
}

/// The one filter of public listings: sessions still held for their interest list's
/// head start at `now` are left out (their page and registration stay reachable).
pub fn not_embargoed(
    now: NaiveDateTime,
) -> Box<dyn BoxableExpression<sessions::table, MultiBackend, SqlType = diesel::sql_types::Bool>> {
    Box::new(diesel::dsl::not(
        sessions::id.eq_any(
            session_embargoes::table
                .filter(session_embargoes::public_at.gt(now))
                .select(session_embargoes::session_id),
        ),
    ))
}

/// When a session held for its list enters public listings, if it is held.
pub fn public_from(conn: &mut DbConnection, session_id: i64) -> QueryResult<Option<NaiveDateTime>> {
    session_embargoes::table
        .find(session_id)
        .select(session_embargoes::public_at)
        .first(conn)
        .optional()
}

/// How many head starts have ended by `now`, and the latest end: part of the public
/// feeds' data version, so a cached feed changes when a held session appears.
pub fn lifted(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    session_embargoes::table
        .filter(session_embargoes::public_at.le(now))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(session_embargoes::public_at),
        ))
        .first(conn)
}

/// An organisation's head start, in hours (0: none).
pub fn head_start(conn: &mut DbConnection, organisation_id: i64) -> QueryResult<i32> {
    organisations::table
        .find(organisation_id)
        .select(organisations::head_start_hours)
        .first(conn)
}

/// Retention: entries told more than the retention period ago, and entries still
/// waiting after that long (the consent was for a wait, not for ever), are deleted;
/// so are head starts long over. Returns the rows deleted. No anonymous count is
/// kept: the demand page shows people waiting now, and no report reads past demand.
pub fn purge(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<usize> {
    let told = diesel::delete(
        interests::table
            .filter(interests::notified_at.is_not_null())
            .filter(interests::notified_at.lt(cutoff)),
    )
    .execute(conn)?;
    let waited = diesel::delete(
        interests::table
            .filter(interests::notified_at.is_null())
            .filter(interests::created_at.lt(cutoff)),
    )
    .execute(conn)?;
    let held =
        diesel::delete(session_embargoes::table.filter(session_embargoes::public_at.lt(cutoff)))
            .execute(conn)?;
    Ok(told + waited + held)
}
