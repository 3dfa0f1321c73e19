//! Outgoing webhooks (issue 12, item 10), the rules without I/O: which events exist,
//! what an endpoint address may be, the body a partner receives, how it is signed
//! (Stripe's scheme: `Babillard-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
//! keyed with the endpoint's whole secret), and how failed deliveries back off.

use chrono::{Duration, NaiveDateTime};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::messages::{FieldError, Msg};
use crate::domain::registration::Status;
use crate::domain::session::{Format, SessionStatus};

text_enum!(
    /// What a partner can subscribe to.
    WebhookEvent {
        /// A session became public (created published, or published later).
        SessionPublished => "session.published",
        /// A public session changed (time, place, texts, capacity), or went back to draft
        /// (`status: "draft"`: take it off the partner's calendar).
        SessionChanged => "session.changed",
        /// The organiser cancelled the session (its registrations end with it).
        SessionCancelled => "session.cancelled",
        /// Someone registered (confirmed or waitlisted).
        RegistrationCreated => "registration.created",
        /// A registration was cancelled (by the person, or when erasing their data).
        RegistrationCancelled => "registration.cancelled",
    }
);

impl WebhookEvent {
    /// Whether the body carries a registration (and so may carry personal data).
    pub fn is_about_registration(self) -> bool {
        matches!(
            self,
            WebhookEvent::RegistrationCreated | WebhookEvent::RegistrationCancelled
        )
    }
}

text_enum!(
    /// Where a delivery stands.
    DeliveryState {
        /// Due at `next_attempt_at` (first try, a retry, or a replay).
        Pending => "pending",
        /// The endpoint answered 2xx.
        Delivered => "delivered",
        /// Every attempt failed; only a replay sends it again.
        Failed => "failed",
    }
);

/// Every secret starts with this, so a leaked one is recognisable.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new endpoint secret: the prefix and 192 random bits (`token::random_token`).
pub fn new_secret() -> String {
    format!("{SECRET_PREFIX}{}", crate::domain::token::random_token())
}

/// How old a signature's timestamp may be when a partner checks it (what the README
/// tells partners; replays outside it are refused by a careful receiver).
pub const TOLERANCE_SECONDS: i64 = 300;

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length; this never fails.
    <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key")
}

/// Hex HMAC-SHA256 of `"<timestamp>.<body>"` keyed with the whole secret.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut m = mac(secret);
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// The `Babillard-Signature` header: `t=<unix seconds>,v1=<hex>`.
pub fn signature_header(secret: &str, timestamp: i64, body: &str) -> String {
    format!("t={timestamp},v1={}", signature(secret, timestamp, body))
}

/// What a partner does on receipt: the header's timestamp is within `tolerance` seconds
/// of `now` and one of its `v1` values is the HMAC of `"<t>.<body>"` (compared in
/// constant time).
pub fn verify(secret: &str, header: &str, body: &str, now: i64, tolerance: i64) -> bool {
    let mut t: Option<i64> = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse().ok(),
            Some(("v1", v)) => candidates.push(v.to_owned()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now - t).abs() > tolerance {
        return false;
    }
    candidates.iter().any(|c| {
        let Ok(bytes) = hex::decode(c) else {
            return false;
        };
        let mut m = mac(secret);
        m.update(t.to_string().as_bytes());
        m.update(b".");
        m.update(body.as_bytes());
        m.verify_slice(&bytes).is_ok()
    })
}

/// Attempts at most; after the last one fails, the delivery is `failed`.
pub const MAX_ATTEMPTS: i32 = 8;

/// The longest wait between two attempts.
pub const MAX_DELAY: Duration = Duration::hours(6);

/// When to try again after `failed` attempts (1, 2, …): 1 minute × 4^(failed − 1), at
/// most [`MAX_DELAY`] (1, 4, 16, 64, 256 minutes, then 6 hours: about 18 hours in all);
/// `None` once [`MAX_ATTEMPTS`] have failed.
pub fn retry_delay(failed: i32) -> Option<Duration> {
    if failed >= MAX_ATTEMPTS {
        return None;
    }
    let exp = u32::try_from(failed.max(1) - 1).unwrap_or(0);
    let minutes = 4i64.saturating_pow(exp);
    Some(Duration::minutes(minutes).min(MAX_DELAY))
}

/// Why an address is refused (a message id of `webhooks.ftl`).
pub const URL_ERROR: &str = "webhooks-error-url";

