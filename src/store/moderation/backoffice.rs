//! What the back office's moderation pages need beyond the acts of `store::moderation`
//! (issue 12): the count shown in the navigation, the places named by queue items, a
//! session's origins with what can be split, and naming or removing moderators.
//!
//! Messages these answer with (fr / en, in `templates/i18n/*/moderation.ftl`):
//! - `moderation-error-no-account`: « Aucun compte n'a cette adresse. … » / "No account
//!   has this address. …"

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{add_moderator, can_moderate, moderated_mrcs, origins};
use crate::db::schema::{moderators, municipalities, organisations, sessions, submissions};
use crate::db::{DbConnection, write_tx};
use crate::domain::access::Access;
use crate::domain::moderation::{Payload, SubmissionOrigin, SubmissionState};
use crate::error::{Error, Result};
use crate::store::audit::{Entry, record};
use crate::store::imports::publish;

/// How many items wait for this person (what [`queue`] would list), or `None` when
/// they moderate nothing: the back office's navigation shows it.
pub fn waiting(conn: &mut DbConnection, who: &Access, now: NaiveDateTime) -> Result<Option<usize>> {
    let mrcs = moderated_mrcs(conn, who)?;
    if mrcs.as_ref().is_some_and(Vec::is_empty) {
        return Ok(None);
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
        .select(submissions::payload)
        .into_boxed();
    if let Some(mrcs) = mrcs {
        q = q.filter(municipalities::mrc_id.eq_any(mrcs));
    }
    let payloads: Vec<String> = q.load(conn)?;
    Ok(Some(
        payloads
            .iter()
            .filter_map(|p| Payload::from_json(p))
            .filter(|p| p.ends_at > now)
            .count(),
    ))
}

/// The names of the places queue items point to: venues (« Salle, Ville ») and
/// municipalities, by id.
#[derive(Debug, Clone, Default)]
pub struct PlaceNames {
    pub venues: HashMap<i64, String>,
    pub municipalities: HashMap<i64, String>,
}

/// The names of these venues and municipalities (unknown ids are left out).
pub fn place_names(
    conn: &mut DbConnection,
    venue_ids: &[i64],
    municipality_ids: &[i64],
) -> Result<PlaceNames> {
    use crate::db::schema::venues;
    let venues: Vec<(i64, String, String)> = venues::table
        .inner_join(municipalities::table)
        .filter(venues::id.eq_any(venue_ids))
        .select((venues::id, venues::name, municipalities::name))
        .load(conn)?;
    let towns: Vec<(i64, String)> = municipalities::table
        .filter(municipalities::id.eq_any(municipality_ids))
        .select((municipalities::id, municipalities::name))
        .load(conn)?;
    Ok(PlaceNames {
        venues: venues
            .into_iter()
            .map(|(id, name, town)| (id, format!("{name}, {town}")))
            .collect(),
        municipalities: towns.into_iter().collect(),
    })
}

/// One origin of a session, as its back-office page lists it.
#[derive(Debug, Clone)]
pub struct OriginRow {
    pub id: i64,
    pub source_name: String,
    pub origin_url: Option<String>,
    /// Whether it joined the session as a duplicate (it can be split off); `false` for
    /// the origin the session was created from.
    pub merged: bool,
}

/// The origins of a session, for whoever may split them (see [`split`]).
pub fn session_origins(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
) -> Result<Vec<OriginRow>> {
    let (organisation_id, own): (i64, Option<String>) = sessions::table
        .find(session_id)
        .select((sessions::organisation_id, sessions::external_uid))
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if !who.can_edit(organisation_id) && !can_moderate(conn, who, organisation_id)? {
        return Err(Error::Forbidden);
    }
    Ok(origins(conn, session_id)?
        .into_iter()
        .map(|(o, source_name)| {
            let merged = match (o.source_id, &o.external_uid) {
                (Some(src), Some(key)) => {
                    own.as_deref() != Some(publish::external_uid(src, key).as_str())
                }
                _ => false,
            };
            OriginRow {
                id: o.id,
                source_name,
                origin_url: o.origin_url,
                merged,
            }
        })
        .collect())
}

/// A moderator as the region page lists them.
#[derive(Debug, Clone)]
pub struct ModeratorRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub mrc_id: i64,
    pub mrc_name: String,
}

/// Every moderator, by MRC then name (the regional administrator's page).
pub fn moderator_list(conn: &mut DbConnection, who: &Access) -> Result<Vec<ModeratorRow>> {
    use crate::db::schema::{mrcs, users};
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    let rows: Vec<(i64, i64, String)> = moderators::table
        .inner_join(mrcs::table)
        .select((moderators::user_id, moderators::mrc_id, mrcs::name))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let people: HashMap<i64, (String, String)> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name, users::email))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, n, e)| (id, (n, e)))
        .collect();
    let mut out: Vec<ModeratorRow> = rows
        .into_iter()
        .filter_map(|(user_id, mrc_id, mrc_name)| {
            let (name, email) = people.get(&user_id)?.clone();
            Some(ModeratorRow {
                user_id,
                name,
                email,
                mrc_id,
                mrc_name,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.mrc_name, &a.name).cmp(&(&b.mrc_name, &b.name)));
    Ok(out)
}

/// Names the account with this email a moderator of the MRC (the regional
/// administrator does). An address without an account is a field error: the person
/// must have a back-office account first.
pub fn add_moderator_by_email(
    conn: &mut DbConnection,
    who: &Access,
    email: &str,
    mrc_id: i64,
) -> Result<()> {
    use crate::db::schema::mrcs;
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    let Some(user_id) = crate::store::users::id_by_email(conn, email)? else {
        return Err(Error::field("email", "moderation-error-no-account"));
    };
    let known: i64 = mrcs::table.find(mrc_id).count().get_result(conn)?;
    if known == 0 {
        return Err(Error::field("mrc_id", "admin-error-choice"));
    }
    add_moderator(conn, who, user_id, mrc_id)
}

/// Takes a moderator off an MRC (the regional administrator does); removing someone
/// who was not one changes nothing.
pub fn remove_moderator(
    conn: &mut DbConnection,
    who: &Access,
    user_id: i64,
    mrc_id: i64,
) -> Result<()> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let n = diesel::delete(
            moderators::table
                .filter(moderators::user_id.eq(user_id))
                .filter(moderators::mrc_id.eq(mrc_id)),
        )
        .execute(conn)?;
        if n > 0 {
            record(
                conn,
                &Entry::new(who.user_id, "remove_moderator", "mrc", Some(mrc_id))
                    .detail(format!("user #{user_id}")),
            )?;
        }
        Ok(())
    })
}

/// Every organisation with whether it is trusted, by name (the regional administrator's
/// page): (id, name, trusted).
pub fn organisations_trust(
    conn: &mut DbConnection,
    who: &Access,
) -> Result<Vec<(i64, String, bool)>> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    Ok(organisations::table
        .order((organisations::name, organisations::id))
        .select((
            organisations::id,
            organisations::name,
            organisations::trusted,
        ))
        .load(conn)?)
}
