//! Arithmetic, bitwise and comparison operators on values (the slow paths of §7).

use crate::error::{check_size, err, VResult};
use crate::value::{compare, Value};
use std::cmp::Ordering;
use std::rc::Rc;

fn int_pair(a: &Value, b: &Value) -> Option<(i64, i64)> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some((*x, *y)),
        _ => None,
    }
}

fn float_pair(a: &Value, b: &Value) -> Option<(f64, f64)> {
    Some((a.as_float()?, b.as_float()?))
}

/// The text a value adds to a string: a string's own, a number's or bool's display form.
fn scalar_text(v: &Value) -> Option<std::borrow::Cow<'_, str>> {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => Some(v.to_display().into()),
        _ => v.as_str().map(std::borrow::Cow::Borrowed),
    }
}

pub fn add(a: &Value, b: &Value) -> VResult<Value> {
    add_with(a, b, false)
}

/// `a + b`; `room`: a string result gets spare capacity, because more is about to be
/// appended to it in place (`"a" + b + c + …` accumulates in one register).
fn add_with(a: &Value, b: &Value, room: bool) -> VResult<Value> {
    if let Some((x, y)) = int_pair(a, b) {
        return x
            .checked_add(y)
            .map(Value::Int)
            .ok_or(())
            .or_else(|_| err("Integer overflow in addition"));
    }
    if let Some((x, y)) = float_pair(a, b) {
        return Ok(Value::Float(x + y));
    }
    if a.is_str() || b.is_str() {
        if let (Some(x), Some(y)) = (scalar_text(a), scalar_text(b)) {
            let n = x.len() + y.len();
            check_size(n as u64, 0)?;
            if n <= crate::value::SmallStr::CAP {
                // short: built inline, no allocation
                let mut buf = [0u8; crate::value::SmallStr::CAP];
                buf[..x.len()].copy_from_slice(x.as_bytes());
                buf[x.len()..n].copy_from_slice(y.as_bytes());
                // SAFETY: two whole UTF-8 strings, one after the other, are UTF-8.
                return Ok(Value::str(unsafe {
                    std::str::from_utf8_unchecked(&buf[..n])
                }));
            }
            let spare = if room { n.clamp(32, 1 << 16) } else { 0 };
            let mut s = String::with_capacity(n + spare);
            s.push_str(&x);
            s.push_str(&y);
            return Ok(Value::Str(Rc::new(s)));
        }
    }
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            check_size(0, (x.len() + y.len()) as u64)?;
            let mut items = Vec::with_capacity(x.len() + y.len());
            items.extend(x.iter().cloned());
            items.extend(y.iter().cloned());
            Ok(Value::array(items))
        }
        _ => err(format!(
            "Cannot add {} and {}",
            a.type_name(),
            b.type_name()
        )),
    }
}

/// `slot = slot + b`, appending in place when `slot` holds the only reference to a string
/// or array (so `s = s + x` in a loop is linear, not quadratic).
pub fn add_assign(slot: &mut Value, b: &Value) -> VResult<()> {
    if let (Value::Int(x), Value::Int(y)) = (&mut *slot, b) {
        if let Some(z) = x.checked_add(*y) {
            *x = z;
            return Ok(());
        }
    }
    match slot {
        // (unshared but for a weak reference, such as the string cursor's: append)
        Value::Str(rc) if Rc::strong_count(rc) == 1 => {
            let s = Rc::make_mut(rc);
            match b {
                Value::SStr(_) | Value::Str(_) => {
                    let more = b.as_str().unwrap_or("");
                    check_size((s.len() + more.len()) as u64, 0)?;
                    s.push_str(b.as_str().unwrap_or(""));
                    return Ok(());
                }
                Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                    crate::value::display::write_value(s, b, crate::value::Form::Display);
                    return Ok(());
                }
                _ => {}
            }
        }
        Value::Array(rc) => {
            if let Value::Array(more) = b {
                if Rc::get_mut(rc).is_some() {
                    check_size(0, (rc.len() + more.len()) as u64)?;
                    Rc::make_mut(rc).extend(more.iter().cloned());
                    return Ok(());
                }
            }
        }
        _ => {}
    }
    let v = add_with(slot, b, true)?;
    *slot = v;
    Ok(())
}

