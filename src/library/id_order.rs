//! The order of parcels by 地块编号, for lookups by id and the report of repeated ids.
//!
//! A library of a million parcels sorts a million ids that share long prefixes (`410804-XZ-…`), so a plain sort spends
//! most of its time in string comparisons reached through the parcels. Here each id's first 16 bytes become one
//! big-endian integer, and the sort compares integers; only ids whose first 16 bytes agree are compared further, by
//! the next 16 bytes, and so on. The result is exactly that of a stable sort by `str::cmp`.

/// Bytes of an id compared at once: one `u128`.
const CHUNK: usize = 16;

/// Indices `0..n` in the order of a stable sort of the ids `id` gives: bytewise, as `str::cmp` orders, and by index
/// among equal ids. The ids are reached through `id` (the parcels' own, without collecting them first).
///
/// ```
/// use stockfirst::library::order_by_id;
/// let ids = ["410804-XZ-00002", "410804-XZ-00001", "B", "410804-XZ-00001"];
/// assert_eq!(order_by_id(ids.len(), |i| ids[i as usize]), vec![1, 3, 0, 2]);
/// ```
pub fn order_by_id<'a>(n: usize, id: impl Fn(u32) -> &'a str) -> Vec<u32> {
    let keys = (0..n as u32).map(|i| id_key(id(i))).collect();
    order_with_keys(keys, id).order
}

/// The first 16 bytes of an id as the integer [`order_by_id`] sorts by: a reader makes it while the id is in the
/// cache, and the library's sort then reads a flat array instead of a million strings through their parcels.
pub fn id_key(id: &str) -> u128 {
    chunk_at(id.as_bytes(), 0)
}

/// An order by id, and where ids in it may repeat.
pub(crate) struct IdOrder {
    pub order: Vec<u32>,
    /// Stretches of `order` whose ids agree on their first 16 bytes; equal ids can only be neighbours inside one.
    pub ties: Vec<std::ops::Range<usize>>,
}

/// [`order_by_id`] given each id's [`id_key`].
pub(crate) fn order_with_keys<'a>(keys: Vec<u128>, id: impl Fn(u32) -> &'a str) -> IdOrder {
    let bytes = |i: u32| id(i).as_bytes();
    let mut keyed: Vec<(u128, u32)> = keys.into_iter().zip(0u32..).collect();
    keyed.sort_unstable();
    let mut order: Vec<u32> = keyed.iter().map(|&(_, i)| i).collect();
    let mut ties = Vec::new();
    let mut start = 0;
    while start < keyed.len() {
        let end = run_end(&keyed, start);
        if end - start > 1 {
            settle(&mut order[start..end], &bytes, CHUNK);
            ties.push(start..end);
        }
        start = end;
    }
    IdOrder { order, ties }
}

/// Orders a run of indices whose ids agree on their first `offset` bytes (zero-padded), by the rest.
fn settle<'a>(run: &mut [u32], bytes: &impl Fn(u32) -> &'a [u8], offset: usize) {
    if run.iter().all(|&i| bytes(i).len() <= offset) {
        // Equal up to zero padding: the shorter id is a prefix of the longer, so it comes first; then by index.
        run.sort_unstable_by_key(|&i| (bytes(i).len(), i));
        return;
    }
    let mut keyed: Vec<(u128, u32)> = run.iter().map(|&i| (chunk_at(bytes(i), offset), i)).collect();
    keyed.sort_unstable();
    for (slot, &(_, i)) in run.iter_mut().zip(&keyed) {
        *slot = i;
    }
    let mut start = 0;
    while start < keyed.len() {
        let end = run_end(&keyed, start);
        if end - start > 1 {
            settle(&mut run[start..end], bytes, offset + CHUNK);
        }
        start = end;
    }
}

/// The end of the run of equal keys that begins at `start`.
fn run_end(keyed: &[(u128, u32)], start: usize) -> usize {
    let key = keyed[start].0;
    start + keyed[start..].iter().take_while(|k| k.0 == key).count()
}

/// Bytes `offset..offset + 16` of `b` as a big-endian integer, zero past the end: integers then compare as the bytes
/// do, except that an id and the same id with trailing zero bytes tie (settled by length).
fn chunk_at(b: &[u8], offset: usize) -> u128 {
    let mut buf = [0u8; CHUNK];
    if let Some(rest) = b.get(offset..) {
        let n = rest.len().min(CHUNK);
        buf[..n].copy_from_slice(&rest[..n]);
    }
    u128::from_be_bytes(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_by_id(ids: &[String]) -> Vec<u32> {
        order_by_id(ids.len(), |i| &ids[i as usize])
    }

    /// The reference: a stable sort of indices by `str::cmp`.
    fn stable(ids: &[String]) -> Vec<u32> {
        let mut order: Vec<u32> = (0..ids.len() as u32).collect();
        order.sort_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]));
        order
    }

    #[test]
    fn hand_cases() {
        let ids: Vec<String> = ["b", "a", "", "a\0", "a", "ab", "\u{5730}\u{5757}", "a\0\0"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // "" < "a" (1) < "a" (4) < "a\0" < "a\0\0" < "ab" < "b" < 地块 (its first byte is 0xE5).
        assert_eq!(sorted_by_id(&ids), vec![2, 1, 4, 3, 7, 5, 0, 6]);
        assert_eq!(sorted_by_id(&ids), stable(&ids));
    }

    #[test]
    fn long_shared_prefixes_and_repeats_agree_with_a_stable_sort() {
        // A small xorshift: the same cases every run, no dependency.
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |m: u64| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s % m
        };
        let prefixes = [
            "",
            "410804-XZ-",
            "4108042018B0012345678901234567",
            "电子监管号4108042018B00123",
        ];
        for round in 0..40 {
            let n = 1 + next(400) as usize;
            let ids: Vec<String> = (0..n)
                .map(|_| {
                    let mut id = prefixes[next(4) as usize].to_string();
                    // Short tails over a small alphabet, with NUL: many repeats, prefixes of each other, padding ties.
                    for _ in 0..next(if round % 2 == 0 { 4 } else { 40 }) {
                        id.push(['0', '1', '\0', 'Z', '号'][next(5) as usize]);
                    }
                    id
                })
                .collect();
            assert_eq!(sorted_by_id(&ids), stable(&ids), "round {round}: {ids:?}");
        }
    }

    #[test]
    fn empty() {
        assert!(sorted_by_id(&[]).is_empty());
    }
}
