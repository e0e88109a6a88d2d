//! Runtime values: a 16-byte enum with unboxed numbers, inline short strings and
//! reference-counted, copy-on-write containers.

mod cmp;
pub mod display;
mod drop;
pub mod kinds;
pub(crate) mod map;
mod strings;

pub(crate) use cmp::float_as_int;
pub use cmp::{compare, key_cmp, values_equal};
pub use display::{fmt_float, fmt_precision, Form};
pub use drop::Deep;
pub use map::{MapVal, SetVal};
pub use strings::SmallStr;

/// The items of an array or tuple.
pub type Items = Deep<Vec<Value>>;

use crate::bytecode::Proto;
use std::cell::RefCell;
use std::rc::Rc;

pub type Sym = u32;

/// A user-defined struct or class type.
#[derive(Debug)]
pub struct StructType {
    pub id: u32,
    pub name: Rc<str>,
    pub fields: Vec<Sym>,
    pub field_names: Vec<Rc<str>>,
    pub is_class: bool,
}

impl StructType {
    pub fn field_index(&self, sym: Sym) -> Option<usize> {
        self.fields.iter().position(|&f| f == sym)
    }
}

#[derive(Debug)]
pub struct VariantInfo {
    pub name: Rc<str>,
    /// Number of payload values (`None` for a unit variant).
    pub arity: Option<usize>,
    /// Field names of a struct-like variant.
    pub fields: Option<Vec<Sym>>,
    pub field_names: Vec<Rc<str>>,
    pub discriminant: i64,
}

/// A user-defined enum, or the builtin `Option` / `Result`.
#[derive(Debug)]
pub struct EnumType {
    pub id: u32,
    pub name: Rc<str>,
    pub variants: Vec<VariantInfo>,
}

/// Struct fields and enum payloads: up to three live inline in the value's allocation.
pub type Fields = smallvec::SmallVec<[Value; 3]>;

#[derive(Clone, Debug)]
pub struct StructVal {
    /// Types are leaked on purpose: they live as long as the program, and values
    /// refer to them without reference counting.
    pub ty: &'static StructType,
    /// (dropped by `drop.rs`, which keeps deep chains off the native stack)
    pub fields: std::mem::ManuallyDrop<Fields>,
}

#[derive(Clone, Debug)]
pub struct EnumVal {
    pub ty: &'static EnumType,
    pub variant: u32,
    /// (dropped by `drop.rs`)
    pub payload: std::mem::ManuallyDrop<Fields>,
}

/// A function value: compiled code plus its captured variables.
#[derive(Debug)]
pub struct Closure {
    pub proto: Rc<Proto>,
    pub upvals: Deep<Box<[Rc<RefCell<Value>>]>>,
}

#[derive(Clone, Debug)]
pub struct RangeVal {
    pub start: i64,
    pub end: i64,
    pub inclusive: bool,
}

impl RangeVal {
    /// The integers of the range, in ascending order (exact up to `i64::MAX`).
    pub fn ints(&self) -> std::ops::RangeInclusive<i64> {
        match (self.inclusive, self.end.checked_sub(1)) {
            (true, _) => self.start..=self.end,
            (false, Some(last)) => self.start..=last,
            (false, None) => {
                let mut empty = 0..=0;
                empty.next();
                empty
            }
        }
    }

    pub fn contains(&self, x: i64) -> bool {
        self.ints().contains(&x)
    }

