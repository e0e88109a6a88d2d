//! Builtin methods of maps, sets, numbers, Option and Result: which exist and their
//! result types (the rest of `methods.rs`).

use super::methods::Cx;
use crate::ty::{Tag, Ty};

pub(super) fn map(cx: &mut Cx, k: &Ty, v: &Ty, name: &str) -> Option<Ty> {
    let (k, v) = (k.clone(), v.clone());
    Some(match name {
        "len" => Ty::Int,
        "is_empty" | "contains_key" | "contains" => Ty::Bool,
        "keys" => cx.array(&[k]),
        "values" => cx.array(&[v]),
        "items" | "entries" | "iter" => cx.array(&[Ty::tuple(vec![k, v])]),
        "get" | "remove" => Ty::option(v),
        "get_or" => {
            let d = cx.arg(1);
            cx.join(&[v, d])
        }
        "insert" => {
            cx.store(&k, 0);
            cx.store(&v, 1);
            Ty::Nil
        }
        "clear" => Ty::Nil,
        _ => return None,
    })
}

pub(super) fn set(cx: &mut Cx, e: &Ty, name: &str) -> Option<Ty> {
    let e = e.clone();
    Some(match name {
        "len" => Ty::Int,
        "is_empty" | "contains" => Ty::Bool,
        "insert" => {
            cx.store(&e, 0);
            Ty::Nil
        }
        "remove" | "clear" => Ty::Nil,
        "to_array" | "iter" => cx.array(&[e]),
        "union" => {
            let other = match cx.known(&cx.arg(0)) {
                Ty::Set(x) => (*x).clone(),
                _ => Ty::Dyn,
            };
            Ty::set(cx.inf.elements(cx.span, Tag::Elem, &[e, other]))
        }
        "intersection" | "difference" => Ty::set(cx.inf.elements(cx.span, Tag::Elem, &[e])),
        _ => return None,
    })
}

pub(super) fn number(cx: &mut Cx, k: &Ty, name: &str) -> Option<Ty> {
    Some(match name {
        "abs" | "signum" => k.clone(),
        "pow" | "powi" | "powf" => {
            let x = cx.arg(0);
            cx.inf
                .arith(ruchy_parser::ast::BinOp::Pow, k, &x, cx.span, None)
        }
        "floor" | "ceil" | "round" | "sqrt" | "sin" | "cos" | "tan" | "ln" | "log" | "log10"
        | "log2" | "exp" | "to_f64" | "to_float" => Ty::Float,
        "is_nan" => Ty::Bool,
        "to_int" => Ty::Int,
        "min" | "max" => {
            let x = cx.arg(0);
            cx.join(&[k.clone(), x])
        }
        "clamp" => Ty::Dyn,
        _ => return None,
    })
}

pub(super) fn option(cx: &mut Cx, recv: &Ty, t: &Ty, name: &str) -> Option<Ty> {
    let t = t.clone();
    Some(match name {
        "is_some" | "is_none" => Ty::Bool,
        "unwrap" | "expect" => t,
        "unwrap_or" => {
            let d = cx.arg(0);
            cx.join(&[t, d])
        }
        "unwrap_or_else" => {
            let r = cx.callback(0, vec![]);
            cx.join(&[t, r])
        }
        "unwrap_or_default" => Ty::Dyn,
        "map" => Ty::option(cx.callback(0, vec![t])),
        "and_then" => {
            let r = cx.callback(0, vec![t]);
            cx.join(&[r, recv.clone()])
        }
        "or" => {
            let x = cx.arg(0);
            cx.join(&[recv.clone(), x])
        }
        "or_else" => {
            let r = cx.callback(0, vec![]);
            cx.join(&[recv.clone(), r])
        }
        "filter" => {
            cx.callback(0, vec![t]);
            recv.clone()
        }
        "ok_or" => Ty::result(t, cx.arg(0)),
        "iter" => cx.array(&[t]),
        _ => return None,
    })
}

pub(super) fn result(cx: &mut Cx, recv: &Ty, t: &Ty, e: &Ty, name: &str) -> Option<Ty> {
    let (t, e) = (t.clone(), e.clone());
    Some(match name {
        "is_ok" | "is_err" => Ty::Bool,
        "unwrap" | "expect" => t,
        "unwrap_err" => e,
        "unwrap_or" => {
            let d = cx.arg(0);
            cx.join(&[t, d])
        }
        "unwrap_or_else" => {
            let r = cx.callback(0, vec![e]);
            cx.join(&[t, r])
        }
        "unwrap_or_default" => Ty::Dyn,
        "map" => Ty::result(cx.callback(0, vec![t]), e),
        "map_err" => Ty::result(t, cx.callback(0, vec![e])),
        "and_then" => {
            let r = cx.callback(0, vec![t]);
            cx.join(&[r, recv.clone()])
        }
        "or" => {
            let x = cx.arg(0);
            cx.join(&[recv.clone(), x])
        }
        "or_else" => {
            let r = cx.callback(0, vec![e]);
            cx.join(&[recv.clone(), r])
        }
        "ok" => Ty::option(t),
        "err" => Ty::option(e),
        "iter" => cx.array(&[t]),
        _ => return None,
    })
}
