//! Emails: composition of an outbox row into a MIME message ([`compose`]), the
//! transports that deliver it ([`transport`]), and the outbox worker ([`worker`]).
//!
//! A message is a tera pair `templates/email/<kind>.{txt,html}` in the person's language
//! (strings `mail-…`), sent by the organisation (its name as sender name, Reply-To its
//! address), with the manage link. Messages about a seat carry an invite: MIME
//! `multipart/mixed [ multipart/alternative [text/plain, text/html,
//! text/calendar; method=…], invite.ics ]`, the layout mail clients act on.

pub mod after;
mod auto_submitted;
pub mod helpers;
mod receipt;
pub mod requests;
pub mod transport;
pub mod worker;

use anyhow::{Context, anyhow};
use chrono::NaiveDateTime;
use fluent_bundle::FluentValue;
use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};

use crate::calendar::{self, EventData, Method, Party};
use crate::config::Settings;
use crate::db::models::{OutboxRow, Registration};
use crate::db::{Db, DbConnection};
use crate::domain::messages::MessageKind;
use crate::domain::payment::{self, PayStatus};
use crate::domain::registration::Status;
use crate::domain::time;
use crate::i18n::{I18n, Lang};
use crate::store::delivery::{MessageSubject, message_subject};
use crate::store::sessions::SessionDetails;
use crate::templates::Templates;
pub use auto_submitted::AutoSubmitted;
use transport::Mailer;

/// What sending email needs, lent by whoever runs it (the web service's state, a test,
/// a benchmark): the settings, the database, the strings, the templates, the transport.
#[derive(Clone, Copy)]
pub struct Mail<'a> {
    pub settings: &'a Settings,
    pub db: &'a Db,
    pub i18n: &'a I18n,
    pub templates: &'a Templates,
    pub mailer: &'a Mailer,
}

/// Whether a kind of message carries an invite, and which.
pub fn invite_method(kind: MessageKind) -> Option<Method> {
    match kind {
        MessageKind::RegistrationConfirmed
        | MessageKind::RegistrationPromoted
        | MessageKind::RegistrationUpdated
        | MessageKind::SessionChanged
        | MessageKind::HelperConfirmed => Some(Method::Request),
        MessageKind::RegistrationCancelled
        | MessageKind::SessionCancelled
        | MessageKind::HelperCancelled => Some(Method::Cancel),
        _ => None,
    }
}

/// Whether the message shows the check-in code (people show it at the door).
fn shows_check_in_code(kind: MessageKind) -> bool {
    matches!(
        kind,
        MessageKind::RegistrationConfirmed
            | MessageKind::RegistrationPromoted
            | MessageKind::RegistrationUpdated
            | MessageKind::SessionChanged
            | MessageKind::Reminder
    )
}

/// The payload fields of every kind (the outbox contract; absent fields are `None`).
#[derive(Debug, Default, Deserialize)]
struct Payload {
    seats: Option<i32>,
    position: Option<i32>,
    expires_at: Option<String>,
    previous_seats: Option<i32>,
    reason: Option<String>,
    previous_starts_at: Option<String>,
    previous_ends_at: Option<String>,
    previous_venue_id: Option<i64>,
    #[serde(default)]
    what: Vec<String>,
    subject: Option<String>,
    body: Option<String>,
    from_name: Option<String>,
    link: Option<String>,
    /// The manage link minted for this message (`store::outbox::enqueue`).
    manage_token: Option<String>,
    /// « Mes activités »: the token of the emailed link.
    activities_token: Option<String>,
    /// Interest lists: the token of the link that shows and removes the person's entry,
    /// and the names of what they asked for (in their language).
    interest_token: Option<String>,
    topic: Option<String>,
    municipality: Option<String>,
    /// A public proposal: the token of its confirmation link.
    confirm_token: Option<String>,
    /// A public proposal: its title and time as proposed (UTC, RFC 3339).
    title: Option<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    /// Paid sessions (issue 13): the amount the message is about.
    amount_cents: Option<i32>,
    /// `payment_held`: the seats came from the waitlist.
    #[serde(default)]
    promoted: bool,
    /// `payment_hold_warning`: the hold may still be extended once.
    #[serde(default)]
    extendable: bool,
    /// `payment_late`: "waitlist" or "refund".
    late: Option<String>,
    /// A cancellation whose online payment will be refunded.
    #[serde(default)]
    refund: bool,
    /// A cancelled session given again (`starts_at`, `ends_at`): the registration
    /// follows it there.
    #[serde(default)]
    carried: bool,
    /// After a session: the workshops suggested (`store::outcomes::after`).
    #[serde(default)]
    next: Vec<after::NextPayload>,
    /// `registration_waitlisted`: the organisation's no-show policy put them there.
    #[serde(default)]
    no_show_hold: bool,
    /// Volunteer helpers' messages (issue 17).
    #[serde(flatten)]
    helper: helpers::HelperPayload,
    /// Workshop requests' messages (issue 17, part 2).
    #[serde(flatten)]
    request: requests::RequestPayload,
}

