//! Dropping deep chains of values (a linked list of 100,000 struct nodes, an array nested
//! 100,000 deep, a chain of closures each capturing the last) without deep native
//! recursion: below a fixed depth, the contents of a dying value are set aside and dropped
//! one after another by the outermost drop instead.

use super::{EnumVal, Fields, StructVal, Value};
use std::cell::{Cell, RefCell};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::rc::Rc;

/// Nested drops deeper than this are deferred (the browser's stack holds a few thousand).
const MAX_DEPTH: u32 = 256;

/// Contents up to this many values are scanned for values that own memory; bigger ones
/// are assumed to have some.
const SMALL: usize = 8;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static DEFERRED: RefCell<Vec<Vec<Value>>> = const { RefCell::new(Vec::new()) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// What a value owns that can hold more values.
pub trait Nested {
    /// Whether dropping this may recurse (it holds a value that owns memory). Answered
    /// for small contents only (`false` for big ones: scanning them costs a second pass).
    fn may_nest(&self) -> bool;
    /// The values to drop later, when the drop is too deep to run now.
    fn into_values(self) -> Vec<Value>;
}

impl Nested for Fields {
    fn may_nest(&self) -> bool {
        self.len() > SMALL || self.iter().any(Value::is_heap)
    }
    fn into_values(self) -> Vec<Value> {
        self.into_vec()
    }
}

impl Nested for Vec<Value> {
    fn may_nest(&self) -> bool {
        self.len() > SMALL || self.iter().any(Value::is_heap)
    }
    fn into_values(self) -> Vec<Value> {
        self
    }
}

impl Nested for rustc_hash::FxHashMap<super::map::Key, Value> {
    fn may_nest(&self) -> bool {
        self.len() > SMALL || self.iter().any(|(k, v)| k.0.is_heap() || v.is_heap())
    }
    fn into_values(self) -> Vec<Value> {
        self.into_iter().flat_map(|(k, v)| [k.0, v]).collect()
    }
}

/// A closure's captured variables.
impl Nested for Box<[Rc<RefCell<Value>>]> {
    fn may_nest(&self) -> bool {
        !self.is_empty()
    }
    fn into_values(self) -> Vec<Value> {
        // a variable also captured elsewhere only loses a reference here
        self.into_vec()
            .into_iter()
            .filter_map(|c| Rc::try_unwrap(c).ok().map(RefCell::into_inner))
            .collect()
    }
}

/// Drop the contents of a value that is being dropped.
fn drop_nested<T: Nested>(inner: &mut ManuallyDrop<T>) {
    if !inner.may_nest() {
        // SAFETY: called once, from the owner's `drop`; the contents are not used again.
        unsafe { ManuallyDrop::drop(inner) };
        return;
    }
    let depth = DEPTH.with(Cell::get);
    if depth >= MAX_DEPTH {
        // SAFETY: as above; the contents move to the queue.
        let taken = unsafe { ManuallyDrop::take(inner) };
        // (collected before the queue is borrowed: taking values apart may drop others,
        // which may come back here)
        let values = taken.into_values();
        DEFERRED.with(|q| q.borrow_mut().push(values));
        PENDING.with(|p| p.set(true));
        return;
    }
    DEPTH.with(|d| d.set(depth + 1));
    // SAFETY: as above.
    unsafe { ManuallyDrop::drop(inner) };
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
        drop_nested(&mut self.fields);
    }
}

impl Drop for EnumVal {
    fn drop(&mut self) {
        drop_nested(&mut self.payload);
    }
}

/// Contents (the items of an array, a closure's variables) dropped by `drop_nested`.
#[derive(Clone, Debug, Default)]
pub struct Deep<T: Nested>(ManuallyDrop<T>);

impl<T: Nested> Deep<T> {
    pub fn new(inner: T) -> Deep<T> {
        Deep(ManuallyDrop::new(inner))
    }

    /// The contents, taken out.
    pub fn take(mut self) -> T
    where
        T: Default,
    {
        std::mem::take(&mut *self.0)
    }
}

impl<T: Nested> From<T> for Deep<T> {
    fn from(inner: T) -> Deep<T> {
        Deep::new(inner)
    }
}

impl<T: Nested> Deref for Deep<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Nested> DerefMut for Deep<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Nested> Drop for Deep<T> {
    fn drop(&mut self) {
        drop_nested(&mut self.0);
    }
}
