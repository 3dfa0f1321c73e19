//! Public proposals (issue 12, item 2): a community group proposes an activity for a
//! programme that takes proposals, without an account. The proposal is stored with
//! the digest of a confirmation link sent to the address typed; it enters the
//! moderators' queue (`store::moderation::queue`) only once that link is opened and
//! its one button pressed. The decision is emailed to the proposer, in the language
//! they used, in the decision's transaction ([`tell_decision`]). The retention purge
//! deletes what was never confirmed and forgets who proposed once decided ([`purge`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::{Municipality, Submission, Term};
use crate::db::schema::{events, kinds, municipalities, organisations, submissions};
use crate::db::{DbConnection, write_tx};
use crate::domain::lang::Lang;
use crate::domain::messages::{FieldError, MessageKind, Msg};
use crate::domain::moderation::{Payload, SubmissionOrigin, SubmissionState};
use crate::domain::proposal::{CONFIRM_WITHIN, Proposal};
use crate::domain::time::rfc3339;
use crate::domain::token::{digest, looks_like_token, random_token};
use crate::error::{Error, Result};
use crate::store::catalogue::{Taxonomy, terms};
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::programme::terms_exist;

/// At most this many proposals of one address wait for confirmation at a time: more
/// are not stored and send nothing (the page answers the same), so the form cannot be
/// used to flood someone's mailbox.
pub const MAX_WAITING_PER_ADDRESS: usize = 3;

/// A programme that takes proposals.
#[derive(Debug, Clone)]
pub struct OpenProgramme {
    pub id: i64,
    pub title: String,
    pub organisation: String,
}

/// What the form offers to choose from.
#[derive(Debug, Clone)]
pub struct Choices {
    pub programmes: Vec<OpenProgramme>,
    pub municipalities: Vec<Municipality>,
    pub kinds: Vec<Term>,
    pub audiences: Vec<Term>,
    pub topics: Vec<Term>,
}

/// The published programmes that take proposals, by title.
pub fn open_programmes(conn: &mut DbConnection) -> QueryResult<Vec<OpenProgramme>> {
    Ok(events::table
        .inner_join(organisations::table)
        .filter(events::accepts_proposals.eq(true))
        .filter(events::status.eq("published"))
        .order((events::title, events::id))
        .select((events::id, events::title, organisations::name))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, title, organisation)| OpenProgramme {
            id,
            title,
            organisation,
        })
        .collect())
}

/// Everything the form offers, in one read.
pub fn choices(conn: &mut DbConnection) -> Result<Choices> {
    Ok(Choices {
        programmes: open_programmes(conn)?,
        municipalities: municipalities::table
            .order((municipalities::name, municipalities::id))
            .select(Municipality::as_select())
            .load(conn)?,
        kinds: terms(conn, Taxonomy::Kind)?,
        audiences: terms(conn, Taxonomy::Audience)?,
        topics: terms(conn, Taxonomy::Topic)?,
    })
}

fn field(fields: &mut Vec<FieldError>, name: &str, key: &str) {
    fields.push(FieldError::new(name, Msg::new(key)));
}

