//! Reading data: indexing, fields, slices, iteration state, casts, ranges and the
//! pattern tests on literals.

use crate::bytecode::{CastKind, FieldSite};
use crate::env::{Env, ERR, NONE, OK, OPTION_ID, RESULT_ID, SOME};
use crate::error::{err, VResult};
use crate::value::{RangeVal, Value};
use std::rc::Rc;

/// A possibly negative index into a sequence of `len` items.
pub(crate) fn norm_index(i: i64, len: usize) -> Option<usize> {
    let idx = if i < 0 { len as i64 + i } else { i };
    (idx >= 0 && (idx as usize) < len).then_some(idx as usize)
}

fn index_int(idx: &Value, what: &str) -> VResult<i64> {
    match idx {
        Value::Int(i) => Ok(*i),
        other => err(format!(
            "{what} index must be an integer, got {}",
            other.type_name()
        )),
    }
}

pub(crate) fn get_index(obj: &Value, idx: &Value) -> VResult<Value> {
    if let (Value::Range(r), false) = (idx, matches!(obj, Value::Map(_))) {
        // a range held in a variable slices like the literal `a[1..3]`
        let (start, end) = (Value::Int(r.start), Value::Int(r.end));
        return slice(obj, Some(&start), Some(&end), r.inclusive);
    }
    match obj {
        Value::Array(items) => {
            let i = index_int(idx, "Array")?;
            match norm_index(i, items.len()) {
                Some(k) => Ok(items[k].clone()),
                None => err(format!(
                    "Index {i} out of bounds for array of length {}",
                    items.len()
                )),
            }
        }
        Value::Tuple(items) => {
            let i = index_int(idx, "Tuple")?;
            match norm_index(i, items.len()) {
                Some(k) => Ok(items[k].clone()),
                None => err(format!(
                    "Index {i} out of bounds for tuple of length {}",
                    items.len()
                )),
            }
        }
        Value::SStr(_) | Value::Str(_) => {
            let s = obj.as_str().unwrap_or("");
            let i = index_int(idx, "String")?;
            if s.is_ascii() {
                return match norm_index(i, s.len()) {
                    Some(k) => Ok(Value::str(&s[k..k + 1])),
                    None => err(format!(
                        "Index {i} out of bounds for string of length {}",
                        s.len()
                    )),
                };
            }
            let n = s.chars().count();
            match norm_index(i, n).and_then(|k| s.chars().nth(k)) {
                Some(c) => Ok(Value::str(c.encode_utf8(&mut [0u8; 4]))),
                None => err(format!("Index {i} out of bounds for string of length {n}")),
            }
        }
        Value::Map(m) => match m.get(idx) {
            Some(v) => Ok(v.clone()),
            None => err(format!("Key '{}' not found in map", idx.to_top_level())),
        },
        Value::Range(r) => {
            let i = index_int(idx, "Range")?;
            match norm_index(i, r.len()) {
                Some(k) => Ok(Value::Int(r.start + k as i64)),
                None => err(format!(
                    "Index {i} out of bounds for range of length {}",
                    r.len()
                )),
            }
        }
        Value::Cell(c) => get_index(&c.borrow(), idx),
        other => err(format!("Cannot index into {}", other.type_name())),
    }
}

pub(crate) fn get_field(env: &Env, obj: &Value, site: &FieldSite) -> VResult<Value> {
    match obj {
        Value::Struct(s) => {
            let (cached, slot) = site.ic.get();
            if cached == crate::bytecode::field_ic_key(s.ty) {
                return Ok(s.fields[slot as usize].clone());
            }
            match s.ty.field_index(site.name) {
                Some(i) => {
                    site.ic.set((crate::bytecode::field_ic_key(s.ty), i as u32));
                    Ok(s.fields[i].clone())
                }
                None => err(format!(
                    "Field '{}' not found in struct {}",
                    env.name(site.name),
                    s.ty.name
                )),
            }
        }
        Value::Map(m) => {
            let name = env.name(site.name);
            match m.get_str(name) {
                Some(v) => Ok(v.clone()),
                None => err(format!("Key '{name}' not found in map")),
            }
        }
        Value::Enum(e) => {
            let info = &e.ty.variants[e.variant as usize];
            match info
                .fields
                .as_ref()
                .and_then(|f| f.iter().position(|&x| x == site.name))
            {
                Some(i) => Ok(e.payload[i].clone()),
                None => err(format!(
                    "Field '{}' not found in variant {}",
                    env.name(site.name),
                    info.name
                )),
            }
        }
        Value::Cell(c) => get_field(env, &c.borrow(), site),
        other => err(format!(
            "Cannot access field '{}' on {}",
            env.name(site.name),
            other.type_name()
        )),
    }
}

