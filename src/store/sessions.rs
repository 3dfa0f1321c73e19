//! Reading sessions: the filtered public listing and one session with everything a
//! page or feed shows about it (event, organisation, venue, terms, trainers).

use std::collections::HashMap;

use chrono::{Days, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::{Municipality, Session, Term, Track, Venue};
use crate::db::schema::{
    audiences, events, kinds, mrcs, municipalities, organisations, regions, session_audiences,
    session_locations, session_prices, session_topics, session_trainers, sessions, topics, tracks,
    trainers, venues,
};
use crate::db::{DbConnection, MultiBackend};
use crate::domain::filter::{Paging, SessionFilter};
use crate::domain::geo::{self, Point};
use crate::domain::session::SessionStatus;
use crate::domain::time;
use crate::error::{Error, Msg, Result};
use crate::store::catalogue::term_columns;

#[derive(Debug, Clone)]
pub struct EventRef {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct OrgRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TrainerRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// A session with what every view of it needs.
#[derive(Debug, Clone)]
pub struct SessionDetails {
    pub session: Session,
    pub event: EventRef,
    pub organisation: OrgRef,
    pub venue: Option<Venue>,
    pub municipality: Option<Municipality>,
    /// An imported activity's place as its calendar wrote it, when it matched no venue.
    pub location_text: Option<String>,
    pub kind: Term,
    pub audiences: Vec<Term>,
    pub topics: Vec<Term>,
    pub trainers: Vec<TrainerRef>,
    pub track: Option<Track>,
    /// A paid session's reduced prices: (audience, price in cents; 0 free for them).
    pub reduced_prices: Vec<(Term, i32)>,
}

/// A filter with its slugs turned into ids (`None`: that key does not constrain).
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    org: Option<Vec<i64>>,
    municipalities: Vec<Vec<i64>>,
    audience: Option<Vec<i64>>,
    topic: Option<Vec<i64>>,
    kind: Option<Vec<i64>>,
    trainer: Option<Vec<i64>>,
}

fn unknown(field: &str, slug: &str) -> Error {
    Error::Malformed(
        Msg::new("error-unknown-filter-value")
            .arg("field", field)
            .arg("value", slug),
    )
}

/// Looks up slugs in one table; any unknown slug is a 400 that names it.
macro_rules! resolve {
    ($conn:expr, $table:ident, $field:literal, $slugs:expr) => {{
        let slugs: &Vec<String> = $slugs;
        if slugs.is_empty() {
            None
        } else {
            let found: Vec<(i64, String)> = $table::table
                .filter($table::slug.eq_any(slugs))
                .select(($table::id, $table::slug))
                .load($conn)?;
            if let Some(missing) = slugs.iter().find(|s| !found.iter().any(|(_, f)| f == *s)) {
                return Err(unknown($field, missing));
            }
            Some(found.into_iter().map(|(id, _)| id).collect::<Vec<i64>>())
        }
    }};
}

pub(crate) fn resolve(conn: &mut DbConnection, f: &SessionFilter) -> Result<Resolved> {
    let mut r = Resolved {
        org: resolve!(conn, organisations, "org", &f.org),
        audience: resolve!(conn, audiences, "audience", &f.audience),
        topic: resolve!(conn, topics, "topic", &f.topic),
        kind: resolve!(conn, kinds, "kind", &f.kind),
        trainer: resolve!(conn, trainers, "trainer", &f.trainer),
        municipalities: Vec::new(),
    };
    // Region, MRC and municipality each narrow the set of places, by AND.
    if let Some(ids) = resolve!(conn, municipalities, "municipality", &f.municipality) {
        r.municipalities.push(match f.around_km {
            Some(km) => around(conn, &ids, km)?,
            None => ids,
        });
    }
    if let Some(mrc_ids) = resolve!(conn, mrcs, "mrc", &f.mrc) {
        r.municipalities.push(
            municipalities::table
                .filter(municipalities::mrc_id.eq_any(mrc_ids))
                .select(municipalities::id)
                .load(conn)?,
        );
    }
    if let Some(region_ids) = resolve!(conn, regions, "region", &f.region) {
        r.municipalities.push(
            municipalities::table
                .inner_join(mrcs::table)
                .filter(mrcs::region_id.eq_any(region_ids))
                .select(municipalities::id)
                .load(conn)?,
        );
    }
    Ok(r)
}

/// The towns within `km` of any of `ids` (themselves included), from the centroids
/// the region's data carries; a town without one only matches itself.
fn around(conn: &mut DbConnection, ids: &[i64], km: u32) -> QueryResult<Vec<i64>> {
    let towns: Vec<(i64, Option<Point>)> = municipalities::table
        .select((
            municipalities::id,
            municipalities::latitude,
            municipalities::longitude,
        ))
        .load::<(i64, Option<f64>, Option<f64>)>(conn)?
        .into_iter()
        .map(|(id, la, lo)| (id, Point::from_parts(la, lo)))
        .collect();
    let centres: Vec<(i64, Option<Point>)> = towns
        .iter()
        .filter(|(id, _)| ids.contains(id))
        .copied()
        .collect();
    Ok(geo::around(&centres, &towns, km))
}

pub(crate) fn filtered<'a>(
    r: &'a Resolved,
    f: &SessionFilter,
    now: NaiveDateTime,
) -> sessions::BoxedQuery<'a, MultiBackend> {
    let mut q = sessions::table
        .filter(sessions::status.eq_any(SessionStatus::matching(SessionStatus::is_public)))
        .filter(crate::store::interests::not_embargoed(now))
        .into_boxed();
    match f.from {
        Some(day) => q = q.filter(sessions::starts_at.ge(time::day_start_utc(day))),
        None => q = q.filter(sessions::ends_at.ge(now)),
    }
    if let Some(day) = f.to.and_then(|d| d.checked_add_days(Days::new(1))) {
        q = q.filter(sessions::starts_at.lt(time::day_start_utc(day)));
    }
    if let Some(ids) = &r.org {
        q = q.filter(sessions::organisation_id.eq_any(ids));
    }
    for ids in &r.municipalities {
        // At a venue of the town, or (an imported activity whose LOCATION matched no
        // venue) placed in the town by its calendar's default.
        q = q.filter(
            sessions::venue_id
                .eq_any(
                    venues::table
                        .filter(venues::municipality_id.eq_any(ids))
                        .select(venues::id.nullable()),
                )
                .or(sessions::id.eq_any(
                    session_locations::table
                        .filter(session_locations::municipality_id.eq_any(ids))
                        .select(session_locations::session_id),
                )),
        );
    }
    // Sessions linked to any of `ids` through a link table (one shape, three tables).
    macro_rules! linked_to {
        ($link:ident, $column:ident, $ids:expr) => {
            sessions::id.eq_any(
                $link::table
                    .filter($link::$column.eq_any($ids))
                    .select($link::session_id),
            )
        };
    }
    if let Some(ids) = &r.audience {
        q = q.filter(linked_to!(session_audiences, audience_id, ids));
    }
    if let Some(ids) = &r.topic {
        q = q.filter(linked_to!(session_topics, topic_id, ids));
    }
    if let Some(ids) = &r.trainer {
        q = q.filter(linked_to!(session_trainers, trainer_id, ids));
    }
    if let Some(ids) = &r.kind {
        q = q.filter(sessions::kind_id.eq_any(ids));
    }
    if !f.format.is_empty() {
        q = q.filter(sessions::format.eq_any(f.format.iter().map(|x| x.as_str())));
    }
    if f.free_only {
        q = q.filter(sessions::price_cents.eq(0));
    }
    q
}

