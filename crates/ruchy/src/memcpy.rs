//! A faster `memcpy` for the static x86_64 musl build. musl's starts every copy with
//! `rep movsq` and finishes it byte by byte, which costs tens of cycles on each of the many
//! short copies an interpreter makes (string pieces, inline strings, small buffers): string
//! programs ran twice as slow as the glibc build. `build.rs` links the binary with
//! `-Wl,--wrap=memcpy`, so every call to `memcpy` comes here; copies up to 128 bytes are done
//! with a few overlapping unaligned loads and stores, longer ones go to musl's.

#[cfg(all(target_env = "musl", target_arch = "x86_64"))]
extern "C" {
    fn __real_memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8;
}

/// Copy `N`-byte words from the start and the end of the range; together they cover any
/// length from `N` to `2 * N`.
#[inline(always)]
unsafe fn ends<T: Copy>(dst: *mut u8, src: *const u8, n: usize) {
    let k = std::mem::size_of::<T>();
    // SAFETY: the caller guarantees k <= n <= 2k and that both ranges are valid for n bytes.
    unsafe {
        let a = (src as *const T).read_unaligned();
        let b = (src.add(n - k) as *const T).read_unaligned();
        (dst as *mut T).write_unaligned(a);
        (dst.add(n - k) as *mut T).write_unaligned(b);
    }
}

/// # Safety
/// The C `memcpy` contract: `src` and `dst` are valid for `n` bytes and do not overlap.
#[cfg(all(target_env = "musl", target_arch = "x86_64"))]
#[no_mangle]
pub unsafe extern "C" fn __wrap_memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    if unsafe { !copy_short(dst, src, n) } {
        return unsafe { __real_memcpy(dst, src, n) };
    }
    dst
}

/// Copy `n` bytes if `n` is at most 128; false (nothing copied) for longer ranges.
///
/// # Safety
/// `src` and `dst` are valid for `n` bytes and do not overlap.
#[inline(always)]
unsafe fn copy_short(dst: *mut u8, src: *const u8, n: usize) -> bool {
    // SAFETY: every branch stays inside the n bytes.
    unsafe {
        match n {
            0 => {}
            1..=3 => {
                let (a, b, c) = (*src, *src.add(n / 2), *src.add(n - 1));
                *dst = a;
                *dst.add(n / 2) = b;
                *dst.add(n - 1) = c;
            }
            4..=7 => ends::<u32>(dst, src, n),
            8..=16 => ends::<u64>(dst, src, n),
            17..=32 => ends::<u128>(dst, src, n),
            33..=64 => {
                ends::<u128>(dst, src, 32);
                ends::<u128>(dst.add(n - 32), src.add(n - 32), 32);
            }
            65..=128 => {
                ends::<[u128; 2]>(dst, src, 64);
                ends::<[u128; 2]>(dst.add(n - 64), src.add(n - 64), 64);
            }
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_short_length_copies_exactly_its_bytes() {
        let src: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for n in 0..=128 {
            let mut dst = vec![0xAAu8; 300];
            // SAFETY: both buffers hold 300 bytes and do not overlap.
            assert!(unsafe { super::copy_short(dst.as_mut_ptr().add(1), src.as_ptr(), n) });
            assert_eq!(dst[0], 0xAA);
            assert_eq!(&dst[1..=n], &src[..n], "length {n}");
            assert!(dst[n + 1..].iter().all(|&b| b == 0xAA), "length {n}");
        }
        let mut dst = [0u8; 129];
        // SAFETY: both buffers hold at least 129 bytes.
        assert!(!unsafe { super::copy_short(dst.as_mut_ptr(), src.as_ptr(), 129) });
    }
}
