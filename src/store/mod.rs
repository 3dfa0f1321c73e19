//! Queries per aggregate. Every transaction that must be atomic lives here, opened with
//! [`crate::db::write_tx`]; handlers call one function and render what it returns.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::organisations;
pub use crate::error::{Error, Result};

pub mod activities;
pub mod audit;
pub mod catalogue;
pub mod delivery;
pub mod door;
pub mod events;
pub mod feeds;
pub mod helpers;
pub mod imports;
pub mod intake;
pub mod interests;
pub mod links;
pub mod members;
pub mod moderation;
pub mod open_data;
pub mod outbox;
pub mod outcomes;
pub mod payments_admin;
pub mod people;
pub mod programme;
pub mod proposals;
pub mod registrations;
pub mod reports;
pub mod requests;
pub mod reschedules;
pub mod retention;
pub mod roster;
pub mod second_factor;
pub mod sessions;
pub mod slugs;
pub mod snowstorm;
pub mod staff;
pub mod trainers;
pub mod users;
pub mod venues;
pub mod webhooks;

/// Refuses an organisation id that names no organisation, as a field to correct. A
/// regional administrator may act for any organisation, so `Access` alone does not
/// prove the one in a request exists.
pub(crate) fn known_organisation(conn: &mut DbConnection, organisation_id: i64) -> Result<()> {
    let n: i64 = organisations::table
        .find(organisation_id)
        .count()
        .get_result(conn)?;
    if n == 0 {
        return Err(Error::field(
            "organisation_id",
            "error-unknown-organisation",
        ));
    }
    Ok(())
}
