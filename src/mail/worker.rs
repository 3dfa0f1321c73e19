//! The outbox worker: claim due rows under a lease, compose, send, record the outcome.
//! Temporary failures retry with exponential backoff (1 min, 2, 4 … capped at 6 h) and
//! keep the last error; permanent ones stop. A crash between claim and mark leaves the
//! row leased: when the lease runs out it is due again (sent at least once).

use chrono::{Duration, NaiveDateTime};

use crate::db::now;
use crate::domain::token::random_token;
use crate::mail::transport::Outcome;
use crate::mail::{Mail, compose};
use crate::store::delivery::{self, Attempt};

/// Rows claimed per pass.
pub const BATCH: i64 = 50;
/// How long a claim holds a row: longer than sending a batch can take.
pub const LEASE_SECONDS: i64 = 300;

/// Delay before attempt `attempts + 1`.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) - 1;
    let secs = 60i64.saturating_mul(1i64 << exp.min(10));
    Duration::seconds(secs.min(6 * 3600))
}

/// The `outbox` job: one pass at the current time.
pub fn run(mail: &Mail<'_>) -> anyhow::Result<usize> {
    run_at(mail, now())
}

/// One pass as if the clock read `at` (tests move time forward to pass backoffs).
/// Returns how many messages were sent.
pub fn run_at(mail: &Mail<'_>, at: NaiveDateTime) -> anyhow::Result<usize> {
    run_with_lease(mail, at, Duration::seconds(LEASE_SECONDS))
}

/// One pass with a given lease (tests shorten it to see rows given back).
pub fn run_with_lease(
    mail: &Mail<'_>,
    at: NaiveDateTime,
    lease: Duration,
) -> anyhow::Result<usize> {
    let lease_id = random_token();
    let rows = {
        let mut conn = mail.db.write()?;
        delivery::claim(&mut conn, BATCH, &lease_id, lease, at)?
    };
    let half_lease = (lease / 2).to_std().unwrap_or_default();
    let started = std::time::Instant::now();
    let mut sent = 0;
    for row in rows {
        // A slow server must not outlast the lease: past half of it, give the rest back
        // rather than risk another worker claiming and sending them too.
        if started.elapsed() > half_lease {
            let mut conn = mail.db.write()?;
            delivery::release(&mut conn, row.id, &lease_id)?;
            continue;
        }
        let composed = {
            let mut conn = mail.db.read()?;
            compose(mail, &mut conn, &row)
        };
        let outcome = match composed {
            Ok(c) => mail
                .mailer
                .send(&c.message, &format!("{:06}-{}", row.id, row.kind)),
            Err(e) => Outcome::Permanent(format!("composing: {e:#}")),
        };
        let mut conn = mail.db.write()?;
        match outcome {
            Outcome::Sent => {
                if delivery::finish(&mut conn, row.id, &lease_id, Attempt::Sent(now().max(at)))?
                    == 0
                {
                    tracing::warn!(
                        outbox_id = row.id,
                        "sent after the lease ran out: another worker may send it again"
                    );
                }
                sent += 1;
            }
            Outcome::Temporary(err) => {
                tracing::warn!(outbox_id = row.id, attempts = row.attempts, error = %err, "mail delivery will be retried");
                let retry = Attempt::Retry(&err, at + backoff(row.attempts));
                delivery::finish(&mut conn, row.id, &lease_id, retry)?;
            }
            Outcome::Permanent(err) => {
                tracing::error!(outbox_id = row.id, error = %err, "mail delivery failed for good");
                delivery::finish(&mut conn, row.id, &lease_id, Attempt::Failed(&err))?;
            }
        }
    }
    Ok(sent)
}

/// Runs passes until nothing is due at `at` (tests).
pub fn drain_at(mail: &Mail<'_>, at: NaiveDateTime) -> anyhow::Result<usize> {
    let mut total = 0;
    loop {
        let n = run_at(mail, at)?;
        total += n;
        if n == 0 {
            return Ok(total);
        }
    }
}

/// The `reminders` job: queue reminders for sessions starting within `reminder_hours`,
/// to the people registered and to the volunteer helpers.
pub fn reminders(mail: &Mail<'_>) -> anyhow::Result<usize> {
    reminders_at(mail, now())
}

/// Participants, then volunteer helpers (issue 17), each reminded once.
pub fn reminders_at(mail: &Mail<'_>, at: NaiveDateTime) -> anyhow::Result<usize> {
    let mut conn = mail.db.write()?;
    let ahead = Duration::hours(i64::from(mail.settings.reminder_hours));
    let people = delivery::queue_reminders(&mut conn, at, ahead)?;
    let helpers = crate::store::helpers::upkeep::queue_reminders(&mut conn, at, ahead)?;
    Ok(people + helpers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(60));
        assert_eq!(backoff(2), Duration::seconds(120));
        assert_eq!(backoff(4), Duration::seconds(480));
        assert_eq!(backoff(30), Duration::hours(6));
    }
}
