//! Builtin methods of strings, arrays, ranges, tuples, maps, sets, numbers, Option, Result
//! and dataframes (§11, §13): which exist for each kind, their result types, and the types
//! their callbacks receive. `None` means the kind has no such method.

use super::values;
use crate::infer::{ArgTy, Infer};
use crate::ty::{Tag, Ty};
use crate::unify::Mode;
use ruchy_parser::ast::Ident;
use ruchy_parser::Span;

pub(super) struct Cx<'a, 'b> {
    pub inf: &'a mut Infer<'b>,
    pub args: &'a [ArgTy],
    pub span: Span,
    /// The receiver's type (its variable widens when an element cannot).
    pub recv: Ty,
}

impl Cx<'_, '_> {
    pub(super) fn arg(&self, i: usize) -> Ty {
        self.args.get(i).map(|a| a.ty.clone()).unwrap_or(Ty::Dyn)
    }

    /// Argument `i` is stored into the receiver as an element of type `place`.
    pub(super) fn store(&mut self, place: &Ty, i: usize) {
        let Some(a) = self.args.get(i) else { return };
        let (t, span) = (a.ty.clone(), a.span);
        let recv = self.recv.clone();
        self.inf.sink_elem(&recv, place, &t, span);
    }

    /// The callback argument `i` is called with values of types `params`; its result type.
    pub(super) fn callback(&mut self, i: usize, params: Vec<Ty>) -> Ty {
        let Some(a) = self.args.get(i) else {
            return Ty::Dyn;
        };
        let r = self.inf.fresh(self.span, Tag::Result);
        let expected = Ty::func(params, r.clone());
        if self.inf.store.flow(&expected, &a.ty, Mode::Sink) {
            return r;
        }
        self.inf.store.poison_path();
        self.inf.store.escape_to_dyn(&a.ty);
        Ty::Dyn
    }

    pub(super) fn callback_if_fn(&mut self, i: usize, params: Vec<Ty>) {
        if matches!(self.inf.store.resolve(&self.arg(i)), Ty::Fn(_)) {
            self.callback(i, params);
        }
    }

    /// A new array whose elements start with the types `tys`.
    pub(super) fn array(&mut self, tys: &[Ty]) -> Ty {
        Ty::array(self.inf.elements(self.span, Tag::Elem, tys))
    }

    pub(super) fn join(&mut self, tys: &[Ty]) -> Ty {
        self.inf.join(self.span, Tag::Join, tys)
    }

    pub(super) fn escape_all(&mut self) {
        for a in self.args {
            self.inf.store.escape_to_dyn(&a.ty);
        }
    }

    pub(super) fn known(&self, t: &Ty) -> Ty {
        self.inf.known(t)
    }
}

/// The result of `recv.name(args)` for a receiver of known builtin type `k`.
pub fn call(
    inf: &mut Infer,
    k: &Ty,
    recv: &Ty,
    method: &Ident,
    args: &[ArgTy],
    _span: Span,
) -> Option<Ty> {
    let mut cx = Cx {
        inf,
        args,
        span: method.span,
        recv: recv.clone(),
    };
    // spellings of the same builtin method, as the evaluator reads them
    let name = ruchy_parser::names::canonical_method(&method.name);
    if name == "cmp" && matches!(k, Ty::Str | Ty::Int | Ty::Float) {
        // -1, 0 or 1 (usable as a sort_by comparator)
        return Some(Ty::Int);
    }
    if name == "partial_cmp" && matches!(k, Ty::Str | Ty::Int | Ty::Float) {
        return Some(Ty::option(Ty::Int));
    }
    let optionish = matches!(k, Ty::Named(n) if &*n.name == "Option" || &*n.name == "Result");
    let plain = [
        "unwrap",
        "expect",
        "unwrap_or",
        "unwrap_or_else",
        "ok_or",
        "is_some",
        "is_none",
    ];
    if !optionish && plain.contains(&name) {
        // a nil-or-value result (first(), get(i), parse(), …) used like an Option
        return Some(match name {
            "unwrap" | "expect" => recv.clone(),
            "is_some" | "is_none" => Ty::Bool,
            _ => Ty::Dyn,
        });
    }
    match k {
        Ty::Str => string(&mut cx, name),
        Ty::Array(e) => array(&mut cx, e, name),
        Ty::Range => match name {
            "contains" => Some(Ty::Bool),
            "len" => Some(Ty::Int),
            "rev" | "to_array" => Some(cx.array(&[Ty::Int])),
            _ => array(&mut cx, &Ty::Int, name),
        },
        Ty::Tuple(items) => match name {
            "len" => Some(Ty::Int),
            "is_empty" | "contains" => Some(Ty::Bool),
            "to_array" => Some(cx.array(items)),
            "first" | "last" | "get" => Some(Ty::Dyn),
            _ => None,
        },
        Ty::Map(kv) => values::map(&mut cx, &kv.0, &kv.1, name),
        Ty::Set(e) => values::set(&mut cx, e, name),
        Ty::Int | Ty::Float => values::number(&mut cx, k, name),
        Ty::Named(n) if &*n.name == "Option" => values::option(&mut cx, recv, &n.arg(0), name),
        Ty::Named(n) if &*n.name == "Result" => {
            values::result(&mut cx, recv, &n.arg(0), &n.arg(1), name)
        }
        Ty::DataFrame => match name {
            "rows" | "columns" | "len" => Some(Ty::Int),
            "is_empty" => Some(Ty::Bool),
            "column_names" => Some(cx.array(&[Ty::Str])),
            "get" => Some(Ty::Dyn),
            "select" | "sort_by" => Some(Ty::DataFrame),
            "filter" => {
                cx.callback(0, vec![Ty::map(Ty::Str, Ty::Dyn)]);
                Some(Ty::DataFrame)
            }
            _ => None,
        },
        _ => None,
    }
}

