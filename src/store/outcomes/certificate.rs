//! What a certificate of attendance states, read for the person marked present.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::open;
use crate::db::DbConnection;
use crate::error::{Error, Result};

/// The facts a certificate states (the PDF writes them in the person's language).
#[derive(Debug, Clone)]
pub struct Facts {
    pub name: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub organisation: String,
    pub trainers: Vec<String>,
    /// The registration's language (`fr`, `en`).
    pub language: String,
}

/// The certificate's facts for the registration a manage token opens. Not found: no
/// such link; forbidden: the person was not marked present.
pub fn facts(conn: &mut DbConnection, token: &str) -> Result<Facts> {
    let o = open(conn, token)?;
    if !o.present() {
        return Err(Error::Forbidden);
    }
    let d = &o.session;
    Ok(Facts {
        name: o.registration.name.clone().unwrap_or_default(),
        title: d.session.title.clone(),
        starts_at: d.session.starts_at,
        ends_at: d.session.ends_at,
        organisation: d.organisation.name.clone(),
        trainers: d.trainers.iter().map(|t| t.name.clone()).collect(),
        language: o.registration.language.clone(),
    })
}

/// Whether the registration a manage token opens may download its certificate.
pub fn available(conn: &mut DbConnection, token: &str) -> QueryResult<bool> {
    Ok(crate::store::links::find(conn, token)?
        .is_some_and(|r| r.status == crate::domain::registration::Status::Attended))
}
