//! The bounded certificate chain cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::chain::CertChain;

/// At most `capacity` chains, each kept at most `ttl` after it was fetched. Only chains that
/// passed validation are inserted. When full, expired entries go first, then the oldest.
///
/// The lock is a plain mutex held for a map operation only, never across an await.
#[derive(Debug)]
pub(crate) struct ChainCache {
    capacity: usize,
    ttl: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug)]
struct Entry {
    chain: Arc<CertChain>,
    fetched: SystemTime,
}

impl ChainCache {
    pub(crate) fn new(capacity: usize, ttl: Duration) -> Self {
        ChainCache { capacity, ttl, entries: Mutex::new(HashMap::new()) }
    }

    fn fresh(&self, entry: &Entry, now: SystemTime) -> bool {
        // A clock that went backwards counts as expired: fetch again.
        now.duration_since(entry.fetched).is_ok_and(|age| age < self.ttl)
    }

    pub(crate) fn get(&self, url: &str, now: SystemTime) -> Option<Arc<CertChain>> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(url)?;
        if self.fresh(entry, now) {
            return Some(Arc::clone(&entry.chain));
        }
        entries.remove(url);
        None
    }

    pub(crate) fn insert(&self, url: &str, chain: Arc<CertChain>, now: SystemTime) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if !entries.contains_key(url) && entries.len() >= self.capacity {
            entries.retain(|_, entry| self.fresh(entry, now));
            while entries.len() >= self.capacity {
                let oldest = entries.iter().min_by_key(|(_, e)| e.fetched).map(|(k, _)| k.clone());
                match oldest {
                    Some(key) => entries.remove(&key),
                    None => break,
                };
            }
        }
        entries.insert(url.to_owned(), Entry { chain, fetched: now });
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}
