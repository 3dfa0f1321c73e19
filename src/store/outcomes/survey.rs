//! The three-question survey after a session, answered once per registration from the
//! thank-you email's link, by people marked present. The primary key on
//! `registration_id` makes « once » hold under any race: a second answer, however
//! close, is refused and the first is kept.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::open;
use crate::db::schema::survey_answers;
use crate::db::{DbConnection, write_tx};
use crate::domain::outcome::{Rating, SurveyAnswer};
use crate::error::{Error, Result};

/// An answer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub useful: Option<Rating>,
    pub clear: Option<Rating>,
    pub next_step: String,
    pub created_at: NaiveDateTime,
}

/// What answering did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// There was an answer already: it is kept, this one is not.
    AlreadyAnswered,
}

/// The registration's answer, if any.
pub fn of(conn: &mut DbConnection, registration_id: i64) -> QueryResult<Option<Answer>> {
    Ok(survey_answers::table
        .find(registration_id)
        .select((
            survey_answers::useful,
            survey_answers::clear,
            survey_answers::next_step,
            survey_answers::created_at,
        ))
        .first::<(i32, i32, String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(useful, clear, next_step, created_at)| Answer {
            useful: Rating::from_stored(useful),
            clear: Rating::from_stored(clear),
            next_step,
            created_at,
        }))
}

/// Saves the answer of the registration a manage token opens, once. Not found: no such
/// link; forbidden: the person was not marked present.
pub fn answer(
    conn: &mut DbConnection,
    token: &str,
    a: &SurveyAnswer,
    now: NaiveDateTime,
) -> Result<Saved> {
    let done = write_tx(conn, |c| -> Result<Saved> {
        let o = open(c, token)?;
        if !o.present() {
            return Err(Error::Forbidden);
        }
        let r = &o.registration;
        if of(c, r.id)?.is_some() {
            return Ok(Saved::AlreadyAnswered);
        }
        diesel::insert_into(survey_answers::table)
            .values((
                survey_answers::registration_id.eq(r.id),
                survey_answers::session_id.eq(r.session_id),
                survey_answers::useful.eq(a.useful.value()),
                survey_answers::clear.eq(a.clear.value()),
                survey_answers::next_step.eq(&a.next_step),
                survey_answers::created_at.eq(now),
            ))
            .execute(c)?;
        Ok(Saved::Saved)
    });
    match done {
        // Another answer won the race between the check and the insert.
        Err(Error::Conflict(m)) if m.key == "error-conflict" => Ok(Saved::AlreadyAnswered),
        other => other,
    }
}
