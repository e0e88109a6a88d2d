//! Global builtin functions (§13.8).

use super::Args;
use super::{arg, check_argc, format::print_args};
use crate::error::{err, ErrorKind, RuntimeError, VResult};
use crate::value::{values_equal, MapVal, SetVal, Value};
use crate::vm::Vm;
use std::rc::Rc;

pub fn println(vm: &mut Vm, args: Args) -> VResult<Value> {
    let mut s = print_args(&args);
    s.push('\n');
    vm.write(&s);
    Ok(Value::Nil)
}

pub fn print(vm: &mut Vm, args: Args) -> VResult<Value> {
    let s = print_args(&args);
    vm.write(&s);
    Ok(Value::Nil)
}

pub fn eprintln(vm: &mut Vm, args: Args) -> VResult<Value> {
    let mut s = print_args(&args);
    s.push('\n');
    vm.out.write_err(&s);
    Ok(Value::Nil)
}

pub fn eprint(vm: &mut Vm, args: Args) -> VResult<Value> {
    let s = print_args(&args);
    vm.out.write_err(&s);
    Ok(Value::Nil)
}

pub fn format(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::string(print_args(&args)))
}

fn one<'a>(args: &'a [Value], name: &str) -> VResult<&'a Value> {
    check_argc(args, 1, 1, name)?;
    arg(args, 0, name)
}

pub fn len(_: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "len")?;
    Ok(Value::Int(match v {
        Value::SStr(_) | Value::Str(_) => v.as_str().map(|s| s.len()).unwrap_or(0),
        Value::Array(a) | Value::Tuple(a) => a.len(),
        Value::Map(m) => m.len(),
        Value::Set(s) => s.len(),
        // (not ranges: §13.8 lists the kinds; `(a..b).len()` is the range method, §13.6)
        Value::DataFrame(d) => d.rows(),
        other => return err(format!("len() not supported for {}", other.type_name())),
    } as i64))
}

pub fn type_of(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::str(one(&args, "type_of")?.type_name()))
}

pub fn str(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::string(one(&args, "str")?.to_top_level()))
}

pub fn string_new(_: &mut Vm, _args: Args) -> VResult<Value> {
    Ok(Value::str(""))
}

pub fn vec_new(_: &mut Vm, _args: Args) -> VResult<Value> {
    Ok(Value::array(Vec::new()))
}

pub fn map_new(_: &mut Vm, _args: Args) -> VResult<Value> {
    Ok(Value::Map(Rc::new(MapVal::new())))
}

pub fn set_new(_: &mut Vm, _args: Args) -> VResult<Value> {
    Ok(Value::Set(Rc::new(SetVal::new())))
}

pub fn identity(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(args.into_iter().next().unwrap_or(Value::Nil))
}

pub fn some(vm: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "Some")?.clone();
    Ok(vm.env.some(v))
}

pub fn ok(vm: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "Ok")?.clone();
    Ok(vm.env.ok(v))
}

pub fn err_(vm: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "Err")?.clone();
    Ok(vm.env.err(v))
}

/// Parse an integer the way `int()` and `parse()` do: no surrounding whitespace.
pub(crate) fn parse_int_text(s: &str) -> Option<i64> {
    let t = s.strip_prefix('+').unwrap_or(s);
    if t.is_empty() || t.starts_with('+') {
        return None;
    }
    t.parse::<i64>().ok()
}

pub(crate) fn parse_float_text(s: &str) -> Option<f64> {
    let t = s.trim();
    match t {
        "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        "NaN" | "nan" => Some(f64::NAN),
        _ if t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) =>
        {
            ruchy_parser::num::parse_f64(t)
        }
        _ => None,
    }
}

pub fn int(_: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "int")?;
    match v {
        Value::Int(_) => Ok(v.clone()),
        Value::Float(f) => {
            let t = f.trunc();
            if fits_i64(t) {
                Ok(Value::Int(t as i64))
            } else {
                err(format!(
                    "int() cannot convert {} to an integer",
                    v.to_display()
                ))
            }
        }
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::SStr(_) | Value::Str(_) => {
            let s = v.as_str().unwrap_or("");
            match parse_int_text(s.trim()) {
                Some(n) => Ok(Value::Int(n)),
                None => err(format!("int() cannot parse string: '{s}'")),
            }
        }
        other => err(format!("int() cannot convert {}", other.type_name())),
    }
}

pub fn float(_: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "float")?;
    match v {
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::Float(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Float(*b as i64 as f64)),
        Value::SStr(_) | Value::Str(_) => {
            let s = v.as_str().unwrap_or("");
            match parse_float_text(s) {
                Some(f) => Ok(Value::Float(f)),
                None => err(format!("float() cannot parse string: '{s}'")),
            }
        }
        other => err(format!("float() cannot convert {}", other.type_name())),
    }
}

pub fn parse_int(vm: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "parse_int")?;
    if !v.is_str() {
        return err(format!(
            "parse_int() expects a string, got {}",
            v.type_name()
        ));
    }
    int(vm, args)
}