/// The endpoint's address: `https://host/…`, or `http://` to this machine only
/// (`localhost`, `127.0.0.1`, `[::1]`: a receiver under test or in development).
/// Returns it trimmed.
pub fn parse_url(s: &str) -> Result<String, &'static str> {
    let url = s.trim();
    if url.len() > 2000 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(URL_ERROR);
    }
    let (scheme, rest) = url.split_once("://").ok_or(URL_ERROR)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']')
            .next()
            .map(|h| format!("[{h}]"))
            .unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default().to_owned()
    };
    if host.is_empty() || host.starts_with('.') {
        return Err(URL_ERROR);
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url.to_owned()),
        "http"
            if matches!(
                host.to_ascii_lowercase().as_str(),
                "localhost" | "127.0.0.1" | "[::1]"
            ) =>
        {
            Ok(url.to_owned())
        }
        _ => Err(URL_ERROR),
    }
}

/// The events chosen on a form, in their canonical order, without repeats; at least one.
pub fn parse_events<S: AsRef<str>>(chosen: &[S]) -> Result<Vec<WebhookEvent>, &'static str> {
    let mut events = Vec::new();
    for c in chosen {
        let e = WebhookEvent::parse(c.as_ref().trim()).ok_or("webhooks-error-events")?;
        events.push(e);
    }
    let events: Vec<WebhookEvent> = WebhookEvent::ALL
        .iter()
        .copied()
        .filter(|e| events.contains(e))
        .collect();
    if events.is_empty() {
        return Err("webhooks-error-events");
    }
    Ok(events)
}

/// Events as stored: a comma list.
pub fn events_text(events: &[WebhookEvent]) -> String {
    events
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Events as stored, read back (unknown names are skipped).
pub fn stored_events(text: &str) -> Vec<WebhookEvent> {
    text.split(',')
        .filter_map(|s| WebhookEvent::parse(s.trim()))
        .collect()
}

/// An endpoint as a manager registers it, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookInput {
    pub organisation_id: i64,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub include_personal: bool,
}

