//! Periodic work run by `babillard serve` (when `run_jobs` is on): each job is a
//! function that does one pass and reports how many things it handled. Tests call
//! [`run_once`] to drain deterministically instead of waiting for the loop.
//!
//! Jobs get what they use as a [`Context`] (settings, database, what mail needs); the
//! loop gets it from a [`Host`], which the web service's state is.

pub mod follow_up;
pub mod helpers;
pub mod imports;
pub mod payments;
pub mod registrations;
pub mod webhooks;

use std::time::Duration;

use actix_web::web;

use crate::config::Settings;
use crate::db::Db;
use crate::mail::Mail;

/// What a job may use.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub settings: &'a Settings,
    pub db: &'a Db,
    /// What sending email needs.
    pub mail: Mail<'a>,
}

/// Whoever owns what jobs need, for as long as they run (the web service's state,
/// shared between threads): cheap to clone, lends a [`Context`].
pub trait Host: Clone + Send + 'static {
    fn context(&self) -> Context<'_>;
}

/// What one pass of every job did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// (job name, items handled)
    pub handled: Vec<(&'static str, usize)>,
    /// Jobs that returned an error or panicked in this pass (logged; run again next pass).
    pub failed: Vec<&'static str>,
}

impl Report {
    pub fn get(&self, job: &str) -> usize {
        self.handled
            .iter()
            .filter(|(j, _)| *j == job)
            .map(|(_, n)| n)
            .sum()
    }
}

/// One periodic job: does one pass, says how many things it handled.
pub type Job<'a> = dyn Fn(&Context<'_>) -> anyhow::Result<usize> + Sync + 'a;

/// Every periodic job, in the order a pass runs them.
const JOBS: &[(&str, &Job<'static>)] = &[
    ("offers", &registrations::offers),
    ("holds", &payments::holds),
    ("refunds", &payments::refunds),
    ("retention", &registrations::retention),
    ("reminders", &reminders),
    ("follow_ups", &follow_up::due),
    ("helpers", &helpers::alerts),
    ("outbox", &outbox),
    ("imports", &imports::due),
    ("webhooks", &webhooks::due),
];

/// Reminders for sessions starting soon are queued.
fn reminders(ctx: &Context<'_>) -> anyhow::Result<usize> {
    crate::mail::worker::reminders(&ctx.mail)
}

/// Due emails are sent.
fn outbox(ctx: &Context<'_>) -> anyhow::Result<usize> {
    crate::mail::worker::run(&ctx.mail)
}

/// What a panic said, when it said it with a string.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// One pass of `jobs`, on the calling thread. A job that fails or panics is logged
/// with its name and the others still run; the next pass runs it again (a panic is
/// a bug to fix, not a reason to stop sending emails).
pub fn run_jobs(ctx: &Context<'_>, jobs: &[(&'static str, &Job<'_>)]) -> Report {
    let mut report = Report::default();
    for (name, job) in jobs {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(ctx))) {
            Ok(Ok(n)) => report.handled.push((name, n)),
            Ok(Err(e)) => {
                tracing::error!(job = name, error = format!("{e:#}"), "job failed");
                report.failed.push(name);
            }
            Err(panic) => {
                tracing::error!(
                    job = name,
                    panic = panic_message(panic.as_ref()),
                    "job panicked; it runs again next pass"
                );
                report.failed.push(name);
            }
        }
    }
    report
}

/// One pass of every job, off the async threads.
pub async fn run_once<H: Host>(host: &H) -> Report {
    let host = host.clone();
    web::block(move || run_jobs(&host.context(), JOBS))
        .await
        .unwrap_or_default()
}

/// Starts the loop on the current actix system. Should the loop itself ever die of a
/// panic, it is logged and started again.
pub fn spawn<H: Host>(host: H) {
    let every = Duration::from_secs(host.context().settings.jobs_interval_seconds.max(1));
    actix_web::rt::spawn(async move {
        loop {
            let host = host.clone();
            let run = actix_web::rt::spawn(async move {
                let mut tick = actix_web::rt::time::interval(every);
                loop {
                    tick.tick().await;
                    let report = run_once(&host).await;
                    let total: usize = report.handled.iter().map(|(_, n)| n).sum();
                    if total > 0 {
                        tracing::info!(?report, "background jobs");
                    }
                }
            });
            // The loop never ends by itself: only a panic brings us here.
            let Err(e) = run.await;
            tracing::error!(error = %e, "background jobs stopped; starting them again");
            actix_web::rt::time::sleep(every).await;
        }
    });
}