/// One page of the public listing (upcoming, or the filter's date range), in start
/// order, with the total count for paging. `paging: None` returns every match.
pub fn search(
    conn: &mut DbConnection,
    f: &SessionFilter,
    paging: Option<Paging>,
    now: NaiveDateTime,
) -> Result<(Vec<SessionDetails>, i64)> {
    let r = resolve(conn, f)?;
    let total: i64 = filtered(&r, f, now).count().get_result(conn)?;
    let mut q = filtered(&r, f, now).order((sessions::starts_at, sessions::id));
    if let Some(p) = paging {
        q = q.limit(i64::from(p.per_page)).offset(p.offset());
    }
    let rows: Vec<Session> = q.select(Session::as_select()).load(conn)?;
    Ok((details(conn, rows)?, total))
}

/// Reads a session for a change, inside the caller's write transaction: on PostgreSQL
/// its row stays locked (`FOR UPDATE`) until commit, so every change to one session's
/// seats, capacity or trainers is serialised; SQLite's `BEGIN IMMEDIATE` already holds
/// the database's write lock. A missing session is diesel's `NotFound`.
pub fn lock_session(conn: &mut DbConnection, id: i64) -> QueryResult<Session> {
    match conn {
        DbConnection::Postgres(c) => sessions::table
            .find(id)
            .select(Session::as_select())
            .for_update()
            .first(c),
        DbConnection::Sqlite(c) => sessions::table
            .find(id)
            .select(Session::as_select())
            .first(c),
    }
}