impl WebhookInput {
    /// The form's fields, each refused with its message.
    pub fn parse<S: AsRef<str>>(
        organisation_id: &str,
        url: &str,
        events: &[S],
        include_personal: bool,
    ) -> Result<WebhookInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let organisation_id = organisation_id.trim().parse::<i64>().ok();
        if organisation_id.is_none() {
            errors.push(FieldError::new(
                "organisation_id",
                Msg::new("webhooks-error-organisation"),
            ));
        }
        let url = parse_url(url)
            .map_err(|k| errors.push(FieldError::new("url", Msg::new(k))))
            .ok();
        let events = parse_events(events)
            .map_err(|k| errors.push(FieldError::new("events", Msg::new(k))))
            .ok();
        match (organisation_id, url, events) {
            (Some(organisation_id), Some(url), Some(events)) if errors.is_empty() => {
                Ok(WebhookInput {
                    organisation_id,
                    url,
                    events,
                    include_personal,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The body a partner receives. Field order is the struct's, and [`Body::parse`] then
/// [`Body::to_json`] gives back the same text, so the stored body can be rewritten
/// (address completed, personal data removed) without reordering it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Body {
    /// The change's id: the same in every endpoint's delivery of it, and in retries and
    /// replays, so a receiver can drop duplicates.
    pub id: String,
    #[serde(rename = "type")]
    pub event: WebhookEvent,
    /// When the change happened (RFC 3339, Québec time).
    pub created: String,
    pub data: Data,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Data {
    pub session: SessionData,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<RegistrationData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationData {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
}

/// What the public page of a session shows, as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionData {
    pub id: i64,
    pub title: String,
    pub status: SessionStatus,
    /// RFC 3339 with the Québec offset.
    pub starts_at: String,
    pub ends_at: String,
    pub format: Format,
    /// The public page; a path until the delivery job completes it with the site's
    /// address ([`Body::with_site`]).
    pub url: String,
    pub organisation: OrganisationData,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceData>,
    pub registration_required: bool,
    pub capacity: Option<i32>,
    pub seats_taken: i32,
    pub seats_left: Option<i32>,
    pub waitlist_count: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
}

/// A registration: no personal data unless the endpoint asked for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationData {
    pub id: i64,
    pub session_id: i64,
    pub status: Status,
    pub seats: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl RegistrationData {
    pub fn has_personal(&self) -> bool {
        self.name.is_some() || self.email.is_some()
    }
}

impl Body {
    pub fn new(id: &str, event: WebhookEvent, created: NaiveDateTime, data: Data) -> Body {
        Body {
            id: id.to_owned(),
            event,
            created: crate::domain::time::rfc3339(created),
            data,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }

    pub fn parse(text: &str) -> Option<Body> {
        serde_json::from_str(text).ok()
    }

    /// Whether the body names a person.
    pub fn has_personal(&self) -> bool {
        self.data
            .registration
            .as_ref()
            .is_some_and(RegistrationData::has_personal)
    }

    /// The body without the person's name and email.
    pub fn without_personal(mut self) -> Body {
        if let Some(r) = &mut self.data.registration {
            r.name = None;
            r.email = None;
        }
        self
    }

    /// The body with the session's address made absolute on `base` (the site's public
    /// address, without a trailing slash).
    pub fn with_site(mut self, base: &str) -> Body {
        if self.data.session.url.starts_with('/') {
            self.data.session.url =
                format!("{}{}", base.trim_end_matches('/'), self.data.session.url);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_stripes_scheme_and_a_changed_byte_breaks_it() {
        let h = signature_header("whsec_test", 1_700_000_000, r#"{"a":1}"#);
        assert!(h.starts_with("t=1700000000,v1="), "{h}");
        assert_eq!(h.len(), "t=1700000000,v1=".len() + 64);
        assert!(verify("whsec_test", &h, r#"{"a":1}"#, 1_700_000_100, 300));
        assert!(!verify("whsec_test", &h, r#"{"a":2}"#, 1_700_000_100, 300));
        assert!(!verify("whsec_other", &h, r#"{"a":1}"#, 1_700_000_100, 300));
        assert!(!verify("whsec_test", &h, r#"{"a":1}"#, 1_700_000_301, 300));
        assert!(!verify("whsec_test", "v1=00", "", 0, 300));
    }

    #[test]
    fn the_mac_is_hmac_sha256() {
        // RFC 4231, test case 2.
        let mut m = mac("Jefe");
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn backoff_grows_to_six_hours_and_stops_after_the_last_attempt() {
        let waits: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|n| retry_delay(n).unwrap().num_minutes())
            .collect();
        assert_eq!(waits, vec![1, 4, 16, 64, 256, 360, 360]);
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    }

    #[test]
    fn addresses_are_https_or_this_machine() {
        for ok in [
            "https://partenaire.example/hooks",
            " https://a.example:8443/x?y=1 ",
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
            "http://[::1]:8080/",
        ] {
            assert!(parse_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://partenaire.example/hooks",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/",
            "ftp://a.example/",
            "https://",
            "https:///x",
            "javascript:alert(1)",
            "https://a.example/ x",
            "",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn events_come_back_in_order_and_unknown_ones_are_refused() {
        let e = parse_events(&[
            "registration.created",
            "session.published",
            "session.published",
        ])
        .unwrap();
        assert_eq!(events_text(&e), "session.published,registration.created");
        assert_eq!(stored_events(&events_text(&e)), e);
        assert!(parse_events::<&str>(&[]).is_err());
        assert!(parse_events(&["session.deleted"]).is_err());
    }

    #[test]
    fn rewriting_a_body_keeps_its_order_and_drops_only_what_it_should() {
        let body = Body {
            id: "evt_1".into(),
            event: WebhookEvent::RegistrationCreated,
            created: "2026-03-14T13:30:00-04:00".into(),
            data: Data {
                session: SessionData {
                    id: 4,
                    title: "Tablette".into(),
                    status: SessionStatus::Published,
                    starts_at: "2026-03-14T13:30:00-04:00".into(),
                    ends_at: "2026-03-14T15:00:00-04:00".into(),
                    format: Format::InPerson,
                    url: "/sessions/4".into(),
                    organisation: OrganisationData {
                        id: 1,
                        slug: "biblio".into(),
                        name: "Biblio".into(),
                    },
                    place: None,
                    registration_required: true,
                    capacity: Some(10),
                    seats_taken: 1,
                    seats_left: Some(9),
                    waitlist_count: 0,
                    cancel_reason: None,
                },
                registration: Some(RegistrationData {
                    id: 9,
                    session_id: 4,
                    status: Status::Confirmed,
                    seats: 1,
                    name: Some("Gisèle".into()),
                    email: Some("gisele@example.org".into()),
                }),
            },
        };
        let text = body.to_json();
        assert_eq!(Body::parse(&text).unwrap().to_json(), text);
        assert!(text.starts_with(r#"{"id":"evt_1","type":"registration.created","created":"#));
        let sited = body.clone().with_site("https://babillard.test/");
        assert_eq!(sited.data.session.url, "https://babillard.test/sessions/4");
        assert_eq!(
            sited.clone().with_site("https://x").data.session.url,
            sited.data.session.url
        );
        let plain = body.without_personal();
        assert!(!plain.has_personal());
        assert!(!plain.to_json().contains("gisele"));
    }
}
