//! Builtin functions and methods: one table of global functions, one enum of method names,
//! and dispatch by receiver kind.

mod array;
mod case;
pub mod dataframe;
pub mod format;
mod funcs;
mod io;
mod map;
mod num;
mod option;
mod range;
mod string;

use crate::env::{Env, OPTION_ID, RESULT_ID};
use crate::error::{err, VResult};
use crate::value::Value;
use crate::vm::Vm;
use std::rc::Rc;

/// Call arguments: up to four live inline, without a heap allocation.
pub type Args = smallvec::SmallVec<[Value; 4]>;

pub type BuiltinFn = fn(&mut Vm, Args) -> VResult<Value>;

/// Every global builtin function, by name (paths like `HashMap::new` included).
static BUILTINS: &[(&str, BuiltinFn)] = &[
    ("println", funcs::println),
    ("print", funcs::print),
    ("eprintln", funcs::eprintln),
    ("eprint", funcs::eprint),
    ("format", funcs::format),
    ("len", funcs::len),
    ("type_of", funcs::type_of),
    ("str", funcs::str),
    ("to_string", funcs::str),
    ("int", funcs::int),
    ("float", funcs::float),
    ("bool", funcs::bool_),
    ("parse_int", funcs::parse_int),
    ("parse_float", funcs::parse_float),
    ("abs", funcs::abs),
    ("sqrt", funcs::sqrt),
    ("pow", funcs::pow),
    ("min", funcs::min),
    ("max", funcs::max),
    ("floor", funcs::floor),
    ("ceil", funcs::ceil),
    ("round", funcs::round),
    ("sin", funcs::sin),
    ("cos", funcs::cos),
    ("tan", funcs::tan),
    ("log", funcs::log),
    ("log10", funcs::log10),
    ("log2", funcs::log2),
    ("exp", funcs::exp),
    ("range", funcs::range),
    ("reverse", funcs::reverse),
    ("sort", funcs::sort),
    ("push", funcs::push),
    ("pop", funcs::pop),
    ("zip", funcs::zip),
    ("enumerate", funcs::enumerate),
    ("is_nil", funcs::is_nil),
    ("assert", funcs::assert),
    ("assert_eq", funcs::assert_eq),
    ("assert_ne", funcs::assert_ne),
    ("panic", funcs::panic),
    ("exit", funcs::exit),
    ("dbg", funcs::dbg),
    ("Some", funcs::some),
    ("Ok", funcs::ok),
    ("Err", funcs::err_),
    ("String::new", funcs::string_new),
    ("String::from", funcs::str),
    ("Vec::new", funcs::vec_new),
    ("Vec::with_capacity", funcs::vec_new),
    ("HashMap::new", funcs::map_new),
    ("BTreeMap::new", funcs::map_new),
    ("HashSet::new", funcs::set_new),
    ("VecDeque::new", funcs::vec_new),
    ("VecDeque::with_capacity", funcs::vec_new),
    ("BTreeSet::new", funcs::set_new),
    ("Box::new", funcs::identity),
    ("Rc::new", funcs::identity),
    ("read_file", io::read_file),
    ("write_file", io::write_file),
    ("append_file", io::append_file),
    ("file_exists", io::file_exists),
];

/// The ids of `min` and `max` (their positions in `BUILTINS`).
pub const MIN: u16 = 17;
pub const MAX: u16 = 18;

/// `min(a, b)` / `max(a, b)` of two numbers, without building an argument list (a DP
/// table's inner loop calls them once per cell); `None` for anything else.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn fast_min_max(id: u16, a: &Value, b: &Value) -> Option<Value> {
    match id {
        MIN => funcs::min_max_of(a, b, true),
        MAX => funcs::min_max_of(a, b, false),
        _ => None,
    }
}

pub fn lookup(name: &str) -> Option<u16> {
    let name = ruchy_parser::names::builtin_path(name);
    BUILTINS
        .iter()
        .position(|(n, _)| *n == name)
        .map(|i| i as u16)
}

pub fn name(id: u16) -> &'static str {
    BUILTINS.get(id as usize).map(|b| b.0).unwrap_or("?")
}

/// Names of the global builtins (for completion).
pub fn names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|b| b.0).filter(|n| !n.contains("::"))
}

