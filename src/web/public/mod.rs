//! Pages for citizens: the listing with filters, a session, a programme, an organisation,
//! registration and « Mes activités ».

pub mod activities;
pub mod calendar;
pub mod embed;
pub mod events;
pub mod home;
pub mod interest;
pub mod organisations;
pub mod print;
pub mod registrations;
pub mod sessions;
