//! Dropping deep chains of structs and enums (a linked list of 100,000 nodes) without deep
//! native recursion: below a fixed depth, the fields of a dying value are set aside and
//! dropped one after another by the outermost drop instead.

use super::{EnumVal, Fields, StructVal};
use std::cell::{Cell, RefCell};
use std::mem::ManuallyDrop;

/// Nested drops deeper than this are deferred (the browser's stack holds a few thousand).
const MAX_DEPTH: u32 = 256;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static DEFERRED: RefCell<Vec<Fields>> = const { RefCell::new(Vec::new()) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Drop the fields of a struct or enum value that is being dropped.
fn drop_fields(fields: &mut ManuallyDrop<Fields>) {
    // fields that own nothing (numbers, short strings) cannot nest
    if !fields.iter().any(|v| v.is_heap()) {
        // SAFETY: called once, from the owner's `drop`; the fields are not used again.
        unsafe { ManuallyDrop::drop(fields) };
        return;
    }
    let depth = DEPTH.with(Cell::get);
    if depth >= MAX_DEPTH {
        // SAFETY: as above; the fields move to the queue.
        let taken = unsafe { ManuallyDrop::take(fields) };
        DEFERRED.with(|q| q.borrow_mut().push(taken));
        PENDING.with(|p| p.set(true));
        return;
    }
    DEPTH.with(|d| d.set(depth + 1));
    // SAFETY: as above.
    unsafe { ManuallyDrop::drop(fields) };
    if depth == 0 && PENDING.with(Cell::get) {
        // the outermost drop empties the queue; each entry may defer more
        while let Some(next) = DEFERRED.with(|q| q.borrow_mut().pop()) {
            drop(next);
        }
        PENDING.with(|p| p.set(false));
    }
    DEPTH.with(|d| d.set(depth));
}

impl Drop for StructVal {
    fn drop(&mut self) {
        drop_fields(&mut self.fields);
    }
}

impl Drop for EnumVal {
    fn drop(&mut self) {
        drop_fields(&mut self.payload);
    }
}
