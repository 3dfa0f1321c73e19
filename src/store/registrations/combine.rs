//! Registrations for the same session, combined: during a rush, the people who ask for
//! one session at the same moment are registered together, in arrival order, in one
//! transaction ([`register_many`]).
//!
//! Every registration for a session is serialised by the session's lock (`FOR UPDATE`
//! on PostgreSQL, the single writer on SQLite), and PostgreSQL holds that lock until
//! the commit has reached the disk. One commit per person therefore caps a session at
//! one disk flush (and a dozen round trips) per person, however many cores there are.
//! Here the first person to arrive leads: they take a connection and register
//! everyone waiting for that session, up to [`MAX_BATCH`], in one transaction; those
//! who arrive meanwhile wait for the next batch, led by the first of them. Each person
//! still gets their own answer, the one they would have had alone in that order, and
//! nobody's answer is given before the commit that makes it durable. Nothing is
//! relaxed: `synchronous_commit` stays on, and a failed commit fails everyone of that
//! batch (none of them was registered; the form or the API client may retry).
//!
//! Combining happens within one process; two instances each combine their own, and
//! the session's lock orders their batches.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use super::{NewRegistration, RegError, RegResult, RegisterOptions, Registered, register_many};
use crate::db::{Db, now};

/// The most people registered in one transaction: enough to spread a flush over many,
/// few enough that the last of a batch does not wait long for the first.
pub const MAX_BATCH: usize = 64;

/// Registrations waiting, by session (see the module's documentation).
#[derive(Default)]
pub struct Combiner {
    queues: Mutex<HashMap<i64, Queue>>,
}

impl std::fmt::Debug for Combiner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Combiner")
    }
}

/// One session's queue. `leading`: someone is registering a batch for it, and will
/// hand the queue on when done.
#[derive(Default)]
struct Queue {
    waiting: VecDeque<Arc<Slot>>,
    leading: bool,
}

/// One person's request and, in time, its answer.
struct Slot {
    new: NewRegistration,
    opts: RegisterOptions,
    state: Mutex<State>,
    changed: Condvar,
}

enum State {
    Waiting,
    /// This person's thread is to lead the next batch.
    Lead,
    Done(Box<RegResult<Registered>>),
    /// The answer was taken.
    Taken,
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks leaves consistent data (each is a
    // plain assignment or a queue operation): carry on.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Slot {
    fn set(&self, state: State) {
        *locked(&self.state) = state;
        self.changed.notify_one();
    }

    /// Waits until this person leads (`None`) or has their answer.
    fn wait(&self) -> Option<RegResult<Registered>> {
        let mut state = locked(&self.state);
        loop {
            match std::mem::replace(&mut *state, State::Taken) {
                State::Waiting => {
                    *state = State::Waiting;
                    state = self
                        .changed
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                State::Lead => return None,
                State::Done(answer) => return Some(*answer),
                State::Taken => unreachable!("an answer is taken once, by its owner"),
            }
        }
    }

    /// Gives `error` as the answer, unless the batch gave one.
    fn answer_if_unanswered(&self, error: RegError) {
        let mut state = locked(&self.state);
        if matches!(*state, State::Waiting | State::Lead) {
            *state = State::Done(Box::new(Err(error)));
            self.changed.notify_one();
        }
    }

    /// The answer, if the batch gave it.
    fn take(&self) -> Option<RegResult<Registered>> {
        let mut state = locked(&self.state);
        match std::mem::replace(&mut *state, State::Taken) {
            State::Done(answer) => Some(*answer),
            other => {
                *state = other;
                None
            }
        }
    }
}

impl Combiner {
    /// Registers a person for a session, with whoever else asks for it at the same
    /// time. Blocking: call it off the async threads.
    pub fn register(
        &self,
        db: &Db,
        session_id: i64,
        new: NewRegistration,
        opts: RegisterOptions,
    ) -> RegResult<Registered> {
        let mine = Arc::new(Slot {
            new,
            opts,
            state: Mutex::new(State::Waiting),
            changed: Condvar::new(),
        });
        let leads = {
            let mut queues = locked(&self.queues);
            let q = queues.entry(session_id).or_default();
            q.waiting.push_back(mine.clone());
            !std::mem::replace(&mut q.leading, true)
        };
        if !leads && let Some(answer) = mine.wait() {
            return answer;
        }
        // This thread leads: batches from the head of the queue (its own request is
        // there, so the first batch answers it), until its answer is in.
        loop {
            let batch: Vec<Arc<Slot>> = {
                let mut queues = locked(&self.queues);
                let q = queues.get_mut(&session_id).expect("a leader's queue");
                let n = q.waiting.len().min(MAX_BATCH);
                q.waiting.drain(..n).collect()
            };
            // A panic in a batch must not leave its people waiting forever, nor the
            // session's queue without a leader: they are told to try again.
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run(db, session_id, &batch)
            }));
            if ran.is_err() {
                tracing::error!(session_id, "a registration batch panicked");
                for slot in &batch {
                    slot.answer_if_unanswered(RegError::Unavailable);
                }
            }
            if let Some(answer) = mine.take() {
                self.hand_on(session_id);
                return answer;
            }
        }
    }

    /// After a batch: the first person still waiting leads the next, or the queue
    /// closes.
    fn hand_on(&self, session_id: i64) {
        let mut queues = locked(&self.queues);
        let Some(q) = queues.get_mut(&session_id) else {
            return;
        };
        match q.waiting.front() {
            Some(next) => next.set(State::Lead),
            None => {
                queues.remove(&session_id);
            }
        }
    }
}

/// Registers a batch and gives each person their answer.
fn run(db: &Db, session_id: i64, batch: &[Arc<Slot>]) {
    let people: Vec<(&NewRegistration, &RegisterOptions)> =
        batch.iter().map(|s| (&s.new, &s.opts)).collect();
    let answers = match db.write() {
        Ok(mut conn) => register_many(&mut conn, session_id, &people, now()),
        Err(e) => {
            tracing::error!(error = %e, "no database connection for registrations");
            for slot in batch {
                slot.set(State::Done(Box::new(Err(RegError::Unavailable))));
            }
            return;
        }
    };
    match answers {
        Ok(answers) => {
            for (slot, answer) in batch.iter().zip(answers) {
                slot.set(State::Done(Box::new(answer)));
            }
        }
        Err(e) => {
            // The transaction failed as a whole: nobody in it was registered.
            tracing::error!(error = %e, people = batch.len(), "registration batch failed");
            for slot in batch {
                slot.set(State::Done(Box::new(Err(RegError::Unavailable))));
            }
        }
    }
}
