//! How fast a partner's calendar is read: `read_feed` on the 5,000-event feed of
//! `examples/big_feed.rs` (recurrences expanded over a year). Run:
//! `cargo bench --bench ics_read`.

#[path = "../examples/big_feed.rs"]
#[allow(dead_code)]
mod big_feed;

use babillard::calendar::import::read_feed;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let bytes = big_feed::feed().into_bytes();
    let at = |y, m| {
        NaiveDate::from_ymd_opt(y, m, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    let window = at(2026, 9)..at(2027, 9);
    let feed = read_feed(&bytes, window.clone()).unwrap();
    eprintln!(
        "big_feed: {} bytes, {} occurrences, {} refused",
        bytes.len(),
        feed.occurrences.len(),
        feed.refused.len()
    );
    let mut group = c.benchmark_group("ics_read");
    group.sample_size(20);
    group.bench_function("read_feed 5,000 events", |b| {
        b.iter(|| read_feed(&bytes, window.clone()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
