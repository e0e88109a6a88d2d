//! The global allocator: a small-object pool in front of the system allocator. Freed blocks
//! of up to 256 bytes go on per-thread, per-size free lists and are handed out again, which
//! costs a few instructions instead of a malloc/free pair for the interpreter's many
//! short-lived values (structs, enum nodes, strings, closures). Larger blocks go straight to
//! the system allocator. Pooled memory is reused but not returned to the system.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;

const GRAIN: usize = 16;
const CLASSES: usize = 16;
const MAX_SMALL: usize = GRAIN * CLASSES;

pub struct Pool;

thread_local! {
    static FREE: [Cell<*mut u8>; CLASSES] =
        const { [const { Cell::new(ptr::null_mut()) }; CLASSES] };
}

/// The size class of a layout the pool serves.
#[inline]
fn class(layout: Layout) -> Option<usize> {
    let size = layout.size();
    (size != 0 && size <= MAX_SMALL && layout.align() <= GRAIN).then(|| (size - 1) / GRAIN)
}

#[inline]
fn class_layout(c: usize) -> Layout {
    // SAFETY: a non-zero multiple of 16 with alignment 16 is a valid layout.
    unsafe { Layout::from_size_align_unchecked((c + 1) * GRAIN, GRAIN) }
}

unsafe impl GlobalAlloc for Pool {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class(layout) {
            Some(c) => {
                let reused = FREE.with(|free| {
                    let head = free[c].get();
                    if !head.is_null() {
                        // SAFETY: a block on a free list stores the next block's address.
                        free[c].set(unsafe { *(head as *mut *mut u8) });
                    }
                    head
                });
                if reused.is_null() {
                    unsafe { System.alloc(class_layout(c)) }
                } else {
                    reused
                }
            }
            None => unsafe { System.alloc(layout) },
        }
    }

    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        match class(layout) {
            Some(c) => FREE.with(|free| {
                // SAFETY: the block is at least 16 bytes and 16-aligned, and no longer used.
                unsafe { *(p as *mut *mut u8) = free[c].get() };
                free[c].set(p);
            }),
            None => unsafe { System.dealloc(p, layout) },
        }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size` with this alignment is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class(layout), class(new_layout)) {
            (None, None) => unsafe { System.realloc(p, layout, new_size) },
            (Some(a), Some(b)) if a == b => p,
            _ => {
                let q = unsafe { self.alloc(new_layout) };
                if !q.is_null() {
                    unsafe {
                        ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                        self.dealloc(p, layout);
                    }
                }
                q
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_reused_per_class_and_large_ones_pass_through() {
        let pool = Pool;
        unsafe {
            let l = Layout::from_size_align(24, 8).unwrap();
            let a = pool.alloc(l);
            a.write_bytes(7, 24);
            pool.dealloc(a, l);
            let b = pool.alloc(Layout::from_size_align(32, 16).unwrap());
            assert_eq!(a, b, "same class: the freed block comes back");
            b.write_bytes(7, 32);
            let c = pool.realloc(b, Layout::from_size_align(32, 16).unwrap(), 300);
            assert!(!c.is_null());
            assert_eq!(*c, 7);
            let big = Layout::from_size_align(300, 16).unwrap();
            let d = pool.realloc(c, big, 20);
            assert_eq!(*d.add(19), 7);
            pool.dealloc(d, Layout::from_size_align(20, 16).unwrap());
        }
    }
}