    pub fn len(&self) -> usize {
        let end = self.end as i128 + i128::from(self.inclusive);
        // (the full i64 range has 2^64 elements: more than usize holds, so saturate)
        (end - self.start as i128).clamp(0, usize::MAX as i128) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The length as a Ruchy integer: `0..=i64::MAX` has more elements than an integer holds.
    pub fn len_value(&self) -> crate::error::VResult<Value> {
        match i64::try_from(self.len()) {
            Ok(n) => Ok(Value::Int(n)),
            Err(_) => {
                crate::error::err("Integer overflow: the range has more than i64::MAX elements")
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct DataFrame {
    pub columns: Vec<(Rc<str>, Vec<Value>)>,
}

impl DataFrame {
    pub fn rows(&self) -> usize {
        self.columns.first().map(|c| c.1.len()).unwrap_or(0)
    }
}

/// Variants that own no heap memory come first, so `is_heap` is one comparison.
/// `repr(u8)` fixes the layout: the tag in byte 0, an integer or float payload in bytes 8..16.
#[derive(Debug, Default)]
#[repr(u8)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string of at most 14 bytes, stored inline.
    SStr(SmallStr),
    Builtin(u16),
    /// Internal: an unbound global or an argument that was not passed.
    Undefined,
    Str(Rc<String>),
    Array(Rc<Items>),
    Tuple(Rc<Items>),
    Map(Rc<MapVal>),
    Set(Rc<SetVal>),
    Range(Rc<RangeVal>),
    Func(Rc<Closure>),
    Struct(Rc<StructVal>),
    Enum(Rc<EnumVal>),
    DataFrame(Rc<DataFrame>),
    /// Internal: the box of a variable captured by a closure.
    Cell(Rc<RefCell<Value>>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        match SmallStr::new(s) {
            Some(small) => Value::SStr(small),
            None => Value::Str(Rc::new(s.to_string())),
        }
    }

    pub fn string(s: String) -> Value {
        match SmallStr::new(&s) {
            Some(small) => Value::SStr(small),
            None => Value::Str(Rc::new(s)),
        }
    }

    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(items.into()))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items.into()))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::SStr(s) => Some(s.as_str()),
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn is_str(&self) -> bool {
        matches!(self, Value::SStr(_) | Value::Str(_))
    }

    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false) | Value::Undefined)
    }

    /// The `type_of` name of §4.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil | Value::Undefined => "nil",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::SStr(_) | Value::Str(_) => "string",
            Value::Array(_) => "array",
            Value::Tuple(_) => "tuple",
            Value::Map(_) => "object",
            Value::Set(_) => "set",
            Value::Range(_) => "range",
            Value::Func(_) | Value::Builtin(_) => "function",
            Value::Struct(_) => "struct",
            Value::Enum(_) => "enum_variant",
            Value::DataFrame(_) => "dataframe",
            Value::Cell(c) => c.borrow().type_name(),
        }
    }

    /// The REPL's `Type: NAME` kind names (§16.2).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil | Value::Undefined => "Nil",
            Value::Bool(_) => "Bool",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Float",
            Value::SStr(_) | Value::Str(_) => "String",
            Value::Array(_) => "Array",
            Value::Tuple(_) => "Tuple",
            Value::Map(_) => "Object",
            Value::Set(_) => "Set",
            Value::Range(_) => "Range",
            Value::Func(_) | Value::Builtin(_) => "Function",
            Value::Struct(_) => "Struct",
            Value::Enum(_) => "Enum",
            Value::DataFrame(_) => "DataFrame",
            Value::Cell(c) => c.borrow().kind_name(),
        }
    }

    pub fn as_float(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// True for values that own heap memory (dropping them does work).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn is_heap(&self) -> bool {
        !matches!(
            self,
            Value::Nil
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
                | Value::SStr(_)
                | Value::Builtin(_)
                | Value::Undefined
        )
    }

    /// Overwrite `slot`, skipping the drop call when the old value owns nothing.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn set(slot: &mut Value, v: Value) {
        if slot.is_heap() {
            *slot = v;
        } else {
            // SAFETY: the old value owns no heap memory, so not dropping it leaks nothing.
            unsafe { std::ptr::write(slot, v) }
        }
    }

    /// Store an integer into a slot (skipping the drop when the old value owns nothing).
    /// The value is written with one 16-byte store, so the next full read of the slot is
    /// forwarded from the store buffer instead of stalling on two partial stores.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn put_int(slot: &mut Value, x: i64) {
        if slot.is_heap() {
            *slot = Value::Nil;
        }
        // SAFETY: the old value owns no heap memory now; tag and payload follow `repr(u8)`.
        unsafe { store16(slot, TAG_INT as u64, x as u64) }
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn put_float(slot: &mut Value, x: f64) {
        if slot.is_heap() {
            *slot = Value::Nil;
        }
        // SAFETY: as in `put_int`.
        unsafe { store16(slot, TAG_FLOAT as u64, x.to_bits()) }
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn put_bool(slot: &mut Value, b: bool) {
        if slot.is_heap() {
            *slot = Value::Nil;
        }
        // SAFETY: as in `put_int` (a bool payload is byte 1).
        unsafe { store16(slot, TAG_BOOL as u64 | ((b as u64) << 8), 0) }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil | Value::Undefined)
    }
}

