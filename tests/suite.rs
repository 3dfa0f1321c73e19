//! Every integration test but three in one binary, each file a module: one link and
//! one test process instead of some forty, which is most of what `cargo test` spends on
//! a 2-core machine once the library is built (issue 11: CI time). Tests of different
//! files now run side by side, so none may rely on being alone in its process; the
//! three that do, or that bring their own harness, are their own targets (Cargo.toml):
//! `request_log` (installs the process-wide tracing subscriber), `mail` (its own
//! modules and SMTP sinks) and `browser` (its own harness). A new test file is added
//! below; `tests/layering.rs` fails when one is forgotten.

#[macro_use]
mod common;
mod ics_support;

mod activities;
mod admin_access;
mod admin_account;
mod admin_api;
mod admin_audit_atomic;
mod admin_door;
mod admin_moderation;
mod admin_programme;
mod admin_wording;
mod around;
mod backup;
mod catalogue;
mod cli;
mod combined;
mod concurrency;
mod contract;
mod demo;
mod embed;
mod feeds;
mod follow_up;
mod hostile_queries;
mod ics_fetch;
mod ics_import;
mod ics_read;
mod import_job;
mod imports;
mod interest;
mod jobs;
mod layering;
mod migrations;
mod moderation;
mod open_data;
mod outcomes;
mod page_cache;
mod pay_admin;
mod payments;
mod print;
mod privacy;
mod proposals;
mod registration_pages;
mod registrations;
mod reports;
mod requests;
mod security;
mod session_edit_atomic;
mod snowstorm;
mod sqlite_locking;
mod staff_acts;
mod story;
mod stripe_client;
mod syndication;
mod two_factor;
mod volunteers;
mod webhooks;
