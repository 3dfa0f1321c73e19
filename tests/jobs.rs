//! Background jobs keep going: a job that fails or panics is logged with its name, the
//! other jobs of the pass still run, and the next pass runs it again.

use crate::common;

use std::sync::atomic::{AtomicU32, Ordering};

use babillard::jobs::{Context, Job, run_jobs};
use common::logs::Captured;

on_both_backends! {
    async fn a_job_that_panics_is_logged_and_runs_again_next_pass(app: TestApp) {
        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        tracing::callsite::rebuild_interest_cache();

        let calls = AtomicU32::new(0);
        let flaky = |_: &Context<'_>| -> anyhow::Result<usize> {
            if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                panic!("the first pass trips over something");
            }
            Ok(3)
        };
        let after = |ctx: &Context<'_>| babillard::mail::worker::run(&ctx.mail);
        let jobs: [(&'static str, &Job<'_>); 2] = [("flaky", &flaky), ("outbox", &after)];

        let first = run_jobs(&app.state.jobs(), &jobs);
        assert_eq!(first.failed, vec!["flaky"]);
        assert_eq!(first.handled, vec![("outbox", 0)], "the next job of the pass still ran");
        let log = logs.text();
        assert!(log.contains("job panicked") && log.contains("flaky") && log.contains("the first pass trips over something"), "{log}");

        let second = run_jobs(&app.state.jobs(), &jobs);
        assert!(second.failed.is_empty());
        assert_eq!(second.get("flaky"), 3, "run again, and working");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