impl Value {
    /// `*slot = src.clone()`, copying the value memory to memory in one 16-byte move.
    /// (Moving a `Value` through a temporary copies its tag and its 15 payload bytes in
    /// overlapping pieces, and the next full read of the copy stalls on store forwarding.)
    ///
    /// # Safety
    /// Both must point to values; `src` may live inside the value in `slot` (as in
    /// `x = x.field`), which is why they are raw pointers: it is read before `slot` drops.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub unsafe fn set_clone(slot: *mut Value, src: *const Value) {
        (*src).inc_ref();
        let bits = load16(src);
        if (*slot).is_heap() {
            std::ptr::drop_in_place(slot);
        }
        put16(slot, bits);
    }

    /// `*slot = std::mem::take(src)` with one 16-byte move.
    ///
    /// # Safety
    /// Both must point to values (possibly the same one).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub unsafe fn set_take(slot: *mut Value, src: *mut Value) {
        if std::ptr::eq(slot, src) {
            return;
        }
        let bits = load16(src);
        store16(src, 0, 0);
        if (*slot).is_heap() {
            std::ptr::drop_in_place(slot);
        }
        put16(slot, bits);
    }

    /// Take the value out of `src` (leaving nil) into fresh memory at `dst`.
    ///
    /// # Safety
    /// `dst` must be valid for writes and hold no value that needs dropping.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub unsafe fn move_into(dst: *mut Value, src: &mut Value) {
        put16(dst, load16(src));
        store16(src, 0, 0);
    }

    /// Increment the reference count of a heap value (the half of a clone that is not
    /// copying bits).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn inc_ref(&self) {
        // SAFETY: every heap variant holds exactly one live `Rc`.
        unsafe {
            match self {
                Value::Str(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Array(r) | Value::Tuple(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Map(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Set(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Range(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Func(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Struct(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Enum(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::DataFrame(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Cell(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Value::Nil
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
                | Value::SStr(_)
                | Value::Builtin(_)
                | Value::Undefined => {}
            }
        }
    }
}

impl Clone for Value {
    /// A bitwise copy plus one reference-count increment for heap values: the copy is one
    /// 16-byte move (a derived clone writes tag and payload separately, which stalls the
    /// next full read of the copy).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn clone(&self) -> Value {
        self.inc_ref();
        // SAFETY: the count is incremented above; non-heap variants are plain data.
        unsafe { std::ptr::read(self) }
    }
}

// The whole-value moves below copy exactly 16 bytes, on every target.
const _: () = assert!(std::mem::size_of::<Value>() == 16 && std::mem::align_of::<Value>() == 8);

/// A value taken out of its slot as its 16 raw bytes (one vector register), on its way to
/// another slot: it must be `put` (or turned `into_value`) exactly once, or it leaks.
pub struct Moved(Bits);

impl Moved {
    /// Take the value out of `slot`, leaving nil.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn take(slot: &mut Value) -> Moved {
        // SAFETY: the bits move out and the slot is left a valid nil without a drop.
        unsafe {
            let bits = load16(slot);
            store16(slot, 0, 0);
            Moved(bits)
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn nil() -> Moved {
        let mut v = Value::Nil;
        Moved::take(&mut v)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn from_value(v: Value) -> Moved {
        let mut v = v;
        Moved::take(&mut v)
    }

    /// Overwrite `slot` with the value (dropping what it held).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn put(self, slot: &mut Value) {
        // SAFETY: the bits are a value taken whole from a slot, owned by this `Moved`.
        unsafe {
            if slot.is_heap() {
                std::ptr::drop_in_place(slot);
            }
            put16(slot, self.0);
        }
    }

    pub fn into_value(self) -> Value {
        let mut v = Value::Nil;
        self.put(&mut v);
        v
    }
}

/// The 16 bytes of a value, in one load.
#[cfg(target_arch = "x86_64")]
type Bits = std::arch::x86_64::__m128i;
#[cfg(not(target_arch = "x86_64"))]
type Bits = [u64; 2];

/// # Safety
/// `src` must point to a value.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
unsafe fn load16(src: *const Value) -> Bits {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::x86_64::_mm_loadu_si128(src as *const Bits)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        (src as *const Bits).read()
    }
}

/// # Safety
/// `dst` must be valid for writes; the caller accounts for the ownership of the bits.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
unsafe fn put16(dst: *mut Value, bits: Bits) {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::x86_64::_mm_storeu_si128(dst as *mut Bits, bits)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        (dst as *mut Bits).write(bits)
    }
}

const TAG_BOOL: u8 = 1;
const TAG_INT: u8 = 2;
const TAG_FLOAT: u8 = 3;

/// Write a whole value in one 16-byte store.
///
/// # Safety
/// `slot` must be valid for writes and the two words must form a valid `Value`.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
unsafe fn store16(slot: *mut Value, lo: u64, hi: u64) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{__m128i, _mm_set_epi64x, _mm_storeu_si128};
        _mm_storeu_si128(slot as *mut __m128i, _mm_set_epi64x(hi as i64, lo as i64));
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        (slot as *mut [u64; 2]).write([lo, hi]);
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_16_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn raw_stores_make_the_right_values() {
        let mut v = Value::str("a heap string that is long");
        Value::put_int(&mut v, -42);
        assert!(matches!(v, Value::Int(-42)));
        Value::put_float(&mut v, 2.5);
        assert!(matches!(v, Value::Float(f) if f == 2.5));
        Value::put_bool(&mut v, true);
        assert!(matches!(v, Value::Bool(true)));
        Value::put_bool(&mut v, false);
        assert!(matches!(v, Value::Bool(false)));
    }

    #[test]
    fn short_strings_are_inline() {
        assert!(matches!(Value::str("hello"), Value::SStr(_)));
        assert!(matches!(
            Value::str("a string longer than fourteen"),
            Value::Str(_)
        ));
        assert_eq!(Value::str("héllo").as_str(), Some("héllo"));
    }
}