/// Stores a proposal and queues its confirmation email, in one transaction. The
/// programme must be published and take proposals, the municipality, kind and terms
/// exist (else a message per field, and nothing is stored). The caller answers the
/// same whatever happens to the address (see [`MAX_WAITING_PER_ADDRESS`]).
pub fn submit(conn: &mut DbConnection, p: &Proposal, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let mut fields = Vec::new();
        let organisation_id: Option<i64> = events::table
            .find(p.event_id)
            .filter(events::accepts_proposals.eq(true))
            .filter(events::status.eq("published"))
            .select(events::organisation_id)
            .first(conn)
            .optional()?;
        if organisation_id.is_none() {
            field(&mut fields, "event", "prop-error-event");
        }
        let town: i64 = municipalities::table
            .find(p.municipality_id)
            .count()
            .get_result(conn)?;
        if town == 0 {
            field(&mut fields, "municipality", "prop-error-municipality");
        }
        let kind: i64 = kinds::table.find(p.kind_id).count().get_result(conn)?;
        if kind == 0 {
            field(&mut fields, "kind", "prop-error-kind");
        }
        let (audiences_ok, topics_ok) = terms_exist(conn, &p.audience_ids, &p.topic_ids)?;
        if !audiences_ok {
            field(&mut fields, "audiences", "prop-error-terms");
        }
        if !topics_ok {
            field(&mut fields, "topics", "prop-error-terms");
        }
        let Some(organisation_id) = organisation_id.filter(|_| fields.is_empty()) else {
            return Err(Error::Invalid(fields));
        };
        let waiting: Vec<Option<String>> = submissions::table
            .filter(submissions::origin.eq(SubmissionOrigin::Proposal.as_str()))
            .filter(submissions::confirmed_at.is_null())
            .filter(submissions::created_at.gt(now - CONFIRM_WITHIN))
            .select(submissions::proposer_email)
            .load(conn)?;
        let address = p.email.normalised();
        let same = waiting
            .iter()
            .filter(|e| e.as_deref().is_some_and(|e| e.to_lowercase() == address))
            .count();
        if same >= MAX_WAITING_PER_ADDRESS {
            tracing::info!("proposal not stored: its address has enough waiting");
            return Ok(());
        }
        let token = random_token();
        let payload = p.payload();
        diesel::insert_into(submissions::table)
            .values((
                submissions::origin.eq(SubmissionOrigin::Proposal.as_str()),
                submissions::organisation_id.eq(organisation_id),
                submissions::payload.eq(payload.to_json()),
                submissions::state.eq(SubmissionState::Pending.as_str()),
                submissions::proposer_name.eq(&p.name),
                submissions::proposer_email.eq(p.email.as_str()),
                submissions::proposer_lang.eq(p.lang.code()),
                submissions::confirm_token_hash.eq(digest(&token)),
                submissions::consent_at.eq(now),
                submissions::created_at.eq(now),
                submissions::updated_at.eq(now),
            ))
            .execute(conn)?;
        enqueue(
            conn,
            &NewMessage {
                kind: MessageKind::ProposalConfirm,
                registration_id: None,
                session_id: None,
                recipient: p.email.as_str().to_owned(),
                recipient_name: p.name.clone(),
                language: p.lang,
                payload: json!({
                    "confirm_token": token,
                    "title": payload.title,
                    "starts_at": rfc3339(payload.starts_at),
                    "ends_at": rfc3339(payload.ends_at),
                }),
            },
        )?;
        Ok(())
    })
}

/// A proposal as its confirmation page shows it.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub programme: String,
    /// Whether its author already confirmed it.
    pub confirmed: bool,
}