pub fn call_builtin(vm: &mut Vm, id: u16, args: Args) -> VResult<Value> {
    match BUILTINS.get(id as usize) {
        Some((_, f)) => f(vm, args),
        None => err("Internal error: unknown builtin"),
    }
}

macro_rules! methods {
    ($($id:ident = $name:literal,)*) => {
        /// Builtin method names.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum M { $($id,)* }
        const ALL_METHODS: &[M] = &[$(M::$id,)*];
        pub const METHOD_NAMES: &[&str] = &[$($name,)*];
    };
}

methods! {
    len = "len", is_empty = "is_empty", to_string = "to_string", clone = "clone",
    to_upper = "to_upper", to_uppercase = "to_uppercase", to_lower = "to_lower", to_lowercase = "to_lowercase",
    trim = "trim", trim_start = "trim_start", trim_end = "trim_end", split = "split", lines = "lines",
    chars = "chars", bytes = "bytes", contains = "contains", starts_with = "starts_with", ends_with = "ends_with",
    replace = "replace", repeat = "repeat", parse = "parse", to_int = "to_int", to_float = "to_float",
    char_at = "char_at", substring = "substring", format = "format", as_bytes = "as_bytes",
    is_numeric = "is_numeric", is_alphabetic = "is_alphabetic", is_alphanumeric = "is_alphanumeric",
    is_whitespace = "is_whitespace", is_digit = "is_digit", is_uppercase = "is_uppercase", is_lowercase = "is_lowercase",
    split_whitespace = "split_whitespace", find = "find", index_of = "index_of", strip_prefix = "strip_prefix",
    strip_suffix = "strip_suffix", char_count = "char_count", count = "count", rfind = "rfind",
    push = "push", pop = "pop", first = "first", last = "last", get = "get", map = "map", filter = "filter",
    reduce = "reduce", fold = "fold", any = "any", all = "all", sum = "sum", product = "product",
    min = "min", max = "max", sort = "sort", sort_by = "sort_by", sort_by_key = "sort_by_key", reverse = "reverse",
    join = "join", enumerate = "enumerate", zip = "zip", take = "take", skip = "skip", slice = "slice",
    unique = "unique", flatten = "flatten", flat_map = "flat_map", for_each = "for_each", position = "position",
    insert = "insert", remove = "remove", clear = "clear", extend = "extend", concat = "concat",
    iter = "iter", into_iter = "into_iter", collect = "collect", cloned = "cloned", to_vec = "to_vec",
    min_by_key = "min_by_key", max_by_key = "max_by_key", chunks = "chunks", windows = "windows",
    keys = "keys", values = "values", items = "items", entries = "entries", contains_key = "contains_key",
    get_or = "get_or", to_array = "to_array", rev = "rev", union = "union", intersection = "intersection",
    difference = "difference", nth = "nth", cmp = "cmp",
    partial_cmp = "partial_cmp", filter_map = "filter_map", find_map = "find_map",
    step_by = "step_by", max_by = "max_by", min_by = "min_by",
    push_back = "push_back", push_front = "push_front", pop_front = "pop_front", pop_back = "pop_back",
    front = "front", back = "back",
    is_some = "is_some", is_none = "is_none", unwrap = "unwrap", expect = "expect", unwrap_or = "unwrap_or",
    unwrap_or_else = "unwrap_or_else", unwrap_or_default = "unwrap_or_default", and_then = "and_then",
    ok_or = "ok_or", or = "or", or_else = "or_else", is_ok = "is_ok", is_err = "is_err", map_err = "map_err",
    ok = "ok", err = "err", unwrap_err = "unwrap_err",
    abs = "abs", pow = "pow", sqrt = "sqrt", floor = "floor", ceil = "ceil", round = "round",
    sin = "sin", cos = "cos", tan = "tan", ln = "ln", log = "log", log10 = "log10", log2 = "log2", exp = "exp",
    powf = "powf", powi = "powi", signum = "signum", is_nan = "is_nan", clamp = "clamp", to_f64 = "to_f64",
    rows = "rows", columns = "columns", column_names = "column_names", select = "select",
}

pub const NO_METHOD: u16 = u16::MAX;

pub fn method_id(name: &str) -> u16 {
    let name = ruchy_parser::names::canonical_method(name);
    METHOD_NAMES
        .iter()
        .position(|n| *n == name)
        .map(|i| i as u16)
        .unwrap_or(NO_METHOD)
}

