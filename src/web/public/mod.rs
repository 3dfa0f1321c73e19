//! Pages for citizens: the listing with filters, a session, a programme, an organisation.

pub mod calendar;
pub mod events;
pub mod home;
pub mod organisations;
pub mod registrations;
pub mod sessions;
