//! Equality (`==` never fails), ordering (`<` on numbers and strings) and the total
//! order of map keys and set elements.

use super::Value;
use std::cmp::Ordering;
use std::rc::Rc;

fn num_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Float(y)) => int_float_cmp(*x, *y),
        (Value::Float(x), Value::Int(y)) => int_float_cmp(*y, *x).map(Ordering::reverse),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        _ => None,
    }
}

/// 2^63: the floats `f` with `-LIMIT <= f < LIMIT` are the ones in the range of `i64`.
const LIMIT: f64 = 9_223_372_036_854_775_808.0;

/// The integer a float is `==` to, if any (`2.0` → 2; `2.5`, NaN and `1e19` have none).
pub(crate) fn float_as_int(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f)).then_some(f as i64)
}

/// An integer against a float, exactly (`2^53 + 1` is not equal to `2^53 as f64`).
fn int_float_cmp(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= LIMIT {
        return Some(Ordering::Less);
    }
    if f < -LIMIT {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    Some(i.cmp(&(whole as i64)).then(0.0.partial_cmp(&(f - whole))?))
}

pub fn values_equal(a: &Value, b: &Value) -> bool {
    if let (Value::SStr(x), Value::SStr(y)) = (a, b) {
        return x.same(y);
    }
    match shallow(a, b) {
        Shallow::Equal => true,
        Shallow::Unequal => false,
        Shallow::Children => deep_equal(a, b),
    }
}

/// What `==` can tell of two values without looking inside them.
enum Shallow {
    Equal,
    Unequal,
    /// Two containers of one shape (kind, length, type, variant): equal if their
    /// contents are.
    Children,
}

fn shallow(a: &Value, b: &Value) -> Shallow {
    let same = |eq: bool| if eq { Shallow::Equal } else { Shallow::Unequal };
    let children = |eq: bool| {
        if eq {
            Shallow::Children
        } else {
            Shallow::Unequal
        }
    };
    match (a, b) {
        (Value::Nil, Value::Nil) => Shallow::Equal,
        (Value::Bool(x), Value::Bool(y)) => same(x == y),
        (Value::Int(x), Value::Int(y)) => same(x == y),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            same(num_cmp(a, b) == Some(Ordering::Equal))
        }
        (Value::SStr(_) | Value::Str(_), Value::SStr(_) | Value::Str(_)) => {
            same(a.as_str() == b.as_str())
        }
        (Value::Array(x), Value::Array(y)) | (Value::Tuple(x), Value::Tuple(y)) => {
            if Rc::ptr_eq(x, y) {
                return Shallow::Equal;
            }
            children(x.len() == y.len())
        }
        (Value::Map(x), Value::Map(y)) => {
            if Rc::ptr_eq(x, y) {
                return Shallow::Equal;
            }
            children(x.len() == y.len())
        }
        (Value::Set(x), Value::Set(y)) => same(Rc::ptr_eq(x, y) || **x == **y),
        (Value::Range(x), Value::Range(y)) => {
            same(x.start == y.start && x.end == y.end && x.inclusive == y.inclusive)
        }
        (Value::Func(x), Value::Func(y)) => same(Rc::ptr_eq(x, y)),
        (Value::Builtin(x), Value::Builtin(y)) => same(x == y),
        (Value::Struct(x), Value::Struct(y)) => {
            if Rc::ptr_eq(x, y) {
                return Shallow::Equal;
            }
            children(std::ptr::eq(x.ty, y.ty))
        }
        (Value::Enum(x), Value::Enum(y)) => {
            if Rc::ptr_eq(x, y) {
                return Shallow::Equal;
            }
            children(
                std::ptr::eq(x.ty, y.ty)
                    && x.variant == y.variant
                    && x.payload.len() == y.payload.len(),
            )
        }
        (Value::DataFrame(x), Value::DataFrame(y)) => same(
            Rc::ptr_eq(x, y)
                || (x.columns.len() == y.columns.len()
                    && x.columns.iter().zip(y.columns.iter()).all(|(p, q)| {
                        p.0 == q.0
                            && p.1.len() == q.1.len()
                            && p.1.iter().zip(q.1.iter()).all(|(u, v)| values_equal(u, v))
                    })),
        ),
        (Value::Cell(c), other) | (other, Value::Cell(c)) => same(values_equal(&c.borrow(), other)),
        _ => Shallow::Unequal,
    }
}

