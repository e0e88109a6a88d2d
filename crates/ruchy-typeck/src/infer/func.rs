//! Function types: parameters (annotated or inferred), `self`, defaults, generics, the return
//! type, and the body checked against it. Used for functions, methods and closures.

use super::{FnCtx, Infer};
use crate::annot::AnnCtx;
use crate::decls::Decls;
use crate::env::BindKind;
use crate::ty::{FnDecl, FnTy, Tag, Ty};
use ruchy_parser::ast::*;
use ruchy_parser::Span;
use std::rc::Rc;

/// A function's type before its body is inferred.
pub(crate) struct Prepared {
    pub fn_ty: Ty,
    /// The type of `self` inside a method or constructor.
    pub self_param: Option<Ty>,
    /// Parameter types as the body sees them (without `self`).
    pub params: Vec<Ty>,
    /// Parameter types values are checked against (the same as `params` unless annotated).
    pub checks: Vec<Ty>,
    /// A class constructor returns `self`, not its body's value.
    pub ctor: bool,
    /// The return type returned values are checked against.
    pub ret_check: Ty,
    pub generics: Vec<(String, Ty)>,
    pub self_ty: Option<Ty>,
}

impl Infer<'_> {
    /// Create the parameter and return types of `d` at the current level. `owner` is the type
    /// a method belongs to; trait default methods take any `self`.
    pub(crate) fn prepare_fn(
        &mut self,
        d: &FunDecl,
        owner: Option<&str>,
        any_self: bool,
        ctor: bool,
    ) -> Prepared {
        let mut generics = self.generics.clone();
        for g in &d.generics {
            let v = self.fresh(g.span, Tag::Generic);
            generics.push((g.name.clone(), v));
        }
        let self_ty = match owner {
            Some(name) => Some(self.owner_type(name, d.span)),
            None if any_self => Some(Ty::Dyn),
            None => self.self_ty.clone(),
        };
        let cx = AnnCtx {
            decls: &self.decls,
            generics: &generics,
            self_ty: self_ty.as_ref(),
        };
        let anns: Vec<Option<(Ty, Span)>> = d
            .params
            .iter()
            .map(|p| p.ty.as_ref().map(|t| (cx.convert(t), t.span)))
            .collect();
        let ret_ann = d.ret.as_ref().map(|t| (cx.convert(t), t.span));
        let mut params = Vec::new();
        let mut names = Vec::new();
        let mut spans = Vec::new();
        let self_param =
            (d.self_kind != SelfKind::None || ctor).then(|| self_ty.clone().unwrap_or(Ty::Dyn));
        if let (Some(t), false) = (&self_param, ctor) {
            params.push(t.clone());
            names.push("self".to_string());
            spans.push(None);
        }
        let offset = params.len();
        let mut own = Vec::new();
        let mut checks = Vec::new();
        for (p, ann) in d.params.iter().zip(anns) {
            let (check, read) = match ann {
                Some((t, span)) => self.annot_place(t, span, false),
                None => {
                    let t = self.fresh(p.name.span, Tag::Param);
                    (t.clone(), t)
                }
            };
            params.push(check.clone());
            own.push(read);
            checks.push(check);
            names.push(p.name.name.clone());
            spans.push(p.ty.as_ref().map(|t| t.span));
        }
        let (ret_check, ret) = match (ret_ann, ctor) {
            (_, true) => {
                let t = self_ty.clone().unwrap_or(Ty::Dyn);
                (t.clone(), t)
            }
            (Some((t, span)), _) => self.annot_place(t, span, true),
            (None, _) => {
                let t = self.fresh(d.span, Tag::Ret);
                (t.clone(), t)
            }
        };
        let required = offset
            + d.params
                .iter()
                .rposition(|p| p.default.is_none())
                .map_or(0, |i| i + 1);
        let fn_ty = Ty::Fn(Rc::new(FnTy {
            params: params.clone(),
            ret: ret.clone(),
            required,
            decl: Some(Rc::new(FnDecl {
                name: d.name.as_ref().map(|n| n.name.clone()),
                span: d.name.as_ref().map_or(d.span, |n| n.span),
                param_names: names,
                param_ann: spans,
                ret_ann: d.ret.as_ref().map(|t| t.span),
            })),
        }));
        Prepared {
            fn_ty,
            self_param,
            params: own,
            checks,
            ctor,
            ret_check,
            generics,
            self_ty,
        }
    }

    /// `Self` of a method of `name`: the declared type with fresh type arguments.
    fn owner_type(&mut self, name: &str, span: Span) -> Ty {
        match self.decls.get(name).cloned() {
            Some(decl) => Decls::instantiate(&mut self.store, &decl, &[], self.unit, span).0,
            None => Ty::Dyn,
        }
    }

    /// Infer the body of a prepared function: bind parameters, check defaults, and let the
    /// body's value (and every `return`) flow into the return type.
    pub(crate) fn infer_fn_body(&mut self, d: &FunDecl, p: &Prepared) {
        self.scopes.push();
        self.scopes.hide(1, 1);
        let saved_self = std::mem::replace(&mut self.self_ty, p.self_ty.clone());
        let saved_generics = std::mem::replace(&mut self.generics, p.generics.clone());
        let saved_loops = std::mem::take(&mut self.loops);
        let saved_depth = self.depth;
        if let Some(t) = &p.self_param {
            self.scopes.bind("self", BindKind::Var(t.clone()), None);
        }
        for (i, param) in d.params.iter().enumerate() {
            let t = p.params[i].clone();
            let check = p.checks[i].clone();
            let ann = param.ty.as_ref().map(|t| t.span);
            if let Some(def) = &param.default {
                let dt = self.infer_expr(def);
                match ann {
                    Some(a) => self.check_ann(&check, a, &dt, def.span, "this default value"),
                    None => self.sink(&t, &dt),
                }
            }
            match &param.pattern {
                Some(pat) => self.bind_pattern(pat, &t, false),
                None => {
                    let ann = ann.map(|a| (a, check));
                    self.scopes.bind(&param.name.name, BindKind::Var(t), ann)
                }
            }
        }
        self.fns.push(FnCtx {
            ret: p.ret_check.clone(),
            ret_ann: d.ret.as_ref().map(|t| t.span),
        });
        let body = self.infer_expr(&d.body);
        self.fns.pop();
        if !p.ctor {
            let ann = d.ret.as_ref().map(|t| t.span);
            self.return_value(&p.ret_check, ann, &body, d.body.span, true);
        }
        self.depth = saved_depth;
        self.loops = saved_loops;
        self.generics = saved_generics;
        self.self_ty = saved_self;
        self.scopes.unhide();
        self.scopes.pop();
    }

    /// A value leaves a function (its body's value or a `return`).
    pub(crate) fn return_value(
        &mut self,
        ret: &Ty,
        ann: Option<Span>,
        value: &Ty,
        at: Span,
        tail: bool,
    ) {
        match ann {
            Some(a) => {
                // a body ending in a statement (a loop, an `if` without `else`) yields nil
                // only if control falls off its end: not certain enough to report
                if tail && matches!(self.store.resolve(value), Ty::Nil) {
                    return;
                }
                self.check_ann(ret, a, value, at, "the returned value")
            }
            None => self.sink(ret, value),
        }
    }

    /// A closure or anonymous function (not generalised here; a `let` may do that).
    pub(crate) fn infer_closure(&mut self, d: &FunDecl) -> Ty {
        let p = self.prepare_fn(d, None, false, false);
        self.infer_fn_body(d, &p);
        p.fn_ty
    }

    /// A closure whose parameters are known to receive values of types `hints` (a callback of
    /// `map`, `filter`, …): unannotated parameters start with those types.
    pub(crate) fn infer_closure_hinted(&mut self, d: &FunDecl, hints: &[Ty]) -> Ty {
        let p = self.prepare_fn(d, None, false, false);
        if hints.len() == d.params.len() {
            for ((param, t), h) in d.params.iter().zip(&p.params).zip(hints) {
                if param.ty.is_none() && param.default.is_none() {
                    self.sink(t, h);
                }
            }
        }
        self.infer_fn_body(d, &p);
        p.fn_ty
    }

    /// A nested function created where it is written (it uses a `let` of its block):
    /// inferred, generalised and bound like a `let` of a closure.
    pub(crate) fn textual_fun(&mut self, d: &FunDecl) -> Ty {
        let name = d.name.as_ref().map(|n| n.name.clone()).unwrap_or_default();
        self.store.level += 1;
        let p = self.prepare_fn(d, None, false, false);
        self.scopes
            .bind(&name, BindKind::Var(p.fn_ty.clone()), None);
        self.infer_fn_body(d, &p);
        self.store.level -= 1;
        let level = self.store.level;
        self.store.generalize(&p.fn_ty, level);
        p.fn_ty
    }
}
