//! The emails Babillard sends, as the outbox stores them: a kind and a small JSON
//! payload. Whoever changes a registration writes the row in the same transaction
//! (`store::outbox::enqueue`); the mail worker composes and sends it later.

use serde::{Deserialize, Serialize};

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident => $text:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum MessageKind {
            $($(#[$doc])* #[serde(rename = $text)] $variant),+
        }

        impl MessageKind {
            pub const ALL: &'static [MessageKind] = &[$(MessageKind::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(MessageKind::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<MessageKind> {
                match s { $($text => Some(MessageKind::$variant),)+ _ => None }
            }
        }
    };
}

kinds! {
    /// A seat is held: with a calendar invite.
    RegistrationConfirmed => "registration_confirmed",
    /// On the waitlist, with the position; no invite.
    RegistrationWaitlisted => "registration_waitlisted",
    /// Moved from the waitlist to a seat: with an invite.
    RegistrationPromoted => "registration_promoted",
    /// The head of the waitlist is offered a seat until a deadline.
    OfferMade => "offer_made",
    /// An offer ran out and went to the next person.
    OfferExpired => "offer_expired",
    /// The person changed their number of seats.
    RegistrationUpdated => "registration_updated",
    /// The person cancelled (invite with METHOD:CANCEL).
    RegistrationCancelled => "registration_cancelled",
    /// The organiser cancelled the session (with the reason).
    SessionCancelled => "session_cancelled",
    /// The organiser moved or changed the session (updated invite).
    SessionChanged => "session_changed",
    /// Reminder before the session.
    Reminder => "reminder",
    /// A message written by the organiser to everyone confirmed.
    OrganiserMessage => "organiser_message",
    /// Password reset link for staff.
    PasswordReset => "password_reset",
    /// Someone registered again with the person's address: their manage link, by email
    /// (never to whoever typed the address).
    RegistrationLink => "registration_link",
    /// The link to « Mes activités », asked for by typing the address.
    ActivitiesLink => "activities_link",
}

/// Payload fields that hold a working secret (a manage token, a reset link, a feed
/// token): needed to compose the message, dropped once it is sent or has failed for good.
pub const SECRET_FIELDS: &[&str] = &["manage_token", "link", "activities_token"];

/// A payload without its secrets (the row stays, for the record). Text that is not a
/// JSON object is replaced by `{}`.
pub fn without_secrets(payload: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(payload) {
        Ok(serde_json::Value::Object(mut map)) => {
            for field in SECRET_FIELDS {
                map.remove(*field);
            }
            serde_json::Value::Object(map).to_string()
        }
        _ => "{}".to_owned(),
    }
}

impl MessageKind {
    /// Whether the message shows the person their manage link: every message about a
    /// registration does, except the one that gives another link.
    pub fn shows_manage_link(self) -> bool {
        !matches!(
            self,
            MessageKind::PasswordReset | MessageKind::ActivitiesLink
        )
    }

    /// Whether the message carries a calendar invite (REQUEST or CANCEL) for the
    /// registration, so the registration's iCalendar SEQUENCE must rise with it.
    pub fn carries_invite(self) -> bool {
        matches!(
            self,
            MessageKind::RegistrationConfirmed
                | MessageKind::RegistrationPromoted
                | MessageKind::RegistrationUpdated
                | MessageKind::RegistrationCancelled
                | MessageKind::SessionCancelled
                | MessageKind::SessionChanged
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_leave_the_payload_and_the_rest_stays() {
        let p = r#"{"manage_token":"abc","seats":2,"link":"https://x/password/reset/t","activities_token":"d"}"#;
        assert_eq!(without_secrets(p), r#"{"seats":2}"#);
        assert_eq!(without_secrets("not json"), "{}");
    }
}
