//! Maps and sets keyed by values: hash tables for O(1) lookup, presented in key order
//! (integers before strings, §13.4) whenever they are iterated or displayed.

use super::{key_cmp, values_equal, Value};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// A value used as a map key or set element: equality is `key_cmp`, hashing agrees with it
/// (an integral float hashes like the integer it equals).
#[derive(Clone, Debug)]
#[repr(transparent)]
pub struct Key(pub Value);

impl Key {
    fn from_ref(v: &Value) -> &Key {
        // SAFETY: `Key` is a `repr(transparent)` wrapper around `Value`.
        unsafe { &*(v as *const Value as *const Key) }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        key_cmp(&self.0, &other.0) == Ordering::Equal
    }
}

impl Eq for Key {}

/// At most this many values of a nested value are hashed; past them, arrays and tuples hash
/// by their length only, structs and enums by a tag (equal values still hash alike, as they
/// are walked in the same order; a big or deep value, or one sharing parts, costs no more).
const HASH_BUDGET: u32 = 64;

/// A hash of `v` that agrees with `==` (`values_equal`) as well as with `key_cmp`.
pub(crate) fn value_hash(v: &Value) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    hash_budgeted(v, &mut h);
    h.finish()
}

fn hash_budgeted<H: Hasher>(v: &Value, h: &mut H) {
    let mut budget = HASH_BUDGET;
    hash_value(v, h, &mut budget);
}

fn hash_value<H: Hasher>(v: &Value, h: &mut H, budget: &mut u32) {
    if *budget == 0 {
        match v {
            Value::Tuple(items) | Value::Array(items) => {
                4u8.hash(h);
                items.len().hash(h);
                return;
            }
            Value::Enum(_) | Value::Struct(_) => {
                5u8.hash(h);
                return;
            }
            _ => {}
        }
    } else {
        *budget -= 1;
    }
    match v {
        Value::Int(i) => {
            0u8.hash(h);
            i.hash(h);
        }
        // a float `==` to an integer hashes as that integer
        Value::Float(f) => match super::cmp::float_as_int(*f) {
            Some(i) => {
                0u8.hash(h);
                i.hash(h);
            }
            None => {
                1u8.hash(h);
                f.to_bits().hash(h);
            }
        },
        Value::SStr(_) | Value::Str(_) => {
            2u8.hash(h);
            v.as_str().unwrap_or("").hash(h);
        }
        Value::Bool(b) => {
            3u8.hash(h);
            b.hash(h);
        }
        Value::Tuple(items) | Value::Array(items) => {
            4u8.hash(h);
            items.len().hash(h);
            for x in items.iter() {
                hash_value(x, h, budget);
            }
        }
        Value::Enum(e) => {
            5u8.hash(h);
            e.ty.id.hash(h);
            e.variant.hash(h);
            for x in e.payload.iter() {
                hash_value(x, h, budget);
            }
        }
        Value::Struct(s) => {
            6u8.hash(h);
            s.ty.id.hash(h);
            for x in s.fields.iter() {
                hash_value(x, h, budget);
            }
        }
        // everything else compares by kind only (see key_cmp)
        other => {
            7u8.hash(h);
            other.type_name().hash(h);
        }
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_budgeted(&self.0, h);
    }
}

#[derive(Clone, Debug, Default)]
pub struct MapVal {
    /// (dropped by `drop.rs`: a map nested 100,000 deep)
    map: super::Deep<FxHashMap<Key, Value>>,
}

impl MapVal {
    pub fn new() -> MapVal {
        MapVal::default()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn get(&self, k: &Value) -> Option<&Value> {
        self.map.get(Key::from_ref(k))
    }

    pub fn get_mut(&mut self, k: &Value) -> Option<&mut Value> {
        self.map.get_mut(Key::from_ref(k))
    }

    pub fn get_str(&self, k: &str) -> Option<&Value> {
        self.get(&Value::str(k))
    }

    pub fn contains_key(&self, k: &Value) -> bool {
        self.map.contains_key(Key::from_ref(k))
    }

    pub fn insert(&mut self, k: Value, v: Value) -> Option<Value> {
        self.map.insert(Key(k), v)
    }

    /// The slot for `k`, created holding nil when absent.
    pub fn entry(&mut self, k: Value) -> &mut Value {
        self.map.entry(Key(k)).or_insert(Value::Nil)
    }

    pub fn remove(&mut self, k: &Value) -> Option<Value> {
        self.map.remove(Key::from_ref(k))
    }

    /// Entries in key order.
    /// The entries in no particular order (for lookups that do not need the key order).
    pub fn iter_unordered(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.map.iter().map(|(k, v)| (&k.0, v))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        let mut entries: Vec<(&Value, &Value)> = self.map.iter().map(|(k, v)| (&k.0, v)).collect();
        ruchy_parser::sort::sort_unstable_by(&mut entries, |a, b| key_cmp(a.0, b.0));
        entries.into_iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.iter().map(|(_, v)| v)
    }
}

impl PartialEq for MapVal {
    fn eq(&self, other: &MapVal) -> bool {
        self.len() == other.len()
            && self
                .map
                .iter()
                .all(|(k, v)| other.map.get(k).is_some_and(|w| values_equal(v, w)))
    }
}

impl FromIterator<(Value, Value)> for MapVal {
    fn from_iter<I: IntoIterator<Item = (Value, Value)>>(iter: I) -> MapVal {
        MapVal {
            map: super::Deep::new(iter.into_iter().map(|(k, v)| (Key(k), v)).collect()),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct SetVal {
    set: FxHashSet<Key>,
}

impl SetVal {
    pub fn new() -> SetVal {
        SetVal::default()
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    pub fn contains(&self, v: &Value) -> bool {
        self.set.contains(Key::from_ref(v))
    }

    pub fn insert(&mut self, v: Value) -> bool {
        self.set.insert(Key(v))
    }

    pub fn remove(&mut self, v: &Value) -> bool {
        self.set.remove(Key::from_ref(v))
    }

    /// Elements in key order.
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        let mut items: Vec<&Value> = self.set.iter().map(|k| &k.0).collect();
        ruchy_parser::sort::sort_unstable_by(&mut items, |a, b| key_cmp(a, b));
        items.into_iter()
    }
}

impl PartialEq for SetVal {
    fn eq(&self, other: &SetVal) -> bool {
        self.set == other.set
    }
}

impl FromIterator<Value> for SetVal {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> SetVal {
        SetVal {
            set: iter.into_iter().map(Key).collect(),
        }
    }
}