/// `==` of two containers, their contents compared through a work list instead of
/// recursion (values nested 100,000 deep compare without deep native calls).
fn deep_equal(a: &Value, b: &Value) -> bool {
    let mut work: smallvec::SmallVec<[(&Value, &Value); 8]> = smallvec::smallvec![(a, b)];
    while let Some((a, b)) = work.pop() {
        match shallow(a, b) {
            Shallow::Equal => continue,
            Shallow::Unequal => return false,
            Shallow::Children => {}
        }
        match (a, b) {
            (Value::Array(x), Value::Array(y)) | (Value::Tuple(x), Value::Tuple(y)) => {
                work.extend(x.iter().zip(y.iter()));
            }
            (Value::Struct(x), Value::Struct(y)) => {
                work.extend(x.fields.iter().zip(y.fields.iter()))
            }
            (Value::Enum(x), Value::Enum(y)) => work.extend(x.payload.iter().zip(y.payload.iter())),
            (Value::Map(x), Value::Map(y)) => {
                for (k, v) in x.iter_unordered() {
                    match y.get(k) {
                        Some(w) => work.push((v, w)),
                        None => return false,
                    }
                }
            }
            _ => return false,
        }
    }
    true
}

/// `<`-style comparison: two numbers or two strings, else `Cannot compare A and B`.
/// `Ok(None)` means unordered (a NaN operand): every relational operator is false.
pub fn compare(a: &Value, b: &Value) -> Result<Option<Ordering>, String> {
    if let (Some(_), Some(_)) = (a.as_float(), b.as_float()) {
        return Ok(num_cmp(a, b));
    }
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
        return Ok(Some(x.as_bytes().cmp(y.as_bytes())));
    }
    Err(format!(
        "Cannot compare {} and {}",
        a.type_name(),
        b.type_name()
    ))
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Int(_) | Value::Float(_) => 0,
        Value::SStr(_) | Value::Str(_) => 1,
        Value::Bool(_) => 2,
        Value::Nil | Value::Undefined => 3,
        Value::Tuple(_) => 4,
        Value::Array(_) => 5,
        Value::Enum(_) => 6,
        Value::Struct(_) => 7,
        _ => 8,
    }
}

fn seq_cmp(a: &[Value], b: &[Value]) -> Ordering {
    for (x, y) in a.iter().zip(b.iter()) {
        let o = key_cmp(x, y);
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// The total order of map keys and set elements: integers (numerically) before strings
/// (by bytes), then other kinds.
pub fn key_cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::SStr(_) | Value::Str(_), Value::SStr(_) | Value::Str(_)) => a
            .as_str()
            .unwrap_or("")
            .as_bytes()
            .cmp(b.as_str().unwrap_or("").as_bytes()),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            let (x, y) = (a.as_float().unwrap_or(0.0), b.as_float().unwrap_or(0.0));
            x.total_cmp(&y)
        }
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Tuple(x), Value::Tuple(y)) | (Value::Array(x), Value::Array(y)) => seq_cmp(x, y),
        (Value::Enum(x), Value::Enum(y)) => {
            x.ty.id
                .cmp(&y.ty.id)
                .then(x.variant.cmp(&y.variant))
                .then_with(|| seq_cmp(&x.payload, &y.payload))
        }
        (Value::Struct(x), Value::Struct(y)) => {
            x.ty.id
                .cmp(&y.ty.id)
                .then_with(|| seq_cmp(&x.fields, &y.fields))
        }
        _ => rank(a).cmp(&rank(b)),
    }
}