/// The proposal a confirmation link leads to, while the link works: an unknown token,
/// or one not confirmed within [`CONFIRM_WITHIN`], is not found.
fn by_token(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<(Submission, Waiting)> {
    if !looks_like_token(token) {
        return Err(Error::NotFound);
    }
    let s: Submission = submissions::table
        .filter(submissions::confirm_token_hash.eq(digest(token)))
        .filter(submissions::origin.eq(SubmissionOrigin::Proposal.as_str()))
        .select(Submission::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if s.confirmed_at.is_none() && s.created_at + CONFIRM_WITHIN <= now {
        return Err(Error::NotFound);
    }
    let p = Payload::from_json(&s.payload)
        .ok_or_else(|| Error::Unexpected(anyhow::anyhow!("submission {}: payload", s.id)))?;
    let programme = match p.event_id {
        Some(id) => events::table
            .find(id)
            .select(events::title)
            .first(conn)
            .optional()?
            .unwrap_or_default(),
        None => String::new(),
    };
    let w = Waiting {
        title: p.title,
        starts_at: p.starts_at,
        ends_at: p.ends_at,
        programme,
        confirmed: s.confirmed_at.is_some(),
    };
    Ok((s, w))
}

/// What the confirmation link shows (a `GET`: changes nothing, since mail scanners
/// open links).
pub fn waiting(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<Waiting> {
    by_token(conn, token, now).map(|(_, w)| w)
}

/// Confirms a proposal: from now on it waits in the moderators' queue. Confirming
/// twice changes nothing. A proposal for a trusted organisation's programme is queued
/// all the same: `organisations.trusted` vouches for what the organisation itself
/// publishes, and the proposer is not the organisation.
pub fn confirm(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<Waiting> {
    write_tx(conn, |conn| {
        let (s, mut w) = by_token(conn, token, now)?;
        if s.confirmed_at.is_none() {
            diesel::update(submissions::table.find(s.id))
                .filter(submissions::confirmed_at.is_null())
                .set((
                    submissions::confirmed_at.eq(now),
                    submissions::updated_at.eq(now),
                ))
                .execute(conn)?;
            w.confirmed = true;
        }
        Ok(w)
    })
}

/// Whether a submission is a proposal its author has not confirmed: not in the queue,
/// and not for a moderator to decide (a batch skips it).
pub(crate) fn awaits_its_author(s: &Submission) -> bool {
    s.origin == SubmissionOrigin::Proposal.as_str() && s.confirmed_at.is_none()
}

/// How a moderator decided a proposal.
#[derive(Debug, Clone, Copy)]
pub enum Decision<'a> {
    /// Published as this session.
    Approved(i64),
    /// Refused for this reason.
    Rejected(&'a str),
}

/// Queues the email that tells a proposer the decision, in their language; call in
/// the decision's transaction. Anything but a public proposal (an import), or one
/// whose author's address is already forgotten, sends nothing.
pub(crate) fn tell_decision(
    conn: &mut DbConnection,
    s: &Submission,
    decision: Decision<'_>,
) -> QueryResult<()> {
    if s.origin != SubmissionOrigin::Proposal.as_str() {
        return Ok(());
    }
    let Some(email) = s.proposer_email.clone() else {
        return Ok(());
    };
    let lang = s
        .proposer_lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let title = Payload::from_json(&s.payload)
        .map(|p| p.title)
        .unwrap_or_default();
    let (kind, session_id, payload) = match decision {
        Decision::Approved(session) => (
            MessageKind::ProposalApproved,
            Some(session),
            json!({ "title": title }),
        ),
        Decision::Rejected(reason) => (
            MessageKind::ProposalRejected,
            None,
            json!({ "title": title, "reason": reason }),
        ),
    };
    enqueue(
        conn,
        &NewMessage {
            kind,
            registration_id: None,
            session_id,
            recipient: email,
            recipient_name: s.proposer_name.clone().unwrap_or_default(),
            language: lang,
            payload,
        },
    )
}

/// The retention purge's part (in its transaction): proposals never confirmed are
/// deleted once their link stopped working; the name and address of a proposer are
/// forgotten once the proposal was decided before `cutoff` (or received before it and
/// never decided). The activity, and the decision, stay.
pub(crate) fn purge(
    conn: &mut DbConnection,
    cutoff: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let proposal = SubmissionOrigin::Proposal.as_str();
    let mut n = diesel::delete(
        submissions::table
            .filter(submissions::origin.eq(proposal))
            .filter(submissions::confirmed_at.is_null())
            .filter(submissions::created_at.le(now - CONFIRM_WITHIN)),
    )
    .execute(conn)?;
    n += diesel::update(
        submissions::table
            .filter(submissions::origin.eq(proposal))
            .filter(
                submissions::proposer_email
                    .is_not_null()
                    .or(submissions::proposer_name.is_not_null()),
            )
            .filter(
                submissions::decided_at
                    .lt(cutoff)
                    .or(submissions::decided_at
                        .is_null()
                        .and(submissions::created_at.lt(cutoff))),
            ),
    )
    .set((
        submissions::proposer_name.eq(None::<String>),
        submissions::proposer_email.eq(None::<String>),
        submissions::confirm_token_hash.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(n)
}
