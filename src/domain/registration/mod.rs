//! The registration state machine, without I/O: who gets a seat, who waits, who is
//! promoted when seats free up, what a person may change. `store::registrations` loads
//! the rows, asks these functions, and writes what they decide in one transaction.
//!
//! ```text
//!            ┌──────────────── cancel ───────────────────┐
//!  new ──▶ confirmed ──▶ attended | no_show               ▼
//!    └───▶ waitlisted ──(seat frees, mode auto)──▶ confirmed      cancelled
//!               └──(seat frees, mode offers)──▶ offered ──(accept)──▶ confirmed
//!                                                  └──(expires)──▶ cancelled
//!    └───▶ pending_payment ──(paid)──▶ confirmed ; ──(expired)──▶ cancelled
//! ```
//!
//! Seats held (invariant 1, `sessions.seats_taken`): confirmed + offered + attended +
//! no_show + pending_payment. The waitlist (`sessions.waitlist_count`) counts waiting
//! registrations (people, whatever their number of seats).
//!
//! **Promotion policy.** The waitlist is served first come, first served, in the
//! transaction that frees the seats: walking the queue in order, each registration
//! whose seats fit in what is free is promoted (or offered the seats); a registration
//! needing more seats than are free keeps its place, and the next one that fits is
//! promoted. A newcomer is confirmed only when their seats fit in what is still free
//! after that pass, so nobody who waits could have used those seats.

use chrono::NaiveDateTime;

use crate::db::models::Session;
use crate::domain::session::SessionStatus;

mod person;
mod sim;

pub use person::{Email, Phone, Seats, email_key, parse_name, parse_note, person_key};
pub use sim::Sim;

text_enum!(
    /// Where a registration stands.
    Status {
        Confirmed => "confirmed",
        Waitlisted => "waitlisted",
        Offered => "offered",
        PendingPayment => "pending_payment",
        Attended => "attended",
        NoShow => "no_show",
        Cancelled => "cancelled",
    }
);

impl Status {
    /// Whether the registration's seats count against the capacity.
    pub fn holds_seats(self) -> bool {
        matches!(
            self,
            Status::Confirmed
                | Status::Offered
                | Status::PendingPayment
                | Status::Attended
                | Status::NoShow
        )
    }

    /// Whether the person may still cancel or change it themselves.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Confirmed | Status::Waitlisted | Status::Offered | Status::PendingPayment
        )
    }

    /// Whether the person has their seat, as their calendar shows it: every status that
    /// holds seats except an offer not yet accepted and seats held while a payment is
    /// made (they are theirs once paid).
    pub fn has_seat(self) -> bool {
        self.holds_seats() && !matches!(self, Status::Offered | Status::PendingPayment)
    }

    /// Waiting for a seat: on the waitlist, or offered one.
    pub fn is_waiting(self) -> bool {
        matches!(self, Status::Waitlisted | Status::Offered)
    }
}

text_enum!(
    /// Who created a registration.
    Source { Web => "web", Staff => "staff" }
);

text_enum!(
    /// What happens when seats free up: the waitlist moves by itself, or the head is
    /// offered the seats for a while (`organisations.waitlist_mode`).
    WaitlistMode { Auto => "auto", Offers => "offers" }
);

/// Why a registration or change is refused. Each maps to one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The session is not (or no longer) public.
    NotFound,
    SessionCancelled,
    SessionEnded,
    /// Drop-in: no registration needed.
    NoRegistration,
    NotYetOpen(NaiveDateTime),
    Closed,
    /// No seat left and no waitlist.
    Full,
    /// No seat left and the waitlist is full.
    WaitlistFull,
    /// More seats than one registration may take.
    TooManySeats(i32),
    /// Raising seats beyond what is free.
    NotEnoughSeats(i32),
    /// The registration is cancelled, attended… and cannot change.
    NotChangeable,
    /// Accepting something that is not an offer.
    NoOffer,
    OfferExpired,
    /// Capacity lower than the seats already held.
    CapacityBelowTaken(i32),
    /// Staff promotion of someone not waiting.
    NotWaiting,
    /// A paid session: how to pay, or at which rate, is not one offered.
    Payment(crate::domain::payment::PayRefusal),
    /// Asking for more time on a hold that cannot be extended (not held, already
    /// extended once, or run out).
    HoldNotExtendable,
    /// Changing the seats of a registration already paid (or being paid) online.
    PaidSeatsFixed,
}

impl From<crate::domain::payment::PayRefusal> for Refusal {
    fn from(r: crate::domain::payment::PayRefusal) -> Refusal {
        Refusal::Payment(r)
    }
}