pub(crate) fn get_elem(obj: &Value, i: i16) -> VResult<Value> {
    match obj {
        Value::Tuple(items) | Value::Array(items) => match norm_index(i as i64, items.len()) {
            Some(k) => Ok(items[k].clone()),
            None => err(format!(
                "Index {i} out of bounds for {} of length {}",
                obj.type_name(),
                items.len()
            )),
        },
        Value::Cell(c) => get_elem(&c.borrow(), i),
        other => err(format!(
            "Cannot access element {i} of {}",
            other.type_name()
        )),
    }
}

fn bound(v: Option<&Value>, default: i64) -> VResult<i64> {
    match v {
        None => Ok(default),
        Some(Value::Int(i)) => Ok(*i),
        Some(other) => err(format!(
            "Slice bounds must be integers, got {}",
            other.type_name()
        )),
    }
}

/// Clamp `[start, end)` (negative counts from the end) to `len`.
pub(crate) fn clamp_range(start: i64, end: i64, len: usize) -> (usize, usize) {
    let fix = |i: i64| -> usize {
        let i = if i < 0 { len as i64 + i } else { i };
        i.clamp(0, len as i64) as usize
    };
    let (s, e) = (fix(start), fix(end));
    (s, e.max(s))
}

/// A slice's start and exclusive end as written (before clamping to the length).
pub(crate) fn slice_bounds(
    start: Option<&Value>,
    end: Option<&Value>,
    inclusive: bool,
) -> VResult<(i64, i64)> {
    let s = bound(start, 0)?;
    let e = match end {
        None => i64::MAX,
        Some(_) => {
            let e = bound(end, 0)?;
            if inclusive {
                e.saturating_add(1)
            } else {
                e
            }
        }
    };
    Ok((s, e))
}

pub(crate) fn slice(
    obj: &Value,
    start: Option<&Value>,
    end: Option<&Value>,
    inclusive: bool,
) -> VResult<Value> {
    let (s, e) = slice_bounds(start, end, inclusive)?;
    match obj {
        Value::Array(items) => {
            let (a, b) = clamp_range(s, e, items.len());
            Ok(Value::array(items[a..b].to_vec()))
        }
        Value::SStr(_) | Value::Str(_) => {
            let text = obj.as_str().unwrap_or("");
            if text.is_ascii() {
                let (a, b) = clamp_range(s, e, text.len());
                return Ok(Value::str(&text[a..b]));
            }
            let n = text.chars().count();
            let (a, b) = clamp_range(s, e, n);
            Ok(Value::string(text.chars().skip(a).take(b - a).collect()))
        }
        Value::Range(r) => {
            let (a, b) = clamp_range(s, e, r.len());
            Ok(Value::array(
                (a..b).map(|k| Value::Int(r.start + k as i64)).collect(),
            ))
        }
        Value::Cell(c) => slice(&c.borrow(), start, end, inclusive),
        other => err(format!("Cannot slice {}", other.type_name())),
    }
}

/// Loop state for `for`: `(end, next)` integers for ranges, `(array, index)` otherwise;
/// `(range, next)` for an inclusive range ending at `i64::MAX` (no exclusive end exists).
pub(crate) fn iter_prep(v: Value) -> VResult<(Value, Value)> {
    Ok(match v {
        Value::Range(r) => match (r.inclusive, r.end.checked_add(1)) {
            (true, None) => (Value::Range(r.clone()), Value::Int(r.start)),
            (true, Some(end)) => (Value::Int(end), Value::Int(r.start)),
            (false, _) => (Value::Int(r.end), Value::Int(r.start)),
        },
        Value::Array(_) => (v, Value::Int(0)),
        Value::Map(m) => {
            let items = m
                .iter()
                .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                .collect();
            (Value::array(items), Value::Int(0))
        }
        Value::Set(s) => (Value::array(s.iter().cloned().collect()), Value::Int(0)),
        Value::DataFrame(df) => (crate::builtins::dataframe::row_maps(&df), Value::Int(0)),
        Value::Cell(c) => {
            let inner = c.borrow().clone();
            iter_prep(inner)?
        }
        other => return err(format!("Cannot iterate over {}", other.type_name())),
    })
}

/// Loop state `(end, next)` for `for x in a..b` / `a..=b` (see `iter_prep`).
pub(crate) fn range_bounds(a: &Value, b: &Value, inclusive: bool) -> VResult<(Value, Value)> {
    match (a, b) {
        (Value::Int(s), Value::Int(e)) => Ok(match (inclusive, e.checked_add(1)) {
            (true, Some(end)) => (Value::Int(end), Value::Int(*s)),
            (true, None) => (make_range(a, b, true)?, Value::Int(*s)),
            (false, _) => (Value::Int(*e), Value::Int(*s)),
        }),
        _ => err(format!(
            "Range bounds must be integers, got {} and {}",
            a.type_name(),
            b.type_name()
        )),
    }
}

