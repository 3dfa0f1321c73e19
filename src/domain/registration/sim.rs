//! The state machine run in memory, for the property test (and as its one-page
//! documentation): the same decisions as the store, on a list of registrations.

use super::{
    Book, Placement, Promotion, Refusal, Status, Waiting, WaitlistMode, accept_offer,
    change_capacity, change_seats, place, promotions,
};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registration::tests::book;
    use proptest::prelude::*;

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
