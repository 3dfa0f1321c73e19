//! What Babillard says. First a translatable message ([`Msg`]: a Fluent key and typed
//! arguments, written in a language only where it is shown: `crate::i18n::I18n::msg`),
//! which every refusal carries. Then the emails, as the outbox stores them: a kind and a
//! small JSON payload. Whoever changes a registration writes the row in the same
//! transaction (`store::outbox::enqueue`); the mail worker composes and sends it later.

use std::borrow::Cow;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::lang::Lang;
use crate::domain::time;

/// An argument of a message. Text is shown as it is; a date is written in the reader's
/// language where the message is shown, never where it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Text(String),
    /// A moment (stored UTC), written long: « samedi 14 mars 2026, 13 h 30 ».
    DateTime(NaiveDateTime),
    /// From one moment to another, written long.
    Range(NaiveDateTime, NaiveDateTime),
}

impl Arg {
    /// The argument as `lang` reads it.
    pub fn text(&self, lang: Lang) -> Cow<'_, str> {
        match self {
            Arg::Text(s) => Cow::Borrowed(s),
            Arg::DateTime(at) => Cow::Owned(time::datetime_long(*at, lang)),
            Arg::Range(from, to) => Cow::Owned(time::range_long(*from, *to, lang)),
        }
    }
}

/// A translatable message: a Fluent key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Msg {
    pub key: String,
    pub args: Vec<(String, Arg)>,
}