/// A session the public may see (published or cancelled), with its details.
pub fn find_public(conn: &mut DbConnection, id: i64) -> Result<SessionDetails> {
    let row: Session = sessions::table
        .find(id)
        .filter(sessions::status.eq_any(SessionStatus::matching(SessionStatus::is_public)))
        .select(Session::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    Ok(details(conn, vec![row])?.remove(0))
}

/// Attaches event, organisation, venue, terms and trainers to sessions, in a fixed
/// number of queries whatever the number of sessions.
pub fn details(conn: &mut DbConnection, rows: Vec<Session>) -> QueryResult<Vec<SessionDetails>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let uniq = |f: &dyn Fn(&Session) -> Option<i64>| -> Vec<i64> {
        let mut v: Vec<i64> = rows.iter().filter_map(f).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let event_ids = uniq(&|s| Some(s.event_id));
    let org_ids = uniq(&|s| Some(s.organisation_id));
    let venue_ids = uniq(&|s| s.venue_id);
    let kind_ids = uniq(&|s| Some(s.kind_id));
    let track_ids = uniq(&|s| s.track_id);

    let events: HashMap<i64, EventRef> = events::table
        .filter(events::id.eq_any(&event_ids))
        .select((events::id, events::slug, events::title))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, slug, title)| (id, EventRef { id, slug, title }))
        .collect();
    let orgs: HashMap<i64, OrgRef> = organisations::table
        .filter(organisations::id.eq_any(&org_ids))
        .select((
            organisations::id,
            organisations::slug,
            organisations::name,
            organisations::email,
        ))
        .load::<(i64, String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, slug, name, email)| {
            (
                id,
                OrgRef {
                    id,
                    slug,
                    name,
                    email,
                },
            )
        })
        .collect();
    let venues: HashMap<i64, Venue> = venues::table
        .filter(venues::id.eq_any(&venue_ids))
        .select(Venue::as_select())
        .load::<Venue>(conn)?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    // Imported activities whose LOCATION matched no venue: the text, and the town their
    // calendar places them in.
    let mut locations: HashMap<i64, (Option<String>, Option<i64>)> = session_locations::table
        .filter(session_locations::session_id.eq_any(&ids))
        .select((
            session_locations::session_id,
            session_locations::location_text,
            session_locations::municipality_id,
        ))
        .load::<(i64, Option<String>, Option<i64>)>(conn)?
        .into_iter()
        .map(|(s, text, m)| (s, (text, m)))
        .collect();
    let muni_ids: Vec<i64> = venues
        .values()
        .map(|v| v.municipality_id)
        .chain(locations.values().filter_map(|(_, m)| *m))
        .collect();
    let munis: HashMap<i64, Municipality> = municipalities::table
        .filter(municipalities::id.eq_any(&muni_ids))
        .select(Municipality::as_select())
        .load::<Municipality>(conn)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let kinds: HashMap<i64, Term> = kinds::table
        .filter(kinds::id.eq_any(&kind_ids))
        .select(term_columns!(kinds))
        .load::<Term>(conn)?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let tracks: HashMap<i64, Track> = tracks::table
        .filter(tracks::id.eq_any(&track_ids))
        .select(Track::as_select())
        .load::<Track>(conn)?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    // Audiences and topics: the same link shape, two tables.
    macro_rules! terms_by_session {
        ($link:ident, $t:ident) => {{
            let mut by: HashMap<i64, Vec<Term>> = HashMap::new();
            for (sid, t) in $link::table
                .inner_join($t::table)
                .filter($link::session_id.eq_any(&ids))
                .order($t::position)
                .select(($link::session_id, term_columns!($t)))
                .load::<(i64, Term)>(conn)?
            {
                by.entry(sid).or_default().push(t);
            }
            by
        }};
    }
    // Reduced prices, read only when some session asks a price (most are free).
    let paid: Vec<i64> = rows
        .iter()
        .filter(|s| s.price_cents > 0)
        .map(|s| s.id)
        .collect();
    let mut reduced: HashMap<i64, Vec<(Term, i32)>> = HashMap::new();
    if !paid.is_empty() {
        for (sid, price, t) in session_prices::table
            .inner_join(audiences::table)
            .filter(session_prices::session_id.eq_any(&paid))
            .order((audiences::position, audiences::id))
            .select((
                session_prices::session_id,
                session_prices::price_cents,
                term_columns!(audiences),
            ))
            .load::<(i64, i32, Term)>(conn)?
        {
            reduced.entry(sid).or_default().push((t, price));
        }
    }
    let mut auds = terms_by_session!(session_audiences, audiences);
    let mut tops = terms_by_session!(session_topics, topics);
    let mut trs: HashMap<i64, Vec<TrainerRef>> = HashMap::new();
    for (sid, id, slug, name) in session_trainers::table
        .inner_join(trainers::table)
        .filter(session_trainers::session_id.eq_any(&ids))
        .order(trainers::name)
        .select((
            session_trainers::session_id,
            trainers::id,
            trainers::slug,
            trainers::name,
        ))
        .load::<(i64, i64, String, String)>(conn)?
    {
        trs.entry(sid)
            .or_default()
            .push(TrainerRef { id, slug, name });
    }

    rows.into_iter()
        .map(|s| {
            let venue = s.venue_id.and_then(|v| venues.get(&v).cloned());
            let (location_text, located_in) = locations.remove(&s.id).unwrap_or_default();
            let municipality = venue
                .as_ref()
                .map(|v| v.municipality_id)
                .or(located_in)
                .and_then(|m| munis.get(&m).cloned());
            Ok(SessionDetails {
                event: events
                    .get(&s.event_id)
                    .cloned()
                    .ok_or(diesel::result::Error::NotFound)?,
                organisation: orgs
                    .get(&s.organisation_id)
                    .cloned()
                    .ok_or(diesel::result::Error::NotFound)?,
                kind: kinds
                    .get(&s.kind_id)
                    .cloned()
                    .ok_or(diesel::result::Error::NotFound)?,
                audiences: auds.remove(&s.id).unwrap_or_default(),
                topics: tops.remove(&s.id).unwrap_or_default(),
                trainers: trs.remove(&s.id).unwrap_or_default(),
                track: s.track_id.and_then(|t| tracks.get(&t).cloned()),
                reduced_prices: reduced.remove(&s.id).unwrap_or_default(),
                venue,
                location_text,
                municipality,
                session: s,
            })
        })
        .collect()
}
