//! Pure rules, without I/O: what a session is, how filters read, how time is shown,
//! what a valid name or email is. `store` asks these; nothing here touches a database.

pub mod access;
pub mod csv;
pub mod filter;
pub mod lang;
pub mod messages;
pub mod programme;
pub mod registration;
pub mod schedule;
pub mod second_factor;
pub mod series;
pub mod session;
pub mod text;
pub mod time;
pub mod token;
pub mod typography;
