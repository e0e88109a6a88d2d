//! Array methods (§13.2); only `push`/`pop` (and `insert`/`remove`/`clear`/`extend`)
//! change the receiver, everything else returns a new value.

use super::Args;
use super::{arg, arg_int, arg_str, check_argc, M};
use crate::error::{err, VResult};
use crate::value::{compare, values_equal, Value};
use crate::vm::{Repeat, Vm};
use std::cmp::Ordering;
use std::rc::Rc;

pub fn has(m: M) -> bool {
    use M::*;
    matches!(
        m,
        len | is_empty
            | push
            | pop
            | first
            | last
            | get
            | contains
            | map
            | filter
            | reduce
            | fold
            | any
            | all
            | find
            | sum
            | product
            | min
            | max
            | sort
            | sort_by
            | sort_by_key
            | reverse
            | join
            | enumerate
            | zip
            | take
            | skip
            | slice
            | unique
            | flatten
            | flat_map
            | filter_map
            | find_map
            | step_by
            | max_by
            | min_by
            | push_back
            | push_front
            | pop_front
            | pop_back
            | front
            | back
            | for_each
            | position
            | index_of
            | count
            | insert
            | remove
            | clear
            | extend
            | concat
            | iter
            | into_iter
            | collect
            | cloned
            | to_vec
            | to_array
            | min_by_key
            | max_by_key
            | chunks
            | windows
            | nth
            | rev
            | union
            | intersection
            | difference
    )
}

fn items(v: &Value) -> &[Value] {
    match v {
        Value::Array(a) => a,
        _ => &[],
    }
}

pub fn mutate(recv: &mut Value, m: M, args: Args) -> VResult<Value> {
    let Value::Array(rc) = recv else {
        return err("Internal error: not an array");
    };
    let name = super::METHOD_NAMES[m as usize];
    match m {
        // VecDeque (an array): pop_front / pop_back give Some(v) / None as in Rust
        M::push_back => mutate(recv, M::push, args),
        M::push_front => {
            check_argc(&args, 1, 1, name)?;
            let v = args.into_iter().next().unwrap_or_default();
            Rc::make_mut(rc).insert(0, v);
            Ok(Value::Nil)
        }
        M::pop_front | M::pop_back => {
            check_argc(&args, 0, 0, name)?;
            if rc.is_empty() {
                return Ok(Value::Nil);
            }
            let v = if m == M::pop_front {
                Rc::make_mut(rc).remove(0)
            } else {
                Rc::make_mut(rc).pop().unwrap_or_default()
            };
            Ok(v)
        }
        M::push => {
            check_argc(&args, 1, 1, name)?;
            let v = args.into_iter().next().unwrap_or_default();
            Rc::make_mut(rc).push(v);
            Ok(Value::Nil)
        }
        M::pop => {
            check_argc(&args, 0, 0, name)?;
            if rc.is_empty() {
                return Ok(Value::Nil);
            }
            Ok(Rc::make_mut(rc).pop().unwrap_or_default())
        }
        M::insert => {
            check_argc(&args, 2, 2, name)?;
            let i = arg_int(&args, 0, name)?;
            let len = rc.len();
            if i < 0 || i as usize > len {
                return err(format!("Index {i} out of bounds for array of length {len}"));
            }
            let v = args.into_iter().nth(1).unwrap_or_default();
            Rc::make_mut(rc).insert(i as usize, v);
            Ok(Value::Nil)
        }
        M::remove => {
            let i = arg_int(&args, 0, name)?;
            let len = rc.len();
            match crate::vm::data::norm_index(i, len) {
                Some(k) => Ok(Rc::make_mut(rc).remove(k)),
                None => err(format!("Index {i} out of bounds for array of length {len}")),
            }
        }
        M::clear => {
            Rc::make_mut(rc).clear();
            Ok(Value::Nil)
        }
        M::extend => {
            let more = match arg(&args, 0, name)? {
                Value::Array(a) => a.to_vec(),
                Value::Range(r) => r.ints().map(Value::Int).collect(),
                other => {
                    return err(format!(
                        "extend() expects an array, got {}",
                        other.type_name()
                    ))
                }
            };
            Rc::make_mut(rc).extend(more);
            Ok(Value::Nil)
        }
        _ => err(format!("Unknown method '{name}' for array")),
    }
}

