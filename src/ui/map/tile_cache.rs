//! A least-recently-used cache of map tiles (textures or failures). Lookups while drawing take `&self` and stamp
//! the entry through a `Cell`; inserting evicts the entry unused for longest once the cache is full.

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::Hash;

/// Tiles kept per layer: 192 textures of 256² RGBA are 48 MB.
pub const TILE_CACHE_CAPACITY: usize = 192;

pub struct TileCache<K, V> {
    map: HashMap<K, (V, Cell<u64>)>,
    clock: Cell<u64>,
    capacity: usize,
}

impl<K: Eq + Hash + Clone, V> TileCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        Self {
            map: HashMap::new(),
            clock: Cell::new(0),
            capacity: capacity.max(1),
        }
    }

    /// The entry, marked as just used.
    pub fn get(&self, k: &K) -> Option<&V> {
        let (v, stamp) = self.map.get(k)?;
        let now = self.clock.get() + 1;
        self.clock.set(now);
        stamp.set(now);
        Some(v)
    }

    pub fn contains(&self, k: &K) -> bool {
        self.map.contains_key(k)
    }

    /// Inserts, evicting the least recently used entry when full.
    pub fn insert(&mut self, k: K, v: V) {
        if !self.map.contains_key(&k)
            && self.map.len() >= self.capacity
            && let Some(oldest) = self
                .map
                .iter()
                .min_by_key(|(_, (_, s))| s.get())
                .map(|(k, _)| k.clone())
        {
            self.map.remove(&oldest);
        }
        let now = self.clock.get() + 1;
        self.clock.set(now);
        self.map.insert(k, (v, Cell::new(now)));
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_least_recently_used() {
        let mut c = TileCache::new(2);
        c.insert(1, "a");
        c.insert(2, "b");
        // Using 1 makes 2 the oldest.
        assert_eq!(c.get(&1), Some(&"a"));
        c.insert(3, "c");
        assert!(c.contains(&1) && c.contains(&3) && !c.contains(&2));
        // Replacing a present key evicts nothing.
        c.insert(3, "d");
        assert!(c.contains(&1), "nothing evicted");
        assert_eq!(c.get(&3), Some(&"d"));
    }
}
