//! Queries per aggregate. Every transaction that must be atomic lives here, opened with
//! [`crate::db::write_tx`]; handlers call one function and render what it returns.

pub use crate::error::{Error, Result};

pub mod activities;
pub mod audit;
pub mod catalogue;
pub mod delivery;
pub mod door;
pub mod events;
pub mod feeds;
pub mod imports;
pub mod intake;
pub mod interests;
pub mod links;
pub mod members;
pub mod moderation;
pub mod outbox;
pub mod payments_admin;
pub mod people;
pub mod programme;
pub mod proposals;
pub mod registrations;
pub mod reports;
pub mod retention;
pub mod roster;
pub mod second_factor;
pub mod sessions;
pub mod slugs;
pub mod staff;
pub mod trainers;
pub mod users;
pub mod venues;
pub mod webhooks;
