//! Ordered maps and sets keyed by values (integers before strings, §13.4).

use super::{key_cmp, values_equal, Value};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// A value used as a map key or set element, ordered by `key_cmp`.
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

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        key_cmp(&self.0, &other.0)
    }
}

#[derive(Clone, Debug, Default)]
pub struct MapVal {
    map: BTreeMap<Key, Value>,
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

    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.map.iter().map(|(k, v)| (&k.0, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.map.keys().map(|k| &k.0)
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.map.values()
    }
}

impl PartialEq for MapVal {
    fn eq(&self, other: &MapVal) -> bool {
        self.len() == other.len()
            && self
                .map
                .iter()
                .zip(other.map.iter())
                .all(|((k1, v1), (k2, v2))| k1 == k2 && values_equal(v1, v2))
    }
}

impl FromIterator<(Value, Value)> for MapVal {
    fn from_iter<I: IntoIterator<Item = (Value, Value)>>(iter: I) -> MapVal {
        MapVal {
            map: iter.into_iter().map(|(k, v)| (Key(k), v)).collect(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetVal {
    set: BTreeSet<Key>,
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

    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.set.iter().map(|k| &k.0)
    }
}

impl FromIterator<Value> for SetVal {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> SetVal {
        SetVal {
            set: iter.into_iter().map(Key).collect(),
        }
    }
}