pub fn sub(a: &Value, b: &Value) -> VResult<Value> {
    if let Some((x, y)) = int_pair(a, b) {
        return x
            .checked_sub(y)
            .map(Value::Int)
            .ok_or(())
            .or_else(|_| err("Integer overflow in subtraction"));
    }
    if let Some((x, y)) = float_pair(a, b) {
        return Ok(Value::Float(x - y));
    }
    err(format!(
        "Cannot subtract {} from {}",
        b.type_name(),
        a.type_name()
    ))
}

fn repeat(s: &str, n: i64) -> VResult<Value> {
    if n <= 0 {
        return Ok(Value::str(""));
    }
    check_size((s.len() as u64).saturating_mul(n as u64), 0)?;
    Ok(Value::string(s.repeat(n as usize)))
}

pub fn mul(a: &Value, b: &Value) -> VResult<Value> {
    if let Some((x, y)) = int_pair(a, b) {
        return x
            .checked_mul(y)
            .map(Value::Int)
            .ok_or(())
            .or_else(|_| err("Integer overflow in multiplication"));
    }
    if let Some((x, y)) = float_pair(a, b) {
        return Ok(Value::Float(x * y));
    }
    match (a, b) {
        (s, Value::Int(n)) | (Value::Int(n), s) if s.is_str() => {
            repeat(s.as_str().unwrap_or(""), *n)
        }
        _ => err(format!(
            "Cannot multiply {} and {}",
            a.type_name(),
            b.type_name()
        )),
    }
}

pub fn div(a: &Value, b: &Value) -> VResult<Value> {
    if let Some((x, y)) = int_pair(a, b) {
        if y == 0 {
            return err("Division by zero");
        }
        return x
            .checked_div(y)
            .map(Value::Int)
            .ok_or(())
            .or_else(|_| err("Integer overflow in division"));
    }
    if let Some((x, y)) = float_pair(a, b) {
        return Ok(Value::Float(x / y));
    }
    err(format!(
        "Cannot divide {} by {}",
        a.type_name(),
        b.type_name()
    ))
}

pub fn rem(a: &Value, b: &Value) -> VResult<Value> {
    if let Some((x, y)) = int_pair(a, b) {
        if y == 0 {
            return err("Division by zero");
        }
        return Ok(Value::Int(x.checked_rem(y).unwrap_or(0)));
    }
    if let Some((x, y)) = float_pair(a, b) {
        return Ok(Value::Float(x % y));
    }
    err(format!(
        "Cannot compute remainder of {} by {}",
        a.type_name(),
        b.type_name()
    ))
}

pub fn pow(a: &Value, b: &Value) -> VResult<Value> {
    if let Some((x, y)) = int_pair(a, b) {
        if y < 0 {
            return Ok(Value::Float((x as f64).powf(y as f64)));
        }
        let e = u32::try_from(y);
        return match e.ok().and_then(|e| x.checked_pow(e)) {
            Some(v) => Ok(Value::Int(v)),
            None if x == 0 || x == 1 => Ok(Value::Int(x)),
            None if x == -1 => Ok(Value::Int(if y % 2 == 0 { 1 } else { -1 })),
            None => err("Integer overflow in exponentiation"),
        };
    }
    if let Some((x, y)) = float_pair(a, b) {
        return Ok(Value::Float(x.powf(y)));
    }
    err(format!(
        "Cannot raise {} to the power of {}",
        a.type_name(),
        b.type_name()
    ))
}

fn bits(a: &Value, b: &Value) -> VResult<(i64, i64)> {
    int_pair(a, b)
        .ok_or(())
        .or_else(|_| err("Bitwise operations require integer operands"))
}

pub fn bit_and(a: &Value, b: &Value) -> VResult<Value> {
    bits(a, b).map(|(x, y)| Value::Int(x & y))
}

