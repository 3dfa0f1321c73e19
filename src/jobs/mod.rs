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

type Job = fn(&AppState) -> anyhow::Result<usize>;

/// Every periodic job, in the order a pass runs them.
const JOBS: &[(&str, Job)] = &[
    ("offers", registrations::offers),
    ("retention", registrations::retention),
    ("reminders", crate::mail::worker::reminders),
    ("outbox", crate::mail::worker::run),
];

/// One pass of every job, off the async threads. A failing job is logged and the
/// others still run.
pub async fn run_once(state: &web::Data<AppState>) -> Report {
    let state = state.clone();
    web::block(move || {
        let mut report = Report::default();
        for (name, job) in JOBS {
            match job(&state) {
                Ok(n) => report.handled.push((name, n)),
                Err(e) => tracing::error!(job = name, error = format!("{e:#}"), "job failed"),
            }
        }
        report
    })
    .await
    .unwrap_or_default()
}

/// Starts the loop on the current actix system.
pub fn spawn(state: web::Data<AppState>) {
    let every = Duration::from_secs(state.settings.jobs_interval_seconds.max(1));
    actix_web::rt::spawn(async move {
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
}