impl From<Refusal> for crate::error::Error {
    /// A refusal as the person reads it: bad input is refused on its field, a state that
    /// forbids the change is a conflict with its own message.
    fn from(r: Refusal) -> crate::error::Error {
        use crate::error::{Error, FieldError, Msg};
        let conflict = |key: &str| Error::Conflict(Msg::new(key));
        match r {
            Refusal::NotFound => Error::NotFound,
            Refusal::TooManySeats(max) => Error::Invalid(vec![FieldError::new(
                "seats",
                Msg::new("reg-error-seats-max").arg("max", max),
            )]),
            Refusal::SessionCancelled => conflict("reg-refused-cancelled"),
            Refusal::SessionEnded => conflict("reg-refused-ended"),
            Refusal::NoRegistration => conflict("reg-refused-drop-in"),
            Refusal::NotYetOpen(at) => {
                Error::Conflict(Msg::new("reg-refused-not-open").datetime("date", at))
            }
            Refusal::Closed => conflict("reg-refused-closed"),
            Refusal::Full => conflict("reg-refused-full"),
            Refusal::WaitlistFull => conflict("reg-refused-waitlist-full"),
            Refusal::NotEnoughSeats(free) => {
                Error::Conflict(Msg::new("reg-refused-not-enough-seats").arg("free", free))
            }
            Refusal::NotChangeable => conflict("reg-refused-not-changeable"),
            Refusal::NoOffer => conflict("reg-refused-no-offer"),
            Refusal::OfferExpired => conflict("reg-refused-offer-expired"),
            Refusal::CapacityBelowTaken(n) => {
                Error::Conflict(Msg::new("reg-refused-capacity-below").arg("taken", n))
            }
            Refusal::NotWaiting => conflict("reg-refused-not-waiting"),
            Refusal::Payment(p) => {
                use crate::domain::payment::PayRefusal;
                let (field, key) = match p {
                    PayRefusal::MethodRequired => ("pay", "pay-error-method-required"),
                    PayRefusal::MethodNotOffered => ("pay", "pay-error-method-not-offered"),
                    PayRefusal::NoSuchRate => ("rate", "pay-error-no-such-rate"),
                };
                Error::Invalid(vec![FieldError::new(field, Msg::new(key))])
            }
            Refusal::HoldNotExtendable => conflict("pay-refused-hold-not-extendable"),
            Refusal::PaidSeatsFixed => conflict("pay-refused-seats-fixed"),
        }
    }
}

/// The counters of a session the decisions need, as the transaction sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Book {
    pub capacity: Option<i32>,
    pub seats_taken: i32,
    pub waitlist_limit: Option<i32>,
    pub waitlist_count: i32,
    pub max_seats: i32,
}

impl Book {
    pub fn of(s: &Session) -> Book {
        Book {
            capacity: s.capacity,
            seats_taken: s.seats_taken,
            waitlist_limit: s.waitlist_limit,
            waitlist_count: s.waitlist_count,
            max_seats: s.max_seats.max(1),
        }
    }

    /// Seats free (`None`: no limit).
    pub fn free(&self) -> Option<i32> {
        self.capacity.map(|c| (c - self.seats_taken).max(0))
    }

    fn fits(&self, seats: i32) -> bool {
        self.free().is_none_or(|f| seats <= f)
    }
}

/// Where a new registration goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Confirmed,
    /// At the end of the waitlist, at this position (1 = next).
    Waitlisted(i32),
}

/// Whether the session takes registrations now (window, status, kind).
pub fn check_open(s: &Session, now: NaiveDateTime) -> Result<(), Refusal> {
    match s.status {
        SessionStatus::Published => {}
        SessionStatus::Cancelled => return Err(Refusal::SessionCancelled),
        _ => return Err(Refusal::NotFound),
    }
    if s.ends_at <= now {
        return Err(Refusal::SessionEnded);
    }
    if !s.registration_required {
        return Err(Refusal::NoRegistration);
    }
    if let Some(opens) = s.registration_opens_at
        && now < opens
    {
        return Err(Refusal::NotYetOpen(opens));
    }
    if now >= s.registration_closes_at.unwrap_or(s.starts_at) {
        return Err(Refusal::Closed);
    }
    Ok(())
}

/// A seat count a person asked for, checked against the session's maximum.
pub fn check_seats(book: &Book, seats: i32) -> Result<(), Refusal> {
    if seats < 1 || seats > book.max_seats {
        return Err(Refusal::TooManySeats(book.max_seats));
    }
    Ok(())
}

/// Where a newcomer asking for `seats` goes (after the promotion pass has run, which
/// the store guarantees by promoting in every transaction that frees seats).
pub fn place(book: &Book, seats: i32) -> Result<Placement, Refusal> {
    check_seats(book, seats)?;
    if book.fits(seats) {
        return Ok(Placement::Confirmed);
    }
    match book.waitlist_limit {
        Some(0) => Err(Refusal::Full),
        Some(limit) if book.waitlist_count >= limit => Err(Refusal::WaitlistFull),
        _ => Ok(Placement::Waitlisted(book.waitlist_count + 1)),
    }
}

/// Someone waiting, in queue order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub id: i64,
    pub seats: i32,
}

/// What the promotion pass does to one waiting registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promotion {
    pub id: i64,
    pub seats: i32,
    /// `Confirmed` in auto mode, `Offered` in offers mode.
    pub to: Status,
}

