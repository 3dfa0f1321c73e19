//! Reports (issue 14): the facts of a period's sessions, counted by the database.
//!
//! A report is a handful of grouped queries, never a load of registration rows: the
//! sessions of the period (one row each, with their place), their topics, audiences and
//! trainers (link rows), then one `GROUP BY session_id` over `registrations` with
//! `SUM(CASE …)` per figure, one over `payments` for the seniors' rate, one over
//! `survey_answers` ([`survey`]) and one over `interests`. The rules of what counts
//! are `domain::report`'s. Every column read survives the retention purge (status,
//! seats, source, session, `returning_person`; never a name or a person key), so a
//! report reads the same before and after it.
//!
//! Who sees what: the regional administrator every organisation; anyone else only the
//! sessions of their own organisations (naming another one in the filter is refused),
//! and the interest lists of their organisations' regions.

pub mod outcomes;
pub mod people;
pub mod survey;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConnection;
use crate::db::models::Term;
use crate::db::schema::{
    audiences, events, helper_shifts, interests, kinds, mrcs, municipalities, organisations,
    payments, registrations, session_audiences, session_locations, session_topics,
    session_trainers, sessions, topics, trainers, venues,
};
use crate::domain::access::Access;
use crate::domain::helpers::ShiftStatus;
use crate::domain::report::{
    Counts, Held, ReportFilter, SENIORS_AUDIENCE, SessionFacts, Summary, SurveyCounts, summarise,
};
use crate::domain::session::{Format, SessionStatus};
use crate::domain::time::day_start_utc;
use crate::error::{Error, Result};
use crate::store::catalogue::term_columns;

/// A period's report: its sessions, their roll-up, survey results and the names the
/// page needs.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub sessions: Vec<SessionFacts>,
    pub summary: Summary,
    pub survey: survey::Survey,
    pub names: Names,
}

/// Names for the ids a report holds.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub municipalities: BTreeMap<i64, String>,
    pub topics: BTreeMap<i64, Term>,
    pub trainers: BTreeMap<i64, String>,
    pub organisations: BTreeMap<i64, String>,
}

/// A session's row in the period, before its counts.
#[derive(Debug, Clone)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub organisation_id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub status: SessionStatus,
    pub capacity: Option<i32>,
    /// Where it happens: its venue's town, or the one its calendar placed it in.
    pub place: Option<i64>,
    /// Where it counts for an MRC or a region: its place, else its organisation's town.
    pub area: Option<i64>,
}

/// The UTC bounds of a period of Québec days (both included): `[from, to)`.
pub(crate) fn bounds(from: NaiveDate, to: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    (day_start_utc(from), day_start_utc(to + Duration::days(1)))
}

/// The sessions of the window that are not drafts, with what narrows them in SQL
/// (organisations, programmes, kinds, formats).
fn session_rows(
    conn: &mut DbConnection,
    window: (NaiveDateTime, NaiveDateTime),
    orgs: Option<&[i64]>,
    events_: Option<&[i64]>,
    kinds_: Option<&[i64]>,
    formats: &[Format],
) -> QueryResult<Vec<SessionRow>> {
    let mut q = sessions::table
        .inner_join(organisations::table)
        .left_join(venues::table)
        .left_join(session_locations::table)
        .filter(sessions::status.ne(SessionStatus::Draft.as_str()))
        .filter(sessions::starts_at.ge(window.0))
        .filter(sessions::starts_at.lt(window.1))
        .select((
            sessions::id,
            sessions::organisation_id,
            sessions::title,
            sessions::starts_at,
            sessions::ends_at,
            sessions::status,
            sessions::capacity,
            venues::municipality_id.nullable(),
            session_locations::municipality_id.nullable(),
            organisations::municipality_id,
        ))
        .into_boxed();
    if let Some(ids) = orgs {
        q = q.filter(sessions::organisation_id.eq_any(ids.to_vec()));
    }
    if let Some(ids) = events_ {
        q = q.filter(sessions::event_id.eq_any(ids.to_vec()));
    }
    if let Some(ids) = kinds_ {
        q = q.filter(sessions::kind_id.eq_any(ids.to_vec()));
    }
    if !formats.is_empty() {
        q = q.filter(
            sessions::format.eq_any(formats.iter().map(|f| f.as_str()).collect::<Vec<_>>()),
        );
    }
    type Row = (
        i64,
        i64,
        String,
        NaiveDateTime,
        NaiveDateTime,
        SessionStatus,
        Option<i32>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    );
    let rows: Vec<Row> = q.order((sessions::starts_at, sessions::id)).load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                org,
                title,
                starts_at,
                ends_at,
                status,
                capacity,
                venue_town,
                placed,
                org_town,
            )| {
                let place = venue_town.or(placed);
                SessionRow {
                    id,
                    organisation_id: org,
                    title,
                    starts_at,
                    ends_at,
                    status,
                    capacity,
                    place,
                    area: place.or(org_town),
                }
            },
        )
        .collect())
}