impl Msg {
    pub fn new(key: impl Into<String>) -> Msg {
        Msg {
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// A text argument (numbers too: they are shown as written).
    pub fn arg(mut self, name: &str, value: impl ToString) -> Msg {
        self.args
            .push((name.to_owned(), Arg::Text(value.to_string())));
        self
    }

    /// A moment, written in the reader's language.
    pub fn datetime(mut self, name: &str, at: NaiveDateTime) -> Msg {
        self.args.push((name.to_owned(), Arg::DateTime(at)));
        self
    }

    /// A span of time, written in the reader's language.
    pub fn range(mut self, name: &str, from: NaiveDateTime, to: NaiveDateTime) -> Msg {
        self.args.push((name.to_owned(), Arg::Range(from, to)));
        self
    }

    /// The arguments as `lang` reads them.
    pub fn texts(&self, lang: Lang) -> Vec<(&str, Cow<'_, str>)> {
        self.args
            .iter()
            .map(|(k, v)| (k.as_str(), v.text(lang)))
            .collect()
    }
}

/// A message about one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

impl FieldError {
    pub fn new(field: &str, msg: Msg) -> FieldError {
        FieldError {
            field: field.to_owned(),
            msg,
        }
    }
}

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
    /// On an interest list (« Prévenez-moi »): what was asked, and the link to leave it.
    InterestConfirm => "interest_confirm",
    /// A session matching a person's interest list was published: told first.
    InterestMatch => "interest_match",
    /// A public proposal's confirmation link: nothing enters the moderators' queue
    /// until the proposer opens it (the address is theirs).
    ProposalConfirm => "proposal_confirm",
    /// A public proposal was approved: the link to the published activity.
    ProposalApproved => "proposal_approved",
    /// A public proposal was refused, with the moderator's reason.
    ProposalRejected => "proposal_rejected",
    /// Seats held while the person pays online: the amount, until when (`expires_at`),
    /// and the link to pay; `promoted` when the seats came from the waitlist.
    PaymentHeld => "payment_held",
    /// The hold ends soon (`expires_at`): pay now, or ask for more time once.
    PaymentHoldWarning => "payment_hold_warning",
    /// The hold ran out unpaid: the seats went back (no invite: nothing was held in
    /// the person's calendar).
    PaymentExpired => "payment_expired",
    /// A receipt: amount, taxes included when the organisation gives a tax number, how
    /// it was paid, the organisation's name and address.
    PaymentReceipt => "payment_receipt",
    /// A payment arrived after its hold ran out and the seats were gone: the person is
    /// on the waitlist, paid (`late` = "waitlist"), or will be refunded ("refund").
    PaymentLate => "payment_late",
    /// Money was sent back (`amount_cents`), with why (`reason`: "cancelled",
    /// "session_cancelled", "late", "duplicate").
    RefundIssued => "refund_issued",
    /// After a session, to a person marked present: thanks, the survey, the
    /// certificate, the next workshops on the topic (`next`), a follow-up request link.
    FollowUpThanks => "follow_up_thanks",
    /// After a session the person missed: no harm done, and its next dates (`next`).
    FollowUpNoShow => "follow_up_no_show",
    /// Someone signed up to help at a session (issue 17): the link that confirms it
    /// (`helper_confirm_token`); nothing is held until it is opened and its button pressed.
    HelperConfirm => "helper_confirm",
    /// The same address signed up again for a session it already helps at: no link,
    /// only where to find the first message (the address is not proof of identity).
    HelperAlready => "helper_already",
    /// A helper's place is confirmed (or its session moved: `moved`): the manage link
    /// (`helper_token`) and a calendar invite (`shift_id`, `sequence`).
    HelperConfirmed => "helper_confirmed",
    /// A helper's shift is cancelled (by them, by staff, or with the session: `reason`):
    /// the invite's CANCEL (same UID, higher SEQUENCE).
    HelperCancelled => "helper_cancelled",
    /// Reminder before the session, to a confirmed helper.
    HelperReminder => "helper_reminder",
    /// To the organisation's staff: a session starting within 48 hours lacks helpers
    /// (`confirmed` of `wanted`), with the back-office link (`link`).
    HelpersShort => "helpers_short",
    /// A workshop request (issue 17, part 2): the link that confirms it
    /// (`request_token`, 48 hours) and then shows its status.
    RequestConfirm => "request_confirm",
    /// To the MRC's coordinators: a request was confirmed (`request_path`).
    RequestReceived => "request_received",
    /// To the requester: dates to pick from (`dates`), with the link.
    RequestDates => "request_dates",
    /// To the coordinators: the requester picked a date (`starts_at`, `ends_at`).
    RequestDatePicked => "request_date_picked",
    /// To the requester: the workshop is scheduled (time, `place`, `trainers`).
    RequestScheduled => "request_scheduled",
    /// To the requester: refused, with the coordinator's `reason`.
    RequestRefused => "request_refused",
    /// To the requester: the invoice (`invoice`), its PDF attached.
    InvoiceIssued => "invoice_issued",
}

/// Payload fields that hold a working secret (a manage token, a reset link, a feed
/// token): needed to compose the message, dropped once it is sent or has failed for good.
pub const SECRET_FIELDS: &[&str] = &[
    "manage_token",
    "link",
    "activities_token",
    "interest_token",
    "confirm_token",
    "helper_token",
    "helper_confirm_token",
    "request_token",
];

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
            MessageKind::PasswordReset
                | MessageKind::ActivitiesLink
                | MessageKind::InterestConfirm
                | MessageKind::InterestMatch
                | MessageKind::ProposalConfirm
                | MessageKind::ProposalApproved
                | MessageKind::ProposalRejected
                | MessageKind::HelperConfirm
                | MessageKind::HelperAlready
                | MessageKind::HelperConfirmed
                | MessageKind::HelperCancelled
                | MessageKind::HelperReminder
                | MessageKind::HelpersShort
        ) && !self.is_request()
    }

    /// Whether the message is about a workshop request (issue 17, part 2): its link is
    /// the requester's (`/requests/…`) or the coordinators' page.
    pub fn is_request(self) -> bool {
        matches!(
            self,
            MessageKind::RequestConfirm
                | MessageKind::RequestReceived
                | MessageKind::RequestDates
                | MessageKind::RequestDatePicked
                | MessageKind::RequestScheduled
                | MessageKind::RequestRefused
                | MessageKind::InvoiceIssued
        )
    }

    /// Whether the message is about a helper's shift (issue 17) rather than a
    /// registration: its links are the helper's (`/h/…`, `/helpers/confirm/…`).
    pub fn is_helpers(self) -> bool {
        matches!(
            self,
            MessageKind::HelperConfirm
                | MessageKind::HelperAlready
                | MessageKind::HelperConfirmed
                | MessageKind::HelperCancelled
                | MessageKind::HelperReminder
                | MessageKind::HelpersShort
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
                | MessageKind::HelperConfirmed
                | MessageKind::HelperCancelled
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_leave_the_payload_and_the_rest_stays() {
        let p = r#"{"manage_token":"abc","seats":2,"link":"https://x/password/reset/t","activities_token":"d","confirm_token":"e"}"#;
        assert_eq!(without_secrets(p), r#"{"seats":2}"#);
        assert_eq!(without_secrets("not json"), "{}");
    }
}
