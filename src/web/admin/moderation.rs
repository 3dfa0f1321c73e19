//! The moderation queue (issue 12, item 3): what waits for this person, one card per
//! item (a change to a live activity shows the old against the new, the changed fields
//! marked), one tap to approve, a reason to refuse, and a bulk bar for the checked
//! items. Built for a tablet and for working without JavaScript: every button is a
//! form post, and after a decision the queue comes back with a status message that
//! takes the focus (`#decided`).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{Chrome, Form, StaffPage};
use crate::db::now;
use crate::domain::moderation::{Payload, SubmissionOrigin};
use crate::domain::time::{datetime_long, range_long};
use crate::error::{FieldError, Msg};
use crate::store;
use crate::store::moderation::{PlaceNames, QueueItem};
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult, AppState, parse_query, read_as, redirect, render, write_as};

/// One line of the old-against-new comparison.
#[derive(Debug, Serialize)]
struct Compared {
    label: String,
    old: String,
    new: String,
    changed: bool,
}

#[derive(Debug, Serialize)]
struct Card {
    id: i64,
    title: String,
    /// `new` or `change`.
    kind: &'static str,
    when: String,
    place: String,
    organisation: String,
    /// « Agenda du club » or « Proposé par … ».
    origin: String,
    received: String,
    /// For a change to a live activity: time, place and title, old and new.
    compared: Vec<Compared>,
    live_url: Option<String>,
    /// The reason field's error, when a refusal of this card came back without one.
    reason_error: Option<String>,
    /// The reason typed, shown again after an error.
    reason: String,
}

#[derive(Debug, Default, Serialize)]
struct Decided {
    approved: usize,
    rejected: usize,
    skipped: usize,
}

#[derive(Debug, Serialize)]
struct QueueView {
    chrome: Chrome,
    cards: Vec<Card>,
    decided: Option<Decided>,
    /// Errors of the last post, each with the field it is about (`#reason-12`).
    errors: Vec<(String, String)>,
    bulk_reason: String,
    bulk_reason_error: Option<String>,
}

fn place_of(
    venue_id: Option<i64>,
    location_text: Option<&str>,
    municipality_id: Option<i64>,
    names: &PlaceNames,
) -> String {
    if let Some(v) = venue_id.and_then(|v| names.venues.get(&v)) {
        return v.clone();
    }
    let town = municipality_id.and_then(|m| names.municipalities.get(&m));
    match (location_text.map(str::trim).filter(|t| !t.is_empty()), town) {
        (Some(text), Some(town)) if !text.contains(town.as_str()) => format!("{text}, {town}"),
        (Some(text), _) => text.to_owned(),
        (None, Some(town)) => town.clone(),
        (None, None) => "—".to_owned(),
    }
}

fn card(
    state: &AppState,
    lang: Lang,
    item: &QueueItem,
    names: &PlaceNames,
    received: NaiveDateTime,
) -> Card {
    let p: &Payload = &item.proposed;
    let place = place_of(
        p.venue_id,
        p.location_text.as_deref(),
        p.municipality_id,
        names,
    );
    let when = range_long(p.starts_at, p.ends_at, lang);
    let origin = match (&item.source_name, item.origin) {
        (Some(source), _) => state.i18n.tr(
            lang,
            "moderation-from-source",
            &[("source", source.as_str().into())],
        ),
        (None, SubmissionOrigin::Proposal) => state.i18n.tr(
            lang,
            "moderation-from-proposer",
            &[(
                "name",
                item.proposer_name.clone().unwrap_or_default().into(),
            )],
        ),
        (None, SubmissionOrigin::Import) => state.i18n.t(lang, "moderation-from-feed"),
    };
    let mut compared = Vec::new();
    if let Some(live) = &item.live {
        let old_place = place_of(
            live.venue_id,
            live.location_text.as_deref(),
            p.municipality_id,
            names,
        );
        for (field, old, new) in [
            (
                "time",
                range_long(live.starts_at, live.ends_at, lang),
                when.clone(),
            ),
            ("place", old_place, place.clone()),
            ("title", live.title.clone(), p.title.clone()),
        ] {
            compared.push(Compared {
                label: state.i18n.t(lang, &format!("moderation-field-{field}")),
                old,
                new,
                changed: item.changed.contains(&field),
            });
        }
    }
    Card {
        id: item.id,
        title: p.title.clone(),
        kind: if item.live.is_some() { "change" } else { "new" },
        when,
        place,
        organisation: item.organisation_name.clone(),
        origin,
        received: datetime_long(received, lang),
        compared,
        live_url: item
            .live
            .as_ref()
            .map(|l| format!("/sessions/{}", l.session_id)),
        reason_error: None,
        reason: String::new(),
    }
}

/// What the queue page shows after a post that did not go through.
#[derive(Debug, Default)]
struct Refused {
    /// The card whose own reason was missing (`None`: the bulk bar's).
    item: Option<i64>,
    reason: String,
    errors: Vec<FieldError>,
}