/// (session, term) links of the window's sessions, for one link table.
macro_rules! links_in_window {
    ($conn:expr, $window:expr, $link:ident, $term:ident) => {
        $link::table
            .inner_join(sessions::table)
            .filter(sessions::starts_at.ge($window.0))
            .filter(sessions::starts_at.lt($window.1))
            .select(($link::session_id, $link::$term))
            .load::<(i64, i64)>($conn)
    };
}

fn group(pairs: Vec<(i64, i64)>) -> BTreeMap<i64, Vec<i64>> {
    let mut out: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (s, t) in pairs {
        out.entry(s).or_default().push(t);
    }
    out
}

/// The registration figures of every session of the window: one grouped query.
fn counts_in_window(
    conn: &mut DbConnection,
    window: (NaiveDateTime, NaiveDateTime),
) -> QueryResult<BTreeMap<i64, Counts>> {
    // Statuses holding or having used seats (domain::registration::Status).
    const SEATED: &str = "registrations.status IN ('confirmed', 'offered', 'pending_payment', 'attended', 'no_show')";
    let seats_when = |cond: &str| {
        sql::<BigInt>(&format!(
            "COALESCE(SUM(CASE WHEN {cond} THEN registrations.seats ELSE 0 END), 0)"
        ))
    };
    let rows_when = |cond: &str| {
        sql::<BigInt>(&format!(
            "COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0)"
        ))
    };
    // session, then the ten figures in the order of the select.
    type Figures = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Figures> = registrations::table
        .inner_join(sessions::table)
        .filter(sessions::status.ne(SessionStatus::Draft.as_str()))
        .filter(sessions::starts_at.ge(window.0))
        .filter(sessions::starts_at.lt(window.1))
        .group_by(registrations::session_id)
        .select((
            registrations::session_id,
            sql::<BigInt>("COUNT(*)"),
            rows_when("registrations.source = 'staff'"),
            seats_when(SEATED),
            rows_when(&format!("{SEATED} AND registrations.returning_person")),
            rows_when(&format!("{SEATED} AND NOT registrations.returning_person")),
            seats_when("registrations.status = 'attended'"),
            seats_when("registrations.status = 'no_show'"),
            seats_when("registrations.status = 'confirmed'"),
            seats_when("registrations.status IN ('waitlisted', 'offered')"),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, regs, staff, seats, back, new, present, absent, unrecorded, waiting)| {
                (
                    id,
                    Counts {
                        registrations: regs,
                        by_staff: staff,
                        seats,
                        returning: back,
                        newcomers: new,
                        present,
                        absent,
                        unrecorded,
                        waiting,
                        present_seniors_rate: 0,
                        helpers: 0,
                    },
                )
            },
        )
        .collect())
}

/// Volunteer helpers confirmed per session of the window (issue 17): one grouped
/// query over `helper_shifts`, whose status and session survive the retention purge.
fn helpers_in_window(
    conn: &mut DbConnection,
    window: (NaiveDateTime, NaiveDateTime),
) -> QueryResult<BTreeMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = helper_shifts::table
        .inner_join(sessions::table)
        .filter(helper_shifts::status.eq(ShiftStatus::Confirmed))
        .filter(sessions::starts_at.ge(window.0))
        .filter(sessions::starts_at.lt(window.1))
        .group_by(helper_shifts::session_id)
        .select((helper_shifts::session_id, sql::<BigInt>("COUNT(*)")))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// People present who paid the seniors' reduced price, per session of the window.
