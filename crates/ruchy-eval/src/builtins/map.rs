//! Map (§13.4) and set (§13.5) methods.

use super::Args;
use super::{arg, check_argc, M};
use crate::error::{err, VResult};
use crate::value::{SetVal, Value};
use crate::vm::Vm;
use std::rc::Rc;

pub fn has_map(m: M) -> bool {
    use M::*;
    matches!(
        m,
        len | is_empty
            | keys
            | values
            | items
            | entries
            | get
            | get_or
            | contains_key
            | insert
            | remove
            | clear
            | iter
            | contains
    )
}

pub fn has_set(m: M) -> bool {
    use M::*;
    matches!(
        m,
        len | is_empty
            | insert
            | remove
            | contains
            | to_array
            | iter
            | union
            | intersection
            | difference
            | clear
    )
}

pub fn mutate_map(recv: &mut Value, m: M, args: Args) -> VResult<Value> {
    let Value::Map(rc) = recv else {
        return err("Internal error: not a map");
    };
    let name = super::METHOD_NAMES[m as usize];
    match m {
        M::insert => {
            check_argc(&args, 2, 2, name)?;
            let mut it = args.into_iter();
            let (k, v) = (it.next().unwrap_or_default(), it.next().unwrap_or_default());
            Rc::make_mut(rc).insert(k, v);
            Ok(Value::Nil)
        }
        M::remove => {
            let k = arg(&args, 0, name)?;
            let old = if rc.contains_key(k) {
                Rc::make_mut(rc).remove(k)
            } else {
                None
            };
            Ok(option(old))
        }
        M::clear => {
            *rc = Rc::new(crate::value::MapVal::new());
            Ok(Value::Nil)
        }
        _ => err(format!("Unknown method '{name}' for object")),
    }
}

fn option(v: Option<Value>) -> Value {
    crate::env::option_value(v)
}

pub fn call_map(vm: &mut Vm, recv: &Value, m: M, args: Args) -> VResult<Value> {
    let Value::Map(map) = recv else {
        return err("Internal error: not a map");
    };
    let name = super::METHOD_NAMES[m as usize];
    Ok(match m {
        M::len => Value::Int(map.len() as i64),
        M::is_empty => Value::Bool(map.is_empty()),
        M::keys => Value::array(map.keys().cloned().collect()),
        M::values => Value::array(map.values().cloned().collect()),
        M::items | M::entries | M::iter => Value::array(
            map.iter()
                .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                .collect(),
        ),
        M::get => {
            check_argc(&args, 1, 2, name)?;
            match (map.get(&args[0]), args.get(1)) {
                // with a default (Python's `get(k, d)`): the value itself either way
                (Some(v), Some(_)) => v.clone(),
                (Some(v), None) => vm.env.some(v.clone()),
                (None, Some(default)) => default.clone(),
                (None, None) => vm.env.none(),
            }
        }
        M::get_or => {
            check_argc(&args, 2, 2, name)?;
            map.get(&args[0])
                .cloned()
                .unwrap_or_else(|| args[1].clone())
        }
        M::contains_key | M::contains => Value::Bool(map.contains_key(arg(&args, 0, name)?)),
        _ => return err(format!("Unknown method '{name}' for object")),
    })
}

pub fn mutate_set(recv: &mut Value, m: M, args: Args) -> VResult<Value> {
    let Value::Set(rc) = recv else {
        return err("Internal error: not a set");
    };
    let name = super::METHOD_NAMES[m as usize];
    match m {
        M::insert => {
            let v = arg(&args, 0, name)?.clone();
            if !rc.contains(&v) {
                Rc::make_mut(rc).insert(v);
            }
            Ok(Value::Nil)
        }
        M::remove => {
            let v = arg(&args, 0, name)?;
            if rc.contains(v) {
                Rc::make_mut(rc).remove(v);
            }
            Ok(Value::Nil)
        }
        M::clear => {
            *rc = Rc::new(SetVal::new());
            Ok(Value::Nil)
        }
        _ => err(format!("Unknown method '{name}' for set")),
    }
}

fn set_arg<'a>(args: &'a [Value], name: &str) -> VResult<&'a SetVal> {
    match arg(args, 0, name)? {
        Value::Set(s) => Ok(s),
        other => err(format!("{name}() expects a set, got {}", other.type_name())),
    }
}

pub fn call_set(recv: &Value, m: M, args: Args) -> VResult<Value> {
    let Value::Set(set) = recv else {
        return err("Internal error: not a set");
    };
    let name = super::METHOD_NAMES[m as usize];
    Ok(match m {
        M::len => Value::Int(set.len() as i64),
        M::is_empty => Value::Bool(set.is_empty()),
        M::contains => Value::Bool(set.contains(arg(&args, 0, name)?)),
        M::to_array | M::iter => Value::array(set.iter().cloned().collect()),
        M::union => {
            let other = set_arg(&args, name)?;
            Value::Set(Rc::new(set.iter().chain(other.iter()).cloned().collect()))
        }
        M::intersection => {
            let other = set_arg(&args, name)?;
            Value::Set(Rc::new(
                set.iter().filter(|v| other.contains(v)).cloned().collect(),
            ))
        }
        M::difference => {
            let other = set_arg(&args, name)?;
            Value::Set(Rc::new(
                set.iter().filter(|v| !other.contains(v)).cloned().collect(),
            ))
        }
        _ => return err(format!("Unknown method '{name}' for set")),
    })
}
