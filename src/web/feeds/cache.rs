//! Public feeds kept rendered in memory: by (language, canonical query, day), valid
//! while the data version is the same and for a few minutes at most, bounded in size.

use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::NaiveDateTime;

use super::Rendered;
use crate::web::memo::Memo;

/// A cached feed is re-rendered after this long even if the data version did not move
/// (venue or vocabulary edits do not stamp sessions).
const CACHE_TTL: StdDuration = StdDuration::from_secs(300);
const CACHE_MAX_ENTRIES: usize = 256;

/// The data version's fingerprint and the latest change it saw.
pub(super) type DataVersion = (String, Option<NaiveDateTime>);

/// Rendered public feeds by (language, canonical query, day), valid while the data
/// version is the same.
pub struct FeedCache {
    feeds: Memo<Arc<Rendered>>,
    /// The last data version read, and when: reused for `feed_cache_seconds`.
    version: Mutex<Option<(Instant, DataVersion)>>,
}

impl Default for FeedCache {
    fn default() -> FeedCache {
        FeedCache {
            feeds: Memo::new(CACHE_TTL, CACHE_MAX_ENTRIES),
            version: Mutex::new(None),
        }
    }
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
        self.feeds.get(key, version)
    }

    pub(super) fn put(&self, key: String, version: String, feed: Arc<Rendered>) {
        self.feeds.put(key, version, feed);
    }

    /// How many feeds are kept.
    pub fn len(&self) -> usize {
        self.feeds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.feeds.is_empty()
    }
}
