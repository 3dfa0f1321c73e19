//! Pages for citizens: the listing with filters, a session, a programme, an organisation,
//! registration, « Mes activités », proposing an activity, the open data, and lending
//! a hand as a volunteer helper.

pub mod activities;
pub mod after;
pub mod calendar;
pub mod embed;
pub mod events;
pub mod helper_shift;
pub mod helpers;
pub mod home;
pub mod interest;
pub mod open_data;
pub mod organisations;
pub mod outcomes;
pub mod payments;
pub mod print;
pub mod proposals;
pub mod registrations;
pub mod requests;
pub mod sessions;
