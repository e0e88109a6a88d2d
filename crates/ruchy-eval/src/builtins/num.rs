//! Number methods (§13.7): float rounding methods return floats.

use super::Args;
use super::{arg, M};
use crate::error::{err, VResult};
use crate::value::Value;

pub fn has(m: M) -> bool {
    use M::*;
    matches!(
        m,
        abs | pow
            | sqrt
            | floor
            | ceil
            | round
            | sin
            | cos
            | tan
            | ln
            | log
            | log10
            | log2
            | exp
            | powf
            | powi
            | signum
            | is_nan
            | min
            | max
            | clamp
            | to_f64
            | to_float
            | to_int
    )
}

pub fn call(recv: &Value, m: M, args: Args) -> VResult<Value> {
    let name = super::METHOD_NAMES[m as usize];
    let f = recv.as_float().unwrap_or(0.0);
    let float = |x: f64| Ok(Value::Float(x));
    match (m, recv) {
        (M::abs, Value::Int(i)) => i
            .checked_abs()
            .map(Value::Int)
            .ok_or(())
            .or_else(|_| err("Integer overflow in negation")),
        (M::abs, _) => float(f.abs()),
        (M::pow | M::powi | M::powf, _) => crate::vm::arith::pow(recv, arg(&args, 0, name)?),
        (M::signum, Value::Int(i)) => Ok(Value::Int(i.signum())),
        (M::signum, _) => float(f.signum()),
        (M::floor, Value::Int(_)) | (M::ceil, Value::Int(_)) | (M::round, Value::Int(_)) => {
            float(f)
        }
        (M::floor, _) => float(f.floor()),
        (M::ceil, _) => float(f.ceil()),
        (M::round, _) => float(f.round()),
        (M::sqrt, _) => float(f.sqrt()),
        (M::sin, _) => float(f.sin()),
        (M::cos, _) => float(f.cos()),
        (M::tan, _) => float(f.tan()),
        (M::ln, _) => float(f.ln()),
        (M::log, _) => match args.first() {
            Some(b) => float(f.log(b.as_float().unwrap_or(std::f64::consts::E))),
            None => float(f.ln()),
        },
        (M::log10, _) => float(f.log10()),
        (M::log2, _) => float(f.log2()),
        (M::exp, _) => float(f.exp()),
        (M::is_nan, _) => Ok(Value::Bool(f.is_nan())),
        (M::to_f64 | M::to_float, _) => float(f),
        (M::to_int, Value::Int(_)) => Ok(recv.clone()),
        (M::to_int, _) => crate::vm::data::cast(recv, crate::bytecode::CastKind::Int, "i64"),
        (M::min | M::max, _) => {
            let other = arg(&args, 0, name)?;
            let less = crate::vm::arith::is_lt(other, recv)?;
            let pick_other = if m == M::min {
                less
            } else {
                crate::vm::arith::is_gt(other, recv)?
            };
            Ok(if pick_other {
                other.clone()
            } else {
                recv.clone()
            })
        }
        (M::clamp, _) => {
            let lo = arg(&args, 0, name)?;
            let hi = arg(&args, 1, name)?;
            if crate::vm::arith::is_lt(recv, lo)? {
                Ok(lo.clone())
            } else if crate::vm::arith::is_gt(recv, hi)? {
                Ok(hi.clone())
            } else {
                Ok(recv.clone())
            }
        }
        _ => err(format!("Unknown method '{name}' for {}", recv.type_name())),
    }
}