/// The parameter types of the callback passed as argument `i` of `recv.name(…)`.
pub fn callback_params(k: &Ty, name: &str, i: usize) -> Option<Vec<Ty>> {
    if i != 0 {
        return None;
    }
    let one = |t: &Ty| Some(vec![t.clone()]);
    match k {
        Ty::Array(_) | Ty::Range => {
            let e = match k {
                Ty::Array(e) => (**e).clone(),
                _ => Ty::Int,
            };
            match name {
                "map" | "filter" | "any" | "all" | "find" | "for_each" | "flat_map"
                | "filter_map" | "find_map" | "min_by_key" | "max_by_key" | "sort_by_key"
                | "count" | "position" | "index_of" => one(&e),
                "sort" | "sort_by" | "max_by" | "min_by" => Some(vec![e.clone(), e]),
                _ => None,
            }
        }
        Ty::Named(n) if &*n.name == "Option" => match name {
            "map" | "and_then" | "filter" => one(&n.arg(0)),
            "unwrap_or_else" | "or_else" => Some(Vec::new()),
            _ => None,
        },
        Ty::Named(n) if &*n.name == "Result" => match name {
            "map" | "and_then" => one(&n.arg(0)),
            "map_err" | "unwrap_or_else" | "or_else" => one(&n.arg(1)),
            _ => None,
        },
        Ty::DataFrame if name == "filter" => Some(vec![Ty::map(Ty::Str, Ty::Dyn)]),
        _ => None,
    }
}

fn string(cx: &mut Cx, name: &str) -> Option<Ty> {
    Some(match name {
        "len" | "char_count" | "count" | "index_of" | "to_int" => Ty::Int,
        "is_empty" | "contains" | "starts_with" | "ends_with" | "is_numeric" | "is_alphabetic"
        | "is_alphanumeric" | "is_whitespace" | "is_digit" | "is_uppercase" | "is_lowercase" => {
            Ty::Bool
        }
        "to_upper" | "to_uppercase" | "to_lower" | "to_lowercase" | "trim" | "trim_start"
        | "trim_end" | "replace" | "repeat" | "substring" | "format" | "reverse" => Ty::Str,
        "split" | "lines" | "chars" | "iter" | "split_whitespace" => cx.array(&[Ty::Str]),
        "bytes" | "as_bytes" => cx.array(&[Ty::Int]),
        "to_float" => Ty::Float,
        "get" | "first" | "last" | "strip_prefix" | "strip_suffix" => Ty::option(Ty::Str),
        "find" | "rfind" => Ty::option(Ty::Int),
        // an integer, or a float for text like "2.5"
        "parse" => Ty::Dyn,
        "char_at" => Ty::Dyn,
        _ => return None,
    })
}

