//! The one sort of the console's short lists: a form's rows, an account's
//! addresses and notes, the saved searches, the levels of a category list.
//!
//! `slice::sort` and `slice::sort_unstable` are driftsort and ipnsort: each
//! element and key type they are used with adds 3 to 6 KB of wasm. Eight uses
//! weighed 44 KB of the release wasm (8.5 KB with brotli). An insertion sort is
//! a few hundred bytes per use. It is stable, and linear on input that is
//! already nearly in order, which is how the API sends its lists; its
//! quadratic worst case is a few milliseconds at the 1000 items of the largest
//! page. Long lists that need an order build it by index instead (the write
//! runner puts each answer at its item's place).
//!
//! `collect()` into a `BTreeMap` or `BTreeSet` sorts a vector of the items
//! first, which is one more `slice::sort` per type: [`map_of`] and [`set_of`]
//! insert them one by one instead.

use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` by `key`, ascending; items with equal keys keep their order.
pub fn by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    for end in 1..items.len() {
        let mut at = end;
        while at > 0 && key(&items[at - 1]) > key(&items[at]) {
            items.swap(at - 1, at);
            at -= 1;
        }
    }
}

/// The map of `pairs`; a later pair replaces an earlier one with its key, as
/// with `collect`.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// The set of `keys`.
pub fn set_of<K: Ord>(keys: impl IntoIterator<Item = K>) -> BTreeSet<K> {
    let mut set = BTreeSet::new();
    set.extend(keys);
    set
}

#[cfg(test)]
mod tests {
    use super::{by_key, map_of, set_of};

    /// A fixed pseudo-random sequence, so a failure repeats.
    fn scrambled(len: usize, seed: u64) -> Vec<u64> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 33) % 17
            })
            .collect()
    }

    #[test]
    fn it_orders_as_the_standard_stable_sort_does() {
        for (len, seed) in [(0, 1), (1, 2), (2, 3), (7, 4), (50, 5), (300, 6)] {
            let keys = scrambled(len, seed);
            // Pairs of (key, original place): equal keys must keep their places.
            let mut ours: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut standard = ours.clone();
            by_key(&mut ours, |(key, _)| *key);
            standard.sort_by_key(|(key, _)| *key);
            assert_eq!(ours, standard, "{len} items, seed {seed}");
        }
    }

    #[test]
    fn it_sorts_by_any_key_and_leaves_a_sorted_list_as_it_is() {
        let mut names = vec!["beta", "Alpha", "gamma"];
        by_key(&mut names, |name| name.to_lowercase());
        assert_eq!(names, ["Alpha", "beta", "gamma"]);
        let mut sorted = vec![1, 2, 2, 3];
        by_key(&mut sorted, |n| *n);
        assert_eq!(sorted, [1, 2, 2, 3]);
        let mut descending = vec![3, 2, 1];
        by_key(&mut descending, |n| std::cmp::Reverse(*n));
        assert_eq!(descending, [3, 2, 1]);
    }

    #[test]
    fn maps_and_sets_hold_what_collect_would() {
        let pairs = [(2, "b"), (1, "a"), (2, "c")];
        assert_eq!(map_of(pairs), pairs.into_iter().collect());
        let keys = [3, 1, 3, 2];
        assert_eq!(set_of(keys), keys.into_iter().collect());
    }
}
