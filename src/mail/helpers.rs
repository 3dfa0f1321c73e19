//! Emails about volunteer helpers (issue 17): what their templates see beyond the
//! session (the task, the helper's links, the staff alert's counts), and the invite of
//! a helper's shift — its own UID (`calendar::helper_uid`), the SEQUENCE the
//! message was queued with, so a cancellation removes the entry its confirmation made.

use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use super::{Mail, address_of, location_line};
use crate::calendar::{self, EventData, Party};
use crate::db::models::OutboxRow;
use crate::domain::messages::MessageKind;
use crate::i18n::Lang;
use crate::store::sessions::SessionDetails;

/// What a helper's message carries in its outbox payload: the shift (its invite's
/// UID) and the SEQUENCE it was queued with, the task, the helper's manage and
/// confirmation links, a moved session's update, a cancellation with the session; the
/// staff alert's counts and back-office path.
#[derive(Debug, Default, Deserialize)]
pub(super) struct HelperPayload {
    shift_id: Option<i64>,
    sequence: Option<i32>,
    task: Option<String>,
    helper_token: Option<String>,
    helper_confirm_token: Option<String>,
    #[serde(default)]
    moved: bool,
    #[serde(default)]
    by_session: bool,
    wanted: Option<i32>,
    confirmed: Option<i32>,
    admin_path: Option<String>,
}

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
pub(super) fn view(kind: MessageKind, p: &HelperPayload, base_url: &str) -> Option<HelperMail> {
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
pub(super) fn invite_event(
    d: &SessionDetails,
    p: &HelperPayload,
    row: &OutboxRow,
    view: Option<&HelperMail>,
    mail: &Mail<'_>,
) -> EventData {
    let i18n = mail.i18n;
    let lang = Lang::parse(&row.language).unwrap_or_default();
    let base_url = mail.settings.base_url.trim_end_matches('/');
    let manage_url = view.and_then(|h| h.manage_url.as_deref());
    let host = calendar::uid_host(base_url);
    let s = &d.session;
    let mut description = match p.task.as_deref().filter(|t| !t.is_empty()) {
        Some(task) => i18n.tr(
            lang,
            "helpers-ics-role-task",
            &[("task", FluentValue::from(task))],
        ),
        None => i18n.t(lang, "helpers-ics-role"),
    };
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
        .unwrap_or_else(|| address_of(&mail.settings.mail_from));
    EventData {
        uid: calendar::helper_uid(p.shift_id.unwrap_or_default(), s.id, &host),
        sequence: p.sequence.unwrap_or_default(),
        stamp: row.created_at,
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
            name: row.recipient_name.clone(),
            email: row.recipient.clone(),
        }),
    }
}
