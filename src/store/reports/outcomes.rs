//! The public « Bilan » (`/outcomes`): a year of a region or an MRC, against the year
//! before, from the same facts as the staff report, every people count passed through
//! `domain::report::suppress` before it leaves the store. No free text, no session,
//! no organisation is named.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{facts, ids_of};
use crate::db::DbConnection;
use crate::db::models::Term;
use crate::db::schema::{mrcs, municipalities, regions, topics};
use crate::domain::report::suppress::{PublicYear, RawYear};
use crate::domain::report::{Held, ReportFilter, SessionFacts};
use crate::error::Result;
use crate::store::catalogue::term_columns;

/// A year and the one before, publishable, with the names they mention.
#[derive(Debug, Clone)]
pub struct Outcomes {
    pub this_year: PublicYear,
    pub last_year: PublicYear,
    pub municipalities: BTreeMap<i64, String>,
    pub topics: BTreeMap<i64, Term>,
}

/// A year's facts added up: sessions held, towns, people reached (present, or
/// registered and not marked absent, at held sessions), by topic and town.
fn raw_year(sessions: &[SessionFacts]) -> RawYear {
    let mut raw = RawYear::default();
    let mut towns = BTreeSet::new();
    let mut by_topic: BTreeMap<i64, i64> = BTreeMap::new();
    let mut by_town: BTreeMap<Option<i64>, i64> = BTreeMap::new();
    for s in sessions.iter().filter(|s| s.held == Held::Held) {
        let people = s.counts.present + s.counts.unrecorded;
        raw.sessions_held += 1;
        raw.people += people;
        if let Some(t) = s.municipality_id {
            towns.insert(t);
        }
        for t in &s.topic_ids {
            *by_topic.entry(*t).or_default() += people;
        }
        *by_town.entry(s.municipality_id).or_default() += people;
    }
    raw.municipalities = towns.len() as i64;
    raw.by_topic = by_topic.into_iter().collect();
    raw.by_municipality = by_town.into_iter().collect();
    raw
}

/// The towns of some regions (`None` when no region is named).
fn towns_of_regions(conn: &mut DbConnection, region: &[String]) -> Result<Option<BTreeSet<i64>>> {
    let Some(ids) = ids_of!(conn, regions, "region", &region.to_vec()) else {
        return Ok(None);
    };
    Ok(Some(
        municipalities::table
            .inner_join(mrcs::table)
            .filter(mrcs::region_id.eq_any(ids))
            .select(municipalities::id)
            .load::<i64>(conn)?
            .into_iter()
            .collect(),
    ))
}

/// The public figures of `year` and of the year before, for the regions and MRCs named
/// (slugs; none: everywhere). Unknown slugs are refused like the public filters'.
pub fn outcomes(
    conn: &mut DbConnection,
    region: &[String],
    mrc: &[String],
    year: i32,
    now: NaiveDateTime,
) -> Result<Outcomes> {
    let areas = towns_of_regions(conn, region)?;
    let filter = |y: i32| ReportFilter {
        mrc: mrc.to_vec(),
        ..ReportFilter::year(y)
    };
    let this = facts(conn, &filter(year), None, areas.as_ref(), now)?;
    let last = facts(conn, &filter(year - 1), None, areas.as_ref(), now)?;
    let this_year = raw_year(&this).publish();
    let last_year = raw_year(&last).publish();
    let town_ids: Vec<i64> = this_year
        .towns
        .shown
        .iter()
        .filter_map(|(t, _)| *t)
        .collect();
    let topic_ids: Vec<i64> = this_year
        .topics
        .iter()
        .chain(&last_year.topics)
        .map(|(t, _)| *t)
        .collect();
    Ok(Outcomes {
        municipalities: municipalities::table
            .filter(municipalities::id.eq_any(town_ids))
            .select((municipalities::id, municipalities::name))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect(),
        topics: topics::table
            .filter(topics::id.eq_any(topic_ids))
            .select(term_columns!(topics))
            .load::<Term>(conn)?
            .into_iter()
            .map(|t| (t.id, t))
            .collect(),
        this_year,
        last_year,
    })
}