fn func<'a>(args: &'a [Value], i: usize, name: &str) -> VResult<&'a Value> {
    let f = arg(args, i, name)?;
    match f {
        Value::Func(_) | Value::Builtin(_) => Ok(f),
        other => err(format!(
            "{name}() expects a function, got {}",
            other.type_name()
        )),
    }
}

fn sum_product(xs: &[Value], product: bool) -> VResult<Value> {
    let mut acc_i: i64 = if product { 1 } else { 0 };
    let mut acc_f: f64 = acc_i as f64;
    let mut is_float = false;
    for v in xs {
        match v {
            Value::Int(i) if !is_float => {
                let r = if product {
                    acc_i.checked_mul(*i)
                } else {
                    acc_i.checked_add(*i)
                };
                match r {
                    Some(r) => acc_i = r,
                    // the result is a float anyway when a float follows: no overflow then,
                    // whatever the order of the elements
                    None if xs.iter().any(|x| matches!(x, Value::Float(_))) => {
                        is_float = true;
                        acc_f = acc_i as f64;
                        if product {
                            acc_f *= *i as f64
                        } else {
                            acc_f += *i as f64
                        }
                    }
                    None => {
                        return err(if product {
                            "Integer overflow in multiplication"
                        } else {
                            "Integer overflow in addition"
                        })
                    }
                }
            }
            Value::Int(_) | Value::Float(_) => {
                if !is_float {
                    is_float = true;
                    acc_f = acc_i as f64;
                }
                let x = v.as_float().unwrap_or(0.0);
                if product {
                    acc_f *= x
                } else {
                    acc_f += x
                }
            }
            other => {
                return err(format!(
                    "{}() requires numbers, got {}",
                    if product { "product" } else { "sum" },
                    other.type_name()
                ))
            }
        }
    }
    Ok(if is_float {
        Value::Float(acc_f)
    } else {
        Value::Int(acc_i)
    })
}

fn extreme(xs: &[Value], want: Ordering) -> VResult<Value> {
    let Some(first) = xs.first() else {
        return Ok(Value::Nil);
    };
    let mut best = first;
    for v in &xs[1..] {
        // (compared as `best` then `v`, so an error names the kinds in the array's order)
        match compare(best, v) {
            Ok(Some(o)) if o == want.reverse() => best = v,
            Ok(_) => {}
            Err(m) => return err(m),
        }
    }
    Ok(best.clone())
}

/// Stable merge sort with a fallible comparison (the first error wins). Never panics, even
/// when a user comparator is inconsistent.
/// Ascending natural order (`sort()`), with a fast path for all-integer arrays.
fn sort_natural(xs: Vec<Value>) -> VResult<Vec<Value>> {
    if xs.iter().all(|v| matches!(v, Value::Int(_))) {
        let mut ints: Vec<i64> = xs
            .iter()
            .map(|v| if let Value::Int(i) = v { *i } else { 0 })
            .collect();
        ruchy_parser::sort::sort_unstable(&mut ints);
        return Ok(ints.into_iter().map(Value::Int).collect());
    }
    sort_values(xs, natural)
}

/// Stable merge sort by `cmp`.
fn sort_values(
    xs: Vec<Value>,
    mut cmp: impl FnMut(&Value, &Value) -> VResult<Ordering>,
) -> VResult<Vec<Value>> {
    let mut xs = xs;
    let mut buf: Vec<Value> = Vec::with_capacity(xs.len());
    merge_sort(&mut xs, &mut buf, &mut cmp)?;
    Ok(xs)
}

