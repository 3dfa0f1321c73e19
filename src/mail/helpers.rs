//! Emails about volunteer helpers (issue 17): what their templates see beyond the
//! session (the task, the helper's links, the staff alert's counts), and the invite of
//! a helper's shift — its own UID (`calendar::helper_uid`), the SEQUENCE the
//! message was queued with, so a cancellation removes the entry its confirmation made.

use chrono::NaiveDateTime;
use fluent_bundle::FluentValue;
use serde::Serialize;

use super::{Payload, address_of, location_line};
use crate::calendar::{self, EventData, Party};
use crate::domain::messages::MessageKind;
use crate::i18n::{I18n, Lang};
use crate::store::sessions::SessionDetails;

/// What a helper's (or the staff alert's) template sees.
#[derive(Debug, Serialize)]
pub struct HelperMail {
    /// What the helpers do (may be empty).
    pub task: String,
    /// The helper's manage link (`/h/{token}`).
    pub manage_url: Option<String>,
    /// The sign-up's confirmation link (`/helpers/confirm/{token}`).
    pub confirm_url: Option<String>,
    /// The session moved: this is the updated invite.
    pub moved: bool,
    /// The shift ended with its session (the reason is the view's `reason`).
    pub by_session: bool,
    /// The staff alert: helpers wanted and confirmed, and the back office's page.
    pub wanted: i32,
    pub confirmed: i32,
    pub admin_url: Option<String>,
}

/// The helper part of a message's view (`None` for any other kind).
pub(super) fn view(kind: MessageKind, p: &Payload, base_url: &str) -> Option<HelperMail> {
    if !kind.is_helpers() {
        return None;
    }
    Some(HelperMail {
        task: p.task.clone().unwrap_or_default(),
        manage_url: p
            .helper_token
            .as_deref()
            .map(|t| format!("{base_url}/h/{t}")),
        confirm_url: p
            .helper_confirm_token
            .as_deref()
            .map(|t| format!("{base_url}/helpers/confirm/{t}")),
        moved: p.moved,
        by_session: p.by_session,
        wanted: p.wanted.unwrap_or(0),
        confirmed: p.confirmed.unwrap_or(0),
        admin_url: p
            .admin_path
            .as_deref()
            .filter(|path| path.starts_with("/admin/"))
            .map(|path| format!("{base_url}{path}")),
    })
}

/// The invite's VEVENT for a helper's shift: the session, with the task and the
/// helper's link in its description; the helper (the message's recipient) attends.
#[allow(clippy::too_many_arguments)]
pub(super) fn invite_event(
    d: &SessionDetails,
    p: &Payload,
    recipient: (&str, &str),
    manage_url: Option<&str>,
    i18n: &I18n,
    lang: Lang,
    base_url: &str,
    mail_from: &str,
    stamp: NaiveDateTime,
) -> EventData {
    let host = calendar::uid_host(base_url);
    let s = &d.session;
    let mut description = i18n.t(lang, "helpers-ics-role");
    if let Some(task) = p.task.as_deref().filter(|t| !t.is_empty()) {
        description.push_str(" : ");
        description.push_str(task);
    }
    description.push_str("\n\n");
    if !s.description.is_empty() {
        description.push_str(&s.description);
        description.push_str("\n\n");
    }
    if let Some(manage) = manage_url {
        description.push_str(&i18n.tr(
            lang,
            "helpers-ics-manage",
            &[("url", FluentValue::from(manage))],
        ));
    }
    let organiser_email = d
        .organisation
        .email
        .clone()
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| address_of(mail_from));
    let (name, email) = recipient;
    EventData {
        uid: calendar::helper_uid(p.shift_id.unwrap_or_default(), s.id, &host),
        sequence: p.sequence.unwrap_or_default(),
        stamp,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        summary: i18n.tr(
            lang,
            "helpers-ics-summary",
            &[("title", FluentValue::from(s.title.as_str()))],
        ),
        description,
        location: location_line(d, i18n, lang),
        url: format!("{base_url}/sessions/{}", s.id),
        cancelled: s.status == crate::domain::session::SessionStatus::Cancelled,
        last_modified: None,
        categories: Vec::new(),
        organizer: Some(Party {
            name: d.organisation.name.clone(),
            email: organiser_email,
        }),
        attendee: Some(Party {
            name: name.to_owned(),
            email: email.to_owned(),
        }),
    }
}
