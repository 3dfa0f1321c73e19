//! Page templates: the tera instances live in [`crate::templates`] (emails use them
//! too); re-exported here so handlers keep one path.

pub use crate::templates::*;
