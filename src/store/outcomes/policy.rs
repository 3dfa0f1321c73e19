//! An organisation's optional no-show policy: « Après N absences en J jours, les
//! nouvelles inscriptions passent d'abord par la liste d'attente ». The rule is
//! `domain::outcome::NoShowPolicy`; the registration engine asks [`holds`] under the
//! session's lock, and staff promote by hand as the override.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{organisations, registrations, sessions};
use crate::db::{DbConnection, write_tx};
use crate::domain::access::Access;
use crate::domain::outcome::NoShowPolicy;
use crate::domain::registration::Status;
use crate::error::{Error, Result};
use crate::store::audit::{self, Entry};

/// The organisation's policy.
pub fn of(conn: &mut DbConnection, organisation_id: i64) -> QueryResult<NoShowPolicy> {
    let (limit, days): (Option<i32>, i32) = organisations::table
        .find(organisation_id)
        .select((organisations::no_show_limit, organisations::no_show_days))
        .first(conn)?;
    Ok(NoShowPolicy { limit, days })
}

/// Whether a new registration by `person_key` at a session of the organisation goes to
/// the waitlist first: the policy is on and the person missed enough of the
/// organisation's sessions that started within its period.
pub fn holds(
    conn: &mut DbConnection,
    organisation_id: i64,
    person_key: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let policy = of(conn, organisation_id)?;
    holds_under(conn, &policy, organisation_id, person_key, now)
}

/// [`holds`], with the organisation's policy already read (the registration engine
/// reads it once per transaction, whatever the number of people it registers).
pub fn holds_under(
    conn: &mut DbConnection,
    policy: &NoShowPolicy,
    organisation_id: i64,
    person_key: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if policy.limit.is_none() {
        return Ok(false);
    }
    let recent: i64 = registrations::table
        .inner_join(sessions::table)
        .filter(registrations::person_key.eq(person_key))
        .filter(registrations::status.eq(Status::NoShow.as_str()))
        .filter(sessions::organisation_id.eq(organisation_id))
        .filter(sessions::starts_at.ge(policy.since(now)))
        .filter(sessions::starts_at.le(now))
        .count()
        .get_result(conn)?;
    Ok(policy.holds(recent))
}

/// A manager sets the policy (organisation settings), with an audit entry.
pub fn set(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    policy: NoShowPolicy,
) -> Result<()> {
    if !who.can_manage(organisation_id) {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |c| -> Result<()> {
        let n = diesel::update(organisations::table.find(organisation_id))
            .set((
                organisations::no_show_limit.eq(policy.limit),
                organisations::no_show_days.eq(policy.days),
            ))
            .execute(c)?;
        if n == 0 {
            return Err(Error::NotFound);
        }
        let detail = match policy.limit {
            Some(n) => format!("no_show_limit={n} no_show_days={}", policy.days),
            None => "no_show_limit=off".to_owned(),
        };
        audit::record(
            c,
            &Entry::new(
                who.user_id,
                "no_show_policy",
                "organisation",
                Some(organisation_id),
            )
            .org(organisation_id)
            .detail(detail),
        )?;
        Ok(())
    })
}
