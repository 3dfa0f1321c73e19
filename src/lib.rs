//! Babillard: the regional calendar and registration platform for digital-literacy
//! workshops. `docs/design.md` (and the README) give the map; this crate is one
//! library (so tests run the real app) and one binary (`src/main.rs`, the CLI).

pub mod backup;
pub mod calendar;
pub mod certificate;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod fonts;
pub mod i18n;
pub mod invoice;
pub mod jobs;
pub mod mail;
pub mod payments;
pub(crate) mod pdf;
pub mod store;
pub mod templates;
pub mod web;