async fn page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    who: &super::Staff,
    refused: Option<Refused>,
) -> AppResult<HttpResponse> {
    let at = now();
    let (items, names) = read_as(state, &who.access, move |conn, access| {
        let items = store::moderation::queue(conn, access, at)?;
        let mut venues = Vec::new();
        let mut towns = Vec::new();
        for i in &items {
            venues.extend(i.proposed.venue_id);
            towns.extend(i.proposed.municipality_id);
            if let Some(l) = &i.live {
                venues.extend(l.venue_id);
            }
        }
        let names = store::moderation::place_names(conn, &venues, &towns)?;
        Ok((items, names))
    })
    .await?;
    let q: BTreeMap<String, String> = parse_query(req).unwrap_or_default();
    let count = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    let decided = Decided {
        approved: count("approved"),
        rejected: count("rejected"),
        skipped: count("skipped"),
    };
    let decided = (decided.approved + decided.rejected + decided.skipped > 0).then_some(decided);
    let mut cards: Vec<Card> = items
        .iter()
        .map(|i| card(state, lang, i, &names, i.received_at))
        .collect();
    let mut errors = Vec::new();
    let mut bulk_reason = String::new();
    let mut bulk_reason_error = None;
    let failed = refused.is_some();
    if let Some(r) = refused {
        for e in &r.errors {
            let text = state.i18n.msg(lang, &e.msg);
            let anchor = match (e.field.as_str(), r.item) {
                ("reason", Some(id)) => {
                    if let Some(c) = cards.iter_mut().find(|c| c.id == id) {
                        c.reason_error = Some(text.clone());
                        c.reason = r.reason.clone();
                    }
                    format!("reason-{id}")
                }
                ("reason", None) => {
                    bulk_reason_error = Some(text.clone());
                    bulk_reason = r.reason.clone();
                    "bulk-reason".to_owned()
                }
                _ => "bulk".to_owned(),
            };
            errors.push((anchor, text));
        }
    }
    let view = QueueView {
        chrome: Chrome::new(req, state, lang, who),
        cards,
        decided,
        errors,
        bulk_reason,
        bulk_reason_error,
    };
    let title = state.i18n.t(lang, "moderation-title");
    let mut res = render(req, state, lang, "admin/moderation.html", title, &view)?;
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// `GET /admin/moderation`: the queue (403 for someone who moderates nothing).
pub async fn list(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    page(&state, &req, lang, &who, None).await
}

/// A decision's form: the checked items (or one card's), a reason to refuse, and
/// which card it came from (empty: the bulk bar).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    ids: Vec<String>,
    reason: String,
    item: String,
}

impl DecisionForm {
    fn ids(&self) -> AppResult<Vec<i64>> {
        let ids: Vec<i64> = self
            .ids
            .iter()
            .map(|s| s.trim().parse::<i64>())
            .collect::<Result<_, _>>()
            .map_err(|_| AppError::bad_request("error-malformed"))?;
        if ids.len() > 500 {
            return Err(AppError::bad_request("error-too-large"));
        }
        Ok(ids)
    }

    fn item(&self) -> Option<i64> {
        self.item.trim().parse().ok()
    }
}

/// After a decision: the queue again, with what was done in its status message.
fn decided(what: &str, d: &store::moderation::Decided) -> HttpResponse {
    let mut to = format!("/admin/moderation?{what}={}", d.done.len());
    if !d.skipped.is_empty() {
        to.push_str(&format!("&skipped={}", d.skipped.len()));
    }
    to.push_str("#decided");
    redirect(to)
}

/// An empty selection is a mistake to say on the page, not a silent no-op.
fn nothing_chosen() -> Refused {
    Refused {
        errors: vec![FieldError::new(
            "ids",
            Msg::new("moderation-error-nothing-chosen"),
        )],
        ..Refused::default()
    }
}

/// `POST /admin/moderation/approve`: publishes the items (one card's, or the checked
/// ones). Items someone else decided meanwhile are counted as skipped.
pub async fn approve(
    StaffPage(state, req, lang, who): StaffPage,
    Form(f): Form<DecisionForm>,
) -> AppResult<HttpResponse> {
    let ids = f.ids()?;
    if ids.is_empty() {
        return page(&state, &req, lang, &who, Some(nothing_chosen())).await;
    }
    let at = now();
    let d = write_as(&state, &who.access, move |conn, access| {
        store::moderation::approve(conn, access, &ids, at)
    })
    .await?;
    Ok(decided("approved", &d))
}

/// `POST /admin/moderation/reject`: refuses the items with one reason (required).
pub async fn reject(
    StaffPage(state, req, lang, who): StaffPage,
    Form(f): Form<DecisionForm>,
) -> AppResult<HttpResponse> {
    let ids = f.ids()?;
    if ids.is_empty() {
        let mut r = nothing_chosen();
        r.reason = f.reason.clone();
        return page(&state, &req, lang, &who, Some(r)).await;
    }
    let reason = f.reason.clone();
    let at = now();
    let result = write_as(&state, &who.access, move |conn, access| {
        store::moderation::reject(conn, access, &ids, &reason, at)
    })
    .await;
    match result {
        Ok(d) => Ok(decided("rejected", &d)),
        Err(AppError::Validation(errors)) => {
            let r = Refused {
                item: f.item(),
                reason: f.reason.chars().take(2000).collect(),
                errors,
            };
            page(&state, &req, lang, &who, Some(r)).await
        }
        Err(e) => Err(e),
    }
}