fn seniors_rate_in_window(
    conn: &mut DbConnection,
    window: (NaiveDateTime, NaiveDateTime),
    seniors: i64,
) -> QueryResult<BTreeMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = payments::table
        .inner_join(registrations::table.inner_join(sessions::table))
        .filter(payments::audience_id.eq(seniors))
        .filter(registrations::status.eq("attended"))
        .filter(sessions::starts_at.ge(window.0))
        .filter(sessions::starts_at.lt(window.1))
        .group_by(payments::session_id)
        .select((
            payments::session_id,
            sql::<BigInt>("COALESCE(SUM(registrations.seats), 0)"),
        ))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Ids of the slugs, or the filter's message naming the first unknown one.
macro_rules! ids_of {
    ($conn:expr, $t:ident, $field:literal, $slugs:expr) => {{
        let slugs: &Vec<String> = $slugs;
        if slugs.is_empty() {
            None
        } else {
            let found: Vec<(i64, String)> = $t::table
                .filter($t::slug.eq_any(slugs))
                .select(($t::id, $t::slug))
                .load($conn)?;
            if let Some(missing) = slugs.iter().find(|s| !found.iter().any(|(_, f)| f == *s)) {
                return Err($crate::domain::filter::bad_value($field, missing));
            }
            Some(found.into_iter().map(|(id, _)| id).collect::<Vec<i64>>())
        }
    }};
}
pub(crate) use ids_of;

/// The facts of the sessions of a period, narrowed by a filter, seen by `orgs`
/// (`None`: every organisation). Town filters are the session's place; MRC and region
/// filters its area (its place, else its organisation's town).
pub(crate) fn facts(
    conn: &mut DbConnection,
    f: &ReportFilter,
    orgs: Option<&[i64]>,
    areas: Option<&BTreeSet<i64>>,
    now: NaiveDateTime,
) -> Result<Vec<SessionFacts>> {
    let window = bounds(f.from, f.to);
    let events_ = ids_of!(conn, events, "event", &f.event);
    let kinds_ = ids_of!(conn, kinds, "kind", &f.kind);
    let audiences_ = ids_of!(conn, audiences, "audience", &f.audience);
    let topics_ = ids_of!(conn, topics, "topic", &f.topic);
    let towns = ids_of!(conn, municipalities, "municipality", &f.municipality);
    let mrc_ids = ids_of!(conn, mrcs, "mrc", &f.mrc);
    let mrc_towns: Option<BTreeSet<i64>> = match mrc_ids {
        Some(ids) => Some(
            municipalities::table
                .filter(municipalities::mrc_id.eq_any(ids))
                .select(municipalities::id)
                .load::<i64>(conn)?
                .into_iter()
                .collect(),
        ),
        None => None,
    };
    let rows = session_rows(
        conn,
        window,
        orgs,
        events_.as_deref(),
        kinds_.as_deref(),
        &f.format,
    )?;
    let topic_links = group(links_in_window!(conn, window, session_topics, topic_id)?);
    let audience_links = group(links_in_window!(
        conn,
        window,
        session_audiences,
        audience_id
    )?);
    let trainer_links = group(links_in_window!(
        conn,
        window,
        session_trainers,
        trainer_id
    )?);
    let mut counts = counts_in_window(conn, window)?;
    let helpers = helpers_in_window(conn, window)?;
    let seniors: Option<i64> = audiences::table
        .filter(audiences::slug.eq(SENIORS_AUDIENCE))
        .select(audiences::id)
        .first(conn)
        .optional()?;
    let seniors_rate = match seniors {
        Some(id) => seniors_rate_in_window(conn, window, id)?,
        None => BTreeMap::new(),
    };
    let none = Vec::new();
    let mut out = Vec::new();
    for r in rows {
        let topic_ids = topic_links.get(&r.id).unwrap_or(&none);
        let audience_ids = audience_links.get(&r.id).unwrap_or(&none);
        let keep = towns
            .as_ref()
            .is_none_or(|t| r.place.is_some_and(|p| t.contains(&p)))
            && mrc_towns
                .as_ref()
                .is_none_or(|t| r.area.is_some_and(|a| t.contains(&a)))
            && areas.is_none_or(|t| r.area.is_some_and(|a| t.contains(&a)))
            && topics_
                .as_ref()
                .is_none_or(|t| topic_ids.iter().any(|i| t.contains(i)))
            && audiences_
                .as_ref()
                .is_none_or(|t| audience_ids.iter().any(|i| t.contains(i)));
        if !keep {
            continue;
        }
        let mut c = counts.remove(&r.id).unwrap_or_default();
        c.present_seniors_rate = seniors_rate.get(&r.id).copied().unwrap_or(0);
        c.helpers = helpers.get(&r.id).copied().unwrap_or(0);
        out.push(SessionFacts {
            held: Held::of(r.status == SessionStatus::Cancelled, r.ends_at, now),
            id: r.id,
            organisation_id: r.organisation_id,
            title: r.title,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            capacity: r.capacity,
            municipality_id: r.place,
            topic_ids: topic_ids.clone(),
            trainer_ids: trainer_links.get(&r.id).cloned().unwrap_or_default(),
            for_seniors: seniors.is_some_and(|s| audience_ids.contains(&s)),
            counts: c,
        });
    }
    Ok(out)
}

