//! Array methods on ranges too long to become an array (more than `MAX_ARRAY_LEN`
//! integers): answered from the bounds, or by walking the range in chunks, stopping early.

use super::{array, Args, M};
use crate::error::{err, VResult};
use crate::value::{RangeVal, Value};
use crate::vm::Vm;

/// Elements per chunk when a method walks a long range.
const CHUNK: i64 = 1 << 16;

/// The result of `m` on the long range `r`, or `None` when `m` needs the whole array.
pub fn call_long(vm: &mut Vm, r: &RangeVal, m: M, args: &Args) -> Option<VResult<Value>> {
    let ints = r.ints();
    let (first, last) = (*ints.start(), *ints.end());
    Some(Ok(match m {
        M::first | M::min => Value::Int(first),
        M::last | M::max => Value::Int(last),
        M::take => {
            let n = match args.first() {
                Some(Value::Int(n)) if *n <= crate::error::MAX_ARRAY_LEN as i64 => (*n).max(0),
                _ => return None,
            };
            let items = (first..=last).take(n as usize).map(Value::Int).collect();
            return Some(Ok(Value::array(items)));
        }
        M::sum => return Some(sum(first, last)),
        M::count if args.is_empty() => return Some(r.len_value()),
        // the element at an index: `get` gives it or nil, `nth` an Option (as for arrays)
        M::get | M::nth => match args.first() {
            Some(Value::Int(i)) => {
                // (a negative index is past the end, as `get` of an array says)
                let at = (*i >= 0)
                    .then(|| first.checked_add(*i))
                    .flatten()
                    .filter(|x| *x <= last)
                    .map(Value::Int);
                if m == M::nth {
                    vm.env.option(at)
                } else {
                    at.unwrap_or(Value::Nil)
                }
            }
            _ => return None,
        },
        // of a value: where it is (`index_of` gives -1, `position` an Option)
        M::index_of | M::position
            if !matches!(args.first(), Some(Value::Func(_) | Value::Builtin(_))) =>
        {
            let x = match super::arg(args, 0, super::METHOD_NAMES[m as usize]) {
                Ok(x) => x,
                Err(e) => return Some(Err(e)),
            };
            let at = match x {
                Value::Int(x) => Some(*x),
                Value::Float(f) => crate::value::float_as_int(*f),
                _ => None,
            }
            .filter(|x| r.contains(*x));
            let at = match at.map(|x| x.checked_sub(first)) {
                Some(None) => return Some(err("Integer overflow in subtraction")),
                Some(Some(i)) => Some(Value::Int(i)),
                None => None,
            };
            if m == M::index_of {
                at.unwrap_or(Value::Int(-1))
            } else {
                vm.env.option(at)
            }
        }
        M::find | M::any | M::all | M::position | M::index_of => {
            return Some(walk(vm, first, last, m, args))
        }
        _ => return None,
    }))
}

/// `first + … + last` (ascending): an overflow error exactly when adding the elements one
/// by one would overflow, i.e. when the lowest or the final partial sum is out of range.
fn sum(first: i64, last: i64) -> VResult<Value> {
    let span_sum = |a: i128, b: i128| if a > b { 0 } else { (a + b) * (b - a + 1) / 2 };
    let (a, b) = (first as i128, last as i128);
    let lowest = span_sum(a, b.min(-1));
    let total = span_sum(a, b);
    match (i64::try_from(lowest), i64::try_from(total)) {
        (Ok(_), Ok(t)) => Ok(Value::Int(t)),
        _ => err("Integer overflow in addition"),
    }
}

/// `find`, `any`, `all`, `position` chunk by chunk, stopping at the first decisive chunk.
fn walk(vm: &mut Vm, first: i64, last: i64, m: M, args: &Args) -> VResult<Value> {
    let mut lo = first;
    loop {
        let hi = lo.saturating_add(CHUNK - 1).min(last);
        let chunk = Value::array((lo..=hi).map(Value::Int).collect());
        let got = array::call(vm, chunk, m, args.clone())?;
        let decisive = match (&got, m) {
            (Value::Bool(b), M::any) => *b,
            (Value::Bool(b), M::all) => !*b,
            (Value::Nil, M::find) => false,
            (Value::Enum(e), M::position | M::index_of) => !e.payload.is_empty(),
            _ => true,
        };
        if decisive || hi == last {
            if let (Value::Enum(e), M::position | M::index_of) = (&got, m) {
                if let Some(Value::Int(i)) = e.payload.first() {
                    return Ok(vm.env.option(Some(Value::Int(i + (lo - first)))));
                }
            }
            return Ok(got);
        }
        lo = hi + 1;
    }
}