fn method(id: u16) -> Option<M> {
    ALL_METHODS.get(id as usize).copied()
}

/// Methods that change their receiver in place (applied directly to a place receiver).
pub fn is_mutating(id: u16, recv: &Value) -> bool {
    let Some(m) = method(id) else { return false };
    match recv {
        Value::Array(_) => mutates_array(m),
        Value::Map(_) | Value::Set(_) => matches!(m, M::insert | M::remove | M::clear),
        _ => false,
    }
}

/// Whether builtin method `id` may change its receiver (on some kind of value).
pub fn may_mutate(id: u16) -> bool {
    method(id).is_some_and(mutates_array)
}

/// The array methods that change their receiver.
fn mutates_array(m: M) -> bool {
    matches!(
        m,
        M::push
            | M::pop
            | M::insert
            | M::remove
            | M::clear
            | M::extend
            | M::push_back
            | M::push_front
            | M::pop_front
            | M::pop_back
    )
}

/// Apply a mutating method to a receiver in place.
pub fn mutate(env: &Env, recv: &mut Value, id: u16, args: Args) -> VResult<Value> {
    let Some(m) = method(id) else {
        return err("Unknown method");
    };
    match recv {
        Value::Array(a) if matches!(m, M::pop_front | M::pop_back) => {
            // VecDeque spellings: Some(v) / None
            let empty = a.is_empty();
            let v = array::mutate(recv, m, args)?;
            Ok(if empty { env.none() } else { env.some(v) })
        }
        Value::Array(_) => array::mutate(recv, m, args),
        Value::Map(_) => map::mutate_map(recv, m, args),
        Value::Set(_) => map::mutate_set(recv, m, args),
        other => err(format!(
            "Unknown method '{}' for {}",
            METHOD_NAMES[id as usize],
            other.type_name()
        )),
    }
}

/// Whether a value's kind has a builtin method of this name.
pub fn has_method(id: u16, recv: &Value) -> bool {
    let Some(m) = method(id) else { return false };
    if matches!(m, M::to_string | M::clone) {
        return true;
    }
    if matches!(m, M::cmp | M::partial_cmp) {
        return matches!(
            recv,
            Value::Int(_) | Value::Float(_) | Value::SStr(_) | Value::Str(_)
        );
    }
    if option::plain_unwrap_applies(m, recv) {
        return true;
    }
    match recv {
        Value::SStr(_) | Value::Str(_) => string::has(m),
        Value::Array(_) => array::has(m),
        Value::Range(_) => array::has(m) || matches!(m, M::rev | M::to_array),
        Value::Tuple(_) => matches!(
            m,
            M::len | M::is_empty | M::to_array | M::first | M::last | M::get | M::contains
        ),
        Value::Map(_) => map::has_map(m),
        Value::Set(_) => map::has_set(m),
        Value::Int(_) | Value::Float(_) => num::has(m),
        Value::Enum(e) if e.ty.id == crate::env::OPTION_ID || e.ty.id == crate::env::RESULT_ID => {
            option::has(m)
        }
        Value::DataFrame(_) => dataframe::has(m),
        _ => false,
    }
}

