//! Queries per aggregate. Every transaction that must be atomic lives here, opened with
//! [`crate::db::write_tx`]; handlers call one function and render what it returns.

pub mod catalogue;
pub mod delivery;
pub mod events;
pub mod feeds;
pub mod outbox;
pub mod registrations;
pub mod sessions;
pub mod users;
