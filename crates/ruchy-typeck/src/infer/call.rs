//! Calls: known functions (arity, annotated parameters), unknown callees, builtins, enum
//! constructors, associated functions and module functions; pipelines; paths as values.

use super::Infer;
use crate::error::{ErrorKind, TypeError};
use crate::ty::{FnTy, Tag, Ty};
use ruchy_parser::ast::*;
use ruchy_parser::Span;
use std::rc::Rc;

/// An argument after inference.
#[derive(Clone)]
pub(crate) struct ArgTy {
    pub name: Option<Ident>,
    pub ty: Ty,
    pub span: Span,
}

impl Infer<'_> {
    pub(super) fn args(&mut self, args: &[Arg]) -> Vec<ArgTy> {
        args.iter()
            .map(|a| ArgTy {
                name: a.name.clone(),
                ty: self.infer_expr(&a.value),
                span: a.value.span,
            })
            .collect()
    }

    /// Arguments, where a closure passed for a parameter of known function type learns its
    /// parameter types before its body is inferred.
    pub(super) fn args_hinted(&mut self, args: &[Arg], params: &[Ty]) -> Vec<ArgTy> {
        args.iter()
            .enumerate()
            .map(|(i, a)| {
                let hint = match (&a.value.kind, a.name.is_none()) {
                    (ExprKind::Closure(_), true) => {
                        params.get(i).and_then(|p| match self.store.resolve(p) {
                            Ty::Fn(f) => Some(f.params.clone()),
                            _ => None,
                        })
                    }
                    _ => None,
                };
                let ty = match (&a.value.kind, hint) {
                    (ExprKind::Closure(d), Some(h)) => self.infer_closure_hinted(d, &h),
                    _ => self.infer_expr(&a.value),
                };
                ArgTy {
                    name: a.name.clone(),
                    ty,
                    span: a.value.span,
                }
            })
            .collect()
    }

    pub(super) fn call(&mut self, callee: &Expr, args: &[Arg], span: Span) -> Ty {
        match &callee.kind {
            ExprKind::Ident(name) if self.scopes.lookup(name).is_some() => {
                let f = self.lookup(name, callee.span, true);
                let params = match self.store.resolve(&f) {
                    Ty::Fn(ft) => ft.params.clone(),
                    _ => Vec::new(),
                };
                let args = self.args_hinted(args, &params);
                self.call_value(&f, args, span, Some(name), 0)
            }
            ExprKind::Ident(name) => {
                let args = self.args(args);
                self.call_name(name, callee.span, args, span)
            }
            ExprKind::Path(p) => {
                let args = self.args(args);
                self.call_path(p, callee.span, args, span)
            }
            _ => {
                let f = self.infer_expr(callee);
                let args = self.args(args);
                self.call_value(&f, args, span, None, 0)
            }
        }
    }

    fn call_name(&mut self, name: &str, at: Span, args: Vec<ArgTy>, span: Span) -> Ty {
        if self.scopes.lookup(name).is_none() {
            if let Some(t) = crate::builtins::funcs::call(self, name, &args, span) {
                return t;
            }
        }
        let f = self.lookup(name, at, true);
        self.call_value(&f, args, span, Some(name), 0)
    }

    /// `x |> f` is `f(x)`; `x |> f(a)` is `f(x, a)`.
    pub(super) fn pipe(&mut self, a: &Expr, f: &Expr, span: Span) -> Ty {
        let first = ArgTy {
            name: None,
            ty: self.infer_expr(a),
            span: a.span,
        };
        match &f.kind {
            ExprKind::Call { callee, args } => {
                let mut all = vec![first];
                match &callee.kind {
                    ExprKind::Ident(name) => {
                        all.extend(self.args(args));
                        self.call_name(name, callee.span, all, span)
                    }
                    ExprKind::Path(p) => {
                        all.extend(self.args(args));
                        self.call_path(p, callee.span, all, span)
                    }
                    _ => {
                        let c = self.infer_expr(callee);
                        all.extend(self.args(args));
                        self.call_value(&c, all, span, None, 0)
                    }
                }
            }
            ExprKind::Ident(name) => self.call_name(name, f.span, vec![first], span),
            ExprKind::Path(p) => self.call_path(p, f.span, vec![first], span),
            ExprKind::Closure(d) => {
                let c = self.infer_closure_hinted(d, std::slice::from_ref(&first.ty));
                self.call_value(&c, vec![first], span, None, 0)
            }
            _ => {
                let c = self.infer_expr(f);
                self.call_value(&c, vec![first], span, None, 0)
            }
        }
    }

    /// Call a value of type `f`. `hidden` leading arguments (a method's receiver) are not
    /// counted in arity messages.
    pub(crate) fn call_value(
        &mut self,
        f: &Ty,
        args: Vec<ArgTy>,
        span: Span,
        name: Option<&str>,
        hidden: usize,
    ) -> Ty {
        let (k, trusted) = self.store.view(f);
        match k {
            Ty::Fn(ft) => self.call_fn(&ft, trusted, args, span, name, hidden),
            Ty::Var(_) => {
                // an unknown callee: it must be a function taking these arguments
                let params: Vec<Ty> = (0..args.len())
                    .map(|i| self.fresh(args[i].span, Tag::Param))
                    .collect();
                let ret = self.fresh(span, Tag::Result);
                let g = Ty::func(params.clone(), ret.clone());
                self.store.flow(&g, f, crate::unify::Mode::Sink);
                self.store.path.clear();
                for (p, a) in params.iter().zip(&args) {
                    self.sink(p, &a.ty);
                }
                ret
            }
            Ty::Dyn | Ty::Never => self.escape_args(&args),
            _ if !trusted => self.escape_args(&args),
            other => {
                let kind = self.kind_of(&other);
                self.error(
                    TypeError::new(ErrorKind::NotCallable { kind }, span)
                        .label(format!("this is {}, not a function", self.show(&other))),
                );
                self.escape_args(&args)
            }
        }
    }

    pub(super) fn escape_args(&mut self, args: &[ArgTy]) -> Ty {
        for a in args {
            self.store.escape_to_dyn(&a.ty);
        }
        Ty::Dyn
    }

    fn call_fn(
        &mut self,
        ft: &Rc<FnTy>,
        trusted: bool,
        args: Vec<ArgTy>,
        span: Span,
        name: Option<&str>,
        hidden: usize,
    ) -> Ty {
        let named = args.iter().any(|a| a.name.is_some());
        let n = args.len();
        let fits = n <= ft.params.len() && (named || n >= ft.required);
        if !fits {
            if trusted {
                let fname = ft
                    .decl
                    .as_ref()
                    .and_then(|d| d.name.clone())
                    .or(name.map(str::to_string))
                    .unwrap_or_else(|| "<closure>".to_string());
                let mut e = TypeError::new(
                    ErrorKind::Arity {
                        name: fname.clone(),
                        min: ft.required.saturating_sub(hidden),
                        max: ft.params.len().saturating_sub(hidden),
                        got: n.saturating_sub(hidden),
                    },
                    span,
                )
                .label("wrong number of arguments");
                if let Some(d) = &ft.decl {
                    e = e.related(d.span, format!("'{fname}' is defined here"));
                }
                self.error(e);
            }
            return self.escape_args(&args);
        }
        let mut fits = true;
        for (i, a) in args.iter().enumerate() {
            let idx = match &a.name {
                None => Some(i),
                Some(id) => ft
                    .decl
                    .as_ref()
                    .and_then(|d| d.param_names.iter().position(|p| *p == id.name)),
            };
            let Some(idx) = idx.filter(|&j| j < ft.params.len()) else {
                self.store.escape_to_dyn(&a.ty);
                continue;
            };
            let param = ft.params[idx].clone();
            let ann = ft.decl.as_ref().and_then(|d| {
                let span = d.param_ann.get(idx).copied().flatten()?;
                Some((span, d.param_names.get(idx).cloned().unwrap_or_default()))
            });
            match ann {
                Some((ann_span, pname)) if trusted => {
                    let what = format!("the argument for parameter '{pname}'");
                    self.check_ann(&param, ann_span, &a.ty, a.span, &what);
                }
                // called with a value its type does not expect (a function stored in a
                // place annotated with a function type): the result is not trusted
                _ => fits &= self.store.flow_or_poison(&param, &a.ty),
            }
        }
        self.taint(ft.ret.clone(), trusted && fits)
    }
}