fn array(cx: &mut Cx, e: &Ty, name: &str) -> Option<Ty> {
    let e = e.clone();
    Some(match name {
        "len" => Ty::Int,
        "is_empty" | "contains" => Ty::Bool,
        "push" | "push_back" | "push_front" => {
            cx.store(&e, 0);
            Ty::Nil
        }
        // VecDeque spellings
        "pop_front" | "pop_back" | "front" | "back" => Ty::option(e),
        "insert" => {
            cx.store(&e, 1);
            Ty::Nil
        }
        "extend" => {
            let more = match cx.known(&cx.arg(0)) {
                Ty::Array(x) => (*x).clone(),
                Ty::Range => Ty::Int,
                _ => Ty::Dyn,
            };
            let (recv, span) = (cx.recv.clone(), cx.args.first().map_or(cx.span, |a| a.span));
            cx.inf.sink_elem(&recv, &e, &more, span);
            Ty::Nil
        }
        "clear" | "for_each" => {
            cx.callback_if_fn(0, vec![e]);
            Ty::Nil
        }
        "remove" => e,
        "pop" | "first" | "last" | "get" | "min" | "max" => Ty::Dyn,
        "find" | "min_by_key" | "max_by_key" => {
            cx.callback(0, vec![e]);
            Ty::Dyn
        }
        "max_by" | "min_by" => {
            cx.callback(0, vec![e.clone(), e]);
            Ty::Dyn
        }
        "map" => {
            let r = cx.callback(0, vec![e]);
            cx.array(&[r])
        }
        "filter" => {
            cx.callback(0, vec![e.clone()]);
            cx.array(&[e])
        }
        "any" | "all" => {
            cx.callback(0, vec![e]);
            Ty::Bool
        }
        "count" => {
            cx.callback_if_fn(0, vec![e]);
            Ty::Int
        }
        "position" => {
            cx.callback_if_fn(0, vec![e]);
            Ty::option(Ty::Int)
        }
        "index_of" => {
            cx.callback_if_fn(0, vec![e]);
            Ty::Dyn
        }
        "reduce" | "fold" => {
            cx.escape_all();
            Ty::Dyn
        }
        "sum" | "product" => match cx.known(&e) {
            t @ (Ty::Int | Ty::Float) => t,
            _ => Ty::Dyn,
        },
        "sort" | "sort_by" => {
            cx.callback_if_fn(0, vec![e.clone(), e.clone()]);
            cx.array(&[e])
        }
        "sort_by_key" => {
            cx.callback(0, vec![e.clone()]);
            cx.array(&[e])
        }
        "reverse" | "rev" | "take" | "skip" | "step_by" | "slice" | "unique" | "iter"
        | "into_iter" | "collect" | "cloned" | "to_vec" | "to_array" => cx.array(&[e]),
        "join" => Ty::Str,
        "enumerate" => cx.array(&[Ty::tuple(vec![Ty::Int, e])]),
        "zip" => {
            let other = match cx.known(&cx.arg(0)) {
                Ty::Array(x) => (*x).clone(),
                Ty::Range => Ty::Int,
                Ty::Tuple(_) => Ty::Dyn,
                _ => Ty::Dyn,
            };
            cx.array(&[Ty::tuple(vec![e, other])])
        }
        "flatten" => match cx.known(&e) {
            Ty::Array(x) => cx.array(&[(*x).clone()]),
            Ty::Dyn => cx.array(&[Ty::Dyn]),
            _ => cx.array(&[e]),
        },
        "flat_map" | "filter_map" => {
            cx.callback(0, vec![e]);
            cx.array(&[Ty::Dyn])
        }
        "find_map" => {
            cx.callback(0, vec![e]);
            Ty::option(Ty::Dyn)
        }
        "concat" if cx.args.is_empty() => match cx.known(&e) {
            // the elements joined: arrays spliced, strings concatenated
            Ty::Array(x) => cx.array(&[(*x).clone()]),
            Ty::Str => Ty::Str,
            _ => Ty::Dyn,
        },
        "concat" => {
            let mut tys = vec![e];
            for i in 0..cx.args.len() {
                tys.push(match cx.known(&cx.arg(i)) {
                    Ty::Array(x) => (*x).clone(),
                    _ => Ty::Dyn,
                });
            }
            cx.array(&tys)
        }
        "chunks" | "windows" => {
            let inner = cx.array(&[e]);
            cx.array(&[inner])
        }
        "nth" => Ty::option(e),
        "union" | "intersection" | "difference" => {
            let mut tys = vec![e];
            if let Ty::Array(x) = cx.known(&cx.arg(0)) {
                tys.push((*x).clone());
            } else {
                tys.push(Ty::Dyn);
            }
            cx.array(&tys)
        }
        _ => return None,
    })
}