/// A session as an email shows it.
#[derive(Debug, Serialize)]
struct SessionMail {
    title: String,
    when: String,
    url: String,
    venue_name: String,
    address: String,
    room: Option<String>,
    online: bool,
    online_url: Option<String>,
    what_to_bring: String,
    access: String,
    directions: String,
    trainers: String,
}

/// Everything an email template sees.
#[derive(Debug, Serialize)]
struct MailView {
    kind: &'static str,
    subject: String,
    recipient_name: String,
    organisation: String,
    organisation_email: Option<String>,
    session: Option<SessionMail>,
    manage_url: Option<String>,
    check_in_code: Option<String>,
    seats: Option<i32>,
    previous_seats: Option<i32>,
    position: Option<i32>,
    expires_at: Option<String>,
    reason: Option<String>,
    previous_when: Option<String>,
    previous_place: Option<String>,
    changed_time: bool,
    changed_place: bool,
    organiser_subject: Option<String>,
    organiser_body: Option<String>,
    from_name: Option<String>,
    link: Option<String>,
    has_invite: bool,
    site_url: String,
    topic: Option<String>,
    municipality: Option<String>,
    /// A public proposal as its author wrote it: title and time.
    proposal_title: Option<String>,
    /// A time proposed: a public proposal's, or when a cancelled session is given again.
    new_when: Option<String>,
    /// The registration follows the session to its new date.
    carried: bool,
    /// The registration is over (cancelled, or its seats went back): the email neither
    /// says what to bring nor offers to change it.
    gone: bool,
    /// The manage link's button is the way to pay (seats held for an online payment).
    pay_now: bool,
    /// Paid sessions (issue 13): the payload's amount, as the reader writes money.
    amount: Option<String>,
    promoted: bool,
    extendable: bool,
    late: Option<String>,
    /// A cancellation whose online payment goes back to the card.
    refund: bool,
    /// `refund_issued`: why ("cancelled", "session_cancelled", "late").
    refund_reason: Option<String>,
    /// A confirmation to be paid at the door: the amount.
    amount_due: Option<String>,
    receipt: Option<receipt::ReceiptMail>,
    /// After a session: survey, certificate and follow-up links, next workshops.
    after: Option<after::AfterMail>,
    no_show_hold: bool,
    /// Volunteer helpers' messages (issue 17).
    helper: Option<helpers::HelperMail>,
    /// Workshop requests' messages (issue 17, part 2).
    request: Option<requests::RequestMail>,
}

/// Parses RFC 3339 (any offset) into stored UTC.
fn parse_time(s: &str) -> Option<NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.naive_utc())
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok())
}

/// Full address on one line: venue, room, street, town.
fn location_line(d: &SessionDetails, i18n: &I18n, lang: Lang) -> String {
    match &d.venue {
        Some(v) => {
            let mut parts = vec![v.name.clone()];
            if let Some(room) = v.room.as_ref().filter(|r| !r.is_empty()) {
                parts.push(i18n.tr(
                    lang,
                    "venue-room",
                    &[("room", FluentValue::from(room.as_str()))],
                ));
            }
            parts.push(v.address.clone());
            if let Some(m) = &d.municipality {
                parts.push(m.name.clone());
            }
            parts.push(match &v.postal_code {
                Some(pc) if !pc.is_empty() => format!("QC {pc}"),
                _ => "QC".to_owned(),
            });
            parts.join(", ")
        }
        None => i18n.t(lang, "mail-online"),
    }
}

