//! Sends due webhook deliveries (`store::webhooks::deliveries`): a POST of the stored
//! body to the endpoint, signed (`Babillard-Signature: t=…,v1=…`, see
//! `domain::webhooks`), with `Babillard-Event` and `Babillard-Delivery`; 10 seconds at
//! most, redirects not followed. A 2xx answer delivers it; anything else is tried again
//! later (`domain::webhooks::retry_delay`) until the last attempt fails.
//!
//! One slow or dead endpoint never holds up the others for long: a pass claims a
//! bounded batch, an endpoint that fails once in a pass gets no more attempts in that
//! pass (its other deliveries wait for the next one, uncounted), and a pass stops
//! starting requests after [`PASS_BUDGET`]. No database connection is held while a
//! request is in flight (on SQLite the writer is shared with every request).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::NaiveDateTime;

use crate::db::now;
use crate::domain::webhooks::{retry_delay, signature_header};
use crate::jobs::Context;
use crate::store::webhooks::deliveries::{self, Attempt, Claimed};

/// Deliveries claimed in one pass.
pub const BATCH: i64 = 25;

/// How long one request may take, connection included.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// No request starts after this much of a pass has gone.
pub const PASS_BUDGET: Duration = Duration::from_secs(40);

/// A claim outlives the longest pass, so nobody else takes a row still in flight.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// The job: deliveries due now.
pub fn due(ctx: &Context<'_>) -> anyhow::Result<usize> {
    deliver_at(ctx, now())
}

/// One pass as if the clock read `at` (tests drive retries with it). Returns the
/// deliveries attempted.
pub fn deliver_at(ctx: &Context<'_>, at: NaiveDateTime) -> anyhow::Result<usize> {
    let lease_id = crate::domain::token::random_token();
    let site = ctx.settings.base_url.trim_end_matches('/').to_owned();
    let claimed = {
        let mut conn = ctx
            .db
            .write()
            .context("getting a connection for webhooks")?;
        deliveries::claim(&mut conn, BATCH, &lease_id, LEASE, at, &site)
            .context("claiming due webhook deliveries")?
    };
    if claimed.is_empty() {
        return Ok(0);
    }
    let user_agent = format!("Babillard-Webhooks/{} (+{site})", env!("CARGO_PKG_VERSION"));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(user_agent.as_str())
        .build()
        .into();
    let started = Instant::now();
    let mut failing: HashSet<i64> = HashSet::new();
    let mut attempted = 0;
    for c in claimed {
        let id = c.delivery.id;
        let span = tracing::info_span!(
            "webhook",
            webhook_id = c.delivery.webhook_id,
            delivery_id = id
        );
        let _enter = span.enter();
        if failing.contains(&c.delivery.webhook_id) || started.elapsed() > PASS_BUDGET {
            let mut conn = ctx
                .db
                .write()
                .context("getting a connection for webhooks")?;
            deliveries::release(&mut conn, id, &lease_id).context("releasing a delivery")?;
            continue;
        }
        let answer = post(&agent, &c, at.and_utc().timestamp());
        attempted += 1;
        let error;
        let attempt = match answer {
            Ok(status) if (200..300).contains(&status) => Attempt::Delivered(status, at),
            other => {
                let status = other.as_ref().ok().copied();
                error = match other {
                    Ok(s) => format!("HTTP {s}"),
                    Err(e) => e,
                };
                failing.insert(c.delivery.webhook_id);
                tracing::warn!(error = %error, attempts = c.delivery.attempts, "webhook delivery failed");
                match retry_delay(c.delivery.attempts) {
                    Some(wait) => Attempt::Retry(status, &error, at + wait),
                    None => Attempt::Failed(status, &error),
                }
            }
        };
        let mut conn = ctx
            .db
            .write()
            .context("getting a connection for webhooks")?;
        deliveries::finish(&mut conn, id, &lease_id, attempt)
            .context("recording a webhook attempt")?;
    }
    Ok(attempted)
}

/// POSTs one delivery; the status it answered, or why there was none.
fn post(agent: &ureq::Agent, c: &Claimed, timestamp: i64) -> Result<i32, String> {
    let body = c.delivery.payload.as_str();
    let response = agent
        .post(&c.url)
        .header("Content-Type", "application/json")
        .header(
            "Babillard-Signature",
            signature_header(&c.secret, timestamp, body),
        )
        .header("Babillard-Event", c.delivery.event.as_str())
        .header("Babillard-Delivery", c.delivery.id.to_string())
        .send(body.as_bytes())
        .map_err(|e| match e {
            ureq::Error::Timeout(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
            other => other.to_string(),
        })?;
    Ok(i32::from(response.status().as_u16()))
}