/// The organisations whose figures `who` may read, checked against those the filter
/// names: `None` for every one (the regional administrator without an `org` filter).
fn scope(conn: &mut DbConnection, who: &Access, f: &ReportFilter) -> Result<Option<Vec<i64>>> {
    if !who.is_staff() {
        return Err(Error::Forbidden);
    }
    let named = ids_of!(conn, organisations, "org", &f.org);
    match (who.organisations(), named) {
        (None, named) => Ok(named),
        (Some(mine), None) => Ok(Some(mine)),
        (Some(mine), Some(named)) => {
            if named.iter().all(|o| mine.contains(o)) {
                Ok(Some(named))
            } else {
                Err(Error::Forbidden)
            }
        }
    }
}

/// The towns of the regions of some organisations (`None`: all of them).
fn region_towns(
    conn: &mut DbConnection,
    orgs: Option<&[i64]>,
) -> QueryResult<Option<BTreeSet<i64>>> {
    let Some(orgs) = orgs else {
        return Ok(None);
    };
    let regions: Vec<i64> = organisations::table
        .inner_join(municipalities::table.inner_join(mrcs::table))
        .filter(organisations::id.eq_any(orgs.to_vec()))
        .select(mrcs::region_id)
        .distinct()
        .load(conn)?;
    Ok(Some(
        municipalities::table
            .inner_join(mrcs::table)
            .filter(mrcs::region_id.eq_any(regions))
            .select(municipalities::id)
            .load::<i64>(conn)?
            .into_iter()
            .collect(),
    ))
}

/// Interest-list sign-ups made in the period, for the filter's topics and towns, in
/// the regions `who` works in. Programme, kind, format and audience filters do not
/// apply: a sign-up names only a topic and a town.
fn interest_signups(
    conn: &mut DbConnection,
    f: &ReportFilter,
    towns_allowed: Option<&BTreeSet<i64>>,
) -> Result<i64> {
    let window = bounds(f.from, f.to);
    let topics_ = ids_of!(conn, topics, "topic", &f.topic);
    let towns = ids_of!(conn, municipalities, "municipality", &f.municipality);
    let mrc_towns: Option<Vec<i64>> = match ids_of!(conn, mrcs, "mrc", &f.mrc) {
        Some(ids) => Some(
            municipalities::table
                .filter(municipalities::mrc_id.eq_any(ids))
                .select(municipalities::id)
                .load(conn)?,
        ),
        None => None,
    };
    let rows: Vec<(i64, i64, i64)> = interests::table
        .filter(interests::created_at.ge(window.0))
        .filter(interests::created_at.lt(window.1))
        .group_by((interests::municipality_id, interests::topic_id))
        .select((
            interests::municipality_id,
            interests::topic_id,
            sql::<BigInt>("COUNT(*)"),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(town, topic, _)| {
            towns_allowed.is_none_or(|t| t.contains(town))
                && towns.as_ref().is_none_or(|t| t.contains(town))
                && mrc_towns.as_ref().is_none_or(|m| m.contains(town))
                && topics_.as_ref().is_none_or(|t| t.contains(topic))
        })
        .map(|r| r.2)
        .sum())
}