/// The promotion pass (see the module doc): walk the queue in order and promote each
/// registration that fits in the seats still free; the others keep their place.
pub fn promotions(book: &Book, queue: &[Waiting], mode: WaitlistMode) -> Vec<Promotion> {
    let to = match mode {
        WaitlistMode::Auto => Status::Confirmed,
        WaitlistMode::Offers => Status::Offered,
    };
    let Some(mut free) = book.free() else {
        return queue
            .iter()
            .map(|w| Promotion {
                id: w.id,
                seats: w.seats,
                to,
            })
            .collect();
    };
    let mut out = Vec::new();
    for w in queue {
        if free == 0 {
            break;
        }
        if w.seats <= free {
            free -= w.seats;
            out.push(Promotion {
                id: w.id,
                seats: w.seats,
                to,
            });
        }
    }
    out
}

/// A person's change of seat count on their registration: allowed down to 1 and up to
/// the maximum; raising seats already held needs that many free seats.
pub fn change_seats(book: &Book, status: Status, from: i32, to: i32) -> Result<(), Refusal> {
    if !status.is_open() {
        return Err(Refusal::NotChangeable);
    }
    check_seats(book, to)?;
    if status.holds_seats()
        && to > from
        && let Some(free) = book.free()
        && to - from > free
    {
        return Err(Refusal::NotEnoughSeats(free));
    }
    Ok(())
}

/// An organiser's new capacity: never below the seats already held.
pub fn change_capacity(book: &Book, capacity: Option<i32>) -> Result<(), Refusal> {
    match capacity {
        Some(c) if c < book.seats_taken => Err(Refusal::CapacityBelowTaken(book.seats_taken)),
        _ => Ok(()),
    }
}

/// Accepting an offer: it must be an offer, still running.
pub fn accept_offer(
    status: Status,
    expires_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    match status {
        Status::Offered if expires_at.is_none_or(|t| now < t) => Ok(()),
        Status::Offered => Err(Refusal::OfferExpired),
        _ => Err(Refusal::NoOffer),
    }
}

/// **Repeated registrations.** The same person registering again for the same session
/// gets the existing registration, but never its manage link: knowing an address must
/// not reveal anything. The link is emailed to the address instead, at most once per
/// this window, counting from the last email that carried it (the confirmation of a
/// registration just made counts), so the form cannot flood anyone's mailbox.
pub const REPEAT_WINDOW: chrono::Duration = chrono::Duration::minutes(10);

/// Whether a repeated registration may email the manage link again, given when the last
/// email that carried it was queued.
pub fn may_resend_link(last_sent: NaiveDateTime, now: NaiveDateTime) -> bool {
    now - last_sent >= REPEAT_WINDOW
}

/// **Retries.** How long a retry of the same submission (same `Idempotency-Key`, or the
/// same one-time form token from the same browser, with the same input) gets the first
/// answer back, link included.
pub const REPLAY_WINDOW: chrono::Duration = chrono::Duration::hours(24);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_emailed_again_at_most_once_per_window() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert!(!may_resend_link(t, t));
        assert!(!may_resend_link(t, t + chrono::Duration::minutes(9)));
        assert!(may_resend_link(t, t + chrono::Duration::minutes(10)));
    }

    pub(super) fn book(capacity: Option<i32>, waitlist_limit: Option<i32>) -> Book {
        Book {
            capacity,
            seats_taken: 0,
            waitlist_limit,
            waitlist_count: 0,
            max_seats: 3,
        }
    }

    #[test]
    fn rules_answer_with_a_reason() {
        let b = book(Some(2), Some(0));
        assert_eq!(place(&b, 4), Err(Refusal::TooManySeats(3)));
        assert_eq!(place(&b, 0), Err(Refusal::TooManySeats(3)));
        assert_eq!(place(&b, 3), Err(Refusal::Full));
        let full = Book {
            seats_taken: 2,
            waitlist_limit: Some(1),
            waitlist_count: 1,
            ..b
        };
        assert_eq!(place(&full, 1), Err(Refusal::WaitlistFull));
        assert_eq!(
            change_capacity(&full, Some(1)),
            Err(Refusal::CapacityBelowTaken(2))
        );
        assert_eq!(
            change_seats(
                &Book {
                    seats_taken: 1,
                    ..b
                },
                Status::Confirmed,
                1,
                3
            ),
            Err(Refusal::NotEnoughSeats(1))
        );
        assert_eq!(
            change_seats(&b, Status::Cancelled, 1, 2),
            Err(Refusal::NotChangeable)
        );
        let t = chrono::NaiveDateTime::MIN + chrono::Duration::days(1);
        assert_eq!(
            accept_offer(Status::Offered, Some(t), t),
            Err(Refusal::OfferExpired)
        );
    }

    #[test]
    fn statuses_round_trip_and_seat_holding_is_as_documented() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
            assert_eq!(Status::parse(s.as_str()), Some(*s));
            assert!(!s.has_seat() || s.holds_seats());
        }
    }
}
