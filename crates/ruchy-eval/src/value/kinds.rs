//! Pseudo type ids for builtin kinds, so `impl Trait for i32` / `impl X for String` can add
//! methods to every integer / string (method lookup falls back to the builtin methods).

use super::Value;

/// First pseudo id; real type ids are indexes into `Env::types` and stay far below it.
const BASE: u32 = u32::MAX - 16;

/// The pseudo type id for a builtin type name used in `impl … for NAME`.
pub fn kind_type_id(name: &str) -> Option<u32> {
    let k = match name {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" | "int" => 0,
        "f32" | "f64" | "float" => 1,
        "String" | "str" => 2,
        "bool" => 3,
        "Vec" => 4,
        "HashMap" | "BTreeMap" => 5,
        "HashSet" | "BTreeSet" => 6,
        _ => return None,
    };
    Some(BASE + k)
}

/// Whether a type id is one of the builtin kinds' pseudo ids.
pub fn is_kind_id(id: u32) -> bool {
    id >= BASE
}

/// The pseudo type id of a builtin value's kind (for method lookup).
pub fn value_kind_type_id(v: &Value) -> Option<u32> {
    let k = match v {
        Value::Int(_) => 0,
        Value::Float(_) => 1,
        Value::SStr(_) | Value::Str(_) => 2,
        Value::Bool(_) => 3,
        Value::Array(_) => 4,
        Value::Map(_) => 5,
        Value::Set(_) => 6,
        _ => return None,
    };
    Some(BASE + k)
}