pub fn parse_float(vm: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "parse_float")?;
    if !v.is_str() {
        return err(format!(
            "parse_float() expects a string, got {}",
            v.type_name()
        ));
    }
    float(vm, args)
}

pub fn bool_(_: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "bool")?;
    Ok(Value::Bool(match v {
        Value::Bool(b) => *b,
        Value::Nil => false,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::SStr(_) | Value::Str(_) => !v.as_str().unwrap_or("").is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }))
}

fn num<'a>(args: &'a [Value], name: &str) -> VResult<&'a Value> {
    let v = one(args, name)?;
    match v {
        Value::Int(_) | Value::Float(_) => Ok(v),
        other => err(format!(
            "{name}() expects a number, got {}",
            other.type_name()
        )),
    }
}

pub fn abs(_: &mut Vm, args: Args) -> VResult<Value> {
    match num(&args, "abs")? {
        Value::Int(i) => i
            .checked_abs()
            .map(Value::Int)
            .ok_or(())
            .or_else(|_| err("Integer overflow in negation")),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        _ => unreachable!(),
    }
}

fn float_of(args: &[Value], name: &str) -> VResult<f64> {
    num(args, name).map(|v| v.as_float().unwrap_or(0.0))
}

pub fn sqrt(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Float(float_of(&args, "sqrt")?.sqrt()))
}

pub fn sin(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Float(float_of(&args, "sin")?.sin()))
}

pub fn cos(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Float(float_of(&args, "cos")?.cos()))
}

pub fn tan(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Float(float_of(&args, "tan")?.tan()))
}

pub fn log(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Float(float_of(&args, "log")?.ln()))
}

pub fn log10(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Float(float_of(&args, "log10")?.log10()))
}

pub fn log2(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Float(float_of(&args, "log2")?.log2()))
}

pub fn exp(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Float(float_of(&args, "exp")?.exp()))
}

pub fn pow(_: &mut Vm, args: Args) -> VResult<Value> {
    check_argc(&args, 2, 2, "pow")?;
    crate::vm::arith::pow(&args[0], &args[1])
}

/// `min(a, b)` / `max(a, b)`: exactly two numbers (§13.8).
fn min_max(args: Args, name: &str, want_less: bool) -> VResult<Value> {
    let [a, b] = args.as_slice() else {
        return err(format!(
            "Function '{name}' expects 2 arguments, got {}",
            args.len()
        ));
    };
    match min_max_of(a, b, want_less) {
        Some(v) => Ok(v),
        None => {
            let bad = if a.as_float().is_none() { a } else { b };
            err(format!("{name}() expects numbers, got {}", bad.type_name()))
        }
    }
}

/// The lesser (`less`) or greater of two numbers, `None` if either is not a number. The
/// second wins only if strictly better; a float argument makes the result a float.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub(crate) fn min_max_of(a: &Value, b: &Value, less: bool) -> Option<Value> {
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => Value::Int(if less { *x.min(y) } else { *x.max(y) }),
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            let (x, y) = (a.as_float()?, b.as_float()?);
            let take_b = if less { y < x } else { y > x };
            Value::Float(if take_b { y } else { x })
        }
        _ => return None,
    })
}

pub fn min(_: &mut Vm, args: Args) -> VResult<Value> {
    min_max(args, "min", true)
}

pub fn max(_: &mut Vm, args: Args) -> VResult<Value> {
    min_max(args, "max", false)
}

/// Whether the whole number `f` is in the range of an integer: -2^63 <= f < 2^63.
fn fits_i64(f: f64) -> bool {
    (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
}

fn round_to_int(f: f64, name: &str) -> VResult<Value> {
    if fits_i64(f) {
        Ok(Value::Int(f as i64))
    } else {
        err(format!("{name}() result does not fit in an integer"))
    }
}

pub fn floor(_: &mut Vm, args: Args) -> VResult<Value> {
    match num(&args, "floor")? {
        Value::Int(i) => Ok(Value::Int(*i)),
        v => round_to_int(v.as_float().unwrap_or(0.0).floor(), "floor"),
    }
}

pub fn ceil(_: &mut Vm, args: Args) -> VResult<Value> {
    match num(&args, "ceil")? {
        Value::Int(i) => Ok(Value::Int(*i)),
        v => round_to_int(v.as_float().unwrap_or(0.0).ceil(), "ceil"),
    }
}

pub fn round(_: &mut Vm, args: Args) -> VResult<Value> {
    match num(&args, "round")? {
        Value::Int(i) => Ok(Value::Int(*i)),
        v => round_to_int(v.as_float().unwrap_or(0.0).round(), "round"),
    }
}

pub fn range(_: &mut Vm, args: Args) -> VResult<Value> {
    check_argc(&args, 1, 3, "range")?;
    let ints: Vec<i64> = args
        .iter()
        .map(|a| match a {
            Value::Int(i) => Ok(*i),
            other => err(format!(
                "range() expects integers, got {}",
                other.type_name()
            )),
        })
        .collect::<VResult<_>>()?;
    let (start, end, step) = match ints.as_slice() {
        [e] => (0, *e, 1),
        [s, e] => (*s, *e, 1),
        [s, e, st] => (*s, *e, *st),
        _ => unreachable!(),
    };
    if step == 0 {
        return err("range() step cannot be zero");
    }
    let count = if step > 0 {
        (end as i128 - start as i128 + step as i128 - 1) / step as i128
    } else {
        (start as i128 - end as i128 + (-step) as i128 - 1) / (-step) as i128
    };
    if count > 100_000_000 {
        return err("range() result is too large");
    }
    let mut out = Vec::with_capacity(count.max(0) as usize);
    let mut i = start;
    while (step > 0 && i < end) || (step < 0 && i > end) {
        out.push(Value::Int(i));
        match i.checked_add(step) {
            Some(n) => i = n,
            None => break,
        }
    }
    Ok(Value::array(out))
}

pub fn reverse(_: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "reverse")?;
    match v {
        Value::Array(a) => Ok(Value::array(a.iter().rev().cloned().collect())),
        Value::SStr(_) | Value::Str(_) => Ok(Value::string(
            v.as_str().unwrap_or("").chars().rev().collect(),
        )),
        other => err(format!(
            "reverse() expects an array or string, got {}",
            other.type_name()
        )),
    }
}

