//! Pure rules, without I/O: what a session is, how filters read, how time is shown,
//! what a valid name or email is. `store` asks these; nothing here touches a database.

/// A closed vocabulary stored as text: the enum, its texts (`as_str`, `parse`, `ALL`),
/// serde and OpenAPI under the same texts. The one definition; `db::types` maps every
/// such enum to a TEXT column on both backends.
macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The values for which `pred` holds (for a query's `eq_any`).
            pub fn matching(pred: impl Fn($name) -> bool) -> Vec<$name> {
                Self::ALL.iter().copied().filter(|v| pred(*v)).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod access;
pub mod csv;
pub mod filter;
pub mod geo;
pub mod helpers;
pub mod imported;
pub mod interest;
pub mod lang;
pub mod messages;
pub mod moderation;
pub mod open_data;
pub mod outcome;
pub mod payment;
pub mod programme;
pub mod proposal;
pub mod registration;
pub mod report;
pub mod request;
pub mod schedule;
pub mod second_factor;
pub mod series;
pub mod session;
pub mod snowstorm;
pub mod text;
pub mod time;
pub mod token;
pub mod typography;
pub mod webhooks;