pub fn call_method(vm: &mut Vm, recv: Value, id: u16, args: Args) -> VResult<Value> {
    let m = method(id).ok_or_else(|| crate::error::error("Unknown method"))?;
    match (m, &recv) {
        (M::to_string, _) => return Ok(Value::string(recv.to_top_level())),
        (M::clone, _) => return Ok(recv),
        (M::cmp, _) => return cmp_method(&recv, &args),
        (M::partial_cmp, _) => return partial_cmp_method(vm, &recv, &args),
        _ if option::plain_unwrap_applies(m, &recv) => {
            return option::plain_unwrap(vm, recv, m, args);
        }
        _ => {}
    }
    match &recv {
        Value::SStr(_) | Value::Str(_) => string::call(vm, &recv, m, args),
        Value::Array(_) => {
            if is_mutating(id, &recv) && !matches!(m, M::pop_front | M::pop_back) {
                let mut tmp = recv;
                return array::mutate(&mut tmp, m, args);
            }
            array::call(vm, recv, m, args)
        }
        Value::Range(r) => match m {
            M::contains => Ok(Value::Bool(match args.first() {
                Some(Value::Int(x)) => r.contains(*x),
                // `==` membership, as for arrays: `1.0 == 1` (§7.4)
                Some(Value::Float(f)) => {
                    crate::value::float_as_int(*f).is_some_and(|i| r.contains(i))
                }
                _ => false,
            })),
            M::len => r.len_value(),
            M::is_empty => Ok(Value::Bool(r.is_empty())),
            // only non-mutating array methods apply to a range (§13.6)
            m if mutates_array(m) => err(format!(
                "Unknown method '{}' for range",
                METHOD_NAMES[m as usize]
            )),
            M::rev => {
                crate::error::check_size(0, r.len() as u64)?;
                Ok(Value::array(r.ints().rev().map(Value::Int).collect()))
            }
            _ => {
                if r.len() > crate::error::MAX_ARRAY_LEN {
                    if let Some(v) = range::call_long(vm, r, m, &args) {
                        return v;
                    }
                }
                crate::error::check_size(0, r.len() as u64)?;
                let arr = Value::array(r.ints().map(Value::Int).collect());
                if m == M::to_array {
                    return Ok(arr);
                }
                array::call(vm, arr, m, args)
            }
        },
        Value::Tuple(items) => {
            let arr = Value::Array(items.clone());
            if m == M::to_array {
                return Ok(arr);
            }
            array::call(vm, arr, m, args)
        }
        Value::Map(_) => {
            if is_mutating(id, &recv) {
                let mut tmp = recv;
                return map::mutate_map(&mut tmp, m, args);
            }
            map::call_map(vm, &recv, m, args)
        }
        Value::Set(_) => {
            if is_mutating(id, &recv) {
                let mut tmp = recv;
                return map::mutate_set(&mut tmp, m, args);
            }
            map::call_set(&recv, m, args)
        }
        Value::Int(_) | Value::Float(_) => num::call(&recv, m, args),
        Value::Enum(_) => option::call(vm, recv, m, args),
        Value::DataFrame(_) => dataframe::call(vm, &recv, m, args),
        other => err(format!(
            "Unknown method '{}' for {}",
            METHOD_NAMES[id as usize],
            other.type_name()
        )),
    }
}

/// The hottest builtin methods, applied in place to the receiver (a register) with the
/// arguments taken from their registers: no cloning, no argument vector. The result goes
/// straight into `out` (scalars with one 16-byte store: a value built in memory piece by
/// piece and then copied whole stalls on store forwarding). `None` means "not handled
/// here" and the general path runs; `out` is untouched then.
#[inline]
pub fn fast_method(
    recv: &mut Value,
    id: u16,
    args: &mut [Value],
    out: &mut Value,
) -> Option<VResult<()>> {
    let m = method(id)?;
    match (recv, m, args.len()) {
        (Value::Array(a), M::push, 1) => {
            Rc::make_mut(a).push(std::mem::take(&mut args[0]));
            Value::set(out, Value::Nil);
        }
        (Value::Array(a), M::pop, 0) => {
            let v = match a.is_empty() {
                true => Value::Nil,
                false => Rc::make_mut(a).pop().unwrap_or_default(),
            };
            Value::set(out, v);
        }
        (Value::Array(a), M::len, 0) => Value::put_int(out, a.len() as i64),
        (Value::Array(a), M::is_empty, 0) => Value::put_bool(out, a.is_empty()),
        (Value::Array(a), M::contains, 1) => Value::put_bool(
            out,
            a.iter().any(|v| crate::value::values_equal(v, &args[0])),
        ),
        (Value::Map(m), M::get, 1) => {
            Value::set(out, crate::env::option_value(m.get(&args[0]).cloned()))
        }
        (Value::Map(m), M::contains_key, 1) => Value::put_bool(out, m.contains_key(&args[0])),
        (Value::Map(m), M::insert, 2) => {
            let k = std::mem::take(&mut args[0]);
            let v = std::mem::take(&mut args[1]);
            Rc::make_mut(m).insert(k, v);
            Value::set(out, Value::Nil);
        }
        (Value::Map(m), M::len, 0) => Value::put_int(out, m.len() as i64),
        (Value::Set(s), M::contains, 1) => Value::put_bool(out, s.contains(&args[0])),
        (Value::Set(s), M::insert, 1) => {
            if !s.contains(&args[0]) {
                Rc::make_mut(s).insert(std::mem::take(&mut args[0]));
            }
            Value::set(out, Value::Nil);
        }
        (Value::Set(s), M::len, 0) => Value::put_int(out, s.len() as i64),
        (Value::Int(n), M::to_string, 0) => Value::set(out, crate::value::display::int_string(*n)),
        (Value::Enum(e), m, n) if e.ty.id == OPTION_ID || e.ty.id == RESULT_ID => {
            // (the other methods: `option.rs`)
            let (option, present) = option::kind_and_presence(e);
            let payload = || e.payload.first().cloned().unwrap_or_default();
            match (m, n) {
                (M::unwrap_or, 1) if present => Value::set(out, payload()),
                (M::unwrap_or, 1) => Value::set(out, std::mem::take(&mut args[0])),
                (M::unwrap, 0) if present => Value::set(out, payload()),
                (M::is_some, 0) if option => Value::put_bool(out, present),
                (M::is_none, 0) if option => Value::put_bool(out, !present),
                (M::is_ok, 0) if !option => Value::put_bool(out, present),
                (M::is_err, 0) if !option => Value::put_bool(out, !present),
                _ => return None,
            }
        }
        (v @ (Value::SStr(_) | Value::Str(_)), m, _) => {
            if !string::fast(v.as_str()?, m, args, out) {
                return None;
            }
        }
        _ => return None,
    }
    Some(Ok(()))
}