fn session_mail(d: &SessionDetails, i18n: &I18n, lang: Lang, base_url: &str) -> SessionMail {
    let s = &d.session;
    let access = d
        .venue
        .as_ref()
        .map(|v| {
            let mut a = i18n.t(
                lang,
                if v.step_free_access {
                    "venue-step-free"
                } else {
                    "venue-not-step-free"
                },
            );
            if !v.accessibility_notes.is_empty() {
                a.push_str(" — ");
                a.push_str(&v.accessibility_notes);
            }
            a
        })
        .unwrap_or_default();
    SessionMail {
        title: s.title.clone(),
        when: time::range_long(s.starts_at, s.ends_at, lang),
        url: format!("{base_url}/sessions/{}", s.id),
        venue_name: d.venue.as_ref().map(|v| v.name.clone()).unwrap_or_default(),
        address: location_line(d, i18n, lang),
        room: d.venue.as_ref().and_then(|v| v.room.clone()),
        online: s.format != crate::domain::session::Format::InPerson,
        online_url: s.online_url.clone(),
        what_to_bring: s.what_to_bring.clone(),
        access,
        directions: d
            .venue
            .as_ref()
            .map(|v| v.directions.clone())
            .unwrap_or_default(),
        trainers: d
            .trainers
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The invite's VEVENT for a person's registration (`manage_url`: the message's link).
#[allow(clippy::too_many_arguments)]
pub fn invite_event(
    d: &SessionDetails,
    r: &Registration,
    manage_url: Option<&str>,
    i18n: &I18n,
    lang: Lang,
    base_url: &str,
    mail_from: &str,
    stamp: NaiveDateTime,
) -> EventData {
    let host = calendar::uid_host(base_url);
    let s = &d.session;
    let mut description = String::new();
    if !s.description.is_empty() {
        description.push_str(&s.description);
        description.push_str("\n\n");
    }
    if !s.what_to_bring.is_empty() {
        description.push_str(&i18n.t(lang, "session-bring"));
        description.push_str(" : ");
        description.push_str(&s.what_to_bring);
        description.push_str("\n\n");
    }
    if let Some(manage) = manage_url {
        description.push_str(&i18n.tr(
            lang,
            "mail-ics-manage",
            &[("url", FluentValue::from(manage))],
        ));
    }
    let organiser_email = d
        .organisation
        .email
        .clone()
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| address_of(mail_from));
    EventData {
        uid: calendar::invite_uid(r.id, s.id, &host),
        sequence: r.ical_sequence,
        stamp,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        summary: s.title.clone(),
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
        attendee: r.email.clone().map(|email| Party {
            name: r.name.clone().unwrap_or_default(),
            email,
        }),
    }
}

/// `Babillard <no-reply@x>` → `no-reply@x`.
fn address_of(mailbox: &str) -> String {
    match (mailbox.rfind('<'), mailbox.rfind('>')) {
        (Some(a), Some(b)) if a < b => mailbox[a + 1..b].trim().to_owned(),
        _ => mailbox.trim().to_owned(),
    }
}

fn mailbox(name: &str, email: &str) -> anyhow::Result<Mailbox> {
    let address = email
        .parse()
        .with_context(|| format!("invalid address for {name:?}"))?;
    let name = name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_owned()),
        address,
    ))
}

/// A composed message: what the transport sends.
#[derive(Debug)]
pub struct Composed {
    pub message: Message,
    /// The invite's text, when the message carries one (tests and previews).
    pub ics: Option<String>,
}

/// Builds the message for an outbox row, reading what it talks about as it is now.
pub fn compose(
    mail: &Mail<'_>,
    conn: &mut DbConnection,
    row: &OutboxRow,
) -> anyhow::Result<Composed> {
    let subject =
        message_subject(conn, row).context("loading the message's registration and session")?;
    compose_with(mail, row, &subject)
}

