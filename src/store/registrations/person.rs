//! What a person does with their manage link: read it, cancel, change seats or
//! details, accept an offer, see or erase their personal data.

use super::*;

fn by_token(conn: &mut DbConnection, token: &str) -> RegResult<Registration> {
    links::find(conn, token)?.ok_or(RegError::NotFound)
}

/// A registration by its manage token, with its session and waitlist position.
pub fn find_by_token(conn: &mut DbConnection, token: &str) -> RegResult<RegistrationDetails> {
    let r = by_token(conn, token)?;
    with_details(conn, r)
}

/// A message about a registration, as its person downloads it.
#[derive(Debug, Clone, Queryable)]
pub struct MessageRecord {
    pub kind: String,
    pub recipient: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// Everything held about a person for one registration (Law 25 access right).
#[derive(Debug, Clone)]
pub struct PersonalData {
    pub details: RegistrationDetails,
    /// The emails written to them about it (their text is composed when sent, from the
    /// registration and the session; only its kind and dates are kept).
    pub messages: Vec<MessageRecord>,
    /// What staff recorded about it (check-in, promotion…): action and date.
    pub history: Vec<(String, NaiveDateTime)>,
    /// Manage links issued besides the first (one per email, retry or staff request).
    pub links_issued: i64,
}

/// What `/r/{token}/data.json` gives: the registration and everything tied to it.
pub fn personal_data(conn: &mut DbConnection, token: &str) -> RegResult<PersonalData> {
    let details = find_by_token(conn, token)?;
    let id = details.registration.id;
    let messages = outbox::table
        .filter(outbox::registration_id.eq(id))
        .order(outbox::id)
        .select((
            outbox::kind,
            outbox::recipient,
            outbox::status,
            outbox::created_at,
            outbox::sent_at,
        ))
        .load(conn)?;
    let history = audit_log::table
        .filter(audit_log::entity.eq("registration"))
        .filter(audit_log::entity_id.eq(id))
        .order(audit_log::id)
        .select((audit_log::action, audit_log::created_at))
        .load(conn)?;
    let links_issued = links::count(conn, id)?;
    Ok(PersonalData {
        details,
        messages,
        history,
        links_issued,
    })
}

fn with_details(conn: &mut DbConnection, r: Registration) -> RegResult<RegistrationDetails> {
    let s: Session = sessions::table
        .find(r.session_id)
        .select(Session::as_select())
        .first(conn)?;
    let seats_free = s.seats_left();
    let session = details(conn, vec![s])?.remove(0);
    let waitlist_position = position(conn, &r)?;
    Ok(RegistrationDetails {
        registration: r,
        session,
        waitlist_position,
        seats_free,
    })
}

/// Locks the session of a token's registration and re-reads the registration under the
/// lock (another transaction may have changed it since the token was looked up).
pub(super) fn lock_by_token(
    conn: &mut DbConnection,
    token: &str,
) -> RegResult<(Locked, Registration)> {
    let r = by_token(conn, token)?;
    let span = tracing::Span::current();
    span.record("session_id", r.session_id);
    span.record("registration_id", r.id);
    let l = lock(conn, r.session_id)?;
    let r = registrations::table
        .find(r.id)
        .select(Registration::as_select())
        .first(conn)?;
    Ok((l, r))
}

/// Moves a registration to `cancelled`, frees what it held and promotes; money paid
/// online is refunded when the organisation's policy says so. Returns whether a refund
/// was queued.
fn cancel_locked(
    conn: &mut DbConnection,
    l: &mut Locked,
    r: &Registration,
    now: NaiveDateTime,
) -> RegResult<bool> {
    let status = status_of(r);
    if !status.is_open() {
        return Err(Refusal::NotChangeable.into());
    }
    if status.holds_seats() {
        l.book.seats_taken -= r.seats;
    } else {
        l.book.waitlist_count -= 1;
    }
    diesel::update(registrations::table.find(r.id))
        .set(cancellation(now))
        .execute(conn)?;
    let refund = on_cancel(conn, r, &l.session, CancelledBy::Person, now)?;
    settle(conn, l, now)?;
    Ok(refund)
}

/// The person cancels (from the manage page or `DELETE`); the freed seats go to the
/// waitlist in the same transaction.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = tracing::field::Empty, organisation_id = tracing::field::Empty, registration_id = tracing::field::Empty))]
pub fn cancel(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> RegResult<Registration> {
    write_tx(conn, |conn| {
        let (mut l, r) = lock_by_token(conn, token)?;
        let refund = cancel_locked(conn, &mut l, &r, now)?;
        notify(
            conn,
            &r,
            MessageKind::RegistrationCancelled,
            if refund {
                json!({"refund": true})
            } else {
                json!({})
            },
        )?;
        save_counters(conn, &l, now)?;
        crate::store::webhooks::registration_event(
            conn,
            WebhookEvent::RegistrationCancelled,
            r.id,
        )?;
        Ok(registrations::table
            .find(r.id)
            .select(Registration::as_select())
            .first(conn)?)
    })
}

/// The person changes their number of seats: down always (freed seats are promoted),
/// up only when free; a waiting person keeps their place whatever the change.
pub fn change_seats(
    conn: &mut DbConnection,
    token: &str,
    seats: i32,
    now: NaiveDateTime,
) -> RegResult<RegistrationDetails> {
    update(
        conn,
        token,
        &RegistrationPatch {
            seats: Some(seats),
            ..RegistrationPatch::default()
        },
        now,
    )
}

/// Applies a person's changes (seats, contact details, needs, language) at once.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = tracing::field::Empty, organisation_id = tracing::field::Empty, registration_id = tracing::field::Empty))]
pub fn update(
    conn: &mut DbConnection,
    token: &str,
    patch: &RegistrationPatch,
    now: NaiveDateTime,
) -> RegResult<RegistrationDetails> {
    let r = write_tx(conn, |conn| -> RegResult<Registration> {
        let (mut l, r) = lock_by_token(conn, token)?;
        let status = status_of(&r);
        if !status.is_open() {
            return Err(Refusal::NotChangeable.into());
        }
        if let Some(seats) = patch.seats.filter(|s| *s != r.seats) {
            rules::change_seats(&l.book, status, r.seats, seats)?;
            reprice(conn, &r, seats, now)?;
            if status.holds_seats() {
                l.book.seats_taken += seats - r.seats;
            }
            diesel::update(registrations::table.find(r.id))
                .set(registrations::seats.eq(seats))
                .execute(conn)?;
            notify(
                conn,
                &r,
                MessageKind::RegistrationUpdated,
                json!({"previous_seats": r.seats, "seats": seats}),
            )?;
            settle(conn, &mut l, now)?;
            save_counters(conn, &l, now)?;
        }
        if let Some(name) = &patch.name {
            diesel::update(registrations::table.find(r.id))
                .set(registrations::name.eq(name))
                .execute(conn)?;
        }
        if let Some(phone) = &patch.phone {
            diesel::update(registrations::table.find(r.id))
                .set(registrations::phone.eq(phone.as_ref().map(Phone::as_str)))
                .execute(conn)?;
        }
        if let Some(needs) = &patch.needs {
            diesel::update(registrations::table.find(r.id))
                .set(registrations::needs.eq(needs))
                .execute(conn)?;
        }
        if let Some(lang) = patch.language {
            diesel::update(registrations::table.find(r.id))
                .set(registrations::language.eq(lang.code()))
                .execute(conn)?;
        }
        diesel::update(registrations::table.find(r.id))
            .set(registrations::updated_at.eq(now))
            .execute(conn)?;
        Ok(registrations::table
            .find(r.id)
            .select(Registration::as_select())
            .first(conn)?)
    })?;
    with_details(conn, r)
}

/// The person accepts the seats they were offered.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = tracing::field::Empty, organisation_id = tracing::field::Empty, registration_id = tracing::field::Empty))]
pub fn accept_offer(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> RegResult<Registration> {
    write_tx(conn, |conn| {
        let (_, r) = lock_by_token(conn, token)?;
        rules::accept_offer(status_of(&r), r.offer_expires_at, now)?;
        if hold_on_accept(conn, &r, now)? {
            return Ok(registrations::table
                .find(r.id)
                .select(Registration::as_select())
                .first(conn)?);
        }
        diesel::update(registrations::table.find(r.id))
            .set((
                registrations::status.eq(Status::Confirmed.as_str()),
                registrations::offer_expires_at.eq(None::<NaiveDateTime>),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        notify_confirmed(conn, &r)?;
        Ok(registrations::table
            .find(r.id)
            .select(Registration::as_select())
            .first(conn)?)
    })
}

/// Law 25: the person deletes their data. A live registration is cancelled first (its
/// seats go to the waitlist); no message is sent to an address being erased.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = tracing::field::Empty, organisation_id = tracing::field::Empty, registration_id = tracing::field::Empty))]
pub fn erase(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> RegResult<()> {
    write_tx(conn, |conn| {
        let (mut l, r) = lock_by_token(conn, token)?;
        if status_of(&r).is_open() {
            cancel_locked(conn, &mut l, &r, now)?;
            save_counters(conn, &l, now)?;
            crate::store::webhooks::registration_event(
                conn,
                WebhookEvent::RegistrationCancelled,
                r.id,
            )?;
        }
        anonymise(conn, &[r.id], now)?;
        Ok(())
    })
}