fn merge_sort(
    xs: &mut Vec<Value>,
    buf: &mut Vec<Value>,
    cmp: &mut dyn FnMut(&Value, &Value) -> VResult<Ordering>,
) -> VResult<()> {
    let n = xs.len();
    if n <= 12 {
        for i in 1..n {
            let mut j = i;
            while j > 0 && cmp(&xs[j - 1], &xs[j])? == Ordering::Greater {
                xs.swap(j - 1, j);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mut right = xs.split_off(n / 2);
    merge_sort(xs, buf, cmp)?;
    merge_sort(&mut right, buf, cmp)?;
    buf.clear();
    let left = std::mem::take(xs);
    let mut li = left.into_iter().peekable();
    let mut ri = right.into_iter().peekable();
    loop {
        let take_right = match (li.peek(), ri.peek()) {
            (Some(a), Some(b)) => cmp(a, b)? == Ordering::Greater,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let v = if take_right { ri.next() } else { li.next() };
        buf.extend(v);
    }
    std::mem::swap(xs, buf);
    Ok(())
}

fn natural(a: &Value, b: &Value) -> VResult<Ordering> {
    match compare(a, b) {
        Ok(o) => Ok(o.unwrap_or(Ordering::Equal)),
        Err(m) => err(m),
    }
}

/// Order of two keys of `sort_by_key` / `min_by_key` / `max_by_key`: tuples and arrays
/// compare element by element (Rust's `sort_by_key(|p| (p.age, p.name))`), other values
/// as `<` does.
fn key_order(a: &Value, b: &Value) -> VResult<Ordering> {
    match (a, b) {
        (Value::Tuple(x), Value::Tuple(y)) | (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                let o = key_order(p, q)?;
                if o != Ordering::Equal {
                    return Ok(o);
                }
            }
            Ok(x.len().cmp(&y.len()))
        }
        _ => natural(a, b),
    }
}

fn to_usize(n: i64) -> usize {
    n.max(0) as usize
}

pub fn call(vm: &mut Vm, recv: Value, m: M, args: Args) -> VResult<Value> {
    let name = super::METHOD_NAMES[m as usize];
    let xs = items(&recv);
    Ok(match m {
        M::len => Value::Int(xs.len() as i64),
        M::is_empty => Value::Bool(xs.is_empty()),
        M::first => xs.first().cloned().unwrap_or(Value::Nil),
        M::last => xs.last().cloned().unwrap_or(Value::Nil),
        M::get => {
            let i = arg_int(&args, 0, name)?;
            if i < 0 {
                Value::Nil
            } else {
                xs.get(i as usize).cloned().unwrap_or(Value::Nil)
            }
        }
        M::contains => {
            let x = arg(&args, 0, name)?;
            Value::Bool(xs.iter().any(|v| values_equal(v, x)))
        }
        M::index_of | M::position
            if !matches!(args.first(), Some(Value::Func(_) | Value::Builtin(_))) =>
        {
            let x = arg(&args, 0, name)?;
            let pos = xs.iter().position(|v| values_equal(v, x));
            if m == M::index_of {
                Value::Int(pos.map(|p| p as i64).unwrap_or(-1))
            } else {
                vm.env.option(pos.map(|p| Value::Int(p as i64)))
            }
        }
        M::map => {
            let f = func(&args, 0, name)?;
            vm.repeat(f, 1, |vm, f| {
                let mut out = Vec::with_capacity(xs.len());
                for x in xs {
                    let mut y = Value::Nil;
                    f.call(vm, [x], &mut y)?;
                    out.push(y);
                }
                Ok(Value::array(out))
            })?
        }
        M::filter => {
            let f = func(&args, 0, name)?;
            vm.repeat(f, 1, |vm, f| {
                let mut out = Vec::new();
                for x in xs {
                    if test1(vm, f, x)? {
                        out.push(x.clone());
                    }
                }
                Ok(Value::array(out))
            })?
        }
        M::flat_map | M::filter_map => {
            // arrays are spliced in; Some(v) gives v and None / nil nothing (as Rust's
            // Option iterators do)
            let f = func(&args, 0, name)?;
            vm.repeat(f, 1, |vm, f| {
                let mut out = Vec::new();
                for x in xs {
                    match option_parts(call1(vm, f, x)?) {
                        Ok(Some(v)) => out.push(v),
                        Ok(None) | Err(Value::Nil) => {}
                        Err(Value::Array(a)) if m == M::flat_map => out.extend(a.iter().cloned()),
                        Err(other) => out.push(other),
                    }
                }
                Ok(Value::array(out))
            })?
        }
        M::find_map => {
            // the first Some(v) (or other non-nil value) the function gives, as Some(v)
            let f = func(&args, 0, name)?;
            let found = vm.repeat(f, 1, |vm, f| {
                for x in xs {
                    match option_parts(call1(vm, f, x)?) {
                        Ok(Some(v)) => return Ok(Some(v)),
                        Ok(None) | Err(Value::Nil) => {}
                        Err(other) => return Ok(Some(other)),
                    }
                }
                Ok(None)
            })?;
            vm.env.option(found)
        }
        M::for_each => {
            let f = func(&args, 0, name)?;
            vm.repeat(f, 1, |vm, f| {
                for x in xs {
                    call1(vm, f, x)?;
                }
                Ok(Value::Nil)
            })?
        }
        M::reduce | M::fold => {
            check_argc(&args, 1, 2, name)?;
            // reduce(f, init), reduce(init, f), fold(init, f), or reduce(f) seeded with the first element
            let (f, init) = match (&args[0], args.get(1)) {
                // `fold(init, f)` (§13.2), also when `init` is itself a function
                (init, Some(f @ (Value::Func(_) | Value::Builtin(_)))) if m == M::fold => {
                    (f, Some(init.clone()))
                }
                (f @ (Value::Func(_) | Value::Builtin(_)), Some(init)) => (f, Some(init.clone())),
                (init, Some(f @ (Value::Func(_) | Value::Builtin(_)))) => (f, Some(init.clone())),
                (f @ (Value::Func(_) | Value::Builtin(_)), None) => (f, None),
                _ => return err(format!("{name}() expects a function and an initial value")),
            };
            let (mut acc, rest) = match init {
                Some(i) => (i, xs),
                None => match xs.split_first() {
                    Some((first, rest)) => (first.clone(), rest),
                    None => return Ok(Value::Nil),
                },
            };
            vm.repeat(f, 2, |vm, f| {
                for x in rest {
                    // (the accumulator moves in, so the function may update it in place)
                    let prev = std::mem::take(&mut acc);
                    f.call_moved(vm, [prev, x.clone()], &mut acc)?;
                }
                Ok(acc)
            })?
        }
        M::any => {
            let f = func(&args, 0, name)?;
            let hit = vm.repeat(f, 1, |vm, f| first_hit(vm, f, xs, true))?;
            Value::Bool(hit.is_some())
        }
        M::all => {
            let f = func(&args, 0, name)?;
            let miss = vm.repeat(f, 1, |vm, f| first_hit(vm, f, xs, false))?;
            Value::Bool(miss.is_none())
        }
        M::find => {
            let f = func(&args, 0, name)?;
            let hit = vm.repeat(f, 1, |vm, f| first_hit(vm, f, xs, true))?;
            hit.map(|i| xs[i].clone()).unwrap_or(Value::Nil)
        }
        M::position | M::index_of => {
            let f = func(&args, 0, name)?;
            let hit = vm.repeat(f, 1, |vm, f| first_hit(vm, f, xs, true))?;
            vm.env.option(hit.map(|i| Value::Int(i as i64)))
        }
        M::count => match args.first() {
            Some(f @ (Value::Func(_) | Value::Builtin(_))) => vm.repeat(f, 1, |vm, f| {
                let mut n = 0;
                for x in xs {
                    if test1(vm, f, x)? {
                        n += 1;
                    }
                }
                Ok(Value::Int(n))
            })?,
            Some(x) => Value::Int(xs.iter().filter(|v| values_equal(v, x)).count() as i64),
            None => Value::Int(xs.len() as i64),
        },
        M::sum => sum_product(xs, false)?,
        M::product => sum_product(xs, true)?,
        M::min => extreme(xs, Ordering::Less)?,
        M::max => extreme(xs, Ordering::Greater)?,
        M::min_by_key | M::max_by_key => {
            let f = func(&args, 0, name)?;
            let want = if m == M::min_by_key {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let best = vm.repeat(f, 1, |vm, f| {
                let mut best: Option<(Value, Value)> = None;
                for x in xs {
                    let k = call1(vm, f, x)?;
                    let better = match &best {
                        None => true,
                        Some((bk, _)) => key_order(&k, bk)? == want,
                    };
                    if better {
                        best = Some((k, x.clone()));
                    }
                }
                Ok(best)
            })?;
            best.map(|b| b.1).unwrap_or(Value::Nil)
        }
        M::sort => {
            check_argc(&args, 0, 1, name)?;
            if let Some(f) = args.first() {
                return sort_by(vm, xs.to_vec(), f);
            }
            Value::array(sort_natural(xs.to_vec())?)
        }
        M::sort_by => sort_by(vm, xs.to_vec(), func(&args, 0, name)?)?,
        M::max_by | M::min_by => {
            // the last greatest / first least element by the comparator (nil if empty)
            let f = func(&args, 0, name)?;
            let mut best: Option<Value> = None;
            for x in xs {
                best = Some(match best {
                    None => x.clone(),
                    Some(b) => {
                        let r = vm.call_n(f, [x.clone(), b.clone()])?;
                        let o = comparator_ordering(r, name)?;
                        let take = if m == M::max_by {
                            o != Ordering::Less
                        } else {
                            o == Ordering::Less
                        };
                        if take {
                            x.clone()
                        } else {
                            b
                        }
                    }
                });
            }
            best.unwrap_or(Value::Nil)
        }
        M::sort_by_key => {
            let f = func(&args, 0, name)?;
            let keyed = vm.repeat(f, 1, |vm, f| {
                let mut keyed = Vec::with_capacity(xs.len());
                for x in xs {
                    keyed.push(Value::tuple(vec![call1(vm, f, x)?, x.clone()]));
                }
                Ok(keyed)
            })?;
            let sorted = sort_values(keyed, |a, b| key_order(&items_of(a)[0], &items_of(b)[0]))?;
            Value::array(
                sorted
                    .into_iter()
                    .map(|t| items_of(&t)[1].clone())
                    .collect(),
            )
        }
        M::reverse | M::rev => Value::array(xs.iter().rev().cloned().collect()),
        M::join => {
            check_argc(&args, 0, 1, name)?;
            let sep = if args.is_empty() {
                ""
            } else {
                arg_str(&args, 0, name)?
            };
            let mut out = String::new();
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                match x.as_str() {
                    Some(s) => out.push_str(s),
                    None => {
                        crate::value::display::write_value(&mut out, x, crate::value::Form::Display)
                    }
                }
                crate::error::check_size(out.len() as u64, 0)?;
            }
            Value::string(out)
        }
        M::enumerate => Value::array(
            xs.iter()
                .enumerate()
                .map(|(i, x)| Value::tuple(vec![Value::Int(i as i64), x.clone()]))
                .collect(),
        ),
        M::zip => {
            let other: Vec<Value> = match arg(&args, 0, name)? {
                Value::Array(a) | Value::Tuple(a) => a.to_vec(),
                Value::Range(r) => r.ints().map(Value::Int).collect(),
                other => return err(format!("zip() expects an array, got {}", other.type_name())),
            };
            Value::array(
                xs.iter()
                    .zip(other)
                    .map(|(a, b)| Value::tuple(vec![a.clone(), b]))
                    .collect(),
            )
        }
        M::take => {
            let n = to_usize(arg_int(&args, 0, name)?).min(xs.len());
            Value::array(xs[..n].to_vec())
        }
        M::step_by => {
            // every n-th element, starting with the first (Rust's Iterator::step_by)
            let n = arg_int(&args, 0, name)?;
            if n <= 0 {
                return err("step_by() needs a positive step");
            }
            Value::array(xs.iter().step_by(to_usize(n)).cloned().collect())
        }
        M::skip => {
            let n = to_usize(arg_int(&args, 0, name)?).min(xs.len());
            Value::array(xs[n..].to_vec())
        }
        M::slice => {
            check_argc(&args, 1, 2, name)?;
            let a = arg_int(&args, 0, name)?;
            let b = if args.len() > 1 {
                arg_int(&args, 1, name)?
            } else {
                xs.len() as i64
            };
            let (a, b) = crate::vm::data::clamp_range(a, b, xs.len());
            Value::array(xs[a..b].to_vec())
        }
        M::unique => {
            // candidates by hash, confirmed with `==` (equal values hash alike): linear time
            // for every kind of element
            let mut out: Vec<Value> = Vec::new();
            let mut by_hash: rustc_hash::FxHashMap<u64, smallvec::SmallVec<[u32; 1]>> =
                Default::default();
            for x in xs {
                let seen = by_hash.entry(crate::value::map::value_hash(x)).or_default();
                if !seen.iter().any(|&i| values_equal(&out[i as usize], x)) {
                    seen.push(out.len() as u32);
                    out.push(x.clone());
                }
            }
            Value::array(out)
        }
        M::flatten => {
            let mut out = Vec::new();
            for x in xs {
                match x {
                    Value::Array(a) => out.extend(a.iter().cloned()),
                    other => out.push(other.clone()),
                }
            }
            Value::array(out)
        }
        M::union | M::intersection | M::difference => {
            let other = match arg(&args, 0, name)? {
                Value::Array(o) => o.clone(),
                other => {
                    return err(format!(
                        "{name}() expects an array, got {}",
                        other.type_name()
                    ))
                }
            };
            set_op(xs, &other, m)
        }
        M::nth => {
            let i = arg_int(&args, 0, name)?;
            match usize::try_from(i).ok().and_then(|i| xs.get(i)) {
                Some(v) => vm.env.some(v.clone()),
                None => vm.env.none(),
            }
        }
        M::concat if args.is_empty() && !xs.is_empty() => {
            // Rust's `[[1], [2]].concat()` / `["a", "b"].concat()`: the elements joined
            if xs.iter().all(|x| matches!(x, Value::Array(_))) {
                let mut out = Vec::new();
                for x in xs {
                    if let Value::Array(a) = x {
                        out.extend(a.iter().cloned());
                    }
                }
                Value::array(out)
            } else if xs.iter().all(|x| x.as_str().is_some()) {
                Value::string(xs.iter().filter_map(|x| x.as_str()).collect::<String>())
            } else {
                Value::array(xs.to_vec())
            }
        }
        M::concat => {
            let mut out = xs.to_vec();
            for a in &args {
                match a {
                    Value::Array(more) => out.extend(more.iter().cloned()),
                    other => {
                        return err(format!(
                            "concat() expects arrays, got {}",
                            other.type_name()
                        ))
                    }
                }
            }
            Value::array(out)
        }
        M::chunks | M::windows => {
            let n = arg_int(&args, 0, name)?;
            if n <= 0 {
                return err(format!("{name}() size must be positive"));
            }
            let n = n as usize;
            let parts: Vec<Value> = if m == M::chunks {
                xs.chunks(n).map(|c| Value::array(c.to_vec())).collect()
            } else {
                xs.windows(n).map(|c| Value::array(c.to_vec())).collect()
            };
            Value::array(parts)
        }
        M::iter | M::into_iter | M::collect | M::cloned | M::to_vec | M::to_array => recv.clone(),
        M::push
        | M::pop
        | M::insert
        | M::remove
        | M::clear
        | M::extend
        | M::push_back
        | M::push_front => {
            let mut tmp = recv.clone();
            return mutate(&mut tmp, m, args);
        }
        M::pop_front | M::pop_back => {
            let v = if m == M::pop_front {
                xs.first()
            } else {
                xs.last()
            };
            match v {
                Some(v) => vm.env.some(v.clone()),
                None => vm.env.none(),
            }
        }
        M::front | M::back => {
            let v = if m == M::front { xs.first() } else { xs.last() };
            match v {
                Some(v) => vm.env.some(v.clone()),
                None => vm.env.none(),
            }
        }
        _ => return err(format!("Unknown method '{name}' for array")),
    })
}

fn items_of(v: &Value) -> &[Value] {
    match v {
        Value::Tuple(t) | Value::Array(t) => t,
        _ => &[],
    }
}

/// `sort_by(f)`: `f(a, b)` returns a negative/zero/positive number or a boolean "a before b".
fn sort_by(vm: &mut Vm, xs: Vec<Value>, f: &Value) -> VResult<Value> {
    let sorted = sort_values(xs, |a, b| {
        comparator_ordering(vm.call_n(f, [a.clone(), b.clone()])?, "sort_by")
    })?;
    Ok(Value::array(sorted))
}

/// What a comparator's result says about its two arguments: a number's sign, `true` for
/// "less", or an ordering-like enum value.
fn comparator_ordering(r: Value, name: &str) -> VResult<Ordering> {
    Ok(match r {
        Value::Int(i) => i.cmp(&0),
        Value::Float(x) => x.partial_cmp(&0.0).unwrap_or(Ordering::Equal),
        Value::Bool(true) => Ordering::Less,
        Value::Bool(false) => Ordering::Greater,
        Value::Enum(e) => match e.variant {
            0 => Ordering::Less,
            1 => Ordering::Equal,
            _ => Ordering::Greater,
        },
        other => {
            return err(format!(
                "{name}() comparator must return a number, got {}",
                other.type_name()
            ))
        }
    })
}

/// `union` / `intersection` / `difference` of two arrays used as sets: the first
/// occurrences, in order (the receiver's elements, then for a union the other's).
fn set_op(xs: &[Value], other: &[Value], m: M) -> Value {
    let mut out: Vec<Value> = Vec::new();
    let in_other = |v: &Value| other.iter().any(|o| values_equal(o, v));
    for x in xs {
        let keep = match m {
            M::intersection => in_other(x),
            M::difference => !in_other(x),
            _ => true,
        };
        if keep && !out.iter().any(|o| values_equal(o, x)) {
            out.push(x.clone());
        }
    }
    if m == M::union {
        for x in other {
            if !out.iter().any(|o| values_equal(o, x)) {
                out.push(x.clone());
            }
        }
    }
    Value::array(out)
}

/// `Ok(Some(v))` for `Some(v)`, `Ok(None)` for `None`, `Err(value)` for anything else.
fn option_parts(v: Value) -> Result<Option<Value>, Value> {
    if let Value::Enum(e) = &v {
        if e.ty.id == crate::env::OPTION_ID {
            return Ok(if e.variant == crate::env::SOME {
                e.payload.first().cloned()
            } else {
                None
            });
        }
    }
    Err(v)
}

/// Call `f` with `x` (see `Vm::call_ref_into`).
fn call1(vm: &mut Vm, f: &mut Repeat, x: &Value) -> VResult<Value> {
    let mut y = Value::Nil;
    f.call(vm, [x], &mut y)?;
    Ok(y)
}

/// Whether `f(x)` is truthy.
fn test1(vm: &mut Vm, f: &mut Repeat, x: &Value) -> VResult<bool> {
    let mut y = Value::Nil;
    f.call(vm, [x], &mut y)?;
    Ok(y.truthy())
}

/// The index of the first element for which `f` is `want` (truthy or not).
fn first_hit(vm: &mut Vm, f: &mut Repeat, xs: &[Value], want: bool) -> VResult<Option<usize>> {
    for (i, x) in xs.iter().enumerate() {
        if test1(vm, f, x)? == want {
            return Ok(Some(i));
        }
    }
    Ok(None)
}
