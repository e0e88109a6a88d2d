//! Option (§11.2) and Result (§11.3) methods.

use super::Args;
use super::{arg, M};
use crate::env::{OK, OPTION_ID, SOME};
use crate::error::{err, VResult};
use crate::value::{EnumVal, Value};
use crate::vm::Vm;

pub fn has(m: M) -> bool {
    use M::*;
    matches!(
        m,
        is_some
            | is_none
            | unwrap
            | expect
            | unwrap_or
            | unwrap_or_else
            | unwrap_or_default
            | map
            | and_then
            | ok_or
            | or
            | or_else
            | filter
            | is_ok
            | is_err
            | map_err
            | ok
            | err
            | unwrap_err
            | iter
    )
}

/// Whether `e` is an Option (else a Result), and whether it holds a value: Some(v) / Ok(v)
/// do; None and Err(e) (whose payload is the error) do not.
pub(crate) fn kind_and_presence(e: &EnumVal) -> (bool, bool) {
    let option = e.ty.id == OPTION_ID;
    (option, e.variant == if option { SOME } else { OK })
}

pub fn call(vm: &mut Vm, recv: Value, m: M, args: Args) -> VResult<Value> {
    let Value::Enum(e) = &recv else {
        return err("Internal error: not an enum");
    };
    let name = super::METHOD_NAMES[m as usize];
    let (is_option, present) = kind_and_presence(e);
    let payload = e.payload.first().cloned().unwrap_or(Value::Nil);
    Ok(match m {
        M::is_some if is_option => Value::Bool(present),
        M::is_none if is_option => Value::Bool(!present),
        M::is_ok if !is_option => Value::Bool(present),
        M::is_err if !is_option => Value::Bool(!present),
        M::unwrap => {
            if present {
                payload
            } else if is_option {
                return err("Called unwrap() on None");
            } else {
                return err(format!(
                    "Called unwrap() on Err: {}",
                    payload.to_top_level()
                ));
            }
        }
        M::expect => {
            if present {
                payload
            } else {
                let msg = arg(&args, 0, name)?.to_top_level();
                if is_option {
                    return err(msg);
                }
                return err(format!("{msg}: {}", payload.to_top_level()));
            }
        }
        M::unwrap_err if !is_option => {
            if present {
                return err(format!(
                    "Called unwrap_err() on Ok: {}",
                    payload.to_top_level()
                ));
            }
            payload
        }
        M::unwrap_or => {
            if present {
                payload
            } else {
                arg(&args, 0, name)?.clone()
            }
        }
        M::unwrap_or_else => {
            if present {
                payload
            } else {
                let f = arg(&args, 0, name)?;
                if is_option {
                    vm.call_n(f, [])?
                } else {
                    vm.call_n(f, [payload])?
                }
            }
        }
        M::unwrap_or_default => {
            if present {
                payload
            } else {
                Value::Nil
            }
        }
        M::map => {
            if present {
                let v = vm.call_n(arg(&args, 0, name)?, [payload])?;
                if is_option {
                    vm.env.some(v)
                } else {
                    vm.env.ok(v)
                }
            } else {
                recv.clone()
            }
        }
        M::map_err if !is_option => {
            if present {
                recv.clone()
            } else {
                let v = vm.call_n(arg(&args, 0, name)?, [payload])?;
                vm.env.err(v)
            }
        }
        M::and_then => {
            if present {
                vm.call_n(arg(&args, 0, name)?, [payload])?
            } else {
                recv.clone()
            }
        }
        M::or => {
            if present {
                recv.clone()
            } else {
                arg(&args, 0, name)?.clone()
            }
        }
        M::or_else => {
            if present {
                recv.clone()
            } else if is_option {
                vm.call_n(arg(&args, 0, name)?, [])?
            } else {
                vm.call_n(arg(&args, 0, name)?, [payload])?
            }
        }
        M::filter if is_option => {
            if present && vm.call_n(arg(&args, 0, name)?, [payload])?.truthy() {
                recv.clone()
            } else {
                vm.env.none()
            }
        }
        M::ok_or if is_option => {
            if present {
                vm.env.ok(payload)
            } else {
                vm.env.err(arg(&args, 0, name)?.clone())
            }
        }
        M::ok if !is_option => vm.env.option(present.then_some(payload)),
        M::err if !is_option => vm.env.option((!present).then_some(payload)),
        M::iter => Value::array(if present { vec![payload] } else { Vec::new() }),
        // (§14.1: the type is named as `type_of` names it)
        _ => return err(format!("Unknown method '{name}' for enum_variant")),
    })
}

/// `unwrap`/`expect`/`unwrap_or`/`unwrap_or_else`/`ok_or`/`is_some`/`is_none` on a value
/// that is not an Option or a Result: the nil-or-value results of `first()`, `get(i)`, `pop()`, `max()`, `parse()`
/// … treated like `None` / `Some(v)`, so Rust's `xs.first().unwrap()` and
/// `s.parse::<i32>().unwrap()` work.
pub fn plain_unwrap_applies(m: M, recv: &Value) -> bool {
    matches!(
        m,
        M::unwrap
            | M::expect
            | M::unwrap_or
            | M::unwrap_or_else
            | M::ok_or
            | M::is_some
            | M::is_none
    ) && !matches!(recv, Value::Enum(e) if e.ty.id == OPTION_ID || e.ty.id == crate::env::RESULT_ID)
}

pub fn plain_unwrap(vm: &mut Vm, recv: Value, m: M, args: Args) -> VResult<Value> {
    let name = super::METHOD_NAMES[m as usize];
    let present = !matches!(recv, Value::Nil);
    match m {
        M::is_some => return Ok(Value::Bool(present)),
        M::is_none => return Ok(Value::Bool(!present)),
        M::ok_or if present => return Ok(vm.env.ok(recv)),
        M::ok_or => return Ok(vm.env.err(arg(&args, 0, name)?.clone())),
        _ => {}
    }
    if present {
        return Ok(recv);
    }
    Ok(match m {
        M::unwrap => return err("Called unwrap() on None"),
        M::expect => return err(arg(&args, 0, name)?.to_top_level()),
        M::unwrap_or => arg(&args, 0, name)?.clone(),
        _ => {
            let f = arg(&args, 0, name)?;
            vm.call_n(f, [])?
        }
    })
}