pub fn bit_or(a: &Value, b: &Value) -> VResult<Value> {
    bits(a, b).map(|(x, y)| Value::Int(x | y))
}

pub fn bit_xor(a: &Value, b: &Value) -> VResult<Value> {
    bits(a, b).map(|(x, y)| Value::Int(x ^ y))
}

pub fn shl(a: &Value, b: &Value) -> VResult<Value> {
    let (x, y) = bits(a, b)?;
    if !(0..64).contains(&y) {
        return err("Shift amount out of range (0 to 63)");
    }
    Ok(Value::Int(x.wrapping_shl(y as u32)))
}

pub fn shr(a: &Value, b: &Value) -> VResult<Value> {
    let (x, y) = bits(a, b)?;
    if !(0..64).contains(&y) {
        return err("Shift amount out of range (0 to 63)");
    }
    Ok(Value::Int(x >> y))
}

pub fn neg(a: &Value) -> VResult<Value> {
    match a {
        Value::Int(x) => x
            .checked_neg()
            .map(Value::Int)
            .ok_or(())
            .or_else(|_| err("Integer overflow in negation")),
        Value::Float(f) => Ok(Value::Float(-f)),
        _ => err(format!("Cannot negate {}", a.type_name())),
    }
}

pub fn bit_not(a: &Value) -> VResult<Value> {
    match a {
        Value::Int(x) => Ok(Value::Int(!x)),
        _ => err("Bitwise operations require integer operands"),
    }
}

fn ordered(a: &Value, b: &Value, test: fn(Ordering) -> bool) -> VResult<bool> {
    match compare(a, b) {
        Ok(Some(o)) => Ok(test(o)),
        Ok(None) => Ok(false),
        Err(m) => err(m),
    }
}

pub fn is_lt(a: &Value, b: &Value) -> VResult<bool> {
    ordered(a, b, |o| o == Ordering::Less)
}

pub fn is_le(a: &Value, b: &Value) -> VResult<bool> {
    ordered(a, b, |o| o != Ordering::Greater)
}

pub fn is_gt(a: &Value, b: &Value) -> VResult<bool> {
    ordered(a, b, |o| o == Ordering::Greater)
}

pub fn is_ge(a: &Value, b: &Value) -> VResult<bool> {
    ordered(a, b, |o| o != Ordering::Less)
}

/// Apply a binary operator (compound assignment on places).
pub fn binop(op: ruchy_parser::ast::BinOp, a: &Value, b: &Value) -> VResult<Value> {
    use ruchy_parser::ast::BinOp::*;
    match op {
        Add => add(a, b),
        Sub => sub(a, b),
        Mul => mul(a, b),
        Div => div(a, b),
        Rem => rem(a, b),
        Pow => pow(a, b),
        BitAnd => bit_and(a, b),
        BitOr => bit_or(a, b),
        BitXor => bit_xor(a, b),
        Shl => shl(a, b),
        Shr => shr(a, b),
        Lt => is_lt(a, b).map(Value::Bool),
        Le => is_le(a, b).map(Value::Bool),
        Gt => is_gt(a, b).map(Value::Bool),
        Ge => is_ge(a, b).map(Value::Bool),
        Eq => Ok(Value::Bool(crate::value::values_equal(a, b))),
        Ne => Ok(Value::Bool(!crate::value::values_equal(a, b))),
        And | Or | Coalesce => Ok(b.clone()),
    }
}

/// `x + i`, or `x - |i|` for a negative `i`, with the errors of either (`AddI`'s slow path).
pub(crate) fn add_imm(x: &Value, i: i32) -> VResult<Value> {
    match x {
        Value::Int(x) => match x.checked_add(i as i64) {
            Some(r) => Ok(Value::Int(r)),
            None => err(if i >= 0 {
                "Integer overflow in addition"
            } else {
                "Integer overflow in subtraction"
            }),
        },
        x if i >= 0 => add(x, &Value::Int(i as i64)),
        x => sub(x, &Value::Int(-(i as i64))),
    }
}