pub(crate) fn make_range(a: &Value, b: &Value, inclusive: bool) -> VResult<Value> {
    match (a, b) {
        (Value::Int(s), Value::Int(e)) => Ok(Value::Range(Rc::new(RangeVal {
            start: *s,
            end: *e,
            inclusive,
        }))),
        _ => err(format!(
            "Range bounds must be integers, got {} and {}",
            a.type_name(),
            b.type_name()
        )),
    }
}

pub(crate) fn array_repeat(v: &Value, n: &Value) -> VResult<Value> {
    match n {
        Value::Int(n) if *n < 0 => Ok(Value::array(Vec::new())),
        Value::Int(n) => {
            crate::error::check_size(0, *n as u64)?;
            Ok(Value::array(vec![v.clone(); *n as usize]))
        }
        other => err(format!(
            "Array repeat count must be an integer, got {}",
            other.type_name()
        )),
    }
}

/// `?`: `Ok(value)` to continue with, or `Err(value)` to return from the function.
pub(crate) fn try_unwrap(v: &Value, in_chunk: bool) -> VResult<Result<Value, Value>> {
    if let Value::Enum(e) = v {
        match (e.ty.id, e.variant) {
            (OPTION_ID, SOME) | (RESULT_ID, OK) => return Ok(Ok(e.payload[0].clone())),
            (OPTION_ID, NONE) | (RESULT_ID, ERR) => {
                if in_chunk {
                    return err(format!("Unhandled error: {}", v.to_display()));
                }
                return Ok(Err(v.clone()));
            }
            _ => {}
        }
    }
    err(format!("Cannot apply ? to {}", v.type_name()))
}

pub(crate) fn cast(v: &Value, kind: CastKind, target: &str) -> VResult<Value> {
    let fail = || err(format!("Cannot cast {} to {target}", v.type_name()));
    match (kind, v) {
        (CastKind::Int, Value::Int(_)) => Ok(v.clone()),
        (CastKind::Int, Value::Float(f)) => {
            // the target type's own range (§7.6: out of range raises `Cannot cast …`)
            let (lo, hi) = match target {
                "i8" => (-128.0, 127.0),
                "u8" => (0.0, 255.0),
                "i16" => (-32768.0, 32767.0),
                "u16" => (0.0, 65535.0),
                "i32" => (-2147483648.0, 2147483647.0),
                "u32" => (0.0, 4294967295.0),
                "u64" | "usize" | "u128" => (0.0, 9.223372036854775e18),
                _ => (-9.223372036854776e18, 9.223372036854775e18),
            };
            let t = f.trunc();
            if t >= lo && t <= hi {
                Ok(Value::Int(t as i64))
            } else {
                fail()
            }
        }
        (CastKind::Int, Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        (CastKind::Int, Value::Enum(e)) => {
            Ok(Value::Int(e.ty.variants[e.variant as usize].discriminant))
        }
        (CastKind::Float, Value::Int(i)) => Ok(Value::Float(*i as f64)),
        (CastKind::Float, Value::Float(_)) => Ok(v.clone()),
        (CastKind::Bool, Value::Bool(_)) => Ok(v.clone()),
        (CastKind::Str, Value::SStr(_) | Value::Str(_)) => Ok(v.clone()),
        _ => fail(),
    }
}

/// A literal pattern matches a value of the same kind that is equal to it.
pub(crate) fn lit_matches(v: &Value, lit: &Value) -> bool {
    match (v, lit) {
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a == b,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Nil, Value::Nil) => true,
        (a, b) if a.is_str() && b.is_str() => a.as_str() == b.as_str(),
        _ => false,
    }
}

pub(crate) fn range_matches(v: &Value, lo: &Value, hi: &Value, inclusive: &Value) -> bool {
    match (v, lo, hi) {
        (Value::Int(x), Value::Int(lo), Value::Int(hi)) => {
            if matches!(inclusive, Value::Bool(true)) {
                (lo..=hi).contains(&x)
            } else {
                (lo..hi).contains(&x)
            }
        }
        _ => false,
    }
}

pub(crate) fn slice_rest(v: &Value, before: usize, after: usize) -> Value {
    match v {
        Value::Array(items) if items.len() >= before + after => {
            Value::array(items[before..items.len() - after].to_vec())
        }
        _ => Value::array(Vec::new()),
    }
}