/// Names of the towns, topics, trainers and organisations the facts mention.
fn names(conn: &mut DbConnection, facts: &[SessionFacts]) -> QueryResult<Names> {
    let towns: BTreeSet<i64> = facts.iter().filter_map(|f| f.municipality_id).collect();
    let topic_ids: BTreeSet<i64> = facts
        .iter()
        .flat_map(|f| f.topic_ids.iter().copied())
        .collect();
    let trainer_ids: BTreeSet<i64> = facts
        .iter()
        .flat_map(|f| f.trainer_ids.iter().copied())
        .collect();
    let orgs: BTreeSet<i64> = facts.iter().map(|f| f.organisation_id).collect();
    Ok(Names {
        municipalities: municipalities::table
            .filter(municipalities::id.eq_any(towns.into_iter().collect::<Vec<_>>()))
            .select((municipalities::id, municipalities::name))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect(),
        topics: topics::table
            .filter(topics::id.eq_any(topic_ids.into_iter().collect::<Vec<_>>()))
            .select(term_columns!(topics))
            .load::<Term>(conn)?
            .into_iter()
            .map(|t| (t.id, t))
            .collect(),
        trainers: trainers::table
            .filter(trainers::id.eq_any(trainer_ids.into_iter().collect::<Vec<_>>()))
            .select((trainers::id, trainers::name))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect(),
        organisations: organisations::table
            .filter(organisations::id.eq_any(orgs.into_iter().collect::<Vec<_>>()))
            .select((organisations::id, organisations::name))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect(),
    })
}

/// The report of a period for a staff member: the regional administrator sees every
/// organisation, anyone else their own (`Forbidden` when the filter names another).
pub fn report(
    conn: &mut DbConnection,
    who: &Access,
    f: &ReportFilter,
    now: NaiveDateTime,
) -> Result<Report> {
    let orgs = scope(conn, who, f)?;
    let sessions = facts(conn, f, orgs.as_deref(), None, now)?;
    let mine = who.organisations();
    let allowed_towns = region_towns(conn, mine.as_deref())?;
    let signups = interest_signups(conn, f, allowed_towns.as_ref())?;
    let summary = summarise(&sessions, signups);
    let survey = survey::survey(conn, f, &sessions)?;
    let names = names(conn, &sessions)?;
    Ok(Report {
        sessions,
        summary,
        survey,
        names,
    })
}

/// Survey counts rolled up per trainer and per topic, from the sessions' counts.
pub fn survey_by(
    report: &Report,
    key: impl Fn(&SessionFacts) -> Vec<i64>,
) -> BTreeMap<i64, SurveyCounts> {
    let mut out: BTreeMap<i64, SurveyCounts> = BTreeMap::new();
    for s in &report.sessions {
        if let Some(c) = report.survey.by_session.get(&s.id) {
            for k in key(s) {
                out.entry(k).or_default().add(c);
            }
        }
    }
    out
}

/// The programmes (slug, title) of the organisations `who` reads, for the filter.
pub fn programmes(conn: &mut DbConnection, who: &Access) -> QueryResult<Vec<(String, String)>> {
    let mut q = events::table
        .order((events::title, events::id))
        .select((events::slug, events::title))
        .into_boxed();
    if let Some(orgs) = who.organisations() {
        q = q.filter(events::organisation_id.eq_any(orgs));
    }
    q.load(conn)
}
