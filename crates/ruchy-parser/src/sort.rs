//! Slice sorting that stays small in the browser build.
//!
//! Natively these call the standard library's sorts. On wasm32 they sort a list of indices
//! with one non-generic merge sort behind a `dyn` comparator and then move the elements into
//! place, so each element type adds a few hundred bytes instead of a full driftsort or
//! ipnsort instantiation (about 5 KB each). Both are stable there; the results are the same
//! as the standard library's for any consistent comparator.

use std::cmp::Ordering;

/// Stable sort by a comparator, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(&mut cmp);
    #[cfg(target_arch = "wasm32")]
    {
        let perm = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
        permute(v, perm);
    }
}

/// Stable sort by a key, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort of a totally ordered slice, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sort by a comparator where the order of equal elements does not matter, like
/// `slice::sort_unstable_by` (which it is natively).
pub fn sort_unstable_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_unstable_by(cmp);
    #[cfg(target_arch = "wasm32")]
    sort_by(v, cmp);
}

/// Sort where the order of equal elements does not matter, like `slice::sort_unstable`.
pub fn sort_unstable<T: Ord>(v: &mut [T]) {
    sort_unstable_by(v, T::cmp);
}

/// The stable order of `0..len` under `cmp`: element `k` of the result is the index of the
/// element that belongs at position `k`. A bottom-up merge sort; an inconsistent comparator
/// gives some permutation, never a panic.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..len).collect();
    let mut b = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = start.saturating_add(width).min(len);
            let end = start.saturating_add(width.saturating_mul(2)).min(len);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                let take_left = i < mid && (j >= end || cmp(a[j], a[i]) != Ordering::Less);
                if take_left {
                    *slot = a[i];
                    i += 1;
                } else {
                    *slot = a[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width = width.saturating_mul(2);
    }
    a
}

/// Moves `v[perm[k]]` to position `k` for every `k`, following each cycle once.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn permute<T>(v: &mut [T], mut perm: Vec<usize>) {
    for i in 0..v.len() {
        let mut cur = i;
        while perm[cur] != cur {
            let next = perm[cur];
            perm[cur] = cur;
            if next == i {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wasm_sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
        let perm = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
        permute(v, perm);
    }

    #[test]
    fn matches_std_stable_sort() {
        let mut seed = 0x2545_f491_u64;
        for len in 0..70 {
            let mut v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 7) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            wasm_sort_by(&mut v, |a, b| a.0.cmp(&b.0));
            assert_eq!(v, want, "len {len}");
        }
    }

    #[test]
    fn inconsistent_comparator_gives_a_permutation() {
        let mut v: Vec<u32> = (0..37).collect();
        let mut flip = false;
        wasm_sort_by(&mut v, |_, _| {
            flip = !flip;
            if flip {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        });
        v.sort_unstable();
        assert_eq!(v, (0..37).collect::<Vec<_>>());
    }

    #[test]
    fn wrappers_sort() {
        let mut v = vec![3, 1, 2];
        sort(&mut v);
        assert_eq!(v, [1, 2, 3]);
        sort_unstable_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, [3, 2, 1]);
        sort_by_key(&mut v, |x| *x);
        assert_eq!(v, [1, 2, 3]);
    }
}
