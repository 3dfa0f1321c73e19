//! A bounded map of rendered answers (feeds, pages), each valid while its version is
//! the current one and for a time to live at most. When full, it first drops what can
//! no longer be served, then the least recently served entry: a stream of distinct
//! queries (a crawler, an attacker) evicts one entry each, and what people use stays.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

struct Entry<V> {
    version: String,
    made: Instant,
    /// When the entry was last served, on the map's own clock.
    used: u64,
    value: V,
}

struct Entries<V> {
    map: HashMap<String, Entry<V>>,
    clock: u64,
}

/// Rendered answers by key (see the module's documentation).
pub struct Memo<V> {
    entries: Mutex<Entries<V>>,
    ttl: Duration,
    max: usize,
}

impl<V: Clone> Memo<V> {
    /// A map of at most `max` entries, each served for `ttl` at most (`ZERO`: nothing
    /// is ever served, so nothing is kept).
    pub fn new(ttl: Duration, max: usize) -> Memo<V> {
        Memo {
            entries: Mutex::new(Entries {
                map: HashMap::new(),
                clock: 0,
            }),
            ttl,
            max,
        }
    }

    /// Whether anything can be served from it.
    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero() && self.max > 0
    }

    fn entries(&self) -> MutexGuard<'_, Entries<V>> {
        // Every change under this lock leaves a consistent map: carry on after a panic.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The value kept for `key`, if it is of `version` and young enough.
    pub fn get(&self, key: &str, version: &str) -> Option<V> {
        let mut entries = self.entries();
        entries.clock += 1;
        let tick = entries.clock;
        let ttl = self.ttl;
        let e = entries
            .map
            .get_mut(key)
            .filter(|e| e.version == version && e.made.elapsed() < ttl)?;
        e.used = tick;
        Some(e.value.clone())
    }

    /// Keeps a value for `key`, made from the data at `version`.
    pub fn put(&self, key: String, version: String, value: V) {
        if !self.enabled() {
            return;
        }
        let ttl = self.ttl;
        let max = self.max;
        let mut entries = self.entries();
        entries.clock += 1;
        let tick = entries.clock;
        let map = &mut entries.map;
        if map.len() >= max && !map.contains_key(&key) {
            map.retain(|_, e| e.version == version && e.made.elapsed() < ttl);
            while map.len() >= max {
                let Some(oldest) = map
                    .iter()
                    .min_by_key(|(_, e)| e.used)
                    .map(|(k, _)| k.clone())
                else {
                    break;
                };
                map.remove(&oldest);
            }
        }
        map.insert(
            key,
            Entry {
                version,
                made: Instant::now(),
                used: tick,
                value,
            },
        );
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.entries().map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 256;

    fn memo() -> Memo<usize> {
        Memo::new(Duration::from_secs(300), MAX)
    }

    #[test]
    fn distinct_queries_evict_one_entry_each_and_spare_the_entries_in_use() {
        let memo = memo();
        for n in 0..MAX {
            memo.put(format!("q{n}"), "v1".into(), n);
        }
        // The feed people subscribe to is served often.
        assert_eq!(memo.get("q0", "v1"), Some(0));
        for n in MAX..MAX + 50 {
            memo.put(format!("q{n}"), "v1".into(), n);
            assert!(memo.get("q0", "v1").is_some(), "after {n} other queries");
        }
        assert_eq!(memo.len(), MAX, "bounded, and not wiped");
        assert!(
            memo.get("q1", "v1").is_none(),
            "the least recently used went first"
        );
        assert!(memo.get(&format!("q{}", MAX + 49), "v1").is_some());
    }

    #[test]
    fn a_full_map_drops_entries_of_an_older_version_first() {
        let memo = memo();
        for n in 0..MAX {
            memo.put(format!("q{n}"), "v1".into(), n);
        }
        memo.put("new".into(), "v2".into(), 0);
        assert_eq!(memo.len(), 1, "nothing of version 1 can be served any more");
    }

    #[test]
    fn an_entry_of_another_version_is_not_served() {
        let memo = memo();
        memo.put("q".into(), "v1".into(), 1);
        assert_eq!(memo.get("q", "v2"), None);
        assert_eq!(memo.get("q", "v1"), Some(1));
    }

    #[test]
    fn a_zero_time_to_live_keeps_nothing() {
        let memo: Memo<usize> = Memo::new(Duration::ZERO, MAX);
        memo.put("q".into(), "v1".into(), 1);
        assert!(memo.is_empty());
        assert_eq!(memo.get("q", "v1"), None);
    }
}