pub fn sort(vm: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "sort")?.clone();
    super::call_method(vm, v, super::M::sort as u16, Args::new())
}

pub fn push(_: &mut Vm, args: Args) -> VResult<Value> {
    check_argc(&args, 2, 2, "push")?;
    match &args[0] {
        Value::Array(a) => {
            let mut items = a.to_vec();
            items.push(args[1].clone());
            Ok(Value::array(items))
        }
        other => err(format!(
            "push() expects an array, got {}",
            other.type_name()
        )),
    }
}

pub fn pop(_: &mut Vm, args: Args) -> VResult<Value> {
    match one(&args, "pop")? {
        Value::Array(a) => Ok(a.last().cloned().unwrap_or(Value::Nil)),
        other => err(format!("pop() expects an array, got {}", other.type_name())),
    }
}

pub fn zip(vm: &mut Vm, args: Args) -> VResult<Value> {
    check_argc(&args, 2, 2, "zip")?;
    let mut it = args.into_iter();
    let a = it.next().unwrap_or_default();
    super::call_method(vm, a, super::M::zip as u16, it.collect())
}

pub fn enumerate(vm: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "enumerate")?.clone();
    super::call_method(vm, v, super::M::enumerate as u16, Args::new())
}

pub fn is_nil(_: &mut Vm, args: Args) -> VResult<Value> {
    Ok(Value::Bool(one(&args, "is_nil")?.is_nil()))
}

pub fn assert(_: &mut Vm, args: Args) -> VResult<Value> {
    check_argc(&args, 1, args.len().max(1), "assert")?;
    if args[0].truthy() {
        return Ok(Value::Nil);
    }
    match args.get(1) {
        Some(_) => err(format!("Assertion failed: {}", print_args(&args[1..]))),
        None => err("Assertion failed"),
    }
}

pub fn assert_eq(_: &mut Vm, args: Args) -> VResult<Value> {
    check_argc(&args, 2, args.len().max(2), "assert_eq")?;
    if values_equal(&args[0], &args[1]) {
        return Ok(Value::Nil);
    }
    match args.get(2) {
        Some(_) => err(format!("Assertion failed: {}", print_args(&args[2..]))),
        None => err(format!(
            "Assertion failed: left: {}, right: {}",
            args[0].to_display(),
            args[1].to_display()
        )),
    }
}

pub fn assert_ne(_: &mut Vm, args: Args) -> VResult<Value> {
    check_argc(&args, 2, args.len().max(2), "assert_ne")?;
    if !values_equal(&args[0], &args[1]) {
        return Ok(Value::Nil);
    }
    match args.get(2) {
        Some(_) => err(format!("Assertion failed: {}", print_args(&args[2..]))),
        None => err(format!(
            "Assertion failed: left: {}, right: {} (expected them to differ)",
            args[0].to_display(),
            args[1].to_display()
        )),
    }
}

pub fn panic(_: &mut Vm, args: Args) -> VResult<Value> {
    let msg = print_args(&args);
    Err(RuntimeError::new(ErrorKind::Msg(if msg.is_empty() {
        "panic".into()
    } else {
        msg
    })))
}

/// `exit(code)` / `std::process::exit(code)`: stop the program with an exit status (0 when
/// omitted); not catchable, like Rust's.
pub fn exit(_: &mut Vm, args: Args) -> VResult<Value> {
    let code = match args.first() {
        None => 0,
        Some(Value::Int(c)) if args.len() == 1 => i32::try_from(*c).unwrap_or(1),
        Some(_) if args.len() == 1 => return err("exit() expects an integer status code"),
        Some(_) => return err("exit() takes one argument, the status code"),
    };
    Err(RuntimeError::new(ErrorKind::Exit(code)))
}

pub fn dbg(vm: &mut Vm, args: Args) -> VResult<Value> {
    let v = one(&args, "dbg")?.clone();
    let s = format!("[dbg] {}\n", v.to_display());
    vm.out.write_err(&s);
    Ok(v)
}