/// [`compose`] without the database (benchmarks).
pub fn compose_with(
    mail: &Mail<'_>,
    row: &OutboxRow,
    subj: &MessageSubject,
) -> anyhow::Result<Composed> {
    let kind = MessageKind::parse(&row.kind)
        .ok_or_else(|| anyhow!("unknown message kind {}", row.kind))?;
    let lang = Lang::parse(&row.language).unwrap_or_default();
    let i18n = mail.i18n;
    let base_url = mail.settings.base_url.trim_end_matches('/');
    let payload: Payload = serde_json::from_str(&row.payload).unwrap_or_default();
    let d = subj.session.as_ref();
    let reg = subj.registration.as_ref();
    // A proposal is about a session only once approved (the session it became).
    let needs_session = !kind.is_request()
        && !matches!(
            kind,
            MessageKind::PasswordReset
                | MessageKind::ActivitiesLink
                | MessageKind::InterestConfirm
                | MessageKind::ProposalConfirm
                | MessageKind::ProposalRejected
        );
    let manage_url = reg
        .and(payload.manage_token.as_deref())
        .map(|t| format!("{base_url}/r/{t}"));
    if needs_session && d.is_none() {
        anyhow::bail!("message {} ({}) has no session", row.id, row.kind);
    }

    let organisation = d
        .map(|d| d.organisation.name.clone())
        .unwrap_or_else(|| i18n.t(lang, "site-name"));
    let organisation_email = d
        .and_then(|d| d.organisation.email.clone())
        .filter(|e| !e.is_empty());
    let title = d
        .map(|d| d.session.title.clone())
        .or_else(|| payload.title.clone())
        .unwrap_or_default();
    let subject = match kind {
        MessageKind::OrganiserMessage => payload.subject.clone().unwrap_or_else(|| {
            i18n.tr(
                lang,
                "mail-subject-organiser_message",
                &[("title", FluentValue::from(title.as_str()))],
            )
        }),
        _ => i18n.tr(
            lang,
            &format!("mail-subject-{}", kind.as_str()),
            &[("title", FluentValue::from(title.as_str()))],
        ),
    };
    // Name the old place only when the place changed.
    let previous_place = subj
        .previous_venue
        .as_ref()
        .filter(|v| {
            payload.previous_venue_id.is_some()
                && d.and_then(|d| d.venue.as_ref())
                    .is_none_or(|now| now.id != v.id)
        })
        .map(|v| format!("{}, {}", v.name, v.address));
    let method =
        invite_method(kind).filter(|_| d.is_some() && (reg.is_some() || kind.is_helpers()));
    let gone = match kind {
        MessageKind::RegistrationCancelled
        | MessageKind::SessionCancelled
        | MessageKind::HelperCancelled => true,
        // The seats went back (or never came): over, unless the person still waits.
        MessageKind::PaymentExpired | MessageKind::PaymentLate | MessageKind::RefundIssued => {
            reg.is_none_or(|r| r.status == Status::Cancelled)
        }
        _ => false,
    };
    let amount_due = subj
        .payment
        .as_ref()
        .filter(|p| kind == MessageKind::RegistrationConfirmed && p.status == PayStatus::Due)
        .map(|p| payment::money(p.amount_cents, lang));
    let receipt = match (kind, d) {
        (MessageKind::PaymentReceipt, Some(d)) => Some(receipt::receipt_mail(
            subj,
            d,
            row,
            payload.amount_cents,
            i18n,
            lang,
        )),
        _ => None,
    };
    let view = MailView {
        kind: kind.as_str(),
        subject: subject.clone(),
        recipient_name: row.recipient_name.clone(),
        organisation: organisation.clone(),
        organisation_email: organisation_email.clone(),
        session: d.map(|d| session_mail(d, i18n, lang, base_url)),
        manage_url: manage_url.clone(),
        check_in_code: reg
            .filter(|_| shows_check_in_code(kind))
            .map(|r| r.check_in_code.clone()),
        seats: payload.seats.or(reg.map(|r| r.seats)),
        previous_seats: payload.previous_seats,
        position: payload.position,
        expires_at: payload
            .expires_at
            .as_deref()
            .and_then(parse_time)
            .map(|t| time::datetime_long(t, lang)),
        reason: payload
            .reason
            .clone()
            .filter(|r| !r.trim().is_empty() && kind != MessageKind::RefundIssued),
        previous_when: match (
            payload.previous_starts_at.as_deref().and_then(parse_time),
            payload.previous_ends_at.as_deref().and_then(parse_time),
        ) {
            (Some(s), Some(e)) => Some(time::range_long(s, e, lang)),
            (Some(s), None) => Some(time::datetime_long(s, lang)),
            _ => None,
        },
        previous_place,
        changed_time: payload.what.iter().any(|w| w == "time"),
        changed_place: payload.what.iter().any(|w| w == "place"),
        organiser_subject: payload.subject.clone(),
        organiser_body: payload.body.clone(),
        from_name: payload.from_name.clone(),
        link: payload
            .link
            .clone()
            .or_else(|| {
                payload
                    .activities_token
                    .as_deref()
                    .map(|t| format!("{base_url}/my-activities/{t}"))
            })
            .or_else(|| {
                payload
                    .interest_token
                    .as_deref()
                    .map(|t| format!("{base_url}/interest/{t}"))
            })
            .or_else(|| {
                payload
                    .confirm_token
                    .as_deref()
                    .map(|t| format!("{base_url}/propose/confirm/{t}"))
            }),
        has_invite: method.is_some(),
        site_url: base_url.to_owned(),
        topic: payload.topic.clone(),
        municipality: payload.municipality.clone(),
        proposal_title: payload.title.clone(),
        carried: payload.carried,
        new_when: match (
            payload.starts_at.as_deref().and_then(parse_time),
            payload.ends_at.as_deref().and_then(parse_time),
        ) {
            (Some(s), Some(e)) => Some(time::range_long(s, e, lang)),
            _ => None,
        },
        gone,
        pay_now: matches!(
            kind,
            MessageKind::PaymentHeld | MessageKind::PaymentHoldWarning
        ),
        amount: payload.amount_cents.map(|c| payment::money(c, lang)),
        promoted: payload.promoted,
        extendable: payload.extendable,
        late: payload.late.clone(),
        refund: payload.refund,
        refund_reason: payload
            .reason
            .clone()
            .filter(|_| kind == MessageKind::RefundIssued),
        amount_due,
        receipt,
        after: after::view(
            kind,
            &payload.next,
            manage_url.as_deref(),
            base_url,
            i18n,
            lang,
        ),
        no_show_hold: payload.no_show_hold,
        helper: helpers::view(kind, &payload.helper, base_url),
        request: requests::view(kind, &payload.request, base_url, lang),
    };
    let text = mail
        .templates
        .render(lang, &format!("email/{}.txt", kind.as_str()), &view)?;
    let html = mail
        .templates
        .render(lang, &format!("email/{}.html", kind.as_str()), &view)?;

    let from_address = address_of(&mail.settings.mail_from);
    let mut builder = Message::builder()
        .from(mailbox(&organisation, &from_address)?)
        .to(mailbox(&row.recipient_name, &row.recipient)?)
        .subject(subject)
        .message_id(Some(format!(
            "<outbox-{}@{}>",
            row.id,
            calendar::uid_host(base_url)
        )))
        .date(chrono_to_system(row.created_at))
        .header(AutoSubmitted);
    if let Some(email) = &organisation_email {
        builder = builder.reply_to(mailbox(&organisation, email)?);
    }
    let text_part = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(text);
    let html_part = SinglePart::builder()
        .header(ContentType::TEXT_HTML)
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(html);
    let alternative = MultiPart::alternative()
        .singlepart(text_part)
        .singlepart(html_part);

    let invite = match (method, d, reg) {
        // A helper's shift: its own UID and the SEQUENCE it was queued with.
        (Some(method), Some(d), _) if kind.is_helpers() => Some((
            method,
            helpers::invite_event(d, &payload.helper, row, view.helper.as_ref(), mail),
        )),
        (Some(method), Some(d), Some(r)) => {
            let mut event = invite_event(
                d,
                r,
                manage_url.as_deref(),
                i18n,
                lang,
                base_url,
                &mail.settings.mail_from,
                row.created_at,
            );
            event.sequence = subj.invite_sequence.unwrap_or(r.ical_sequence);
            Some((method, event))
        }
        _ => None,
    };
    let (message, ics) = match invite {
        Some((method, event)) => {
            let ics = calendar::invite(method, &event);
            let cal_type = ContentType::parse(&format!(
                "text/calendar; method={}; charset=UTF-8",
                method.as_str()
            ))?;
            let alternative = alternative.singlepart(
                SinglePart::builder()
                    .header(cal_type)
                    .header(ContentTransferEncoding::Base64)
                    .body(ics.clone()),
            );
            let attachment = Attachment::new("invite.ics".to_owned()).body(
                ics.clone().into_bytes(),
                ContentType::parse(&format!("application/ics; method={}", method.as_str()))?,
            );
            let mixed = MultiPart::mixed()
                .multipart(alternative)
                .singlepart(attachment);
            (builder.multipart(mixed)?, Some(ics))
        }
        _ => match payload
            .request
            .invoice
            .as_ref()
            .filter(|_| kind == MessageKind::InvoiceIssued)
        {
            Some(invoice) => {
                let pdf = crate::invoice::render(&requests::invoice_doc(invoice, i18n, lang))?;
                let attachment = Attachment::new(requests::invoice_file_name(invoice, i18n, lang))
                    .body(pdf, ContentType::parse("application/pdf")?);
                let mixed = MultiPart::mixed()
                    .multipart(alternative)
                    .singlepart(attachment);
                (builder.multipart(mixed)?, None)
            }
            None => (builder.multipart(alternative)?, None),
        },
    };
    Ok(Composed { message, ics })
}

fn chrono_to_system(t: NaiveDateTime) -> std::time::SystemTime {
    let secs = t.and_utc().timestamp().max(0) as u64;
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
}
