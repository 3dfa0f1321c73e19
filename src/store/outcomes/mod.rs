//! After a session (issue 14): the message queued once per registration
//! ([`after`]: a thank-you with the survey, the certificate and the next workshops for
//! people present, a friendly note with next dates for no-shows), the survey
//! ([`survey`]), the certificate's facts ([`certificate`]), follow-up requests and the
//! back office's task list ([`requests`]), and the organisation's no-show policy
//! ([`policy`], applied by the registration engine under its lock).
//!
//! A person reaches all of it with their manage link (`store::links`), like the rest
//! of `/r/{token}`; what is personal is erased with the registration ([`forget`]).

pub mod after;
pub mod certificate;
pub mod policy;
pub mod requests;
pub mod survey;

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::{Registration, Session};
use crate::db::schema::{follow_up_requests, registrations, sessions, survey_answers};
use crate::domain::registration::Status;
use crate::error::{Error, Result};
use crate::store::sessions::{SessionDetails, details};

/// A registration opened by its manage link, with its session.
#[derive(Debug, Clone)]
pub struct Opened {
    pub registration: Registration,
    pub session: SessionDetails,
}

impl Opened {
    /// Whether the person was marked present (the survey, the certificate and the
    /// follow-up request are theirs only then).
    pub fn present(&self) -> bool {
        self.registration.status == Status::Attended
    }
}

/// The registration a manage token opens, with its session (not found: no such live
/// link, or the data was erased).
pub fn open(conn: &mut DbConnection, token: &str) -> Result<Opened> {
    let registration = crate::store::links::find(conn, token)?.ok_or(Error::NotFound)?;
    let s: Session = sessions::table
        .find(registration.session_id)
        .select(Session::as_select())
        .first(conn)?;
    let session = details(conn, vec![s])?.remove(0);
    Ok(Opened {
        registration,
        session,
    })
}

/// Whether the engine's no-show policy put this registration on the waitlist first.
pub fn held(conn: &mut DbConnection, registration_id: i64) -> QueryResult<bool> {
    registrations::table
        .find(registration_id)
        .select(registrations::no_show_hold)
        .first(conn)
}

/// The registrations of a session the no-show policy put on the waitlist first (the
/// people page flags them: « liste d'attente : absences »).
pub fn held_in(conn: &mut DbConnection, session_id: i64) -> QueryResult<Vec<i64>> {
    registrations::table
        .filter(registrations::session_id.eq(session_id))
        .filter(registrations::no_show_hold.eq(true))
        .select(registrations::id)
        .load(conn)
}

/// The registration's purge (`store::registrations::anonymise`, at the end of the
/// retention period or when the person erases their data): the survey's free text is
/// emptied (the ratings stay, anonymous, for the reports) and follow-up requests are
/// deleted.
pub fn forget(conn: &mut DbConnection, registration_ids: &[i64]) -> QueryResult<()> {
    if registration_ids.is_empty() {
        return Ok(());
    }
    diesel::update(
        survey_answers::table.filter(survey_answers::registration_id.eq_any(registration_ids)),
    )
    .set(survey_answers::next_step.eq(""))
    .execute(conn)?;
    diesel::delete(
        follow_up_requests::table
            .filter(follow_up_requests::registration_id.eq_any(registration_ids)),
    )
    .execute(conn)?;
    Ok(())
}
