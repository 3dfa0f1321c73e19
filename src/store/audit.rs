//! The audit log: who changed what, when. Every back-office change writes its entry
//! in the transaction of the change, so the log and the data never disagree.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{audit_log, users};
use crate::db::{DbConnection, now};

/// One change to record.
#[derive(Debug, Clone)]
pub struct Entry {
    pub user_id: i64,
    pub organisation_id: Option<i64>,
    /// `create`, `update`, `publish`, `delete`, `assign`, …
    pub action: String,
    /// `session`, `event`, `venue`, …
    pub entity: String,
    pub entity_id: Option<i64>,
    /// A short human summary (a title, the fields changed).
    pub detail: String,
}

impl Entry {
    pub fn new(user_id: i64, action: &str, entity: &str, entity_id: Option<i64>) -> Entry {
        Entry {
            user_id,
            organisation_id: None,
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id,
            detail: String::new(),
        }
    }

    pub fn org(mut self, organisation_id: i64) -> Entry {
        self.organisation_id = Some(organisation_id);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Entry {
        self.detail = detail.into();
        self
    }
}

/// Writes an entry; call inside the change's transaction.
pub fn record(conn: &mut DbConnection, e: &Entry) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::user_id.eq(e.user_id),
            audit_log::organisation_id.eq(e.organisation_id),
            audit_log::action.eq(&e.action),
            audit_log::entity.eq(&e.entity),
            audit_log::entity_id.eq(e.entity_id),
            audit_log::detail.eq(&e.detail),
            audit_log::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// An entry as the audit page lists it.
#[derive(Debug, Clone, Queryable)]
pub struct Logged {
    pub id: i64,
    pub who: Option<String>,
    pub organisation_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
    pub created_at: NaiveDateTime,
}

/// The latest entries, newest first: of the given organisations, or all (`None`).
pub fn latest(
    conn: &mut DbConnection,
    organisations: Option<&[i64]>,
    limit: i64,
) -> QueryResult<Vec<Logged>> {
    let mut q = audit_log::table
        .left_join(users::table)
        .select((
            audit_log::id,
            users::name.nullable(),
            audit_log::organisation_id,
            audit_log::action,
            audit_log::entity,
            audit_log::entity_id,
            audit_log::detail,
            audit_log::created_at,
        ))
        .order((audit_log::created_at.desc(), audit_log::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(orgs) = organisations {
        q = q.filter(audit_log::organisation_id.eq_any(orgs.to_vec()));
    }
    q.load(conn)
}

/// How many entries there are (tests check that a refused request wrote none).
pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    audit_log::table.count().get_result(conn)
}
