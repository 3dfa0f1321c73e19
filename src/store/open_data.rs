//! The open data set read from the database: every activity the public calendar shows
//! (published or cancelled, past its interest list's head start; never a draft), that
//! started from two years ago on, as `domain::open_data::Activity` rows. A fixed
//! number of queries per thousand activities, whatever their number. Nothing about a
//! person is read: no registration, no trainer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::Session;
use crate::db::schema::{mrcs, regions, sessions};
use crate::domain::filter::SessionFilter;
use crate::domain::lang::Lang;
use crate::domain::open_data::{Activity, ActivityStatus, first_day};
use crate::domain::session::SessionStatus;
use crate::domain::time;
use crate::error::Result;
use crate::store::sessions::{Resolved, SessionDetails, details, filtered};

/// Sessions given their details at a time: a bound on the ids one query binds.
const CHUNK: usize = 1000;

/// The data set at `now`, in start order, with the names of the regions (who publishes
/// it, when the settings do not say).
pub struct OpenData {
    pub activities: Vec<Activity>,
    pub regions: Vec<String>,
    /// The first activity's creation (`dct:issued`).
    pub issued: Option<NaiveDateTime>,
    /// The latest change of one (`dct:modified`).
    pub modified: Option<NaiveDateTime>,
}

pub fn activities(conn: &mut DbConnection, now: NaiveDateTime) -> Result<OpenData> {
    let filter = SessionFilter {
        from: Some(first_day(time::local(now).date_naive())),
        ..SessionFilter::default()
    };
    let resolved = Resolved::default();
    let rows: Vec<Session> = filtered(&resolved, &filter, now)
        .order((sessions::starts_at, sessions::id))
        .select(Session::as_select())
        .load(conn)?;
    let mrc_names: std::collections::HashMap<i64, String> = mrcs::table
        .select((mrcs::id, mrcs::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let issued = rows.iter().map(|s| s.created_at).min();
    let modified = rows.iter().map(|s| s.updated_at).max();
    let regions = region_names(conn)?;
    let mut activities = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Session> = rows.by_ref().take(CHUNK).collect();
        let ids: Vec<i64> = chunk.iter().map(|s| s.id).collect();
        let moved = crate::store::reschedules::previous_starts(conn, &ids)?;
        for d in details(conn, chunk)? {
            let previous = moved.get(&d.session.id).copied();
            let mrc = d
                .municipality
                .as_ref()
                .and_then(|m| mrc_names.get(&m.mrc_id).cloned());
            activities.push(activity(d, previous, mrc));
        }
    }
    Ok(OpenData {
        activities,
        regions,
        issued,
        modified,
    })
}

/// One activity as the files hold it.
fn activity(d: SessionDetails, previous: Option<NaiveDateTime>, mrc: Option<String>) -> Activity {
    let s = d.session;
    let status = if s.status == SessionStatus::Cancelled {
        ActivityStatus::Cancelled
    } else if previous.is_some() {
        ActivityStatus::Rescheduled
    } else {
        ActivityStatus::Scheduled
    };
    let names = |terms: &[crate::db::models::Term]| {
        terms
            .iter()
            .map(|t| t.name(Lang::Fr).to_owned())
            .collect::<Vec<_>>()
    };
    Activity {
        id: s.id,
        title: s.title,
        event: d.event.title,
        organisation: d.organisation.name,
        kind: d.kind.name(Lang::Fr).to_owned(),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        status,
        previous_starts_at: previous.filter(|_| status == ActivityStatus::Rescheduled),
        format: s.format.as_str(),
        municipality: d.municipality.as_ref().map(|m| m.name.clone()),
        mrc,
        venue: d
            .venue
            .as_ref()
            .map(|v| v.name.clone())
            .or(d.location_text.clone()),
        address: d
            .venue
            .as_ref()
            .map(|v| v.address.clone())
            .filter(|a| !a.is_empty()),
        postal_code: d.venue.as_ref().and_then(|v| v.postal_code.clone()),
        latitude: d.venue.as_ref().and_then(|v| v.latitude),
        longitude: d.venue.as_ref().and_then(|v| v.longitude),
        topics: names(&d.topics),
        audiences: names(&d.audiences),
        registration_required: s.registration_required,
        price_cents: s.price_cents,
        seats: s.capacity.filter(|_| s.registration_required),
        language: s.language,
        updated_at: s.updated_at,
    }
}

/// The regions' names, in order (who publishes the data, when the settings do not say).
pub fn region_names(conn: &mut DbConnection) -> diesel::QueryResult<Vec<String>> {
    regions::table
        .order(regions::name)
        .select(regions::name)
        .load(conn)
}
