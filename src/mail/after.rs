//! What the messages after a session show beyond the others: the survey, certificate
//! and follow-up links (from the message's own manage link), and the workshops the
//! job chose (`store::outcomes::after`), each written in the reader's language.

use serde::{Deserialize, Serialize};

use crate::domain::messages::MessageKind;
use crate::domain::time;
use crate::i18n::{I18n, Lang};

/// A suggested workshop as the payload carries it.
#[derive(Debug, Default, Deserialize)]
pub struct NextPayload {
    id: i64,
    title: String,
    starts_at: String,
    ends_at: String,
    place: Option<String>,
    #[serde(default)]
    full: bool,
}

/// A suggested workshop as the email shows it.
#[derive(Debug, Serialize)]
pub struct NextMail {
    title: String,
    when: String,
    url: String,
    place: String,
    full: bool,
}

/// The links and suggestions of a message after a session.
#[derive(Debug, Serialize)]
pub struct AfterMail {
    survey_url: Option<String>,
    certificate_url: Option<String>,
    follow_up_url: Option<String>,
    next: Vec<NextMail>,
}

fn parse_time(s: &str) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.naive_utc())
}

/// The view of a message after a session (`None` for every other kind).
pub fn view(
    kind: MessageKind,
    next: &[NextPayload],
    manage_url: Option<&str>,
    base_url: &str,
    i18n: &I18n,
    lang: Lang,
) -> Option<AfterMail> {
    if !matches!(
        kind,
        MessageKind::FollowUpThanks | MessageKind::FollowUpNoShow
    ) {
        return None;
    }
    let present = kind == MessageKind::FollowUpThanks;
    let link = |path: &str| {
        manage_url
            .filter(|_| present)
            .map(|m| format!("{m}/{path}"))
    };
    Some(AfterMail {
        survey_url: link("survey"),
        certificate_url: link("certificate.pdf"),
        follow_up_url: link("follow-up"),
        next: next
            .iter()
            .filter_map(|n| {
                let (s, e) = (parse_time(&n.starts_at)?, parse_time(&n.ends_at)?);
                Some(NextMail {
                    title: n.title.clone(),
                    when: time::range_long(s, e, lang),
                    url: format!("{base_url}/sessions/{}", n.id),
                    place: n
                        .place
                        .clone()
                        .unwrap_or_else(|| i18n.t(lang, "mail-online")),
                    full: n.full,
                })
            })
            .collect(),
    })
}
