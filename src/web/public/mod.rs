//! Pages for citizens: the listing with filters, a session, a programme, an organisation,
//! registration, « Mes activités », proposing an activity, and the open data.

pub mod activities;
pub mod after;
pub mod calendar;
pub mod embed;
pub mod events;
pub mod home;
pub mod interest;
pub mod open_data;
pub mod organisations;
pub mod outcomes;
pub mod payments;
pub mod print;
pub mod proposals;
pub mod registrations;
pub mod sessions;
