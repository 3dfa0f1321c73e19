//! Public feeds kept rendered in memory: by (language, canonical query, day), valid
//! while the data version is the same and for a few minutes at most, bounded in size.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::NaiveDateTime;

use super::Rendered;

/// A cached feed is re-rendered after this long even if the data version did not move
/// (venue or vocabulary edits do not stamp sessions).
const CACHE_TTL: StdDuration = StdDuration::from_secs(300);
const CACHE_MAX_ENTRIES: usize = 256;

struct Entry {
    version: String,
    made: Instant,
    /// When the entry was last served, on the cache's own clock: when the cache is
    /// full, the least recently used entry makes room (one entry, not the whole cache).
    used: u64,
    feed: Arc<Rendered>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    clock: u64,
}

impl Entries {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }
}

/// The data version's fingerprint and the latest change it saw.
pub(super) type DataVersion = (String, Option<NaiveDateTime>);

/// Rendered public feeds by (language, canonical query, day), valid while the data
/// version is the same.
#[derive(Default)]
pub struct FeedCache {
    entries: Mutex<Entries>,
    /// The last data version read, and when: reused for `feed_cache_seconds`.
    version: Mutex<Option<(Instant, DataVersion)>>,
}

impl std::fmt::Debug for FeedCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FeedCache")
    }
}

impl FeedCache {
    pub(super) fn recent_version(&self, max_age: StdDuration) -> Option<DataVersion> {
        let v = self.version.lock().ok()?;
        v.as_ref()
            .filter(|(at, _)| at.elapsed() < max_age)
            .map(|(_, v)| v.clone())
    }

    pub(super) fn remember_version(&self, version: &DataVersion) {
        if let Ok(mut v) = self.version.lock() {
            *v = Some((Instant::now(), version.clone()));
        }
    }

    pub(super) fn get(&self, key: &str, version: &str) -> Option<Arc<Rendered>> {
        let mut entries = self.entries.lock().ok()?;
        let tick = entries.tick();
        let e = entries
            .map
            .get_mut(key)
            .filter(|e| e.version == version && e.made.elapsed() < CACHE_TTL)?;
        e.used = tick;
        Some(e.feed.clone())
    }

    /// Keeps a rendered feed. A full cache first drops what can no longer be served
    /// (an older data version, past its time to live), then, if still full, the least
    /// recently served entry: a stream of distinct queries (a crawler, an attacker)
    /// evicts one entry each, and the feeds people subscribe to stay warm.
    pub(super) fn put(&self, key: String, version: String, feed: Arc<Rendered>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        let tick = entries.tick();
        let map = &mut entries.map;
        if map.len() >= CACHE_MAX_ENTRIES && !map.contains_key(&key) {
            map.retain(|_, e| e.version == version && e.made.elapsed() < CACHE_TTL);
            while map.len() >= CACHE_MAX_ENTRIES {
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
                feed,
            },
        );
    }

    /// How many feeds are kept.
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(n: usize) -> Arc<Rendered> {
        Arc::new(Rendered::new(format!("feed {n}"), None))
    }

    #[test]
    fn distinct_queries_evict_one_entry_each_and_spare_the_feeds_in_use() {
        let cache = FeedCache::default();
        for n in 0..CACHE_MAX_ENTRIES {
            cache.put(format!("q{n}"), "v1".into(), feed(n));
        }
        // The feed people subscribe to is served often.
        assert!(cache.get("q0", "v1").is_some());
        for n in CACHE_MAX_ENTRIES..CACHE_MAX_ENTRIES + 50 {
            cache.put(format!("q{n}"), "v1".into(), feed(n));
            assert!(cache.get("q0", "v1").is_some(), "after {n} other queries");
        }
        assert_eq!(cache.len(), CACHE_MAX_ENTRIES, "bounded, and not wiped");
        assert!(
            cache.get("q1", "v1").is_none(),
            "the least recently used went first"
        );
        assert!(
            cache
                .get(&format!("q{}", CACHE_MAX_ENTRIES + 49), "v1")
                .is_some()
        );
    }

    #[test]
    fn a_full_cache_drops_feeds_of_an_older_data_version_first() {
        let cache = FeedCache::default();
        for n in 0..CACHE_MAX_ENTRIES {
            cache.put(format!("q{n}"), "v1".into(), feed(n));
        }
        cache.put("new".into(), "v2".into(), feed(0));
        assert_eq!(
            cache.len(),
            1,
            "nothing of version 1 can be served any more"
        );
    }
}
