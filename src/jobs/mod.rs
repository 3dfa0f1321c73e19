//! Periodic work run by `babillard serve` (when `run_jobs` is on): each job is a
//! function that does one pass and reports how many things it handled. Tests call
//! [`run_once`] to drain deterministically instead of waiting for the loop.

pub mod registrations;

use std::time::Duration;

use actix_web::web;

use crate::web::AppState;

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
pub type Job<'a> = dyn Fn(&AppState) -> anyhow::Result<usize> + Sync + 'a;

/// Every periodic job, in the order a pass runs them.
const JOBS: &[(&str, &Job<'static>)] = &[
    ("offers", &registrations::offers),
    ("retention", &registrations::retention),
    ("reminders", &crate::mail::worker::reminders),
    ("outbox", &crate::mail::worker::run),
];

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
pub fn run_jobs(state: &AppState, jobs: &[(&'static str, &Job<'_>)]) -> Report {
    let mut report = Report::default();
    for (name, job) in jobs {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(state))) {
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
pub async fn run_once(state: &web::Data<AppState>) -> Report {
    let state = state.clone();
    web::block(move || run_jobs(&state, JOBS))
        .await
        .unwrap_or_default()
}

/// Starts the loop on the current actix system. Should the loop itself ever die of a
/// panic, it is logged and started again.
pub fn spawn(state: web::Data<AppState>) {
    let every = Duration::from_secs(state.settings.jobs_interval_seconds.max(1));
    actix_web::rt::spawn(async move {
        loop {
            let state = state.clone();
            let run = actix_web::rt::spawn(async move {
                let mut tick = actix_web::rt::time::interval(every);
                loop {
                    tick.tick().await;
                    let report = run_once(&state).await;
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
