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
    /// holds seats except an offer not yet accepted.
    pub fn has_seat(self) -> bool {
        self.holds_seats() && self != Status::Offered
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

/// A simulation of one session's registrations through the same functions the store
/// calls: the property test drives it with random operations and checks it against a
/// much simpler model. It also documents the whole machine in one place.
#[derive(Debug, Clone)]
pub struct Sim {
    pub book: Book,
    pub mode: WaitlistMode,
    /// (id, seats, status) in queue order.
    pub regs: Vec<(i64, i32, Status)>,
    next_id: i64,
}

impl Sim {
    pub fn new(book: Book, mode: WaitlistMode) -> Sim {
        Sim {
            book,
            mode,
            regs: Vec::new(),
            next_id: 1,
        }
    }

    fn queue(&self) -> Vec<Waiting> {
        self.regs
            .iter()
            .filter(|r| r.2 == Status::Waitlisted)
            .map(|r| Waiting {
                id: r.0,
                seats: r.1,
            })
            .collect()
    }

    fn promote(&mut self) -> Vec<Promotion> {
        let ps = promotions(&self.book, &self.queue(), self.mode);
        for p in &ps {
            let r = self.regs.iter_mut().find(|r| r.0 == p.id).expect("queued");
            r.2 = p.to;
            self.book.seats_taken += p.seats;
            self.book.waitlist_count -= 1;
        }
        ps
    }

    pub fn register(&mut self, seats: i32) -> Result<(i64, Placement), Refusal> {
        let p = place(&self.book, seats)?;
        let id = self.next_id;
        self.next_id += 1;
        match p {
            Placement::Confirmed => {
                self.book.seats_taken += seats;
                self.regs.push((id, seats, Status::Confirmed));
            }
            Placement::Waitlisted(_) => {
                self.book.waitlist_count += 1;
                self.regs.push((id, seats, Status::Waitlisted));
            }
        }
        Ok((id, p))
    }

    fn find(&self, id: i64) -> Option<usize> {
        self.regs.iter().position(|r| r.0 == id)
    }

    pub fn cancel(&mut self, id: i64) -> Result<Vec<Promotion>, Refusal> {
        let i = self.find(id).ok_or(Refusal::NotFound)?;
        let (_, seats, status) = self.regs[i];
        if !status.is_open() {
            return Err(Refusal::NotChangeable);
        }
        if status.holds_seats() {
            self.book.seats_taken -= seats;
        } else {
            self.book.waitlist_count -= 1;
        }
        self.regs[i].2 = Status::Cancelled;
        Ok(self.promote())
    }

    pub fn change_seats(&mut self, id: i64, to: i32) -> Result<Vec<Promotion>, Refusal> {
        let i = self.find(id).ok_or(Refusal::NotFound)?;
        let (_, from, status) = self.regs[i];
        change_seats(&self.book, status, from, to)?;
        if status.holds_seats() {
            self.book.seats_taken += to - from;
        }
        self.regs[i].1 = to;
        Ok(self.promote())
    }

    pub fn set_capacity(&mut self, capacity: Option<i32>) -> Result<Vec<Promotion>, Refusal> {
        change_capacity(&self.book, capacity)?;
        self.book.capacity = capacity;
        Ok(self.promote())
    }

    pub fn accept(&mut self, id: i64) -> Result<(), Refusal> {
        let i = self.find(id).ok_or(Refusal::NotFound)?;
        accept_offer(self.regs[i].2, None, chrono::NaiveDateTime::MIN)?;
        self.regs[i].2 = Status::Confirmed;
        Ok(())
    }

    /// An offer runs out: the seats go to the next person.
    pub fn expire(&mut self, id: i64) -> Result<Vec<Promotion>, Refusal> {
        let i = self.find(id).ok_or(Refusal::NotFound)?;
        if self.regs[i].2 != Status::Offered {
            return Err(Refusal::NoOffer);
        }
        self.book.seats_taken -= self.regs[i].1;
        self.regs[i].2 = Status::Cancelled;
        Ok(self.promote())
    }
}

/// A checked email address, trimmed; compared in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Option<Email> {
        let s = s.trim();
        if s.len() > 254 || !s.contains('@') || !email_address::EmailAddress::is_valid(s) {
            return None;
        }
        // A domain without a dot is valid by RFC and a typo in practice.
        let domain = s.rsplit('@').next().unwrap_or("");
        if !domain.contains('.') || domain.ends_with('.') {
            return None;
        }
        Some(Email(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn normalised(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A person's name as they typed it: trimmed, 2 to 120 characters, no control characters.
pub fn parse_name(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = s.chars().count();
    ((2..=120).contains(&n) && !s.chars().any(char::is_control)).then_some(s)
}

/// A phone number as typed (`819 555-1234`, `+1 (450) 555-0000 poste 12`): kept as
/// typed when it holds 7 to 20 digits and nothing but separators (and a short word
/// such as « poste »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Option<Phone> {
        let s = s.trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let allowed = s
            .chars()
            .all(|c| c.is_ascii_digit() || " -().+/".contains(c) || c.is_ascii_alphabetic());
        let letters = s.chars().filter(char::is_ascii_alphabetic).count();
        ((7..=20).contains(&digits) && allowed && letters <= 6 && s.len() <= 40)
            .then(|| Phone(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many seats one registration takes, as a form or the API gives it: 1 to
/// [`Seats::MAX`] (a session's own `max_seats` is checked by the engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seats(i32);

impl Seats {
    pub const MAX: i32 = 99;

    pub fn new(n: i64) -> Option<Seats> {
        (1..=i64::from(Seats::MAX))
            .contains(&n)
            .then_some(Seats(n as i32))
    }

    pub fn parse(s: &str) -> Option<Seats> {
        s.trim().parse::<i64>().ok().and_then(Seats::new)
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

/// Free text (accessibility needs): trimmed, at most 1,000 characters, `None` if empty.
pub fn parse_note(s: &str) -> Option<Option<String>> {
    let s = s.trim();
    if s.chars().count() > 1000 {
        return None;
    }
    Some((!s.is_empty()).then(|| s.to_owned()))
}

/// Who a registration belongs to, for invariant 3: the normalised email, or for a
/// staff entry without email the phone's digits and the folded name.
pub fn person_key(email: Option<&Email>, name: &str, phone: Option<&str>) -> Option<String> {
    match (email, phone) {
        (Some(e), _) => Some(email_key(e)),
        (None, Some(p)) => {
            let digits: String = p.chars().filter(char::is_ascii_digit).collect();
            Some(format!(
                "phone:{digits}:{}",
                crate::domain::text::slugify(name)
            ))
        }
        (None, None) => None,
    }
}

/// The person key of an email address (what `person_key` gives for it).
pub fn email_key(email: &Email) -> String {
    format!("email:{}", email.normalised())
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
    use proptest::prelude::*;

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

    fn book(capacity: Option<i32>, waitlist_limit: Option<i32>) -> Book {
        Book {
            capacity,
            seats_taken: 0,
            waitlist_limit,
            waitlist_count: 0,
            max_seats: 3,
        }
    }

    #[test]
    fn a_registration_needing_more_seats_than_free_keeps_its_place_and_the_next_that_fits_goes() {
        let mut sim = Sim::new(book(Some(4), None), WaitlistMode::Auto);
        let (a, _) = sim.register(2).unwrap();
        let (b, _) = sim.register(2).unwrap();
        let (c, pc) = sim.register(3).unwrap();
        let (d, pd) = sim.register(1).unwrap();
        assert_eq!(
            (pc, pd),
            (Placement::Waitlisted(1), Placement::Waitlisted(2))
        );
        // Two seats free: C (3) does not fit and keeps its place, D (1) goes.
        let ps = sim.cancel(a).unwrap();
        assert_eq!(ps.iter().map(|p| p.id).collect::<Vec<_>>(), vec![d]);
        assert_eq!(sim.regs[2], (c, 3, Status::Waitlisted));
        // Now three free: C goes first.
        let ps = sim.cancel(b).unwrap();
        assert_eq!(ps.iter().map(|p| p.id).collect::<Vec<_>>(), vec![c]);
        assert_eq!(sim.book.seats_taken, 4);
    }

    #[test]
    fn offers_hold_the_seats_and_pass_on_when_they_expire() {
        let mut sim = Sim::new(book(Some(1), None), WaitlistMode::Offers);
        let (a, _) = sim.register(1).unwrap();
        let (b, _) = sim.register(1).unwrap();
        let (c, _) = sim.register(1).unwrap();
        let ps = sim.cancel(a).unwrap();
        assert_eq!(ps[0].id, b);
        assert_eq!(ps[0].to, Status::Offered);
        // The held seat is not free for a newcomer.
        assert_eq!(sim.register(1).unwrap().1, Placement::Waitlisted(2));
        let ps = sim.expire(b).unwrap();
        assert_eq!(ps[0].id, c);
        sim.accept(c).unwrap();
        assert_eq!(sim.accept(c), Err(Refusal::NoOffer));
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

    #[test]
    fn people_are_recognised_by_email_or_by_name_and_phone() {
        let e = Email::parse("  Lise.Tremblay@Exemple.QC.ca ").unwrap();
        assert_eq!(
            person_key(Some(&e), "x", None).unwrap(),
            "email:lise.tremblay@exemple.qc.ca"
        );
        for bad in ["", "lise", "lise@", "lise@localhost", "a b@c.ca", "@c.ca"] {
            assert!(Email::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            person_key(None, "Gérard Côté", Some("819 555-1234")).unwrap(),
            "phone:8195551234:gerard-cote"
        );
        assert_eq!(parse_name("  Gérard   Côté "), Some("Gérard Côté".into()));
        assert!(parse_name("x").is_none());
        assert!(Phone::parse("+1 (450) 555-0000 poste 12").is_some());
        assert!(Phone::parse("555").is_none());
        assert!(Phone::parse("<script>").is_none());
        assert_eq!(Seats::parse(" 3 ").map(Seats::get), Some(3));
        assert_eq!(Seats::parse("0"), None);
        assert_eq!(Seats::parse("100"), None);
        assert_eq!(Seats::new(99).map(Seats::get), Some(99));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Register(i32),
        Cancel(usize),
        Change(usize, i32),
        Capacity(Option<i32>),
        Accept(usize),
        Expire(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (1..=4i32).prop_map(Op::Register),
            2 => any::<usize>().prop_map(Op::Cancel),
            1 => (any::<usize>(), 1..=4i32).prop_map(|(i, n)| Op::Change(i, n)),
            1 => proptest::option::weighted(0.9, 0..=12i32).prop_map(Op::Capacity),
            1 => any::<usize>().prop_map(Op::Accept),
            1 => any::<usize>().prop_map(Op::Expire),
        ]
    }

    /// The simple model: a list of (seats, status) from which every count is recomputed,
    /// with a naive "promote the first that fits, repeat" loop.
    #[derive(Debug, Default)]
    struct Model {
        capacity: Option<i32>,
        limit: Option<i32>,
        offers: bool,
        regs: Vec<(i32, Status)>,
    }

    impl Model {
        fn held(&self) -> i32 {
            self.regs
                .iter()
                .filter(|r| r.1.holds_seats())
                .map(|r| r.0)
                .sum()
        }
        fn waiting(&self) -> i32 {
            self.regs
                .iter()
                .filter(|r| r.1 == Status::Waitlisted)
                .count() as i32
        }
        fn free(&self) -> i32 {
            self.capacity.map_or(i32::MAX, |c| c - self.held())
        }
        fn settle(&mut self) {
            loop {
                let free = self.free();
                let to = if self.offers {
                    Status::Offered
                } else {
                    Status::Confirmed
                };
                match self
                    .regs
                    .iter_mut()
                    .find(|r| r.1 == Status::Waitlisted && r.0 <= free)
                {
                    Some(r) => r.1 = to,
                    None => return,
                }
            }
        }
    }

    proptest! {
        #[test]
        fn the_state_machine_matches_a_simple_model(
            capacity in proptest::option::weighted(0.9, 0..=10i32),
            limit in proptest::option::of(0..=4i32),
            offers in any::<bool>(),
            ops in proptest::collection::vec(op(), 1..60),
        ) {
            let mode = if offers { WaitlistMode::Offers } else { WaitlistMode::Auto };
            let mut sim = Sim::new(book(capacity, limit), mode);
            let mut model = Model { capacity, limit, offers, ..Model::default() };
            for op in ops {
                let pick = |i: usize, n: usize| if n == 0 { None } else { Some(i % n) };
                match op {
                    Op::Register(n) => {
                        let expect_ok = n <= 3 && (n <= model.free() || model.limit.is_none_or(|l| model.waiting() < l));
                        let r = sim.register(n);
                        prop_assert_eq!(r.is_ok(), expect_ok, "{:?}", r);
                        if let Ok((_, p)) = r {
                            let confirmed = n <= model.free();
                            prop_assert_eq!(p == Placement::Confirmed, confirmed);
                            model.regs.push((n, if confirmed { Status::Confirmed } else { Status::Waitlisted }));
                            if let Placement::Waitlisted(pos) = p {
                                prop_assert_eq!(pos, model.waiting());
                            }
                        }
                    }
                    Op::Cancel(i) => if let Some(i) = pick(i, model.regs.len()) {
                        let ok = model.regs[i].1.is_open();
                        prop_assert_eq!(sim.cancel(i as i64 + 1).is_ok(), ok);
                        if ok { model.regs[i].1 = Status::Cancelled; model.settle(); }
                    },
                    Op::Change(i, n) => if let Some(i) = pick(i, model.regs.len()) {
                        let (from, st) = model.regs[i];
                        let ok = st.is_open() && n <= 3
                            && (!st.holds_seats() || n <= from || n - from <= model.free());
                        prop_assert_eq!(sim.change_seats(i as i64 + 1, n).is_ok(), ok);
                        if ok { model.regs[i].0 = n; model.settle(); }
                    },
                    Op::Capacity(c) => {
                        let ok = c.is_none_or(|c| c >= model.held());
                        prop_assert_eq!(sim.set_capacity(c).is_ok(), ok);
                        if ok { model.capacity = c; model.settle(); }
                    }
                    Op::Accept(i) => if let Some(i) = pick(i, model.regs.len()) {
                        let ok = model.regs[i].1 == Status::Offered;
                        prop_assert_eq!(sim.accept(i as i64 + 1).is_ok(), ok);
                        if ok { model.regs[i].1 = Status::Confirmed; }
                    },
                    Op::Expire(i) => if let Some(i) = pick(i, model.regs.len()) {
                        let ok = model.regs[i].1 == Status::Offered;
                        prop_assert_eq!(sim.expire(i as i64 + 1).is_ok(), ok);
                        if ok { model.regs[i].1 = Status::Cancelled; model.settle(); }
                    },
                }
                // Same statuses, same counters, invariant 1, nobody waiting who fits.
                let statuses: Vec<(i32, Status)> = sim.regs.iter().map(|r| (r.1, r.2)).collect();
                prop_assert_eq!(&statuses, &model.regs);
                prop_assert_eq!(sim.book.seats_taken, model.held());
                prop_assert_eq!(sim.book.waitlist_count, model.waiting());
                if let Some(c) = sim.book.capacity {
                    prop_assert!(sim.book.seats_taken <= c);
                    prop_assert!(model.regs.iter().all(|r| r.1 != Status::Waitlisted || r.0 > model.free()));
                }
            }
        }
    }
}
