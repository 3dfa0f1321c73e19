//! New or returning: whether a person registering now had registered before in the
//! same region. Decided once, when the registration is made
//! (`store::registrations::register_with` stores it in `returning_person`), because the
//! retention purge later erases the person key that tells it: the report's « nouveaux
//! ou déjà venus » then still counts right.
//!
//! A session's region is its place's (its venue's town, or the one its partner
//! calendar placed it in), else its organisation's town's. A registration before, at
//! another session of the region, whatever became of it (even cancelled: the person
//! came to us before), makes the person returning; one purged already (its key erased)
//! cannot be matched, so after `retention_days` a person counts as new again.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{
    mrcs, municipalities, organisations, registrations, session_locations, sessions, venues,
};

/// The region of each of these sessions (those whose place and organisation have no
/// town are left out).
fn regions_of(conn: &mut DbConnection, session_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    // (session, venue's town, calendar's town, organisation's town)
    type Places = (i64, Option<i64>, Option<i64>, Option<i64>);
    let rows: Vec<Places> = sessions::table
        .inner_join(organisations::table)
        .left_join(venues::table)
        .left_join(session_locations::table)
        .filter(sessions::id.eq_any(session_ids.to_vec()))
        .select((
            sessions::id,
            venues::municipality_id.nullable(),
            session_locations::municipality_id.nullable(),
            organisations::municipality_id,
        ))
        .load(conn)?;
    let towns: Vec<i64> = rows.iter().filter_map(|r| r.1.or(r.2).or(r.3)).collect();
    let regions: Vec<(i64, i64)> = municipalities::table
        .inner_join(mrcs::table)
        .filter(municipalities::id.eq_any(towns))
        .select((municipalities::id, mrcs::region_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let town = r.1.or(r.2).or(r.3)?;
            let region = regions.iter().find(|(t, _)| *t == town)?.1;
            Some((r.0, region))
        })
        .collect())
}

/// Whether the person of `person_key` registered before at another session of the
/// region of `session_id`. Two small queries: the person's other sessions (a person
/// has few), then their regions.
pub fn is_returning(
    conn: &mut DbConnection,
    session_id: i64,
    person_key: &str,
) -> QueryResult<bool> {
    let mut others: Vec<i64> = registrations::table
        .filter(registrations::person_key.eq(person_key))
        .filter(registrations::session_id.ne(session_id))
        .select(registrations::session_id)
        .distinct()
        .limit(500)
        .load(conn)?;
    if others.is_empty() {
        return Ok(false);
    }
    others.push(session_id);
    let regions = regions_of(conn, &others)?;
    let Some(here) = regions.iter().find(|(s, _)| *s == session_id).map(|r| r.1) else {
        // A session without any town: the person came to us before, anywhere.
        return Ok(true);
    };
    Ok(regions.iter().any(|(s, r)| *s != session_id && *r == here))
}