/// Argument `i`, or the arity error of §14.1 naming the method.
pub(crate) fn arg<'a>(args: &'a [Value], i: usize, method: &str) -> VResult<&'a Value> {
    args.get(i).ok_or_else(|| {
        crate::error::error(format!(
            "Function '{method}' expects at least {} arguments, got {}",
            i + 1,
            args.len()
        ))
    })
}

pub(crate) fn arg_int(args: &[Value], i: usize, method: &str) -> VResult<i64> {
    match arg(args, i, method)? {
        Value::Int(n) => Ok(*n),
        other => err(format!(
            "{method}() expects an integer argument, got {}",
            other.type_name()
        )),
    }
}

pub(crate) fn arg_str<'a>(args: &'a [Value], i: usize, method: &str) -> VResult<&'a str> {
    let v = arg(args, i, method)?;
    v.as_str().ok_or_else(|| {
        crate::error::error(format!(
            "{method}() expects a string argument, got {}",
            v.type_name()
        ))
    })
}

pub(crate) fn check_argc(args: &[Value], min: usize, max: usize, method: &str) -> VResult<()> {
    if args.len() < min || args.len() > max {
        let expects = if min == max {
            format!("{min}")
        } else {
            format!("{min} to {max}")
        };
        return err(format!(
            "Function '{method}' expects {expects} arguments, got {}",
            args.len()
        ));
    }
    Ok(())
}

/// `a.cmp(b)` on numbers or strings: -1, 0 or 1 (a `sort_by` comparator result).
fn cmp_method(recv: &Value, args: &[Value]) -> VResult<Value> {
    check_argc(args, 1, 1, "cmp")?;
    match crate::value::compare(recv, &args[0]) {
        Ok(Some(o)) => Ok(Value::Int(o as i64)),
        Ok(None) => err(format!(
            "Cannot compare {} and {}",
            recv.type_name(),
            args[0].type_name()
        )),
        Err(e) => err(e),
    }
}

/// `a.partial_cmp(b)`: `Some(-1 / 0 / 1)`, or `None` when a NaN takes part.
fn partial_cmp_method(vm: &Vm, recv: &Value, args: &[Value]) -> VResult<Value> {
    check_argc(args, 1, 1, "partial_cmp")?;
    match crate::value::compare(recv, &args[0]) {
        Ok(Some(o)) => Ok(vm.env.some(Value::Int(o as i64))),
        Ok(None) => Ok(vm.env.none()),
        Err(e) => err(e),
    }
}

#[cfg(test)]
mod id_tests {
    #[test]
    fn min_and_max_ids_match_the_table() {
        assert_eq!(super::lookup("min"), Some(super::MIN));
        assert_eq!(super::lookup("max"), Some(super::MAX));
    }
}
